import sharp from 'sharp';
import { InputError } from './errors.ts';
import { unpackStrokes, type PictureStyle, type RasterReply, type RasterTask } from './raster-pool.ts';
import { rasteriseStrokes } from './rasterise.ts';

/** A sketch picture: rasterised at `style.size` (1 = paper, 0 = ink), tinted, PNG-encoded. */
async function picture(task: { strokes: RasterTask['strokes']; style: PictureStyle }): Promise<Uint8Array> {
  const { size, lineWidthPx, ink, paper } = task.style;
  const tensor = rasteriseStrokes(unpackStrokes(task.strokes), { resolution: size, sketch: { ink: 0, paper: 1, lineWidthPx } });
  const rgb = Buffer.alloc(size * size * 3);
  for (let i = 0; i < tensor.length; i++) {
    const amount = Math.min(1, Math.max(0, tensor[i]!));
    for (let c = 0; c < 3; c++) rgb[i * 3 + c] = Math.round(ink[c]! + (paper[c]! - ink[c]!) * amount);
  }
  return new Uint8Array(await sharp(rgb, { raw: { width: size, height: size, channels: 3 } }).png().toBuffer());
}

/** Runs one RasterTask on a worker thread (see raster-worker.mjs); errors come back as a reply, not a throw. */
export async function runRasterTask(task: RasterTask): Promise<RasterReply> {
  try {
    const value =
      task.kind === 'tensor' ? rasteriseStrokes(unpackStrokes(task.strokes), task.model) : await picture(task);
    return { ok: true, value };
  } catch (error) {
    return { ok: false, message: (error as Error).message, badInput: error instanceof InputError };
  }
}
