import type { RoomRepository } from '../db/rooms.ts';
import type { Logger } from '../log.ts';

type LatestFace = Parameters<RoomRepository['storeLatestFace']>[1];

/**
 * The latest face of each live room, written to the database on a timer and when the room leaves
 * memory instead of on every rendered frame (a slider drag renders dozens a second). Late joiners of a
 * live room get the face from the room itself; the database copy is for the room page and reloads.
 */
export class LatestFaceWriter {
  private readonly pending = new Map<string, LatestFace>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly rooms: Pick<RoomRepository, 'storeLatestFace'>,
    intervalMs: number,
    private readonly log: Logger,
  ) {
    this.timer = setInterval(() => void this.writeAll(), intervalMs);
    this.timer.unref();
  }

  /** Remembers the room's newest face; it is written at the next tick. */
  keep(roomId: string, face: LatestFace): void {
    this.pending.set(roomId, face);
  }

  /** Writes the room's pending face now (the room is leaving memory). */
  async write(roomId: string): Promise<void> {
    const face = this.pending.get(roomId);
    if (!face) return;
    this.pending.delete(roomId);
    try {
      await this.rooms.storeLatestFace(roomId, face); // ignores a face older than the stored one
    } catch (error) {
      this.log.error({ err: error, roomId }, 'storing the latest face failed');
    }
  }

  async writeAll(): Promise<void> {
    await Promise.all([...this.pending.keys()].map((roomId) => this.write(roomId)));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.writeAll();
  }
}
