import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/inference');
export const TINY_MODEL_DIR = path.resolve(import.meta.dirname, '../fixtures/tiny-model');

/** A sketch tensor as a black-on-white PNG, one pixel per element: golden files stay reviewable. */
function tensorToPng(tensor: Float32Array, size: number, ink: number): Buffer {
  const png = new PNG({ width: size, height: size, colorType: 0, inputColorType: 0, inputHasAlpha: false });
  png.data = Buffer.from(Array.from(tensor, (value) => (value === ink ? 0 : 255)));
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
}

/** Ink positions of a golden PNG (dark pixels). */
function goldenInk(file: string): boolean[] {
  const { data } = PNG.sync.read(readFileSync(file));
  return Array.from({ length: data.length / 4 }, (_, i) => data[i * 4]! < 128);
}

/**
 * Compares a sketch tensor with a golden PNG; returns the pixels that differ. With UPDATE_GOLDEN=1 a
 * missing or differing golden file is rewritten instead (review the new PNG before committing it).
 */
export function diffWithGolden(tensor: Float32Array, size: number, ink: number, name: string): number {
  const file = path.join(FIXTURES, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, tensorToPng(tensor, size, ink));
  if (!existsSync(file)) throw new Error(`golden ${name} is missing; run with UPDATE_GOLDEN=1 to create it`);
  const expected = goldenInk(file);
  if (expected.length !== tensor.length) throw new Error(`golden ${name} has ${expected.length} pixels, not ${tensor.length}`);
  return expected.filter((isInk, i) => isInk !== (tensor[i] === ink)).length;
}
