import { z } from 'zod';
import type { RoomRepository } from '../db/rooms.ts';
import { binary, HttpError, json, type Router } from './router.ts';

const CreateRoom = z.object({ title: z.string().trim().max(120).optional(), model: z.string().max(64).optional() }).strict();

export interface RoomRouteOptions {
  publicUrl: string;
  /** The model a room gets when it asks for none (the MODEL setting; unset: the manifest's default). */
  defaultModel: string | undefined;
  /** The models this server serves: a room may ask for any of them. */
  models: readonly string[];
}

/**
 * Room lifecycle over HTTP. Capability tokens travel in the URL fragment (`#edit=…` / `#view=…`),
 * which browsers never send to servers, so they stay out of request logs and Referer headers.
 */
export function registerRoomRoutes(router: Router, rooms: RoomRepository, options: RoomRouteOptions) {
  router.add('POST', '/api/rooms', async (request) => {
    const input = await request.json(CreateRoom);
    if (input.model !== undefined && !options.models.includes(input.model)) {
      throw new HttpError(400, 'unknown_model', `There is no model "${input.model}"; choose one of: ${options.models.join(', ')}.`);
    }
    const { room, editToken, viewToken } = await rooms.create({ title: input.title, modelName: input.model ?? options.defaultModel });
    const roomUrl = `${options.publicUrl}/r/${room.id}`;
    return json(
      {
        room,
        editToken,
        viewToken,
        editUrl: `${roomUrl}#edit=${editToken}`,
        viewUrl: `${roomUrl}#view=${viewToken}`,
      },
      201,
      { location: `/r/${room.id}` },
    );
  });

  router.add('GET', '/api/rooms/:id', async (request) => {
    const room = await rooms.find(request.params.id!);
    if (!room) throw new HttpError(404, 'room_not_found', 'There is no such room.');
    return json({ room });
  });

  router.add('GET', '/api/rooms/:id/face.png', async (request) => {
    const face = await rooms.latestFace(request.params.id!);
    if (!face) throw new HttpError(404, 'face_not_found', 'This room has no face yet.');
    return binary(face.png, 'image/png', { 'x-face-revision': String(face.revision) });
  });
}
