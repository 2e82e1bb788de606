import * as Y from 'yjs';
import { addStroke, metaOf, readMeta, readSliders, readStrokes, setMeta, setSlider, type Stroke } from '../../lib/doc/index.ts';
import { META_REMIX_OF } from '../../lib/studio/faces.ts';
import { sameSnapshot } from '../../lib/studio/history.ts';
import type { RoomDocumentRepository } from '../db/room-documents.ts';

/** What a saved face keeps of its room's document. */
export interface SketchState {
  strokes: Stroke[];
  sliders: Record<string, number>;
  /** '' for the server's default model. */
  model: string;
  /** The face this room was remixed from, if any. */
  remixOf: string | null;
}

export function readSketchState(doc: Y.Doc): SketchState {
  const remixOf = metaOf(doc).get(META_REMIX_OF);
  return {
    strokes: readStrokes(doc),
    sliders: readSliders(doc),
    model: readMeta(doc).model,
    remixOf: typeof remixOf === 'string' && remixOf !== '' ? remixOf : null,
  };
}

/** The room's durable document (every acknowledged update is in it: see server/realtime/persistence.ts). */
export async function loadRoomDocument(roomDocuments: Pick<RoomDocumentRepository, 'load'>, roomId: string): Promise<Y.Doc> {
  const stored = await roomDocuments.load(roomId);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const update of stored.updates) Y.applyUpdate(doc, update.bytes);
  return doc;
}

export function decodeDocument(bytes: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, bytes);
  return doc;
}

/** The most a face may keep of its sketch document (its strokes, sliders and title, without history). */
export const FACE_DOCUMENT_MAX_BYTES = 4 * 1024 * 1024;

/**
 * A fresh document holding only a sketch's strokes, sliders, title and model (none of its room's
 * history): what a face keeps, and the first update of a room remixed from it (`remixOf` set).
 */
export function sketchDocument(sketch: SketchState, title: string, remixOf: string | null): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const stroke of sketch.strokes) addStroke(doc, stroke);
    for (const [attribute, value] of Object.entries(sketch.sliders)) setSlider(doc, attribute, value);
    setMeta(doc, { title, model: sketch.model });
    if (remixOf) metaOf(doc).set(META_REMIX_OF, remixOf);
  });
  return Y.encodeStateAsUpdate(doc);
}

/** Whether two states would save the same face: the same strokes in the same order, sliders and model. */
export function sameSketch(a: SketchState, b: SketchState): boolean {
  return a.model === b.model && sameSnapshot(a, b);
}
