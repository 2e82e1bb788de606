import type * as Y from 'yjs';
import { fromStrokeRecord, isStrokeRecord, readMeta, readSliders, strokesOf, type Stroke, type StrokeRecord } from '../../lib/doc/index.ts';
import type { InferenceService } from './service.ts';

/** Where rendered faces go (the realtime layer's publishFace). */
export interface FaceSink {
  publishFace(roomId: string, revision: number, png: Uint8Array, meta: { model: string; renderMs?: number }): Promise<boolean>;
}

/**
 * The room-changed listener that renders each room's latest state (committed sliders, with the ones
 * being dragged laid over them) and publishes the face. Stroke records are immutable, so each is
 * checked and decoded once, not on every change of its room.
 */
export function renderRoomFaces(
  service: InferenceService,
  sink: FaceSink,
  warn: (message: string) => void,
): (roomId: string, revision: number, doc: Y.Doc, live?: Record<string, number>) => void {
  const decoded = new WeakMap<StrokeRecord, Stroke | null>();
  const decode = (record: StrokeRecord): Stroke | null => {
    let stroke = decoded.get(record);
    if (stroke === undefined) {
      stroke = isStrokeRecord(record) ? fromStrokeRecord(record) : null;
      decoded.set(record, stroke);
    }
    return stroke;
  };
  return (roomId, revision, doc, live = {}) => {
    const strokes = strokesOf(doc)
      .toArray()
      .map(decode)
      .filter((stroke) => stroke !== null);
    const model = readMeta(doc).model || undefined;
    service.submitRoom(roomId, { revision, strokes, attributes: { ...readSliders(doc), ...live }, model }, (face) => {
      sink
        .publishFace(roomId, face.revision, face.png, { model: face.meta.model, renderMs: face.meta.timings.totalMs })
        .catch((error: unknown) => warn(`publishing the face of room ${roomId} failed: ${(error as Error).message}`));
    });
  };
}
