import type { RoomDocumentRepository } from '../db/room-documents.ts';
import type { RoomRepository } from '../db/rooms.ts';

/** The slice of the database the realtime layer uses (server/db's Database satisfies it). */
export interface RealtimeStore {
  rooms: Pick<RoomRepository, 'verifyToken' | 'latestFace' | 'storeLatestFace'>;
  roomDocuments: Pick<RoomDocumentRepository, 'load' | 'appendToRooms' | 'compact'>;
}
