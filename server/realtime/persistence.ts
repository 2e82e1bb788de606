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
 * Writes are grouped: while one batch commits, newly accepted updates queue up and go out together as
 * the next batch (one statement, one WAL flush), so an ack waits for at most about two commits
 * however many clients are writing. A batch that fails to commit is already applied to the live
 * document, so it is retried, with backoff, as one update carrying the whole document; its acks wait
 * until that commits (or the client's ack timeout fires and it resends after reconnecting).
 *
 * Compaction replays the room into a Y.Doc (the live room document is that replay) and re-encodes it
 * as one snapshot; the repository swaps the snapshot in and deletes the tail it covers in one
 * transaction. It runs when the tail reaches `compactEvery` updates, beside appends (the snapshot
 * covers `upToSeq`, appends land after it), and when the room is unloaded. A snapshot may also contain
 * updates that were applied but not yet committed: replaying them again from the tail on load is a
 * no-op, because applying a Yjs update twice is idempotent.
 */
import type { RoomDocumentRepository } from '../db/room-documents.ts';
import type { Logger } from '../log.ts';

export type DocumentLogStore = Pick<RoomDocumentRepository, 'append' | 'compact'>;

export interface DocumentLogOptions {
  compactEvery: number;
  /** Upper bound of one grouped write; a longer queue goes out over several transactions. */
  maxBatchBytes: number;
}

interface Pending {
  bytes: Uint8Array;
  /** Called once the bytes (or a later update containing them) are committed. */
  committed: () => void;
}

const RETRY_BASE_MS = 250;
const RETRY_MAX_MS = 30_000;

export class DocumentLog {
  private queue: Pending[] = [];
  private draining = false;
  private failures = 0;
  private last: Promise<void> = Promise.resolve();
  private compacting: Promise<void> | null = null;

  constructor(
    private readonly roomId: string,
    private readonly store: DocumentLogStore,
    private readonly options: DocumentLogOptions,
    /** The seq of the last committed update and the number of updates after the snapshot. */
    private lastSeq: number,
    private tailLength: number,
    private readonly encodeSnapshot: () => Uint8Array,
    private readonly log: Logger,
  ) {}

  /** Resolves once `bytes` is committed (never rejects: failed writes are retried). */
  append(bytes: Uint8Array): Promise<void> {
    const written = new Promise<void>((committed) => this.queue.push({ bytes, committed }));
    this.last = written;
    if (!this.draining) void this.drain();
    return written;
  }

  /** Resolves once everything appended so far is committed. */
  flushed(): Promise<void> {
    return this.last;
  }

  /** Waits for pending writes, then writes a snapshot if any update is not yet in one. */
  async close(): Promise<void> {
    await this.flushed();
    await this.compacting;
    if (this.tailLength > 0) await this.compact();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    while (this.queue.length > 0) {
      const batch = this.takeBatch();
      try {
        this.lastSeq = await this.store.append(
          this.roomId,
          batch.map((pending) => pending.bytes),
        );
        this.tailLength += batch.length;
        this.failures = 0;
        for (const pending of batch) pending.committed();
      } catch (error) {
        this.log.error({ err: error, roomId: this.roomId, updates: batch.length }, 'appending room updates failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** this.failures++)));
        this.queue.unshift({ bytes: this.encodeSnapshot(), committed: () => batch.forEach((pending) => pending.committed()) });
        continue;
      }
      if (this.tailLength >= this.options.compactEvery && this.compacting === null) {
        this.compacting = this.compact().finally(() => (this.compacting = null));
      }
    }
    this.draining = false;
  }

  private takeBatch(): Pending[] {
    let bytes = 0;
    let count = 0;
    while (count < this.queue.length && (count === 0 || bytes + this.queue[count]!.bytes.byteLength <= this.options.maxBatchBytes)) {
      bytes += this.queue[count]!.bytes.byteLength;
      count++;
    }
    return this.queue.splice(0, count);
  }

  private async compact(): Promise<void> {
    const upToSeq = this.lastSeq;
    const coveredTail = this.tailLength;
    try {
      await this.store.compact(this.roomId, this.encodeSnapshot(), upToSeq);
      this.tailLength -= coveredTail;
    } catch (error) {
      this.log.error({ err: error, roomId: this.roomId }, 'compacting the room document failed');
    }
  }
}
