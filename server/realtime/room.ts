import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  EVENTS,
  MESSAGE_LIMITS,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
  decodeSyncMessage,
  encodeSyncMessage,
  type Capability,
  type FaceMessage,
  type WelcomeMessage,
} from '../../lib/realtime/protocol.ts';
import { Refusal } from './errors.ts';
import { checkUpdate } from './guard.ts';
import { readLiveSliders, type LiveSliders } from './live-sliders.ts';
import type { RoomTransport } from './transport.ts';

/** Where a change to a room came from; it decides who is told about the change and who stores it. */
export type ChangeOrigin =
  /** A client connected to this node: stored here, shown to the room's other clients, relayed once durable. */
  | { kind: 'socket'; socketId: string }
  /** Another node's replica relayed it (durable already): shown to this node's clients only. */
  | { kind: 'remote' }
  /** This server read it back from storage, or changed presence itself (a client left). */
  | { kind: 'server' };

const REMOTE: ChangeOrigin = { kind: 'remote' };
const SERVER: ChangeOrigin = { kind: 'server' };

/**
 * Per-room storage as the Room sees it (after tldraw sync-core's `TLSyncStorage`); the registry loads
 * the room before building it, and `close` compacts what was stored.
 */
export interface RoomStorage {
  /** Resolves once `update` is durable (never rejects: failed writes are retried). */
  append(update: Uint8Array): Promise<void>;
  /** Resolves once everything appended so far is durable. */
  flushed(): Promise<void>;
  /** Waits for pending writes, then compacts. */
  close(): Promise<void>;
}

/** The other nodes hosting this room (cluster mode); a single node has none. */
export interface RoomPeers {
  /** A client's update on this node is durable: the other replicas apply it. */
  shareUpdate(update: Uint8Array): void;
  /** Presence changed on this node. */
  shareAwareness(update: Uint8Array): void;
}

export interface RoomHooks {
  /**
   * Called after every change this node is responsible for rendering: document changes from its own
   * clients or read back from storage, and changes to the sliders its clients are dragging (`live`,
   * shown to everyone before they are committed). A change relayed by another node is rendered by
   * that node, so a change is rendered once however many nodes host the room.
   */
  onRoomChanged?(roomId: string, revision: number, doc: Y.Doc, live: LiveSliders): void;
}

export interface RoomLimits {
  /** Accepted update bytes a room may hold (a bound on memory and on the stored document). */
  maxDocumentBytes: number;
  /** Awareness client ids one socket may speak for. */
  maxClientIdsPerSocket: number;
}

export interface RoomState {
  doc: Y.Doc;
  /** Bytes of the stored document, the starting point of the size budget. */
  documentBytes: number;
  revision: number;
  face: FaceMessage | null;
}

export interface RoomDependencies {
  transport: RoomTransport;
  storage: RoomStorage;
  peers: RoomPeers | null;
  limits: RoomLimits;
  hooks: RoomHooks;
}

/**
 * One node's copy of a live room: its document, presence and latest face. Every message from a socket
 * goes through here; a message is either applied whole or refused (with a Refusal for its sender) and
 * never reaches anyone else.
 */
export class Room {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  revision: number;
  face: FaceMessage | null;

  private documentBytes: number;
  /** The revision at which documentBytes was last recounted from the document itself. */
  private budgetCountedAt = -1;
  private readonly clientIdsBySocket = new Map<string, Set<number>>();
  private readonly viewerSockets = new Set<string>();
  /** Set by the doc's update handler while an incoming update is applied. */
  private lastApplyChanged = false;
  private live: LiveSliders = {};
  private liveSignature = '{}';
  private readonly transport: RoomTransport;
  private readonly storage: RoomStorage;
  private readonly peers: RoomPeers | null;
  private readonly limits: RoomLimits;
  private readonly hooks: RoomHooks;

