import * as Y from 'yjs';
import type { Logger } from '../log.ts';
import { Refusal } from './errors.ts';
import { DocumentLog, UpdateWriter, type DocumentLogOptions } from './persistence.ts';
import { Room, type RoomHooks, type RoomLimits, type RoomPeers } from './room.ts';
import type { RealtimeStore } from './store.ts';
import type { RoomTransport } from './transport.ts';

export interface RegistryOptions extends DocumentLogOptions, RoomLimits {
  /** How long a room with nobody in it stays in memory. */
  idleUnloadMs: number;
  /** Rooms loaded from the database at once; more wait their turn instead of exhausting the pool. */
  concurrentLoads: number;
  /** Rooms in memory at once (a full one costs about 160 MB); joining one more is refused until some unload. */
  maxLoadedRooms: number;
}

/** How a room reaches its clients on this node and the other nodes hosting it (none on a single node). */
export interface RoomLinks {
  transportFor(roomId: string): RoomTransport;
  peersFor(roomId: string): RoomPeers | null;
}

export interface RegistryHooks extends RoomHooks {
  /** A room left memory: nobody is in it any more, so work queued for it can be dropped. */
  onRoomUnloaded(roomId: string): void;
}

/**
 * Live rooms by id: at most one Room per id in this process. A room is loaded (snapshot + tail) on
 * first use, held while anyone uses it, unloaded (flushed and compacted) after it has been idle for
 * `idleUnloadMs`. A join during an unload waits for the unload to finish and loads the room again.
 */
export class RoomRegistry {
  private readonly loading = new Map<string, Promise<Room>>();
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly idleTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The last stored seq each loaded room has read from the database (see catchUp). */
  private readonly storedSeqs = new Map<string, number>();
  /** Sockets (or load/publish calls) holding each loaded room in memory. */
  private readonly holders = new Map<string, number>();
  private loadsRunning = 0;
  private readonly loadQueue: (() => void)[] = [];
  private readonly writer: UpdateWriter;

  constructor(
    private readonly links: RoomLinks,
    private readonly store: RealtimeStore,
    private readonly options: RegistryOptions,
    private readonly hooks: RegistryHooks,
    private readonly log: Logger,
  ) {
    this.writer = new UpdateWriter(store.roomDocuments, options.maxBatchBytes, log);
  }

  /** The room, loading it if needed; the caller must release() it. */
  async acquire(roomId: string): Promise<Room> {
    for (;;) {
      const unloading = this.unloading.get(roomId);
      if (unloading) {
        await unloading;
        continue;
      }
      let loading = this.loading.get(roomId);
      if (!loading) {
        if (this.loadedRooms >= this.options.maxLoadedRooms) {
          throw new Refusal('unavailable', 'the server has as many rooms open as it can hold; retrying shortly');
        }
        loading = this.throttled(() => this.load(roomId));
        this.loading.set(roomId, loading);
        loading.catch(() => this.loading.delete(roomId));
      }
      const room = await loading;
      if (this.loading.get(roomId) !== loading) continue; // unloaded while we waited
      this.holders.set(roomId, (this.holders.get(roomId) ?? 0) + 1);
      this.clearIdleTimer(roomId);
      return room;
    }
  }

  release(room: Room): void {
    const holders = (this.holders.get(room.id) ?? 1) - 1;
    this.holders.set(room.id, holders);
    if (holders > 0) return;
    this.clearIdleTimer(room.id);
    const timer = setTimeout(() => void this.unload(room.id), this.options.idleUnloadMs);
    timer.unref();
    this.idleTimers.set(room.id, timer);
  }

  /** A loaded room, without loading it. */
  async peek(roomId: string): Promise<Room | null> {
    const loading = this.loading.get(roomId);
    return loading ? loading.catch(() => null) : null;
  }

  /** Rooms in memory, counting those still being unloaded. */
  get loadedRooms(): number {
    return this.loading.size + this.unloading.size;
  }

