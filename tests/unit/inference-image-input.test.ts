import { readFileSync } from 'node:fs';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, test } from 'vitest';
import { InputError } from '../../server/inference/errors.ts';
import { decodeImage, IMAGE_LIMITS, probeImage } from '../../server/inference/image-decode.ts';
import { photoTensorFromImage, sketchTensorFromImage } from '../../server/inference/image-tensors.ts';
import { diffWithGolden, FIXTURES } from './inference-golden.ts';

const sketch = { ink: -1, paper: 1, lineWidthPx: 1 };

/** An RGBA PNG whose pixels come from `colour(x, y)`. */
function png(width: number, height: number, colour: (x: number, y: number) => [number, number, number, number]): Buffer {
  const image = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) image.data.set(colour(x, y), (y * width + x) * 4);
  }
  return PNG.sync.write(image);
}

const white: [number, number, number, number] = [255, 255, 255, 255];
const black: [number, number, number, number] = [0, 0, 0, 255];

describe('sketch images', () => {
  // The goldens were written by models/training/sketch.py (resize_sketch), the training sketches' own resizer.
  test('are resized and binarised exactly like the training sketches', () => {
    const image = decodeImage(readFileSync(path.join(FIXTURES, 'sketch-128.png')));
    for (const size of [64, 32]) {
      const tensor = sketchTensorFromImage(image, { resolution: size, sketch });
      expect(diffWithGolden(tensor, size, -1, `sketch-128.expected-${size}.png`)).toBe(0);
    }
  });

  test('at the model resolution pass through unchanged', () => {
    const drawing = png(16, 16, (x, y) => ((x * 7 + y * 3) % 5 === 0 ? black : white));
    const tensor = sketchTensorFromImage(decodeImage(drawing), { resolution: 16, sketch });
    for (let i = 0; i < 256; i++) expect(tensor[i]).toBe(((i % 16) * 7 + Math.floor(i / 16) * 3) % 5 === 0 ? -1 : 1);
  });

  test('that are not square are centred on paper, not stretched', () => {
    const wide = png(64, 32, () => black);
    const tensor = sketchTensorFromImage(decodeImage(wide), { resolution: 16, sketch });
    const row = (y: number) => Array.from(tensor.subarray(y * 16, y * 16 + 16));
    for (const y of [0, 1, 2, 3, 12, 13, 14, 15]) expect(row(y)).toEqual(Array(16).fill(1));
    for (let y = 4; y < 12; y++) expect(row(y)).toEqual(Array(16).fill(-1));
  });

  test('treat transparency as paper', () => {
    const transparent = png(8, 8, () => [0, 0, 0, 0]);
    expect(new Set(sketchTensorFromImage(decodeImage(transparent), { resolution: 8, sketch }))).toEqual(new Set([1]));
  });

  test('may be JPEG', () => {
    const width = 64;
    const data = Buffer.alloc(width * width * 4, 255);
    for (let x = 0; x < width; x++) data.fill(0, (32 * width + x) * 4, (32 * width + x) * 4 + 3); // a black row
    const bytes = jpeg.encode({ width, height: width, data }, 95).data;
    const tensor = sketchTensorFromImage(decodeImage(bytes), { resolution: 32, sketch });
    expect(tensor.filter((v) => v === -1).length).toBeGreaterThanOrEqual(32);
    expect(tensor.filter((v) => v === -1).length).toBeLessThanOrEqual(64);
    expect(tensor[16 * 32 + 16]).toBe(-1);
  });
});

describe('photos', () => {
  test('are the centred square crop, RGB scaled to [-1, 1]', () => {
    // 30 x 10: red | green | blue thirds; the centred square is the green third
    const photo = png(30, 10, (x) => (x < 10 ? [255, 0, 0, 255] : x < 20 ? [0, 255, 0, 255] : [0, 0, 255, 255]));
    const tensor = photoTensorFromImage(decodeImage(photo), { resolution: 5 });
    expect(new Set(tensor.subarray(0, 25))).toEqual(new Set([-1]));
    expect(new Set(tensor.subarray(25, 50))).toEqual(new Set([1]));
    expect(new Set(tensor.subarray(50, 75))).toEqual(new Set([-1]));
  });

  test('average when shrunk (area filter)', () => {
    const checker = png(4, 4, (x, y) => ((x + y) % 2 ? black : white));
    const tensor = photoTensorFromImage(decodeImage(checker), { resolution: 2 });
    for (const value of tensor) expect(value).toBeCloseTo(0, 5);
  });
});

describe('image checks', () => {
  function pngHeader(width: number, height: number): Buffer {
    const header = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header);
    header.writeUInt32BE(13, 8);
    header.write('IHDR', 12, 'latin1');
    header.writeUInt32BE(width, 16);
    header.writeUInt32BE(height, 20);
    return header;
  }

  function jpegHeader(width: number, height: number): Buffer {
    const app0 = [0xff, 0xe0, 0x00, 0x04, 0x00, 0x00];
    const sof = [0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 255, width >> 8, width & 255, 0x03];
    return Buffer.from([0xff, 0xd8, ...app0, ...sof, ...Array(9).fill(0)]);
  }

  test('read the size from PNG and JPEG headers', () => {
    expect(probeImage(pngHeader(300, 200))).toEqual({ format: 'png', width: 300, height: 200 });
    expect(probeImage(jpegHeader(640, 480))).toEqual({ format: 'jpeg', width: 640, height: 480 });
  });

  test('refuse huge images from the header alone, before decoding', () => {
    expect(() => probeImage(pngHeader(50_000, 50_000))).toThrow(/50000x50000; the limit is/);
    expect(() => decodeImage(jpegHeader(9000, 100))).toThrow(/9000x100; the limit is/);
    expect(() => decodeImage(pngHeader(4096, 4096))).toThrow(InputError); // under the side limit, over the pixels
    expect(() => probeImage(new Uint8Array(IMAGE_LIMITS.maxBytes + 1))).toThrow(/bytes; the limit is/);
  });

  test('refuse what is not an image, and corrupt images, with an InputError', () => {
    expect(() => decodeImage(Buffer.from('GIF89a....'))).toThrow(/must be a PNG or JPEG/);
    expect(() => decodeImage(Buffer.alloc(0))).toThrow(/must be a PNG or JPEG/);
    const truncated = png(32, 32, () => black).subarray(0, 60);
    expect(() => decodeImage(truncated)).toThrow(/cannot decode the PNG/);
    expect(() => decodeImage(jpegHeader(64, 64))).toThrow(InputError);
    expect(() => decodeImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x01]))).toThrow(InputError);
  });
});
