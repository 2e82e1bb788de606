import type { PrismaClient } from '../db/client.ts';
import type { RoomDocumentRepository } from '../db/room-documents.ts';
import type { RoomRepository } from '../db/rooms.ts';
import { loadRoomDocument } from '../faces/documents.ts';
import type { Router } from '../http/router.ts';
import type { Logger } from '../log.ts';
import { createRoomHistoryRepository } from './repository.ts';
import { registerHistoryRoutes } from './routes.ts';
import { RoomTimeline, type RoomTimelineOptions } from './timeline.ts';

export { RoomTimeline } from './timeline.ts';

/** The room timeline: its storage, the checkpoint writer and its API routes. */
export function startHistory(
  deps: { prisma: PrismaClient; rooms: RoomRepository; roomDocuments: Pick<RoomDocumentRepository, 'load'>; router: Router },
  log: Logger,
  options?: RoomTimelineOptions,
): RoomTimeline {
  const history = createRoomHistoryRepository(deps.prisma);
  const timeline = new RoomTimeline(history, (roomId) => loadRoomDocument(deps.roomDocuments, roomId), log, options);
  registerHistoryRoutes(deps.router, deps.rooms, history, timeline);
  return timeline;
}
