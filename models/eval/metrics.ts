/** Pure metric functions of the evaluation; no judge, no files. */

export interface Point {
  x: number;
  y: number;
}

/** A box in fractions of the image's width and height. */
export interface RelativeBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** face-api's threshold for "same person" on its 128-d descriptors (Euclidean distance). */
export const SAME_PERSON_DISTANCE = 0.6;

/** Indices of the eye contours in the 68-point (iBUG 300-W) landmark scheme. */
const LEFT_EYE = [36, 37, 38, 39, 40, 41];
const RIGHT_EYE = [42, 43, 44, 45, 46, 47];

export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Share of the values strictly below the threshold. */
export function shareBelow(values: readonly number[], threshold: number): number {
  if (values.length === 0) return Number.NaN;
  return values.filter((value) => value < threshold).length / values.length;
}

export function euclidean(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error(`vectors differ in length: ${a.length} vs ${b.length}`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(sum);
}

function centroid(points: readonly Point[], indices: readonly number[]): Point {
  const picked = indices.map((i) => {
    const point = points[i];
    if (!point) throw new Error(`expected 68 landmarks, got ${points.length}`);
    return point;
  });
  return { x: mean(picked.map((p) => p.x)), y: mean(picked.map((p) => p.y)) };
}

/** Distance between the two eye centres (each the mean of its six contour points). */
export function interOcularDistance(landmarks: readonly Point[]): number {
  const left = centroid(landmarks, LEFT_EYE);
  const right = centroid(landmarks, RIGHT_EYE);
  return Math.hypot(left.x - right.x, left.y - right.y);
}

/**
 * Normalised mean error: the mean distance between corresponding landmarks, divided by the reference
 * face's inter-ocular distance, so it does not depend on image or face size.
 */
export function landmarkError(predicted: readonly Point[], reference: readonly Point[]): number {
  if (predicted.length !== reference.length) {
    throw new Error(`landmark sets differ in size: ${predicted.length} vs ${reference.length}`);
  }
  const distances = predicted.map((p, i) => Math.hypot(p.x - reference[i]!.x, p.y - reference[i]!.y));
  return mean(distances) / interOcularDistance(reference);
}

/** A judge's reading of the same face rendered with an attribute at −1 and at +1. */
export interface EditPair {
  low: number;
  high: number;
}

/**
 * Share of faces whose reading moves the intended way from −1 to +1: up when `direction` is +1,
 * down when it is −1. A tie does not count as moving. Chance level is about one half.
 */
export function rightWayShare(pairs: readonly EditPair[], direction: 1 | -1): number {
  if (pairs.length === 0) return Number.NaN;
  return pairs.filter(({ low, high }) => direction * (high - low) > 0).length / pairs.length;
}

/** Mean of (reading at +1) − (reading at −1), in the judge's own unit. */
export function meanChange(pairs: readonly EditPair[]): number {
  return mean(pairs.map(({ low, high }) => high - low));
}

/** Coordinate-wise median of boxes: the typical face box of a set of aligned photos. */
export function medianBox(boxes: readonly RelativeBox[]): RelativeBox {
  if (boxes.length === 0) throw new Error('no boxes to take the median of');
  return {
    x: median(boxes.map((b) => b.x)),
    y: median(boxes.map((b) => b.y)),
    width: median(boxes.map((b) => b.width)),
    height: median(boxes.map((b) => b.height)),
  };
}
