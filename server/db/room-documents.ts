import type { PrismaClient } from './client.ts';

export interface StoredDocument {
  /** Every update with seq <= snapshotSeq merged into one Yjs update; null before the first compaction. */
  snapshot: Uint8Array | null;
  snapshotSeq: number;
  /** Updates after the snapshot, in seq order. */
  updates: { seq: number; bytes: Uint8Array }[];
}

/** The persistence of one room's Yjs document: an append-only update log plus a compacted snapshot. */
export function createRoomDocumentRepository(prisma: PrismaClient) {
  return {
    /**
     * Appends a batch atomically; returns the seq of its last update (the document's new seq). One
     * statement, so one round trip: an interactive transaction costs ~10x more and every realtime ack
     * waits on this. The UPDATE reserves the seq range and locks the room row until commit.
     */
    async append(roomId: string, updates: Uint8Array[]): Promise<number> {
      if (updates.length === 0) throw new Error('append needs at least one update');
      const rows = await prisma.$queryRaw<{ seq: number }[]>`
        WITH reserved AS (
          UPDATE "Room" SET "documentSeq" = "documentSeq" + ${updates.length}, "updatedAt" = now()
          WHERE id = ${roomId} RETURNING "documentSeq"
        )
        INSERT INTO "RoomUpdate" ("roomId", seq, bytes)
        SELECT ${roomId}, reserved."documentSeq" - ${updates.length} + u.ord::int, u.bytes
        FROM reserved, unnest(${updates.map((bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))}::bytea[]) WITH ORDINALITY AS u(bytes, ord)
        RETURNING seq`;
      if (rows.length !== updates.length) throw new Error(`room ${roomId} does not exist`);
      return Math.max(...rows.map((row) => row.seq));
    },

    /** Snapshot and tail, read consistently even while a compaction commits. */
    async load(roomId: string): Promise<StoredDocument> {
      const [snapshot, updates] = await prisma.$transaction(
        [
          prisma.roomSnapshot.findUnique({ where: { roomId } }),
          prisma.roomUpdate.findMany({ where: { roomId }, orderBy: { seq: 'asc' }, select: { seq: true, bytes: true } }),
        ],
        { isolationLevel: 'RepeatableRead' },
      );
      const snapshotSeq = snapshot?.upToSeq ?? 0;
      return { snapshot: snapshot?.bytes ?? null, snapshotSeq, updates: updates.filter((u) => u.seq > snapshotSeq) };
    },

    /**
     * Replaces updates 1..upToSeq by `snapshot` (their merge) and deletes them. A snapshot that is not
     * newer than the stored one is ignored; returns whether it was written.
     */
    async compact(roomId: string, snapshot: Uint8Array, upToSeq: number): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1 FROM "Room" WHERE id = ${roomId} FOR UPDATE`;
        const current = await tx.roomSnapshot.findUnique({ where: { roomId }, select: { upToSeq: true } });
        if (current && current.upToSeq >= upToSeq) return false;
        const bytes = new Uint8Array(snapshot);
        await tx.roomSnapshot.upsert({
          where: { roomId },
          create: { roomId, bytes, upToSeq },
          update: { bytes, upToSeq },
        });
        await tx.roomUpdate.deleteMany({ where: { roomId, seq: { lte: upToSeq } } });
        return true;
      });
    },

    /** Number of updates not yet folded into the snapshot: the realtime layer compacts past a threshold. */
    async tailLength(roomId: string): Promise<number> {
      return prisma.roomUpdate.count({ where: { roomId } });
    },
  };
}

export type RoomDocumentRepository = ReturnType<typeof createRoomDocumentRepository>;
