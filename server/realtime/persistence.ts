/**
 * The durable log of one room's document, written to PostgreSQL.
 *
 * DURABILITY GUARANTEE
 *   An update is acknowledged to its sender (`{ ok: true }` on its Socket.IO ack) only after the
 *   PostgreSQL transaction that appends it has committed. With PostgreSQL's default
 *   `synchronous_commit = on` the commit is in the flushed WAL, so an acknowledged update survives
 *   the server process being killed (SIGKILL) and a crash of the database server or the machine.
 *   Peers may receive an update before it is durable. If the server dies in between, that update is
 *   not lost for good: the author's provider still holds it (it keeps every update until it is
 *   acknowledged) and sends it again in the sync step 2 answering the restarted server's step 1; so
 *   does any peer that received it, because step 2 carries everything the server lacks.
 *   Not covered: an update whose author and every receiving peer are also gone before anyone reconnects.
 *
 * Writes are grouped across all rooms: one UpdateWriter per process commits one batch at a time, and
 * updates accepted (in any room) while it commits queue up and go out together as the next batch (one
 * statement, one WAL flush), so an ack waits for at most about two commits however many rooms and
 * clients are writing. Each room's updates keep their order and get consecutive seqs of that room. A
 * batch that fails to commit is already applied to the live documents, so it is retried, with backoff,
 * as one update per room carrying that room's whole document; its acks wait until that commits (or
 * the client's ack timeout fires and it resends after reconnecting).
 *
 * Compaction merges what is stored, not the live document: in one transaction the repository reads
 * the snapshot and the tail (with the room's row locked), and this module replays them into a Y.Doc
 * and re-encodes it as the new snapshot; exactly the updates read are deleted. The live document may
 * lack another node's committed updates (cluster mode), so a snapshot of it could not replace them.
 * It runs when this node has appended `compactEvery` updates, and when the room is unloaded.
 */
import * as Y from 'yjs';
import type { RoomDocumentRepository } from '../db/room-documents.ts';
import type { Logger } from '../log.ts';
import type { RoomStorage } from './room.ts';

export type DocumentLogStore = Pick<RoomDocumentRepository, 'appendToRooms' | 'compact'>;

export interface DocumentLogOptions {
  compactEvery: number;
  /** Upper bound of one grouped write; a longer queue goes out over several transactions. */
  maxBatchBytes: number;
}

interface Pending {
  log: DocumentLog;
  bytes: Uint8Array;
  /** Called once the bytes (or a later update containing them) are committed. */
  committed: () => void;
}

const RETRY_BASE_MS = 250;
const RETRY_MAX_MS = 30_000;

/** Commits the updates of every room in this process, one batch at a time. */
export class UpdateWriter {
  private queue: Pending[] = [];
  private draining = false;
  private failures = 0;

  constructor(
    private readonly store: DocumentLogStore,
    private readonly maxBatchBytes: number,
    private readonly log: Logger,
  ) {}

  write(pending: Pending): void {
    this.queue.push(pending);
    if (!this.draining) void this.drain();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    while (this.queue.length > 0) {
      const batch = this.takeBatch();
      const byRoom = groupByLog(batch);
      try {
        await this.store.appendToRooms(batch.map(({ log, bytes }) => ({ roomId: log.roomId, bytes })));
        this.failures = 0;
        for (const [log, updates] of byRoom) log.recordCommitted(updates.length);
        for (const pending of batch) pending.committed();
      } catch (error) {
        this.log.error({ err: error, rooms: byRoom.size, updates: batch.length }, 'appending room updates failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** this.failures++)));
        const retries = [...byRoom].map(([log, updates]): Pending => ({
          log,
          bytes: log.encodeSnapshot(),
          committed: () => updates.forEach((pending) => pending.committed()),
        }));
        this.queue.unshift(...retries);
      }
    }
    this.draining = false;
  }

  private takeBatch(): Pending[] {
    let bytes = 0;
    let count = 0;
    while (count < this.queue.length && (count === 0 || bytes + this.queue[count]!.bytes.byteLength <= this.maxBatchBytes)) {
      bytes += this.queue[count]!.bytes.byteLength;
      count++;
    }
    return this.queue.splice(0, count);
  }
}

function groupByLog(batch: Pending[]): Map<DocumentLog, Pending[]> {
  const byLog = new Map<DocumentLog, Pending[]>();
  for (const pending of batch) {
    const updates = byLog.get(pending.log);
    if (updates) updates.push(pending);
    else byLog.set(pending.log, [pending]);
  }
  return byLog;
}

/** Replays stored updates (a snapshot, then the tail) into one update; unreadable ones are skipped. */
export function mergeStoredUpdates(parts: Uint8Array[], onUnreadable: (error: unknown, index: number) => void = () => {}): Uint8Array {
  const doc = new Y.Doc();
  parts.forEach((part, index) => {
    try {
      Y.applyUpdate(doc, part);
    } catch (error) {
      onUnreadable(error, index); // only reachable if the database was edited by hand
    }
  });
  const merged = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return merged;
}

/** One room's log (its RoomStorage): hands its updates to the shared UpdateWriter and compacts the room. */
export class DocumentLog implements RoomStorage {
  private last: Promise<void> = Promise.resolve();
  private compacting: Promise<void> | null = null;

  constructor(
    readonly roomId: string,
    private readonly writer: UpdateWriter,
    private readonly store: DocumentLogStore,
    private readonly options: DocumentLogOptions,
    /** Updates after the snapshot. */
    private tailLength: number,
    readonly encodeSnapshot: () => Uint8Array,
    private readonly log: Logger,
  ) {}

  /** Resolves once `bytes` is committed (never rejects: failed writes are retried). */
  append(bytes: Uint8Array): Promise<void> {
    const written = new Promise<void>((committed) => this.writer.write({ log: this, bytes, committed }));
    this.last = written;
    return written;
  }

  /** Resolves once everything appended so far is committed. */
  flushed(): Promise<void> {
    return this.last;
  }

  /** Called by the writer once `count` more updates of this room are committed. */
  recordCommitted(count: number): void {
    this.tailLength += count;
    if (this.tailLength >= this.options.compactEvery && this.compacting === null) {
      this.compacting = this.compact().finally(() => (this.compacting = null));
    }
  }

  /** Waits for pending writes, then writes a snapshot if any update is not yet in one. */
  async close(): Promise<void> {
    await this.flushed();
    await this.compacting;
    if (this.tailLength > 0) await this.compact();
  }

  private async compact(): Promise<void> {
    try {
      const merged = await this.store.compact(this.roomId, (parts) =>
        mergeStoredUpdates(parts, (error, index) => this.log.error({ err: error, roomId: this.roomId, index }, 'skipping an unreadable stored update')),
      );
      this.tailLength = Math.max(0, this.tailLength - merged);
    } catch (error) {
      this.log.error({ err: error, roomId: this.roomId }, 'compacting the room document failed');
    }
  }
}
