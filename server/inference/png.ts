import { PNG } from 'pngjs';

/** PNG bytes (8-bit RGB) of a decoder output `[3, R, R]` with values in [-1, 1]. */
export function encodeFacePng(image: Float32Array, size: number): Uint8Array {
  const png = new PNG({ width: size, height: size, colorType: 2, inputColorType: 6 });
  const plane = size * size;
  for (let i = 0; i < plane; i++) {
    for (let channel = 0; channel < 3; channel++) {
      const value = Math.round((image[channel * plane + i]! + 1) * 127.5);
      png.data[i * 4 + channel] = value < 0 ? 0 : value > 255 ? 255 : value;
    }
    png.data[i * 4 + 3] = 255;
  }
  // The Sub filter alone: about as small as pngjs's per-row filter search on faces, at a third of the time.
  return PNG.sync.write(png, { colorType: 2, inputColorType: 6, filterType: 1 });
}
