import type { PrismaClient } from './client.ts';
import { hashToken, isId, newId, newToken, sameHash } from './ids.ts';

export type RoomAccess = 'edit' | 'view';

/** A room as the rest of the server sees it: never the token hashes. */
export interface RoomInfo {
  id: string;
  title: string;
  modelName: string | null;
  latestFaceRevision: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface CreatedRoom {
  room: RoomInfo;
  /** Shown once, to the creator; only the hashes are stored. */
  editToken: string;
  viewToken: string;
}

export interface LatestFace {
  png: Uint8Array;
  revision: number;
}

const ROOM_INFO = {
  id: true,
  title: true,
  modelName: true,
  latestFaceRevision: true,
  createdAt: true,
  updatedAt: true,
} as const;

export function createRoomRepository(prisma: PrismaClient) {
  return {
    async create(input: { title?: string; modelName?: string | null } = {}): Promise<CreatedRoom> {
      const editToken = newToken();
      const viewToken = newToken();
      const room = await prisma.room.create({
        data: {
          id: newId(),
          title: input.title ?? '',
          modelName: input.modelName ?? null,
          editTokenHash: hashToken(editToken),
          viewTokenHash: hashToken(viewToken),
        },
        select: ROOM_INFO,
      });
      return { room, editToken, viewToken };
    },

    /** null for unknown and malformed ids alike. */
    async find(id: string): Promise<RoomInfo | null> {
      if (!isId(id)) return null;
      return prisma.room.findUnique({ where: { id }, select: ROOM_INFO });
    },

    /** What a token grants in a room; null for a wrong token or an unknown room. */
    async verifyToken(id: string, token: string): Promise<RoomAccess | null> {
      if (!isId(id) || token.length === 0 || token.length > 256) return null;
      const room = await prisma.room.findUnique({ where: { id }, select: { editTokenHash: true, viewTokenHash: true } });
      if (!room) return null;
      const hash = hashToken(token);
      if (sameHash(hash, room.editTokenHash)) return 'edit';
      if (sameHash(hash, room.viewTokenHash)) return 'view';
      return null;
    },

    async rename(id: string, title: string): Promise<boolean> {
      const { count } = await prisma.room.updateMany({ where: { id }, data: { title } });
      return count === 1;
    },

    /** Keeps the face only if it is newer than the stored one (renders can finish out of order). */
    async storeLatestFace(id: string, face: LatestFace): Promise<boolean> {
      const { count } = await prisma.room.updateMany({
        where: { id, latestFaceRevision: { lt: face.revision } },
        data: { latestFacePng: new Uint8Array(face.png), latestFaceRevision: face.revision },
      });
      return count === 1;
    },

    async latestFace(id: string): Promise<LatestFace | null> {
      if (!isId(id)) return null;
      const room = await prisma.room.findUnique({
        where: { id },
        select: { latestFacePng: true, latestFaceRevision: true },
      });
      if (!room?.latestFacePng) return null;
      return { png: room.latestFacePng, revision: room.latestFaceRevision };
    },
  };
}

export type RoomRepository = ReturnType<typeof createRoomRepository>;
