import type { Server } from 'socket.io';
import type * as Y from 'yjs';
import { REALTIME_NAMESPACE, type FaceMeta } from '../../lib/realtime/protocol.ts';
import { Quotas } from '../http/quotas.ts';
import type { Logger } from '../log.ts';
import { authenticate, serveSocket, type ConnectionOptions } from './connection.ts';
import type { LiveSliders } from './live-sliders.ts';
import { RoomRegistry, type RegistryOptions } from './registry.ts';
import { LatestFaceWriter } from './latest-face-writer.ts';
import { receiveFromPeers, roomLinks } from './peers.ts';
import type { RealtimeStore } from './store.ts';

export interface ClusterOptions {
  /** This node shares its rooms with other nodes through the Socket.IO adapter (REDIS_URL is set). */
  clustered: boolean;
  /** How often each loaded room reads what other nodes stored, in case a relay was lost (cluster only). */
  catchUpIntervalMs: number;
  /** How often the latest faces of live rooms are written to the database. */
  faceWriteIntervalMs: number;
}

export type RealtimeOptions = ConnectionOptions & RegistryOptions & ClusterOptions;

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
  clustered: false,
  catchUpIntervalMs: 5_000,
  faceWriteIntervalMs: 2_000,
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
   * Shows a rendered face to this node's clients of the room (late joiners get it on join) and stores
   * it with the room (on a timer while the room is live). A face older than the one already shown is
   * ignored; resolves to whether it was taken.
   */
  publishFace(roomId: string, revision: number, png: Uint8Array, meta: FaceMeta): Promise<boolean>;
  /** Unloads a room now if nobody is in it (idle rooms are unloaded on their own). */
  unloadRoom(roomId: string): Promise<void>;
  stats(): { rooms: number; sockets: number };
  /** Brings every loaded room up to date with the database (cluster mode: after Redis was away). */
  catchUp(): Promise<void>;
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
  const faces = new LatestFaceWriter(store.rooms, options.faceWriteIntervalMs, log);
  const registry = new RoomRegistry(
    roomLinks(namespace, options.clustered),
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
        void faces.write(roomId);
        for (const listener of unloadedListeners) listener(roomId);
      },
    },
    log,
  );
  namespace.use(authenticate(store, options, quotas, log));
  namespace.on('connection', (socket) => serveSocket(socket, registry, options, log));
  let catchUp: ReturnType<typeof setInterval> | undefined;
  if (options.clustered) {
    receiveFromPeers(namespace, registry, log);
    catchUp = setInterval(() => void registry.catchUp().catch((error: unknown) => log.warn({ err: error }, 'catching up with the database failed')), options.catchUpIntervalMs);
    catchUp.unref();
  }

  return {
    onRoomChanged: (listener) => void listeners.push(listener),
    onRoomUnloaded: (listener) => void unloadedListeners.push(listener),
    async publishFace(roomId, revision, png, meta) {
      const room = await registry.peek(roomId);
      // In a cluster every node hears every face; one for a room not live here is for the nodes hosting it.
      if (!room) return options.clustered ? false : store.rooms.storeLatestFace(roomId, { png, revision });
      if (!room.showFace({ revision, png, meta })) return false;
      faces.keep(roomId, { png, revision });
      return true;
    },
    unloadRoom: (roomId) => registry.unload(roomId),
    stats: () => ({ rooms: registry.loadedRooms, sockets: namespace.sockets.size }),
    catchUp: () => registry.catchUp(),
    async close() {
      clearInterval(catchUp);
      await registry.closeAll();
      await faces.close();
    },
  };
}
