import type { Server } from 'socket.io';
import type * as Y from 'yjs';
import { REALTIME_NAMESPACE, type FaceMeta } from '../../lib/realtime/protocol.ts';
import { Quotas } from '../http/quotas.ts';
import type { Logger } from '../log.ts';
import { authenticate, serveSocket, type ConnectionOptions } from './connection.ts';
import type { LiveSliders } from './live-sliders.ts';
import { RoomRegistry, type RegistryOptions } from './registry.ts';
import type { RealtimeStore } from './store.ts';

export type RealtimeOptions = ConnectionOptions & RegistryOptions;

export const DEFAULT_REALTIME_OPTIONS: RealtimeOptions = {
  allowedOrigins: [],
  maxSocketsPerRoom: 50,
  editorSlots: 10,
  maxLoadedRooms: 200,
  rateLimits: { messagesPerSecond: 200, messageBurst: 400, bytesPerSecond: 1024 * 1024, byteBurst: 2 * 1024 * 1024 },
  maxRefusalsPerMinute: 200,
  idleUnloadMs: 60_000,
  concurrentLoads: 4,
  compactEvery: 500,
  maxBatchBytes: 4 * 1024 * 1024,
  maxDocumentBytes: 32 * 1024 * 1024,
  maxClientIdsPerSocket: 4,
};

export type RoomChangedListener = (roomId: string, revision: number, doc: Y.Doc, live: LiveSliders) => void;
export type RoomUnloadedListener = (roomId: string) => void;

/** The realtime layer as main.ts sees it; inference plugs in through onRoomChanged and publishFace. */
export interface Realtime {
  /**
   * Called synchronously after every accepted change to a live room's document, and whenever the
   * sliders people are dragging change (`live`: attribute → strength, to be laid over the document's
   * committed sliders so a drag shows to everyone). `doc` is the live document: read what you need
   * (lib/doc readStrokes, readSliders, readMeta) before returning.
   */
  onRoomChanged(listener: RoomChangedListener): void;
  /** Called when a room leaves memory (idle, or the server is closing): drop any work queued for it. */
  onRoomUnloaded(listener: RoomUnloadedListener): void;
  /**
   * Shows a rendered face to everyone in the room (late joiners get it on join) and stores it with the
   * room. A face older than the one already shown is ignored; resolves to whether it was taken.
   */
  publishFace(roomId: string, revision: number, png: Uint8Array, meta: FaceMeta): Promise<boolean>;
  /** Unloads a room now if nobody is in it (idle rooms are unloaded on their own). */
  unloadRoom(roomId: string): Promise<void>;
  stats(): { rooms: number; sockets: number };
  /** Flushes and compacts every live room; call after the Socket.IO server has closed. */
  close(): Promise<void>;
}

/** Serves rooms on the `/realtime` namespace of `io`. */
export function attachRealtime(
  io: Server,
  store: RealtimeStore,
  log: Logger,
  overrides: Partial<RealtimeOptions> = {},
  quotas: Quotas = new Quotas(),
): Realtime {
  const options: RealtimeOptions = { ...DEFAULT_REALTIME_OPTIONS, ...overrides };
  const listeners: RoomChangedListener[] = [];
  const unloadedListeners: RoomUnloadedListener[] = [];
  const namespace = io.of(REALTIME_NAMESPACE);
  const registry = new RoomRegistry(
    namespace,
    store,
    options,
    {
      onRoomChanged(roomId, revision, doc, live) {
        for (const listener of listeners) {
          try {
            listener(roomId, revision, doc, live);
          } catch (error) {
            log.error({ err: error, roomId }, 'a room-changed listener failed');
          }
        }
      },
      onRoomUnloaded(roomId) {
        for (const listener of unloadedListeners) listener(roomId);
      },
    },
    log,
  );
  namespace.use(authenticate(store, options, quotas, log));
  namespace.on('connection', (socket) => serveSocket(socket, registry, options, log));

  return {
    onRoomChanged: (listener) => void listeners.push(listener),
    onRoomUnloaded: (listener) => void unloadedListeners.push(listener),
    async publishFace(roomId, revision, png, meta) {
      const room = await registry.peek(roomId);
      if (room && !room.showFace({ revision, png, meta })) return false;
      const stored = await store.rooms.storeLatestFace(roomId, { png, revision });
      return stored || room !== null;
    },
    unloadRoom: (roomId) => registry.unload(roomId),
    stats: () => ({ rooms: registry.loadedRooms, sockets: namespace.sockets.size }),
    close: () => registry.closeAll(),
  };
}
