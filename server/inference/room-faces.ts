import type * as Y from 'yjs';
import { fromStrokeRecord, isStrokeRecord, readMeta, readSliders, strokesOf, type Stroke, type StrokeRecord } from '../../lib/doc/index.ts';
import type { InferenceService, RoomState } from './service.ts';

/** Where rendered faces go (the realtime layer's publishFace). */
export interface FaceSink {
  publishFace(roomId: string, revision: number, png: Uint8Array, meta: { model: string; renderMs?: number }): Promise<boolean>;
}

/**
 * Reads what a face is rendered from out of a room document: its strokes, its committed sliders with
 * the ones being dragged (`live`) laid over them, its model. Stroke records are immutable, so each is
 * checked and decoded once, not on every change of its room.
 */
export function roomStateReader(): (doc: Y.Doc, live?: Record<string, number>) => Omit<RoomState, 'revision'> {
  const decoded = new WeakMap<StrokeRecord, Stroke | null>();
  const decode = (record: StrokeRecord): Stroke | null => {
    let stroke = decoded.get(record);
    if (stroke === undefined) {
      stroke = isStrokeRecord(record) ? fromStrokeRecord(record) : null;
      decoded.set(record, stroke);
    }
    return stroke;
  };
  return (doc, live = {}) => ({
    strokes: strokesOf(doc)
      .toArray()
      .map(decode)
      .filter((stroke) => stroke !== null),
    attributes: { ...readSliders(doc), ...live },
    model: readMeta(doc).model || undefined,
  });
}

/** The room-changed listener of a single node: renders each room's latest state here and publishes the face. */
export function renderRoomFaces(
  service: InferenceService,
  sink: FaceSink,
  warn: (message: string) => void,
): (roomId: string, revision: number, doc: Y.Doc, live?: Record<string, number>) => void {
  const read = roomStateReader();
  return (roomId, revision, doc, live = {}) => {
    service.submitRoom(roomId, { revision, ...read(doc, live) }, (face) => {
      sink
        .publishFace(roomId, face.revision, face.png, { model: face.meta.model, renderMs: face.meta.timings.totalMs })
        .catch((error: unknown) => warn(`publishing the face of room ${roomId} failed: ${(error as Error).message}`));
    });
  };
}
