import { z } from 'zod';
import { CHECKPOINT_LABEL_MAX, type CheckpointJson, type HistoryJson } from '../../lib/studio/history.ts';
import type { RoomRepository } from '../db/rooms.ts';
import { requireRoomAccess } from '../http/capability.ts';
import { binary, HttpError, json, type Router } from '../http/router.ts';
import type { Checkpoint, RoomHistoryRepository } from './repository.ts';
import type { RoomTimeline } from './timeline.ts';

const CheckpointBody = z
  .object({
    kind: z.enum(['clear', 'save']),
    label: z.string().trim().max(CHECKPOINT_LABEL_MAX).optional(),
  })
  .strict();

function checkpointJson(checkpoint: Checkpoint): CheckpointJson {
  const { id, kind, label, strokeCount, createdAt } = checkpoint;
  return { id, kind, label, strokeCount, createdAt: createdAt.toISOString() };
}

/** The room timeline API (lib/studio/history.ts describes it). */
export function registerHistoryRoutes(router: Router, rooms: Pick<RoomRepository, 'find' | 'verifyToken'>, history: Pick<RoomHistoryRepository, 'list' | 'state'>, timeline: RoomTimeline): void {
  router.add('GET', '/api/rooms/:id/history', async (request) => {
    const roomId = request.params.id!;
    await requireRoomAccess(rooms, request, roomId, 'view');
    const checkpoints = await history.list(roomId);
    return json({ checkpoints: checkpoints.map(checkpointJson) } satisfies HistoryJson, 200, { 'cache-control': 'no-store' });
  });

  router.add('GET', '/api/rooms/:id/history/:checkpointId', async (request) => {
    const roomId = request.params.id!;
    await requireRoomAccess(rooms, request, roomId, 'view');
    const state = await history.state(roomId, request.params.checkpointId!);
    if (!state) throw new HttpError(404, 'checkpoint_not_found', 'There is no such point in this room’s history.');
    // A checkpoint never changes, but it is private to the room's links.
    return binary(state, 'application/octet-stream', { 'cache-control': 'private, max-age=3600' });
  });

  router.add('POST', '/api/rooms/:id/history', async (request) => {
    const roomId = request.params.id!;
    await requireRoomAccess(rooms, request, roomId, 'edit');
    const body = await request.json(CheckpointBody);
    const checkpoint = await timeline.checkpoint(roomId, body.kind, body.label ?? '');
    return checkpoint ? json({ checkpoint: checkpointJson(checkpoint) }, 201) : json({ checkpoint: null });
  });
}
