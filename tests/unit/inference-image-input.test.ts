import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createDeflate, crc32 } from 'node:zlib';
import { PNG } from 'pngjs';
import sharp from 'sharp';
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
  test('are resized and binarised exactly like the training sketches', async () => {
    const image = await decodeImage(readFileSync(path.join(FIXTURES, 'sketch-128.png')));
    for (const size of [64, 32]) {
      const tensor = sketchTensorFromImage(image, { resolution: size, sketch });
      expect(diffWithGolden(tensor, size, -1, `sketch-128.expected-${size}.png`)).toBe(0);
    }
  });

  test('at the model resolution pass through unchanged', async () => {
    const drawing = png(16, 16, (x, y) => ((x * 7 + y * 3) % 5 === 0 ? black : white));
    const tensor = sketchTensorFromImage(await decodeImage(drawing), { resolution: 16, sketch });
    for (let i = 0; i < 256; i++) expect(tensor[i]).toBe(((i % 16) * 7 + Math.floor(i / 16) * 3) % 5 === 0 ? -1 : 1);
  });

  test('that are not square are centred on paper, not stretched', async () => {
    const wide = png(64, 32, () => black);
    const tensor = sketchTensorFromImage(await decodeImage(wide), { resolution: 16, sketch });
    const row = (y: number) => Array.from(tensor.subarray(y * 16, y * 16 + 16));
    for (const y of [0, 1, 2, 3, 12, 13, 14, 15]) expect(row(y)).toEqual(Array(16).fill(1));
    for (let y = 4; y < 12; y++) expect(row(y)).toEqual(Array(16).fill(-1));
  });

  test('treat transparency as paper', async () => {
    const transparent = png(8, 8, () => [0, 0, 0, 0]);
    expect(new Set(sketchTensorFromImage(await decodeImage(transparent), { resolution: 8, sketch }))).toEqual(new Set([1]));
  });

  test('may be JPEG', async () => {
    const width = 64;
    const data = Buffer.alloc(width * width * 4, 255);
    for (let x = 0; x < width; x++) data.fill(0, (32 * width + x) * 4, (32 * width + x) * 4 + 3); // a black row
    const bytes = await sharp(data, { raw: { width, height: width, channels: 4 } }).jpeg({ quality: 95 }).toBuffer();
    const tensor = sketchTensorFromImage(await decodeImage(bytes), { resolution: 32, sketch });
    expect(tensor.filter((v) => v === -1).length).toBeGreaterThanOrEqual(32);
    expect(tensor.filter((v) => v === -1).length).toBeLessThanOrEqual(64);
    expect(tensor[16 * 32 + 16]).toBe(-1);
  });
});

describe('photos', () => {
  test('are the centred square crop, RGB scaled to [-1, 1]', async () => {
    // 30 x 10: red | green | blue thirds; the centred square is the green third
    const photo = png(30, 10, (x) => (x < 10 ? [255, 0, 0, 255] : x < 20 ? [0, 255, 0, 255] : [0, 0, 255, 255]));
    const tensor = photoTensorFromImage(await decodeImage(photo), { resolution: 5 });
    expect(new Set(tensor.subarray(0, 25))).toEqual(new Set([-1]));
    expect(new Set(tensor.subarray(25, 50))).toEqual(new Set([1]));
    expect(new Set(tensor.subarray(50, 75))).toEqual(new Set([-1]));
  });

  test('average when shrunk (area filter)', async () => {
    const checker = png(4, 4, (x, y) => ((x + y) % 2 ? black : white));
    const tensor = photoTensorFromImage(await decodeImage(checker), { resolution: 2 });
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

  test('read the size from PNG and JPEG headers', async () => {
    expect(probeImage(pngHeader(300, 200))).toEqual({ format: 'png', width: 300, height: 200 });
    expect(probeImage(jpegHeader(640, 480))).toEqual({ format: 'jpeg', width: 640, height: 480 });
  });

  test('refuse huge images from the header alone, before decoding', async () => {
    expect(() => probeImage(pngHeader(50_000, 50_000))).toThrow(/50000x50000; the limit is/);
    await expect(decodeImage(jpegHeader(9000, 100))).rejects.toThrow(/9000x100; the limit is/);
    await expect(decodeImage(pngHeader(4096, 4096))).rejects.toThrow(InputError); // under the side limit, over the pixels
    expect(() => probeImage(new Uint8Array(IMAGE_LIMITS.maxBytes + 1))).toThrow(/bytes; the limit is/);
  });

  test('refuse what is not an image, and corrupt images, with an InputError', async () => {
    await expect(decodeImage(Buffer.from('GIF89a....'))).rejects.toThrow(/must be a PNG or JPEG/);
    await expect(decodeImage(Buffer.alloc(0))).rejects.toThrow(/must be a PNG or JPEG/);
    const truncated = png(32, 32, () => black).subarray(0, 60);
    await expect(decodeImage(truncated)).rejects.toThrow(/cannot decode the PNG/);
    await expect(decodeImage(jpegHeader(64, 64))).rejects.toThrow(InputError);
    await expect(decodeImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x01]))).rejects.toThrow(InputError);
  });
});

describe('decompression bombs', () => {
  function chunk(type: string, data: Buffer): Buffer {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0);
    return Buffer.concat([head, data, crc]);
  }

  /** An interlaced 64×64 PNG whose image data inflates to `inflatedBytes` (64×64 RGBA needs 16 KB). */
  async function bomb(inflatedBytes: number): Promise<Buffer> {
    const deflate = createDeflate({ level: 1 });
    const parts: Buffer[] = [];
    deflate.on('data', (data: Buffer) => parts.push(data));
    const ended = new Promise((resolve) => deflate.on('end', resolve));
    const zeros = Buffer.alloc(16 * 1024 * 1024);
    for (let written = 0; written < inflatedBytes; written += zeros.length) {
      if (!deflate.write(zeros)) await new Promise((resolve) => deflate.once('drain', resolve));
    }
    deflate.end();
    await ended;
    const header = Buffer.alloc(13);
    header.writeUInt32BE(64, 0);
    header.writeUInt32BE(64, 4);
    header.set([8, 6, 0, 0, 1], 8); // 8-bit RGBA, Adam7 interlaced
    const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', Buffer.concat(parts)), chunk('IEND', Buffer.alloc(0))]);
  }

  // pngjs inflated such a file in full: a 2 MB one took 10 s and 4.3 GB here, and kept the memory.
  test('inflate no more than the size the header declares', async () => {
    const image = await bomb(256 * 1024 * 1024);
    expect(image.length).toBeLessThan(2 * 1024 * 1024);
    const rssBefore = process.memoryUsage().rss;
    const decoded = await decodeImage(image).catch((error: Error) => error);
    if (decoded instanceof Error) expect(decoded).toBeInstanceOf(InputError);
    else expect([decoded.width, decoded.height]).toEqual([64, 64]);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * 1024 * 1024);
  }, 120_000);
});
