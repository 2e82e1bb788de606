import sharp from 'sharp';

/** PNG bytes (8-bit RGB) of a decoder output `[3, R, R]` with values in [-1, 1]. */
export async function encodeFacePng(image: Float32Array, size: number): Promise<Uint8Array> {
  const plane = size * size;
  const rgb = Buffer.alloc(plane * 3);
  for (let i = 0; i < plane; i++) {
    for (let channel = 0; channel < 3; channel++) {
      const value = Math.round((image[channel * plane + i]! + 1) * 127.5);
      rgb[i * 3 + channel] = value < 0 ? 0 : value > 255 ? 255 : value;
    }
  }
  return new Uint8Array(await sharp(rgb, { raw: { width: size, height: size, channels: 3 } }).png().toBuffer());
}
