import * as Y from 'yjs';
import { readSnapshot, sameSnapshot, type CheckpointKind } from '../../lib/studio/history.ts';
import type { Logger } from '../log.ts';
import { describeChange } from './labels.ts';
import type { Checkpoint, RoomHistoryRepository } from './repository.ts';

export interface RoomTimelineOptions {
  /** A room that has not changed for this long gets a checkpoint. */
  pauseMs: number;
}

export const DEFAULT_TIMELINE_OPTIONS: RoomTimelineOptions = { pauseMs: 3000 };

interface LiveRoom {
  doc: Y.Doc;
  pause: ReturnType<typeof setTimeout> | null;
}

/**
 * Writes each room's timeline: a checkpoint after every pause in editing, and on request (before a
 * Clear, on save). It watches live rooms through the realtime layer's room-changed hook and reads the
 * live document; a room not in memory is read from storage. A checkpoint equal to the room's last one
 * is not written. Writes for one room happen one at a time, in order.
 */
export class RoomTimeline {
  private readonly rooms = new Map<string, LiveRoom>();
  private readonly writes = new Map<string, Promise<unknown>>();

  constructor(
    private readonly history: Pick<RoomHistoryRepository, 'add' | 'latestState'>,
    private readonly loadDocument: (roomId: string) => Promise<Y.Doc>,
    private readonly log: Logger,
    private readonly options: RoomTimelineOptions = DEFAULT_TIMELINE_OPTIONS,
  ) {}

  /** The realtime room-changed listener. */
  noteChange(roomId: string, doc: Y.Doc): void {
    const room = this.rooms.get(roomId) ?? { doc, pause: null };
    room.doc = doc;
    if (room.pause) clearTimeout(room.pause);
    room.pause = setTimeout(() => {
      room.pause = null;
      void this.checkpoint(roomId, 'pause');
    }, this.options.pauseMs);
    room.pause.unref?.();
    this.rooms.set(roomId, room);
  }

  /** The realtime room-unloaded listener: a pause still pending is written now. */
  roomUnloaded(roomId: string): void {
    const room = this.rooms.get(roomId);
    this.rooms.delete(roomId);
    if (!room?.pause) return;
    clearTimeout(room.pause);
    const state = Y.encodeStateAsUpdate(room.doc);
    void this.write(roomId, () => this.store(roomId, 'pause', '', state));
  }

  /** Records the room's current document now; null when it equals the last checkpoint. */
  checkpoint(roomId: string, kind: CheckpointKind, label = ''): Promise<Checkpoint | null> {
    const room = this.rooms.get(roomId);
    const state = room ? Y.encodeStateAsUpdate(room.doc) : null;
    return this.write(roomId, async () => this.store(roomId, kind, label, state ?? Y.encodeStateAsUpdate(await this.loadDocument(roomId))));
  }

  /** Writes every pending pause and waits for all writes. */
  async close(): Promise<void> {
    for (const roomId of [...this.rooms.keys()]) this.roomUnloaded(roomId);
    await Promise.all(this.writes.values());
  }

  private write<T>(roomId: string, task: () => Promise<T>): Promise<T | null> {
    const previous = this.writes.get(roomId) ?? Promise.resolve();
    const next = previous.then(task).catch((error: unknown) => {
      this.log.error({ err: error, roomId }, 'writing a room checkpoint failed');
      return null;
    });
    this.writes.set(roomId, next);
    void next.finally(() => {
      if (this.writes.get(roomId) === next) this.writes.delete(roomId);
    });
    return next;
  }

  private async store(roomId: string, kind: CheckpointKind, label: string, state: Uint8Array): Promise<Checkpoint | null> {
    const after = readSnapshot(state);
    const previous = await this.history.latestState(roomId);
    const before = previous ? readSnapshot(previous) : null;
    if (sameSnapshot(before ?? { strokes: [], sliders: {} }, after)) return null;
    const name = kind === 'clear' ? 'Before clear' : kind === 'save' ? (label ? `Saved “${label}”` : 'Saved') : describeChange(before, after);
    return this.history.add({ roomId, kind, label: name, state, strokeCount: after.strokes.length });
  }
}
