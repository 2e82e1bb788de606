import { PNG } from 'pngjs';
import type { Stroke } from '../../lib/doc/index.ts';
import { rasteriseStrokes } from '../inference/rasterise.ts';

const SIZE = 256;
const PAPER = [247, 243, 234];
const INK = [29, 27, 24];

/** A picture of the sketch (ink on paper, SIZE² pixels) for saved faces, drawn like the model sees it. */
export function sketchPng(strokes: readonly Stroke[]): Uint8Array {
  const tensor = rasteriseStrokes(strokes, { resolution: SIZE, sketch: { ink: 0, paper: 1, lineWidthPx: 1.5 } });
  const png = new PNG({ width: SIZE, height: SIZE, colorType: 2, inputColorType: 6 });
  for (let i = 0; i < tensor.length; i++) {
    const paper = Math.min(1, Math.max(0, tensor[i]!));
    for (let channel = 0; channel < 3; channel++) {
      png.data[i * 4 + channel] = Math.round(INK[channel]! + (PAPER[channel]! - INK[channel]!) * paper);
    }
    png.data[i * 4 + 3] = 255;
  }
  return PNG.sync.write(png, { colorType: 2, inputColorType: 6 });
}
