import { getStroke } from 'perfect-freehand';

/** The parts of a stroke that drawing needs: x, y, pressure triples in the normalised 0..1 canvas space. */
export interface DrawableStroke {
  tool: 'pen' | 'eraser';
  /** Line width as a fraction of the canvas side. */
  width: number;
  points: ArrayLike<number>;
}

/** A mouse reports one constant pressure; such strokes get pressure simulated from speed instead. */
function hasRealPressure(points: ArrayLike<number>): boolean {
  const first = points[2];
  for (let i = 5; i < points.length; i += 3) if (points[i] !== first) return true;
  return false;
}

/**
 * The outline of a stroke drawn on a square of `size` pixels, as an SVG path (usable in SVG and as a
 * canvas Path2D alike), so the studio canvas and the face page draw the same shapes. `complete` is
 * false while the pen is still down (the end is left untapered).
 */
export function strokePath(stroke: DrawableStroke, size: number, complete = true): string {
  const input: [number, number, number][] = [];
  for (let i = 0; i + 2 < stroke.points.length; i += 3) {
    input.push([stroke.points[i]! * size, stroke.points[i + 1]! * size, stroke.points[i + 2]!]);
  }
  if (input.length === 0) return '';
  const eraser = stroke.tool === 'eraser';
  const outline = getStroke(input, {
    size: Math.max(0.75, stroke.width * size),
    thinning: eraser ? 0 : 0.55,
    smoothing: 0.5,
    streamline: 0.4,
    simulatePressure: !eraser && !hasRealPressure(stroke.points),
    last: complete,
  });
  return outlineToPath(outline);
}

/** Quadratic curves through the midpoints of the outline: smooth edges from few points. */
export function outlineToPath(outline: number[][]): string {
  if (outline.length < 2) return '';
  const fmt = (v: number) => (Math.round(v * 100) / 100).toString();
  const [first] = outline;
  let d = `M${fmt(first![0]!)} ${fmt(first![1]!)}Q`;
  for (let i = 0; i < outline.length; i++) {
    const [x0, y0] = outline[i]!;
    const [x1, y1] = outline[(i + 1) % outline.length]!;
    d += `${fmt(x0!)} ${fmt(y0!)} ${fmt((x0! + x1!) / 2)} ${fmt((y0! + y1!) / 2)} `;
  }
  return `${d.trimEnd()}Z`;
}
