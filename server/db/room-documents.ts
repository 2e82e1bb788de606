import type { PrismaClient } from './client.ts';

export interface StoredDocument {
  /** Every update with seq <= snapshotSeq merged into one Yjs update; null before the first compaction (or when not asked for). */
  snapshot: Uint8Array | null;
  snapshotSeq: number;
  /** Updates after the snapshot, in seq order. */
  updates: { seq: number; bytes: Uint8Array }[];
}

const COMPACTION_TRANSACTION = { maxWait: 10_000, timeout: 120_000 };

/** The persistence of one room's Yjs document: an append-only update log plus a compacted snapshot. */
export function createRoomDocumentRepository(prisma: PrismaClient) {
  /**
   * Appends updates to any number of rooms atomically, each room's in the given order; returns each
   * room's last seq. One statement, so one round trip and one commit: an interactive transaction costs
   * ~10x more and every realtime ack waits on this. The UPDATE reserves each room's seq range and
   * locks its row until commit. If any room does not exist, nothing is written.
   */
  async function appendToRooms(updates: { roomId: string; bytes: Uint8Array }[]): Promise<Map<string, number>> {
    if (updates.length === 0) throw new Error('append needs at least one update');
    const rows = await prisma.$queryRaw<{ roomId: string; seq: number }[]>`
      WITH input AS (
        SELECT * FROM unnest(
          ${updates.map((update) => update.roomId)}::text[],
          ${updates.map(({ bytes }) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))}::bytea[]
        ) WITH ORDINALITY AS u("roomId", bytes, ord)
      ),
      counts AS (SELECT "roomId", count(*)::int AS n FROM input GROUP BY "roomId"),
      reserved AS (
        UPDATE "Room" SET "documentSeq" = "Room"."documentSeq" + counts.n, "updatedAt" = now()
        FROM counts WHERE "Room".id = counts."roomId"
        RETURNING "Room".id, "Room"."documentSeq" - counts.n AS "seqBefore"
      )
      INSERT INTO "RoomUpdate" ("roomId", seq, bytes)
      SELECT input."roomId", (reserved."seqBefore" + row_number() OVER (PARTITION BY input."roomId" ORDER BY input.ord))::int, input.bytes
      FROM input LEFT JOIN reserved ON reserved.id = input."roomId" -- a missing room's NULL seq fails the whole statement
      RETURNING "roomId", seq`;
    const lastSeqs = new Map<string, number>();
    for (const { roomId, seq } of rows) lastSeqs.set(roomId, Math.max(seq, lastSeqs.get(roomId) ?? 0));
    return lastSeqs;
  }

  return {
    /** Appends updates to one room atomically; returns the seq of the last one (the document's new seq). */
    async append(roomId: string, updates: Uint8Array[]): Promise<number> {
      const lastSeqs = await appendToRooms(updates.map((bytes) => ({ roomId, bytes })));
      return lastSeqs.get(roomId)!;
    },

    appendToRooms,

    /**
     * Snapshot and tail, read consistently even while a compaction commits. With `afterSeq` (a replica
     * catching up): only the updates after it, and the snapshot only if it covers updates after it.
     */
    async load(roomId: string, afterSeq = 0): Promise<StoredDocument> {
      const [snapshot, updates] = await prisma.$transaction(
        [
          prisma.roomSnapshot.findFirst({ where: { roomId, upToSeq: { gt: afterSeq } } }),
          prisma.roomUpdate.findMany({ where: { roomId, seq: { gt: afterSeq } }, orderBy: { seq: 'asc' }, select: { seq: true, bytes: true } }),
        ],
        { isolationLevel: 'RepeatableRead' },
      );
      const snapshotSeq = snapshot?.upToSeq ?? afterSeq;
      return { snapshot: snapshot?.bytes ?? null, snapshotSeq, updates: updates.filter((u) => u.seq > snapshotSeq) };
    },

    /**
     * Folds the stored document into one snapshot: reads the snapshot and every update after it with
     * the room's row locked (appends wait, so none is half-committed), writes `merge` of them as the new
     * snapshot and deletes exactly the updates it read, by seq. Another node's updates are therefore
     * either merged or left alone, never dropped. Resolves to the number of updates merged.
     */
    async compact(roomId: string, merge: (parts: Uint8Array[]) => Uint8Array): Promise<number> {
      return prisma.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1 FROM "Room" WHERE id = ${roomId} FOR UPDATE`;
        const snapshot = await tx.roomSnapshot.findUnique({ where: { roomId } });
        const tail = await tx.roomUpdate.findMany({ where: { roomId }, orderBy: { seq: 'asc' }, select: { seq: true, bytes: true } });
        if (tail.length === 0) return 0;
        const bytes = new Uint8Array(merge([...(snapshot ? [snapshot.bytes] : []), ...tail.map((update) => update.bytes)]));
        const upToSeq = tail.at(-1)!.seq;
        await tx.roomSnapshot.upsert({ where: { roomId }, create: { roomId, bytes, upToSeq }, update: { bytes, upToSeq } });
        await tx.roomUpdate.deleteMany({ where: { roomId, seq: { in: tail.map((update) => update.seq) } } });
        return tail.length;
      }, COMPACTION_TRANSACTION); // a full room's snapshot is tens of megabytes: Prisma's 5 s default is too short
    },

    /** Number of updates not yet folded into the snapshot: the realtime layer compacts past a threshold. */
    async tailLength(roomId: string): Promise<number> {
      return prisma.roomUpdate.count({ where: { roomId } });
    },
  };
}

export type RoomDocumentRepository = ReturnType<typeof createRoomDocumentRepository>;
