import * as Y from 'yjs';
import { isDocumentValue, LIMITS } from '../../lib/doc/records.ts';
import { ROOT_NAMES } from '../../lib/doc/schema.ts';
import { META_REMIX_OF } from '../../lib/studio/faces.ts';
import { Refusal } from './errors.ts';

/** Yjs clocks count inserted items; no honest room gets near this, and it keeps arithmetic exact. */
const MAX_CLOCK = 2 ** 31;

/**
 * Checks a Yjs update against the room schema (lib/doc/schema.ts) before it is applied: decoding it
 * fully first means a malformed update cannot fail half-way through being applied.
 *
 * Allowed: values that pass isDocumentValue (strokes, slider strengths, meta strings) in root types
 * named by the schema, deletions, and garbage-collected ranges. Refused: nested shared types, text,
 * embeds, formats, JSON content, subdocuments, unknown roots, absurd clocks. An item inserted next
 * to an existing one does not name its parent in the encoding, so its root is only known after Yjs
 * integrates it; readers of the document check values by position for that reason.
 */
export function checkUpdate(update: Uint8Array): { deletesOnly: boolean } {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (error) {
    throw new Refusal('malformed', `not a Yjs update: ${(error as Error).message}`);
  }
  for (const struct of decoded.structs) {
    if (struct.id.clock + struct.length > MAX_CLOCK) throw new Refusal('invalid-content', 'clock out of range');
    if (struct instanceof Y.Item) checkItem(struct);
  }
  for (const ranges of decoded.ds.clients.values()) {
    for (const range of ranges) {
      if (range.clock + range.len > MAX_CLOCK) throw new Refusal('invalid-content', 'deleted range out of range');
    }
  }
  return { deletesOnly: decoded.structs.length === 0 };
}

function checkItem(item: Y.Item): void {
  const { parentSub, content } = item;
  // A decoded (not yet integrated) item names its parent by root name or by the id of a nested type.
  const parent = item.parent as unknown as string | Y.ID | null;
  if (parent !== null && typeof parent !== 'string') {
    throw new Refusal('invalid-content', 'nested shared types are not part of the room schema');
  }
  if (typeof parent === 'string' && !ROOT_NAMES.includes(parent)) {
    throw new Refusal('invalid-content', `unknown root type ${JSON.stringify(parent.slice(0, 64))}`);
  }
  if (parentSub !== null && parentSub.length > LIMITS.attributeLength) {
    throw new Refusal('invalid-content', 'map key too long');
  }
  // Only the server's remix route writes a room's lineage (a forged one would inject faces into another's).
  if (parent === 'meta' && parentSub === META_REMIX_OF) {
    throw new Refusal('invalid-content', `${META_REMIX_OF} is set by the server`);
  }
  if (content instanceof Y.ContentDeleted) return;
  if (!(content instanceof Y.ContentAny)) {
    throw new Refusal('invalid-content', `${content.constructor.name} is not part of the room schema`);
  }
  for (const value of content.arr) {
    if (!isDocumentValue(value)) throw new Refusal('invalid-content', 'a value does not match the room schema');
  }
}
