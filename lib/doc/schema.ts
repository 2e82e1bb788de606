import type * as Y from 'yjs';
import { packPoints, unpackPoints } from './points.ts';
import { LIMITS, isSliderValue, isStrokeRecord, type StrokeRecord, type StrokeTool } from './records.ts';

/**
 * The shared room document. Three root types, nothing nested, so the server can check every value
 * an update carries before applying it:
 *
 *   strokes  Y.Array<StrokeRecord>  finished strokes in drawing order (eraser strokes paint paper);
 *                                   a stroke is added whole when the pen lifts and never edited, so
 *                                   undo/redo is insert/delete of whole entries (Y.UndoManager on
 *                                   this array with the local origin undoes one's own strokes only).
 *   sliders  Y.Map<number>          attribute name → committed strength in [-1, 1], written when the
 *                                   user lets go of a slider; absent means 0.
 *   meta     Y.Map<string>          'title' and 'model' (model name; '' for the server's default).
 *
 * Everything transient (the stroke being drawn, a slider being dragged, cursors, names, colours)
 * travels through awareness, never the document: see lib/realtime/presence.ts.
 *
 * Readers skip any value that fails its check (records.ts): the server refuses bad values, but a value's
 * position (which root it lands in) is only known once Yjs integrates it, so readers stay defensive.
 */
export const ROOT_STROKES = 'strokes';
export const ROOT_SLIDERS = 'sliders';
export const ROOT_META = 'meta';
export const ROOT_NAMES: readonly string[] = [ROOT_STROKES, ROOT_SLIDERS, ROOT_META];

export interface Stroke {
  id: string;
  author: string;
  tool: StrokeTool;
  width: number;
  /** x, y, pressure triples in 0..1. */
  points: Float32Array;
}

export interface RoomMeta {
  title: string;
  /** '' means the server's default model. */
  model: string;
}

export function strokesOf(doc: Y.Doc): Y.Array<StrokeRecord> {
  return doc.getArray<StrokeRecord>(ROOT_STROKES);
}

export function slidersOf(doc: Y.Doc): Y.Map<number> {
  return doc.getMap<number>(ROOT_SLIDERS);
}

export function metaOf(doc: Y.Doc): Y.Map<string> {
  return doc.getMap<string>(ROOT_META);
}

export function toStrokeRecord(stroke: Stroke): StrokeRecord {
  const record: StrokeRecord = {
    id: stroke.id,
    author: stroke.author,
    tool: stroke.tool,
    width: stroke.width,
    points: packPoints(stroke.points),
  };
  if (!isStrokeRecord(record)) {
    throw new RangeError(
      `invalid stroke ${JSON.stringify(stroke.id)}: id [\\w-]{1,${LIMITS.idLength}}, tool pen|eraser, ` +
        `width ${LIMITS.minWidth}..${LIMITS.maxWidth}, 1..${LIMITS.maxPointsPerStroke} points with coordinates in 0..1`,
    );
  }
  return record;
}

export function fromStrokeRecord(record: StrokeRecord): Stroke {
  return { ...record, points: unpackPoints(record.points) };
}

/** Appends a finished stroke; `origin` lets a Y.UndoManager track the local user's own strokes. */
export function addStroke(doc: Y.Doc, stroke: Stroke, origin?: unknown): void {
  const record = toStrokeRecord(stroke);
  doc.transact(() => strokesOf(doc).push([record]), origin);
}

/** Removes every stroke in one transaction, so a single undo brings them all back. */
export function clearStrokes(doc: Y.Doc, origin?: unknown): void {
  doc.transact(() => {
    const strokes = strokesOf(doc);
    strokes.delete(0, strokes.length);
  }, origin);
}

export function readStrokes(doc: Y.Doc): Stroke[] {
  return strokesOf(doc).toArray().filter(isStrokeRecord).map(fromStrokeRecord);
}

export function setSlider(doc: Y.Doc, attribute: string, value: number, origin?: unknown): void {
  if (attribute.length === 0 || attribute.length > LIMITS.attributeLength) {
    throw new RangeError(`attribute name must be 1..${LIMITS.attributeLength} characters`);
  }
  if (!Number.isFinite(value)) throw new RangeError(`slider value for ${attribute} must be a finite number`);
  const clamped = Math.min(1, Math.max(-1, value));
  doc.transact(() => slidersOf(doc).set(attribute, clamped), origin);
}

/** Committed strengths; attributes never set are absent (strength 0). */
export function readSliders(doc: Y.Doc): Record<string, number> {
  const sliders: Record<string, number> = {};
  for (const [attribute, value] of slidersOf(doc).entries()) {
    if (isSliderValue(value) && attribute.length <= LIMITS.attributeLength) sliders[attribute] = value;
  }
  return sliders;
}

export function setMeta(doc: Y.Doc, changes: Partial<RoomMeta>, origin?: unknown): void {
  if (changes.title !== undefined && changes.title.length > LIMITS.titleLength) {
    throw new RangeError(`title must be at most ${LIMITS.titleLength} characters`);
  }
  if (changes.model !== undefined && changes.model.length > LIMITS.modelLength) {
    throw new RangeError(`model name must be at most ${LIMITS.modelLength} characters`);
  }
  doc.transact(() => {
    const meta = metaOf(doc);
    if (changes.title !== undefined) meta.set('title', changes.title);
    if (changes.model !== undefined) meta.set('model', changes.model);
  }, origin);
}

export function readMeta(doc: Y.Doc): RoomMeta {
  const meta = metaOf(doc);
  const title = meta.get('title');
  const model = meta.get('model');
  return {
    title: typeof title === 'string' ? title.slice(0, LIMITS.titleLength) : '',
    model: typeof model === 'string' ? model.slice(0, LIMITS.modelLength) : '',
  };
}
