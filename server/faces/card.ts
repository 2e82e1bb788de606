import { PNG } from 'pngjs';
import { decodeImage } from '../inference/image-decode.ts';
import { resizeImage } from '../inference/resample.ts';

/** The link-preview picture (OpenGraph's 1200×630): the face and its sketch side by side on paper. */
export const CARD = { width: 1200, height: 630 } as const;

const PAPER = [247, 243, 234];
const LINE = [217, 208, 191];
const MARGIN = 45;
const TILE = CARD.height - 2 * MARGIN;

function paste(target: PNG, source: Uint8Array, left: number, top: number): void {
  const image = decodeImage(source);
  const planes = resizeImage(image, { x: 0, y: 0, width: image.width, height: image.height }, TILE, TILE, 'rgb');
  for (let y = 0; y < TILE; y++) {
    for (let x = 0; x < TILE; x++) {
      const at = ((top + y) * CARD.width + left + x) * 4;
      for (let c = 0; c < 3; c++) target.data[at + c] = Math.round(Math.min(255, Math.max(0, planes[c]![y * TILE + x]!)));
    }
  }
}

function frame(target: PNG, left: number, top: number): void {
  for (let i = -2; i < TILE + 2; i++) {
    for (const [x, y] of [[left + i, top - 2], [left + i, top + TILE + 1], [left - 2, top + i], [left + TILE + 1, top + i]] as const) {
      const at = (y * CARD.width + x) * 4;
      for (let c = 0; c < 3; c++) target.data[at + c] = LINE[c]!;
    }
  }
}

export function faceCardPng(facePng: Uint8Array, sketchPng: Uint8Array): Uint8Array {
  const card = new PNG({ width: CARD.width, height: CARD.height, colorType: 2 });
  for (let i = 0; i < CARD.width * CARD.height; i++) {
    for (let c = 0; c < 3; c++) card.data[i * 4 + c] = PAPER[c]!;
    card.data[i * 4 + 3] = 255;
  }
  const gap = CARD.width - 2 * MARGIN - 2 * TILE;
  paste(card, facePng, MARGIN, MARGIN);
  const sketchLeft = MARGIN + TILE + gap;
  frame(card, sketchLeft, MARGIN);
  paste(card, sketchPng, sketchLeft, MARGIN);
  return PNG.sync.write(card, { colorType: 2, inputColorType: 6, filterType: 1 });
}