  /** Unloads the room now if nobody holds it. */
  async unload(roomId: string): Promise<void> {
    this.clearIdleTimer(roomId);
    const loading = this.loading.get(roomId);
    if (!loading) return;
    const room = await loading.catch(() => null);
    if (!room || (this.holders.get(roomId) ?? 0) > 0 || this.loading.get(roomId) !== loading) return;
    this.loading.delete(roomId);
    this.holders.delete(roomId);
    this.storedSeqs.delete(roomId);
    this.hooks.onRoomUnloaded(roomId);
    const closing = room
      .close()
      .catch((error: unknown) => this.log.error({ err: error, roomId }, 'unloading the room failed'))
      .finally(() => this.unloading.delete(roomId));
    this.unloading.set(roomId, closing);
    await closing;
    this.log.debug({ roomId }, 'room unloaded');
  }

  /** Unloads every room (holders or not): the server is shutting down. */
  async closeAll(): Promise<void> {
    const rooms = await Promise.all([...this.loading.values()].map((loading) => loading.catch(() => null)));
    this.holders.clear();
    await Promise.all(rooms.map((room) => (room ? this.unload(room.id) : undefined)));
  }

  /**
   * Applies to each loaded room what the database gained since the room last read it. In cluster mode
   * other nodes relay their updates once stored, but a relay sent while Redis was away is lost; this
   * brings the replica back in line (updates already applied change nothing).
   */
  async catchUp(): Promise<void> {
    for (const [roomId, loading] of this.loading) {
      const room = await loading.catch(() => null);
      const afterSeq = this.storedSeqs.get(roomId);
      if (!room || afterSeq === undefined) continue;
      const stored = await this.store.roomDocuments.load(roomId, afterSeq);
      if (this.loading.get(roomId) !== loading) continue; // unloaded meanwhile
      for (const bytes of [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates.map((update) => update.bytes)]) {
        try {
          room.applyDurable(bytes, 'server');
        } catch (error) {
          this.log.error({ err: error, roomId }, 'skipping an unreadable stored update');
        }
      }
      this.storedSeqs.set(roomId, Math.max(afterSeq, stored.updates.at(-1)?.seq ?? stored.snapshotSeq));
    }
  }

  private clearIdleTimer(roomId: string): void {
    const timer = this.idleTimers.get(roomId);
    if (timer !== undefined) clearTimeout(timer);
    this.idleTimers.delete(roomId);
  }

  private async throttled<T>(task: () => Promise<T>): Promise<T> {
    if (this.loadsRunning < this.options.concurrentLoads) this.loadsRunning++;
    else await new Promise<void>((resolve) => this.loadQueue.push(resolve)); // the finishing load hands over its slot
    try {
      return await task();
    } finally {
      const next = this.loadQueue.shift();
      if (next) next();
      else this.loadsRunning--;
    }
  }

  private async load(roomId: string): Promise<Room> {
    const [stored, face] = await Promise.all([
      this.store.roomDocuments.load(roomId),
      this.store.rooms.latestFace(roomId),
    ]);
    const doc = new Y.Doc();
    let documentBytes = 0;
    const parts = [
      ...(stored.snapshot ? [{ seq: stored.snapshotSeq, bytes: stored.snapshot }] : []),
      ...stored.updates,
    ];
    for (const part of parts) {
      try {
        Y.applyUpdate(doc, part.bytes);
        documentBytes += part.bytes.byteLength;
      } catch (error) {
        // Only reachable if the database was edited by hand: keep the rest of the room.
        this.log.error({ err: error, roomId, seq: part.seq }, 'skipping an unreadable stored update');
      }
    }
    const lastSeq = stored.updates.at(-1)?.seq ?? stored.snapshotSeq;
    this.storedSeqs.set(roomId, lastSeq);
    const room: Room = new Room(
      roomId,
      {
        doc,
        documentBytes,
        revision: Math.max(lastSeq, face?.revision ?? 0),
        face: face ? { revision: face.revision, png: face.png } : null,
      },
      {
        transport: this.links.transportFor(roomId),
        storage: new DocumentLog(roomId, this.writer, this.store.roomDocuments, this.options, stored.updates.length, () => Y.encodeStateAsUpdate(room.doc), this.log),
        peers: this.links.peersFor(roomId),
        limits: this.options,
        hooks: this.hooks,
      },
    );
    this.log.debug({ roomId, updates: stored.updates.length, bytes: documentBytes }, 'room loaded');
    return room;
  }
}
