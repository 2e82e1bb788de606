import sharp, { type OutputInfo } from 'sharp';
import { InputError } from './errors.ts';

// Decoded images are used once: libvips's operation cache would only hold their memory.
sharp.cache(false);

export const IMAGE_LIMITS = {
  maxBytes: 10 * 1024 * 1024,
  maxSide: 8192,
  /** 12.6 megapixels: a phone photo; decoded RGBA is at most ~50 MB. */
  maxPixels: 4096 * 3072,
} as const;

export interface ImageHeader {
  format: 'png' | 'jpeg';
  width: number;
  height: number;
}

export interface DecodedImage {
  width: number;
  height: number;
  /** RGBA, 8 bits per channel, row-major. */
  rgba: Uint8Array;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Format and size from the header alone, checked against IMAGE_LIMITS, so an oversized or
 * non-image upload is refused before any decoding memory is spent.
 */
export function probeImage(bytes: Uint8Array): ImageHeader {
  if (bytes.length > IMAGE_LIMITS.maxBytes) {
    throw new InputError(`image is ${bytes.length} bytes; the limit is ${IMAGE_LIMITS.maxBytes}`);
  }
  const header = readPngHeader(bytes) ?? readJpegHeader(bytes);
  if (!header) throw new InputError('image must be a PNG or JPEG file');
  const { width, height } = header;
  if (width < 1 || height < 1) throw new InputError(`image has an empty size ${width}x${height}`);
  if (width > IMAGE_LIMITS.maxSide || height > IMAGE_LIMITS.maxSide || width * height > IMAGE_LIMITS.maxPixels) {
    throw new InputError(
      `image is ${width}x${height}; the limit is ${IMAGE_LIMITS.maxSide} px a side and ${IMAGE_LIMITS.maxPixels} pixels`,
    );
  }
  return header;
}

/**
 * Decodes a PNG or JPEG after probeImage's checks; corrupt data is an InputError. libvips decodes at
 * most the pixels the header declares (a PNG whose compressed data inflates past them is cut off, not
 * inflated: no decompression bomb), and refuses more than IMAGE_LIMITS.maxPixels whatever the header.
 */
export async function decodeImage(bytes: Uint8Array): Promise<DecodedImage> {
  const header = probeImage(bytes);
  let decoded: { data: Buffer; info: OutputInfo };
  try {
    decoded = await sharp(bytes, { limitInputPixels: IMAGE_LIMITS.maxPixels, failOn: 'error', sequentialRead: true })
      .toColourspace('srgb')
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new InputError(`cannot decode the ${header.format.toUpperCase()} image: ${(error as Error).message}`);
  }
  const { width, height } = decoded.info;
  if (width !== header.width || height !== header.height) {
    throw new InputError('image header and data disagree about its size');
  }
  return { width, height, rgba: new Uint8Array(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength) };
}

function readPngHeader(bytes: Uint8Array): ImageHeader | null {
  if (bytes.length < 24 || PNG_SIGNATURE.some((byte, i) => bytes[i] !== byte)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') throw new InputError('PNG has no IHDR header');
  return { format: 'png', width: view.getUint32(16), height: view.getUint32(20) };
}

/** Walks the JPEG markers to the first start-of-frame segment, which holds the size. */
function readJpegHeader(bytes: Uint8Array): ImageHeader | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) throw new InputError('JPEG is corrupt (bad marker)');
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2; // markers without a length
      continue;
    }
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    const isStartOfFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isStartOfFrame) {
      if (offset + 9 > bytes.length) break;
      const height = (bytes[offset + 5]! << 8) | bytes[offset + 6]!;
      const width = (bytes[offset + 7]! << 8) | bytes[offset + 8]!;
      return { format: 'jpeg', width, height };
    }
    if (length < 2) throw new InputError('JPEG is corrupt (bad segment length)');
    offset += 2 + length;
  }
  throw new InputError('JPEG is corrupt (no frame header)');
}
