import type { DecodedImage } from './image-decode.ts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** For each output sample: the source indices it reads and their weights (summing to 1). */
type AxisWeights = { indices: Int32Array; weights: Float32Array }[];

/**
 * OpenCV's conventions, as the training data uses them: area averaging when shrinking (INTER_AREA),
 * bilinear with half-pixel centres when enlarging (INTER_LINEAR).
 */
function axisWeights(sourceLength: number, targetLength: number): AxisWeights {
  const scale = sourceLength / targetLength;
  const result: AxisWeights = [];
  for (let i = 0; i < targetLength; i++) {
    if (scale >= 1) {
      const start = i * scale;
      const end = (i + 1) * scale;
      const first = Math.floor(start);
      const last = Math.min(sourceLength, Math.ceil(end));
      const indices = new Int32Array(last - first);
      const weights = new Float32Array(last - first);
      for (let s = first; s < last; s++) {
        indices[s - first] = s;
        weights[s - first] = (Math.min(end, s + 1) - Math.max(start, s)) / scale;
      }
      result.push({ indices, weights });
    } else {
      const position = Math.max(0, (i + 0.5) * scale - 0.5);
      const left = Math.min(sourceLength - 1, Math.floor(position));
      const right = Math.min(sourceLength - 1, left + 1);
      const fraction = position - left;
      result.push({ indices: Int32Array.of(left, right), weights: Float32Array.of(1 - fraction, fraction) });
    }
  }
  return result;
}

/**
 * Resizes the `crop` of an image to `width` x `height`, composited over white, as planes of values in
 * [0, 255]: one grey plane (ITU-R 601 luma, like cv2.COLOR_RGB2GRAY) or three RGB planes.
 * Separable, rows first, so memory stays at one source row plus the row-resized image.
 */
export function resizeImage(
  image: DecodedImage,
  crop: Rect,
  width: number,
  height: number,
  mode: 'grey' | 'rgb',
): Float32Array[] {
  const channels = mode === 'grey' ? 1 : 3;
  const columns = axisWeights(crop.width, width);
  const rows = axisWeights(crop.height, height);
  const rowResized = Array.from({ length: channels }, () => new Float32Array(crop.height * width));
  const sourceRow = Array.from({ length: channels }, () => new Float32Array(crop.width));
  for (let y = 0; y < crop.height; y++) {
    readRow(image, crop, y, mode, sourceRow);
    for (let c = 0; c < channels; c++) {
      const source = sourceRow[c]!;
      const target = rowResized[c]!;
      for (let x = 0; x < width; x++) {
        const { indices, weights } = columns[x]!;
        let sum = 0;
        for (let k = 0; k < indices.length; k++) sum += source[indices[k]!]! * weights[k]!;
        target[y * width + x] = sum;
      }
    }
  }
  return rowResized.map((plane) => {
    const out = new Float32Array(width * height);
    for (let y = 0; y < height; y++) {
      const { indices, weights } = rows[y]!;
      for (let x = 0; x < width; x++) {
        let sum = 0;
        for (let k = 0; k < indices.length; k++) sum += plane[indices[k]! * width + x]! * weights[k]!;
        out[y * width + x] = sum;
      }
    }
    return out;
  });
}

function readRow(image: DecodedImage, crop: Rect, y: number, mode: 'grey' | 'rgb', planes: Float32Array[]): void {
  const rgba = image.rgba;
  let offset = ((crop.y + y) * image.width + crop.x) * 4;
  for (let x = 0; x < crop.width; x++, offset += 4) {
    const alpha = rgba[offset + 3]! / 255;
    const white = 255 * (1 - alpha);
    const r = rgba[offset]! * alpha + white;
    const g = rgba[offset + 1]! * alpha + white;
    const b = rgba[offset + 2]! * alpha + white;
    if (mode === 'grey') {
      planes[0]![x] = 0.299 * r + 0.587 * g + 0.114 * b;
    } else {
      planes[0]![x] = r;
      planes[1]![x] = g;
      planes[2]![x] = b;
    }
  }
}
