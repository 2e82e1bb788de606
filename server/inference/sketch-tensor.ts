import type { ModelSpec } from './manifest.ts';

/**
 * The training sketches are drawn at twice the model's resolution, area-filtered down and binarised:
 * a pixel more than 40 % covered by ink is ink (models/training/sketch.py, resize_sketch).
 */
const INK_COVERAGE_THRESHOLD = 0.4;

/** A binary sketch tensor `[1, R, R]` in the model's ink/paper values from per-pixel ink coverage in [0, 1]. */
export function binariseCoverage(coverage: Float32Array, sketch: ModelSpec['sketch']): Float32Array {
  const tensor = new Float32Array(coverage.length);
  for (let i = 0; i < coverage.length; i++) {
    tensor[i] = coverage[i]! > INK_COVERAGE_THRESHOLD ? sketch.ink : sketch.paper;
  }
  return tensor;
}
