import type { PrismaClient } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import type { CheckpointKind } from '../../lib/studio/history.ts';

export interface Checkpoint {
  id: string;
  roomId: string;
  kind: CheckpointKind;
  label: string;
  strokeCount: number;
  createdAt: Date;
}

/** A room keeps its newest checkpoints; older ones go as new ones arrive. */
export const MAX_CHECKPOINTS_PER_ROOM = 300;

const SUMMARY = { id: true, roomId: true, kind: true, label: true, strokeCount: true, createdAt: true } as const;

/** The room timeline's storage: named whole-document states, per room, oldest first. */
export function createRoomHistoryRepository(prisma: PrismaClient) {
  return {
    async add(input: { roomId: string; kind: CheckpointKind; label: string; state: Uint8Array; strokeCount: number }): Promise<Checkpoint> {
      const row = await prisma.roomCheckpoint.create({
        data: { id: newId(), roomId: input.roomId, kind: input.kind, label: input.label, state: new Uint8Array(input.state), strokeCount: input.strokeCount },
        select: SUMMARY,
      });
      const stale = await prisma.roomCheckpoint.findMany({
        where: { roomId: input.roomId },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip: MAX_CHECKPOINTS_PER_ROOM,
        select: { id: true },
      });
      if (stale.length > 0) await prisma.roomCheckpoint.deleteMany({ where: { id: { in: stale.map(({ id }) => id) } } });
      return row as Checkpoint;
    },

    async list(roomId: string): Promise<Checkpoint[]> {
      const rows = await prisma.roomCheckpoint.findMany({ where: { roomId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: SUMMARY });
      return rows as Checkpoint[];
    },

    async state(roomId: string, id: string): Promise<Uint8Array | null> {
      const row = await prisma.roomCheckpoint.findFirst({ where: { id, roomId }, select: { state: true } });
      return row?.state ?? null;
    },

    async latestState(roomId: string): Promise<Uint8Array | null> {
      const row = await prisma.roomCheckpoint.findFirst({ where: { roomId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { state: true } });
      return row?.state ?? null;
    },
  };
}

export type RoomHistoryRepository = ReturnType<typeof createRoomHistoryRepository>;
