import { POINT_STRIDE, pointCount, unpackPoints } from './points.ts';

/**
 * The records a room document may hold, and the checks every reader and the server apply to them.
 * A record that fails its check is invisible to readers and refused by the server.
 */

export const STROKE_TOOLS = ['pen', 'eraser'] as const;
export type StrokeTool = (typeof STROKE_TOOLS)[number];

/** One finished stroke as stored in the document (immutable once added). */
export interface StrokeRecord {
  id: string;
  /** The display name's owner: the author's Yjs clientID as a string, or an app-level user id. */
  author: string;
  tool: StrokeTool;
  /** Line width as a fraction of the canvas side. */
  width: number;
  /** x, y, pressure triples, see points.ts. */
  points: Uint8Array;
}

export const LIMITS = {
  idLength: 64,
  authorLength: 64,
  minWidth: 0.0005,
  maxWidth: 0.25,
  maxPointsPerStroke: 10_000,
  titleLength: 120,
  modelLength: 64,
  attributeLength: 64,
} as const;

const ID_PATTERN = /^[\w-]+$/;

function isShortString(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max;
}

function pointsAreNormalised(points: Uint8Array): boolean {
  const values = unpackPoints(points);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v <= 1)) return false; // also rejects NaN
  }
  return true;
}

export function isStrokeRecord(value: unknown): value is StrokeRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const r = value as Record<string, unknown>;
  if (Object.keys(r).length !== 5) return false;
  if (!isShortString(r.id, LIMITS.idLength) || !ID_PATTERN.test(r.id)) return false;
  if (!isShortString(r.author, LIMITS.authorLength)) return false;
  if (!STROKE_TOOLS.includes(r.tool as StrokeTool)) return false;
  if (typeof r.width !== 'number' || !(r.width >= LIMITS.minWidth && r.width <= LIMITS.maxWidth)) return false;
  if (!(r.points instanceof Uint8Array) || r.points.byteLength % (POINT_STRIDE * 4) !== 0) return false;
  const count = pointCount(r.points);
  return count >= 1 && count <= LIMITS.maxPointsPerStroke && pointsAreNormalised(r.points);
}

/** A committed slider strength: the attribute's edit in [-1, 1]. */
export function isSliderValue(value: unknown): value is number {
  return typeof value === 'number' && value >= -1 && value <= 1;
}

/**
 * Control and format characters (Unicode Cc and Cf: bidi overrides and isolates, zero-width marks)
 * would let a title reorder or hide the text shown around it.
 */
const INVISIBLE_OR_CONTROL = /[\p{Cc}\p{Cf}]/u;

/** Text people see (titles): no control or formatting characters. */
export function isDisplayText(value: string): boolean {
  return !INVISIBLE_OR_CONTROL.test(value);
}

export function isMetaValue(value: unknown): value is string {
  return isShortString(value, Math.max(LIMITS.titleLength, LIMITS.modelLength)) && isDisplayText(value);
}

/** Whether a value may appear anywhere in a room document (its position is checked by readers). */
export function isDocumentValue(value: unknown): boolean {
  return isStrokeRecord(value) || isSliderValue(value) || isMetaValue(value);
}
