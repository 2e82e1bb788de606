import type { DecodedImage } from './image-decode.ts';
import type { ModelSpec } from './manifest.ts';
import { resizeImage } from './resample.ts';
import { binariseCoverage } from './sketch-tensor.ts';

/**
 * The sketch tensor `[1, R, R]` for a drawing of any size (dark ink on light paper): a non-square
 * drawing is fitted inside the square with paper around it, then binarised like the training sketches.
 */
export function sketchTensorFromImage(image: DecodedImage, model: Pick<ModelSpec, 'resolution' | 'sketch'>): Float32Array {
  const size = model.resolution;
  const side = Math.max(image.width, image.height);
  const width = Math.max(1, Math.round((size * image.width) / side));
  const height = Math.max(1, Math.round((size * image.height) / side));
  const [grey] = resizeImage(image, { x: 0, y: 0, width: image.width, height: image.height }, width, height, 'grey');
  const coverage = new Float32Array(size * size);
  const left = (size - width) >> 1;
  const top = (size - height) >> 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) coverage[(top + y) * size + left + x] = 1 - grey![y * width + x]! / 255;
  }
  return binariseCoverage(coverage, model.sketch);
}

/** The photo tensor `[3, R, R]`, RGB in [-1, 1], from the centred square crop of a photo of any size. */
export function photoTensorFromImage(image: DecodedImage, model: Pick<ModelSpec, 'resolution'>): Float32Array {
  const size = model.resolution;
  const side = Math.min(image.width, image.height);
  const crop = { x: (image.width - side) >> 1, y: (image.height - side) >> 1, width: side, height: side };
  const planes = resizeImage(image, crop, size, size, 'rgb');
  const tensor = new Float32Array(3 * size * size);
  planes.forEach((plane, channel) => {
    for (let i = 0; i < plane.length; i++) tensor[channel * plane.length + i] = plane[i]! / 127.5 - 1;
  });
  return tensor;
}
