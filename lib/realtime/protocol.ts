import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';

/**
 * The realtime protocol: Socket.IO events on the `/realtime` namespace, one socket per room.
 *
 *   connect    handshake `auth: { roomId, token }`; a refused handshake fails with a `connect_error`
 *              whose `data` is a RefusalData (code + message).
 *   welcome    server → client, first event: the capability granted.
 *   sync       both ways, binary y-protocols sync messages (step 1, step 2, update). The client opens
 *              with step 1 and gets step 2 back; the server sends its own step 1, to which an editor
 *              answers with step 2 carrying everything the server lacks (offline edits, unacknowledged
 *              updates). Client → server messages take a Socket.IO ack: `{ ok: true }` once the update is
 *              durable (see server/realtime/persistence.ts), or `{ ok: false, code, message }`.
 *   awareness  both ways, binary y-protocols awareness updates (presence: see presence.ts).
 *   face       server → client: the room's latest rendered face; sent on join when the room has one.
 *   refused    server → client: a message without an ack was refused (same shape as a failed ack).
 */
export const REALTIME_NAMESPACE = '/realtime';

export const EVENTS = {
  welcome: 'welcome',
  sync: 'sync',
  awareness: 'awareness',
  face: 'face',
  refused: 'refused',
} as const;

export type Capability = 'edit' | 'view';

export interface HandshakeAuth {
  roomId: string;
  token: string;
}

export const ROOM_ID_PATTERN = /^[\w-]{1,64}$/;

export interface WelcomeMessage {
  roomId: string;
  capability: Capability;
}

export interface FaceMeta {
  /** The model that rendered the face. */
  model: string;
  /** Render time in milliseconds, when known. */
  renderMs?: number;
}

export interface FaceMessage {
  /** The document revision the face was rendered from; later faces carry higher revisions. */
  revision: number;
  png: Uint8Array;
  /** Absent for a face loaded from the database after the room was reloaded. */
  meta?: FaceMeta;
}

export const REFUSAL_CODES = [
  'bad-handshake',
  'bad-origin',
  'unauthorized',
  'unavailable',
  'read-only',
  'too-large',
  'malformed',
  'invalid-content',
  'rate-limited',
  'room-full',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface RefusalData {
  code: RefusalCode;
  message: string;
}

export type AckResult = { ok: true } | ({ ok: false } & RefusalData);

/** Upper bounds enforced by the server; a client stays well below them. */
export const MESSAGE_LIMITS = {
  // Below Socket.IO's default maxHttpBufferSize (1e6): an oversized message gets a refusal, not a dropped connection.
  syncBytes: 512 * 1024,
  awarenessBytes: 64 * 1024,
} as const;

export const SYNC_STEP1 = syncProtocol.messageYjsSyncStep1;
export const SYNC_STEP2 = syncProtocol.messageYjsSyncStep2;
export const SYNC_UPDATE = syncProtocol.messageYjsUpdate;
export type SyncMessageType = typeof SYNC_STEP1 | typeof SYNC_STEP2 | typeof SYNC_UPDATE;

export interface SyncMessage {
  type: SyncMessageType;
  /** A state vector for step 1, a Yjs update (v1 encoding) otherwise. */
  payload: Uint8Array;
}

export function encodeSyncMessage(type: SyncMessageType, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** Throws on anything that is not exactly one well-formed sync message. */
export function decodeSyncMessage(bytes: Uint8Array): SyncMessage {
  const decoder = decoding.createDecoder(bytes);
  const type = decoding.readVarUint(decoder);
  if (type !== SYNC_STEP1 && type !== SYNC_STEP2 && type !== SYNC_UPDATE) {
    throw new Error(`unknown sync message type ${type}`);
  }
  const payload = decoding.readVarUint8Array(decoder);
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after the sync message');
  return { type, payload };
}

/** Socket.IO hands binary over as a Buffer in Node and an ArrayBuffer in the browser: one plain Uint8Array view. */
export function asBytes(data: unknown): Uint8Array | null {
  if (data instanceof Uint8Array) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return null;
}
