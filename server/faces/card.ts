import sharp from 'sharp';
import { IMAGE_LIMITS } from '../inference/image-decode.ts';

/** The link-preview picture (OpenGraph's 1200×630): the face and its sketch side by side on paper. */
export const CARD = { width: 1200, height: 630 } as const;

const PAPER = { r: 247, g: 243, b: 234 };
const LINE = { r: 217, g: 208, b: 191 };
const MARGIN = 45;
const TILE = CARD.height - 2 * MARGIN;
const FRAME = 2;

function tile(png: Uint8Array): Promise<Buffer> {
  return sharp(png, { limitInputPixels: IMAGE_LIMITS.maxPixels }).resize(TILE, TILE, { fit: 'fill' }).removeAlpha().png().toBuffer();
}

/** Made once when a face is saved (libvips, off the event loop), then served as stored. */
export async function faceCardPng(facePng: Uint8Array, sketchPng: Uint8Array): Promise<Uint8Array> {
  const gap = CARD.width - 2 * MARGIN - 2 * TILE;
  const sketchLeft = MARGIN + TILE + gap;
  const frame = await sharp({
    create: { width: TILE + 2 * FRAME, height: TILE + 2 * FRAME, channels: 3, background: LINE },
  })
    .png()
    .toBuffer();
  const [face, sketch] = await Promise.all([tile(facePng), tile(sketchPng)]);
  const card = await sharp({ create: { width: CARD.width, height: CARD.height, channels: 3, background: PAPER } })
    .composite([
      { input: face, left: MARGIN, top: MARGIN },
      { input: frame, left: sketchLeft - FRAME, top: MARGIN - FRAME },
      { input: sketch, left: sketchLeft, top: MARGIN },
    ])
    .png()
    .toBuffer();
  return new Uint8Array(card);
}
