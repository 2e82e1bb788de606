import { PNG } from 'pngjs';
import { describe, expect, test } from 'vitest';
import { encodeFacePng } from '../../server/inference/png.ts';

describe('encodeFacePng', () => {
  test('maps [-1, 1] planar RGB to 8-bit pixels, clamping what is outside', async () => {
    const size = 2;
    const image = Float32Array.of(-1, 0, 1, 2, /* G */ 1, 1, -1, -1, /* B */ -3, 0.5, 0, NaN);
    const { width, height, data } = PNG.sync.read(Buffer.from(await encodeFacePng(image, size)));
    expect([width, height]).toEqual([2, 2]);
    const pixels = Array.from({ length: 4 }, (_, i) => Array.from(data.subarray(i * 4, i * 4 + 4)));
    expect(pixels).toEqual([
      [0, 255, 0, 255],
      [128, 255, 191, 255],
      [255, 0, 128, 255],
      [255, 0, 0, 255],
    ]);
  });
});