  constructor(
    readonly id: string,
    state: RoomState,
    dependencies: RoomDependencies,
  ) {
    ({ transport: this.transport, storage: this.storage, peers: this.peers, limits: this.limits, hooks: this.hooks } = dependencies);
    this.doc = state.doc;
    this.documentBytes = state.documentBytes;
    this.revision = state.revision;
    this.face = state.face;
    this.awareness = new Awareness(this.doc);
    this.awareness.setLocalState(null); // the server is not a participant
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  get sockets(): number {
    return this.clientIdsBySocket.size;
  }

  /** Connections with a view link. */
  get viewers(): number {
    return this.viewerSockets.size;
  }

  join(socketId: string, capability: Capability): void {
    this.clientIdsBySocket.set(socketId, new Set());
    if (capability !== 'edit') this.viewerSockets.add(socketId);
    const welcome: WelcomeMessage = { roomId: this.id, capability };
    this.transport.send(socketId, EVENTS.welcome, welcome);
    this.transport.send(socketId, EVENTS.sync, encodeSyncMessage(SYNC_STEP1, Y.encodeStateVector(this.doc)));
    const present = [...this.awareness.getStates().keys()];
    if (present.length > 0) this.transport.send(socketId, EVENTS.awareness, encodeAwarenessUpdate(this.awareness, present));
    if (this.face) this.transport.send(socketId, EVENTS.face, this.face);
  }

  leave(socketId: string): void {
    const clientIds = this.clientIdsBySocket.get(socketId);
    this.clientIdsBySocket.delete(socketId);
    this.viewerSockets.delete(socketId);
    if (clientIds && clientIds.size > 0) removeAwarenessStates(this.awareness, [...clientIds], SERVER);
  }

  /** Handles one sync message; resolves when it may be acknowledged (updates: once durable). */
  async receiveSync(socketId: string, capability: Capability, bytes: Uint8Array): Promise<void> {
    if (bytes.byteLength > MESSAGE_LIMITS.syncBytes) {
      throw new Refusal('too-large', `sync messages are limited to ${MESSAGE_LIMITS.syncBytes} bytes`);
    }
    let message: ReturnType<typeof decodeSyncMessage>;
    try {
      message = decodeSyncMessage(bytes);
    } catch (error) {
      throw new Refusal('malformed', `not a sync message: ${(error as Error).message}`);
    }
    if (message.type === SYNC_STEP1) {
      this.transport.send(socketId, EVENTS.sync, encodeSyncMessage(SYNC_STEP2, this.encodeMissing(message.payload)));
      return;
    }
    if (capability !== 'edit') throw new Refusal('read-only', 'this link can view the room but not change it');
    await this.applyClientUpdate(socketId, message.payload);
  }

  /**
   * Applies an update that is durable already: relayed by another node (`remote`) or read back from
   * storage (`server`). It is not stored again; this node's clients are told if it was new to them.
   */
  applyDurable(update: Uint8Array, origin: 'remote' | 'server'): void {
    const before = this.revision;
    Y.applyUpdate(this.doc, update, origin === 'remote' ? REMOTE : SERVER);
    if (this.revision !== before) this.documentBytes += update.byteLength;
  }

  /** Presence relayed by another node. */
  applyRemoteAwareness(update: Uint8Array): void {
    applyAwarenessUpdate(this.awareness, update, REMOTE);
  }

  private encodeMissing(stateVector: Uint8Array): Uint8Array {
    try {
      return Y.encodeStateAsUpdate(this.doc, stateVector);
    } catch (error) {
      throw new Refusal('malformed', `not a state vector: ${(error as Error).message}`);
    }
  }

  private async applyClientUpdate(socketId: string, update: Uint8Array): Promise<void> {
    const { deletesOnly } = checkUpdate(update);
    // Deleting is always allowed, so a full room can be cleared. Past the budget, it is recounted from
    // what the document holds now (deleted strokes free their space), at most once per revision.
    if (!deletesOnly && this.documentBytes + update.byteLength > this.limits.maxDocumentBytes) {
      if (this.budgetCountedAt !== this.revision) {
        this.budgetCountedAt = this.revision;
        this.documentBytes = Y.encodeStateAsUpdate(this.doc).byteLength;
      }
      if (this.documentBytes + update.byteLength > this.limits.maxDocumentBytes) {
        throw new Refusal('too-large', 'the room has reached its size limit; erase or clear strokes to make room');
      }
    }
    this.lastApplyChanged = false;
    try {
      Y.applyUpdate(this.doc, update, { kind: 'socket', socketId } satisfies ChangeOrigin);
    } catch (error) {
      throw new Refusal('malformed', `the update could not be applied: ${(error as Error).message}`);
    }
    const store = this.doc.store;
    if (!this.lastApplyChanged && store.pendingStructs === null && store.pendingDs === null) {
      await this.storage.flushed(); // nothing new, but an earlier copy of it may still be on its way to disk
      return;
    }
    this.documentBytes += update.byteLength;
    await this.storage.append(update);
    // Relayed only once durable: a replica then never holds an update that could still be lost, so
    // it may acknowledge a client's copy of it as a duplicate.
    this.peers?.shareUpdate(update);
  }

  receiveAwareness(socketId: string, capability: Capability, bytes: Uint8Array): void {
    if (bytes.byteLength > MESSAGE_LIMITS.awarenessBytes) {
      throw new Refusal('too-large', `awareness messages are limited to ${MESSAGE_LIMITS.awarenessBytes} bytes`);
    }
    const own = this.clientIdsBySocket.get(socketId);
    if (!own) return;
    const entries = readAwarenessEntries(bytes);
    // A viewer's presence is its name and cursor: a slider drag would change the face everyone sees,
    // and a stroke in progress would be painted on every canvas.
    if (capability !== 'edit') bytes = encodeAwarenessEntries(entries.map(withoutEdits));
    for (const { clientId } of entries) {
      if (own.has(clientId)) continue;
      if (this.ownerOf(clientId) !== undefined) throw new Refusal('invalid-content', `client id ${clientId} belongs to another connection`);
      if (own.size >= this.limits.maxClientIdsPerSocket) throw new Refusal('invalid-content', 'too many client ids on one connection');
      own.add(clientId);
    }
    applyAwarenessUpdate(this.awareness, bytes, { kind: 'socket', socketId } satisfies ChangeOrigin);
  }

  private ownerOf(clientId: number): string | undefined {
    for (const [socketId, ids] of this.clientIdsBySocket) if (ids.has(clientId)) return socketId;
    return undefined;
  }

  /** Keeps and broadcasts a face unless a newer one is already shown; returns whether it was taken. */
  showFace(face: FaceMessage): boolean {
    if (this.face && this.face.revision >= face.revision) return false;
    this.face = face;
    this.transport.broadcast(EVENTS.face, face);
    return true;
  }

  /** Disconnects whoever is still here, then flushes and compacts the document. */
  async close(): Promise<void> {
    for (const socketId of this.clientIdsBySocket.keys()) this.transport.close(socketId);
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    await this.storage.close();
    this.doc.destroy();
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: ChangeOrigin): void => {
    this.lastApplyChanged = true;
    this.revision++;
    this.transport.broadcast(EVENTS.sync, encodeSyncMessage(SYNC_UPDATE, update), socketOf(origin));
    if (origin.kind !== 'remote') this.hooks.onRoomChanged?.(this.id, this.revision, this.doc, this.live);
  };

  private readonly onAwarenessUpdate = (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: ChangeOrigin | 'timeout',
  ): void => {
    const changed = [...changes.added, ...changes.updated, ...changes.removed];
    const message = encodeAwarenessUpdate(this.awareness, changed);
    // 'timeout': the awareness dropped a state nobody renewed, which every replica does on its own.
    const from = origin === 'timeout' ? undefined : origin;
    this.transport.broadcast(EVENTS.awareness, message, from && socketOf(from));
    if (from && from.kind !== 'remote') this.peers?.shareAwareness(message);
    this.updateLiveSliders(from?.kind !== 'remote');
  };

  /** A slider drag started, moved or ended: the room's face must show it, so it counts as a change. */
  private updateLiveSliders(render: boolean): void {
    const live = readLiveSliders(this.awareness.getStates());
    const signature = JSON.stringify(live);
    if (signature === this.liveSignature) return;
    this.live = live;
    this.liveSignature = signature;
    this.revision++;
    if (render) this.hooks.onRoomChanged?.(this.id, this.revision, this.doc, live);
  }
}

function socketOf(origin: ChangeOrigin): string | undefined {
  return origin.kind === 'socket' ? origin.socketId : undefined;
}

interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: Record<string, unknown> | null;
}

/** Presence fields only editors may send (lib/realtime/presence.ts). */
const EDIT_PRESENCE_FIELDS = ['drawing', 'dragging'];

function withoutEdits(entry: AwarenessEntry): AwarenessEntry {
  if (entry.state === null) return entry;
  const state = { ...entry.state };
  for (const field of EDIT_PRESENCE_FIELDS) if (field in state) state[field] = null;
  return { ...entry, state };
}

/** The entries of an awareness update; refuses anything y-protocols would choke on. */
function readAwarenessEntries(bytes: Uint8Array): AwarenessEntry[] {
  try {
    const decoder = decoding.createDecoder(bytes);
    const count = decoding.readVarUint(decoder);
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state: unknown = JSON.parse(decoding.readVarString(decoder));
      if (state !== null && (typeof state !== 'object' || Array.isArray(state))) throw new Error('a state must be an object or null');
      entries.push({ clientId, clock, state: state as AwarenessEntry['state'] });
    }
    if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
    return entries;
  } catch (error) {
    throw new Refusal('malformed', `not an awareness update: ${(error as Error).message}`);
  }
}

/** y-protocols' awareness update encoding, for entries read by readAwarenessEntries. */
function encodeAwarenessEntries(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}
