import path from 'node:path';
import type { Logger } from '../log.ts';
import { createPrismaClient, type PrismaClient } from './client.ts';
import { startEmbeddedPostgres } from './embedded.ts';
import { createFaceRepository, type FaceRepository } from './faces.ts';
import { applyMigrations } from './migrate.ts';
import { createRoomDocumentRepository, type RoomDocumentRepository } from './room-documents.ts';
import { createRoomRepository, type RoomRepository } from './rooms.ts';

export interface Database {
  prisma: PrismaClient;
  rooms: RoomRepository;
  roomDocuments: RoomDocumentRepository;
  faces: FaceRepository;
  /** Round-trip time of a trivial query, in ms; throws when the database is unreachable. */
  ping(): Promise<number>;
  /** Disconnects, then stops the embedded PostgreSQL if we started one. */
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Unset: start an embedded PostgreSQL under `dataDir/postgres`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Called when the embedded PostgreSQL dies under us (the server exits 1 so its supervisor restarts it). */
  onEmbeddedExit?: (message: string) => void;
}

/** Connects (starting the embedded server when no URL is given), applies pending migrations. */
export async function openDatabase(options: DatabaseOptions, log: Logger): Promise<Database> {
  const embedded = options.databaseUrl ? null : await startEmbeddedPostgres(path.join(options.dataDir, 'postgres'), log, { onUnexpectedExit: options.onEmbeddedExit });
  try {
    const url = options.databaseUrl ?? embedded!.url;
    await applyMigrations(url, log);
    return connectDatabase(url, async () => {
      await embedded?.stop();
    });
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

/** Wraps an already migrated database. `onClose` runs after the client disconnects. */
export function connectDatabase(url: string, onClose: () => Promise<void> = async () => {}): Database {
  const prisma = createPrismaClient(url);
  return {
    prisma,
    rooms: createRoomRepository(prisma),
    roomDocuments: createRoomDocumentRepository(prisma),
    faces: createFaceRepository(prisma),
    async ping() {
      const started = performance.now();
      await prisma.$queryRaw`SELECT 1`;
      return Math.round((performance.now() - started) * 10) / 10;
    },
    async close() {
      await prisma.$disconnect();
      await onClose();
    },
  };
}
