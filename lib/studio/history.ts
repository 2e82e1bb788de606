import * as Y from 'yjs';
import { isStrokeRecord, readSliders, readStrokes, slidersOf, strokesOf, type Stroke } from '../doc/index.ts';

/**
 * The room timeline as both sides see it (server/history serves it, app/ calls it). The capability
 * travels as `Authorization: Bearer <token>`.
 *
 *   GET  /api/rooms/:id/history             the checkpoints, oldest first      (edit or view)  → HistoryJson
 *   GET  /api/rooms/:id/history/:checkpoint  the document at that checkpoint    (edit or view)  → Yjs update bytes
 *   POST /api/rooms/:id/history             {kind: 'clear' | 'save', label?}   (edit)          → 201 {checkpoint} | 200 {checkpoint: null}
 *
 * Checkpoints are written by the server after a pause in editing, and on request before a Clear and on
 * save. Restoring one is an ordinary edit of the document (restoreCheckpoint), so it syncs to everyone
 * and can be undone.
 */
export const CHECKPOINT_KINDS = ['pause', 'clear', 'save'] as const;
export type CheckpointKind = (typeof CHECKPOINT_KINDS)[number];

export interface CheckpointJson {
  id: string;
  kind: CheckpointKind;
  label: string;
  strokeCount: number;
  createdAt: string;
}

export interface HistoryJson {
  checkpoints: CheckpointJson[];
}

export interface CheckpointRequest {
  kind: Exclude<CheckpointKind, 'pause'>;
  label?: string;
}

export const CHECKPOINT_LABEL_MAX = 120;

/** What a checkpoint's document holds that matters for the face. */
export interface SketchSnapshot {
  strokes: Stroke[];
  sliders: Record<string, number>;
}

export function readSnapshot(state: Uint8Array): SketchSnapshot {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const snapshot = { strokes: readStrokes(doc), sliders: readSliders(doc) };
  doc.destroy();
  return snapshot;
}

/**
 * Makes `doc`'s strokes and sliders those of the checkpoint `state`, as one transaction with `origin`
 * (one undo step). Strokes both share from the start stay; the rest are replaced, keeping the order
 * that decides what the eraser strokes cover.
 */
export function restoreCheckpoint(doc: Y.Doc, state: Uint8Array, origin: unknown): void {
  const target = new Y.Doc();
  Y.applyUpdate(target, state);
  const wanted = strokesOf(target).toArray().filter(isStrokeRecord);
  const wantedSliders = readSliders(target);
  target.destroy();
  const strokes = strokesOf(doc);
  const current = strokes.toArray();
  let common = 0;
  while (common < current.length && common < wanted.length && (current[common] as { id?: unknown }).id === wanted[common]!.id) common++;
  doc.transact(() => {
    if (current.length > common) strokes.delete(common, current.length - common);
    if (wanted.length > common) strokes.push(wanted.slice(common));
    const sliders = slidersOf(doc);
    for (const attribute of [...sliders.keys()]) if (!(attribute in wantedSliders)) sliders.delete(attribute);
    for (const [attribute, value] of Object.entries(wantedSliders)) if (sliders.get(attribute) !== value) sliders.set(attribute, value);
  }, origin);
}

/** Whether two states hold the same strokes in the same order and the same slider strengths. */
export function sameSnapshot(a: SketchSnapshot, b: SketchSnapshot): boolean {
  const key = (state: SketchSnapshot) =>
    JSON.stringify({
      strokes: state.strokes.map((stroke) => stroke.id),
      sliders: Object.entries(state.sliders)
        .filter(([, value]) => value !== 0)
        .sort(([x], [y]) => x.localeCompare(y)),
    });
  return key(a) === key(b);
}
