import { describe, expect, it } from 'vitest';
import {
  euclidean,
  interOcularDistance,
  landmarkError,
  mean,
  meanChange,
  median,
  medianBox,
  type Point,
  rightWayShare,
  shareBelow,
} from '../../models/eval/metrics.ts';

/** 68 landmarks: the six points of each eye on a small ring around its centre, everything else on the chin. */
function face(leftEye: Point, rightEye: Point): Point[] {
  const ring = [[-2, 0], [-1, -1], [1, -1], [2, 0], [1, 1], [-1, 1]] as const;
  const points: Point[] = Array.from({ length: 68 }, () => ({ x: (leftEye.x + rightEye.x) / 2, y: leftEye.y + 40 }));
  ring.forEach(([dx, dy], i) => {
    points[36 + i] = { x: leftEye.x + dx, y: leftEye.y + dy };
    points[42 + i] = { x: rightEye.x + dx, y: rightEye.y + dy };
  });
  return points;
}

const move = (points: Point[], dx: number, dy: number) => points.map((p) => ({ x: p.x + dx, y: p.y + dy }));
const scale = (points: Point[], k: number) => points.map((p) => ({ x: p.x * k, y: p.y * k }));

describe('summary statistics', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('counts the share strictly below a threshold', () => {
    expect(shareBelow([0.2, 0.6, 0.59, 0.9], 0.6)).toBe(0.5);
    expect(shareBelow([], 0.6)).toBeNaN();
  });

  it('averages', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(mean([])).toBeNaN();
  });

  it('measures Euclidean distance and refuses vectors of different lengths', () => {
    expect(euclidean([0, 3], [4, 0])).toBe(5);
    expect(() => euclidean([1], [1, 2])).toThrow(/differ in length/);
  });
});

describe('landmark error', () => {
  const reference = face({ x: 10, y: 20 }, { x: 30, y: 20 });

  it('measures the distance between the eye centres', () => {
    expect(interOcularDistance(reference)).toBeCloseTo(20);
    expect(interOcularDistance(face({ x: 0, y: 0 }, { x: 30, y: 40 }))).toBeCloseTo(50);
  });

  it('is the mean landmark shift in inter-ocular distances', () => {
    expect(landmarkError(reference, reference)).toBe(0);
    expect(landmarkError(move(reference, 2, 0), reference)).toBeCloseTo(0.1);
    expect(landmarkError(move(reference, 3, 4), reference)).toBeCloseTo(0.25);
  });

  it('does not depend on the image scale', () => {
    const shifted = move(reference, 2, 0);
    expect(landmarkError(scale(shifted, 3), scale(reference, 3))).toBeCloseTo(landmarkError(shifted, reference));
  });

  it('refuses landmark sets of different sizes', () => {
    expect(() => landmarkError(reference.slice(0, 10), reference)).toThrow(/differ in size/);
    expect(() => interOcularDistance(reference.slice(0, 40))).toThrow(/expected 68 landmarks/);
  });
});

describe('slider edits', () => {
  const pairs = [
    { low: 0.1, high: 0.9 },
    { low: 0.5, high: 0.4 },
    { low: 0.3, high: 0.3 },
    { low: 0.2, high: 0.6 },
  ];

  it('counts the faces that move the intended way; a tie does not move', () => {
    expect(rightWayShare(pairs, 1)).toBe(0.5);
    expect(rightWayShare(pairs, -1)).toBe(0.25);
    expect(rightWayShare([], 1)).toBeNaN();
  });

  it('reports the mean change from −1 to +1 with its sign', () => {
    expect(meanChange(pairs)).toBeCloseTo((0.8 - 0.1 + 0 + 0.4) / 4);
    expect(meanChange([{ low: 40, high: 30 }])).toBe(-10);
  });
});

describe('median face box', () => {
  it('takes the median of every coordinate', () => {
    const boxes = [
      { x: 0.1, y: 0.2, width: 0.5, height: 0.5 },
      { x: 0.3, y: 0.1, width: 0.4, height: 0.6 },
      { x: 0.2, y: 0.3, width: 0.6, height: 0.4 },
    ];
    expect(medianBox(boxes)).toEqual({ x: 0.2, y: 0.2, width: 0.5, height: 0.5 });
    expect(() => medianBox([])).toThrow(/no boxes/);
  });
});
