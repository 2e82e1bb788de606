/**
 * A photo's outline as pen strokes: the edges of a grey image, thinned and traced into polylines, so a
 * photo can start a sketch that people then trace over, erase and change. A small Canny-like pass
 * (blur, Sobel, non-maximum suppression, a threshold at a fixed share of pixels) and a greedy tracer;
 * no library does this on plain arrays in the browser without a canvas or WebAssembly build.
 */
export interface EdgeOptions {
  /** The share of pixels kept as edges before thinning. */
  keep?: number;
  /** Polylines shorter than this many pixels are dropped as noise. */
  minLength?: number;
  maxStrokes?: number;
}

/** `gray`: size × size values in 0..1, row by row. Returns polylines as x, y pairs in 0..1. */
export function photoEdges(gray: Float32Array, size: number, options: EdgeOptions = {}): number[][] {
  const { keep = 0.1, minLength = 6, maxStrokes = 160 } = options;
  const at = (image: Float32Array, x: number, y: number) => image[Math.min(size - 1, Math.max(0, y)) * size + Math.min(size - 1, Math.max(0, x))]!;

  const blurred = new Float32Array(size * size);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      let sum = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) sum += at(gray, x + dx, y + dy) * (dx === 0 ? 2 : 1) * (dy === 0 ? 2 : 1);
      blurred[y * size + x] = sum / 16;
    }

  const magnitude = new Float32Array(size * size);
  const direction = new Uint8Array(size * size);
  for (let y = 1; y < size - 1; y++)
    for (let x = 1; x < size - 1; x++) {
      const gx = at(blurred, x + 1, y - 1) + 2 * at(blurred, x + 1, y) + at(blurred, x + 1, y + 1) - at(blurred, x - 1, y - 1) - 2 * at(blurred, x - 1, y) - at(blurred, x - 1, y + 1);
      const gy = at(blurred, x - 1, y + 1) + 2 * at(blurred, x, y + 1) + at(blurred, x + 1, y + 1) - at(blurred, x - 1, y - 1) - 2 * at(blurred, x, y - 1) - at(blurred, x + 1, y - 1);
      magnitude[y * size + x] = Math.hypot(gx, gy);
      const angle = ((Math.atan2(gy, gx) * 180) / Math.PI + 180) % 180;
      direction[y * size + x] = angle < 22.5 || angle >= 157.5 ? 0 : angle < 67.5 ? 1 : angle < 112.5 ? 2 : 3;
    }

  const sorted = Float32Array.from(magnitude).sort();
  const threshold = Math.max(0.05, sorted[Math.floor(sorted.length * (1 - keep))] ?? 0);
  const NEIGHBOURS: [number, number][] = [[1, 0], [1, 1], [0, 1], [-1, 1]];
  const edge = new Uint8Array(size * size);
  for (let y = 1; y < size - 1; y++)
    for (let x = 1; x < size - 1; x++) {
      const m = magnitude[y * size + x]!;
      if (m < threshold) continue;
      const [dx, dy] = NEIGHBOURS[direction[y * size + x]!]!;
      if (m >= at(magnitude, x + dx, y + dy) && m >= at(magnitude, x - dx, y - dy)) edge[y * size + x] = 1;
    }

  const lines: number[][] = [];
  const STEPS: [number, number][] = [[1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1], [0, -1], [1, -1]];
  for (let start = 0; start < edge.length; start++) {
    if (!edge[start]) continue;
    let x = start % size;
    let y = Math.floor(start / size);
    edge[start] = 0;
    const points = [x, y];
    for (;;) {
      const next = STEPS.find(([dx, dy]) => x + dx >= 0 && x + dx < size && y + dy >= 0 && y + dy < size && edge[(y + dy) * size + x + dx]);
      if (!next) break;
      x += next[0];
      y += next[1];
      edge[y * size + x] = 0;
      points.push(x, y);
    }
    if (points.length / 2 >= minLength) lines.push(points.map((v) => (v + 0.5) / size));
  }
  return lines.sort((a, b) => b.length - a.length).slice(0, maxStrokes);
}
