import type { Stroke } from '../doc/index.ts';

/**
 * Starter sketches: a few faces stored as strokes, drawn in the order people draw a face (outline,
 * brows, eyes, nose, mouth, hair), with the studio's medium pen. A room can start from one; the landing
 * page shows them with the faces the shipped model renders from them.
 */
export interface Starter {
  name: string;
  title: string;
  strokes: Stroke[];
}

const PEN = 0.009;
const SEGMENTS = 24;

type Curve = (t: number) => [number, number];

/** A part of an ellipse, from angle `from` to `to` (radians, y pointing down). */
function arc(cx: number, cy: number, rx: number, ry: number, from = 0, to = 2 * Math.PI): Curve {
  return (t) => {
    const angle = from + (to - from) * t;
    return [cx + rx * Math.cos(angle), cy + ry * Math.sin(angle)];
  };
}

/** A quadratic Bézier from a over control c to b. */
function bend(a: [number, number], c: [number, number], b: [number, number]): Curve {
  return (t) => [(1 - t) ** 2 * a[0] + 2 * (1 - t) * t * c[0] + t ** 2 * b[0], (1 - t) ** 2 * a[1] + 2 * (1 - t) * t * c[1] + t ** 2 * b[1]];
}

function line(points: [number, number][]): Curve {
  return (t) => {
    const at = t * (points.length - 1);
    const i = Math.min(points.length - 2, Math.floor(at));
    const f = at - i;
    return [points[i]![0] + (points[i + 1]![0] - points[i]![0]) * f, points[i]![1] + (points[i + 1]![1] - points[i]![1]) * f];
  };
}

function strokes(name: string, curves: Curve[]): Stroke[] {
  return curves.map((curve, i) => {
    const points = new Float32Array((SEGMENTS + 1) * 3);
    for (let s = 0; s <= SEGMENTS; s++) {
      const [x, y] = curve(s / SEGMENTS);
      points.set([Math.min(1, Math.max(0, x)), Math.min(1, Math.max(0, y)), 0.5], s * 3);
    }
    return { id: `starter-${name}-${i}`, author: 'starter', tool: 'pen', width: PEN, points };
  });
}

const eyes = (y: number, spread = 0.09): Curve[] => [arc(0.5 - spread, y, 0.04, 0.016), arc(0.5 + spread, y, 0.04, 0.016)];
const brows = (y: number, spread = 0.09): Curve[] => [arc(0.5 - spread, y, 0.055, 0.02, 1.1 * Math.PI, 1.9 * Math.PI), arc(0.5 + spread, y, 0.055, 0.02, 1.1 * Math.PI, 1.9 * Math.PI)];
const nose = (y: number): Curve => line([[0.505, y], [0.485, y + 0.08], [0.52, y + 0.09]]);

export const STARTERS: readonly Starter[] = [
  {
    name: 'smile',
    title: 'Smiling, short hair',
    strokes: strokes('smile', [
      arc(0.5, 0.54, 0.21, 0.29, 0.05 * Math.PI, 0.95 * Math.PI), // jaw and chin
      ...brows(0.45),
      ...eyes(0.5),
      nose(0.52),
      arc(0.5, 0.66, 0.075, 0.03, 0.1 * Math.PI, 0.9 * Math.PI), // smile
      arc(0.5, 0.5, 0.23, 0.3, 0.95 * Math.PI, 2.05 * Math.PI), // hair line
      bend([0.3, 0.36], [0.42, 0.27], [0.62, 0.3]), // parting
    ]),
  },
  {
    name: 'long-hair',
    title: 'Long hair',
    strokes: strokes('long-hair', [
      arc(0.5, 0.54, 0.19, 0.28, 0.05 * Math.PI, 0.95 * Math.PI),
      ...brows(0.45, 0.085),
      ...eyes(0.5, 0.085),
      nose(0.52),
      bend([0.44, 0.67], [0.5, 0.685], [0.56, 0.67]), // calm mouth
      arc(0.5, 0.48, 0.22, 0.27, Math.PI, 2 * Math.PI), // crown
      bend([0.28, 0.48], [0.24, 0.7], [0.27, 0.9]), // hair falling left
      bend([0.72, 0.48], [0.76, 0.7], [0.73, 0.9]), // and right
    ]),
  },
  {
    name: 'glasses',
    title: 'Round face, glasses and bangs',
    strokes: strokes('glasses', [
      arc(0.5, 0.55, 0.23, 0.27, 0.05 * Math.PI, 0.95 * Math.PI),
      ...brows(0.44),
      ...eyes(0.5),
      arc(0.41, 0.5, 0.07, 0.05), // glasses
      arc(0.59, 0.5, 0.07, 0.05),
      line([[0.48, 0.5], [0.52, 0.5]]),
      nose(0.53),
      arc(0.5, 0.66, 0.06, 0.025, 0.1 * Math.PI, 0.9 * Math.PI),
      arc(0.5, 0.5, 0.25, 0.29, 0.95 * Math.PI, 2.05 * Math.PI),
      line([[0.3, 0.38], [0.36, 0.42], [0.42, 0.37], [0.48, 0.42], [0.54, 0.37], [0.6, 0.42], [0.66, 0.37], [0.7, 0.41]]), // bangs
    ]),
  },
];

export function starterNamed(name: string): Starter | undefined {
  return STARTERS.find((starter) => starter.name === name);
}

/** The starter's strokes with ids of their own, so the same starter can be used again in a room. */
export function starterStrokes(starter: Starter, idPrefix: string): Stroke[] {
  return starter.strokes.map((stroke, i) => ({ ...stroke, id: `${idPrefix}-${i}`.slice(0, 64) }));
}
