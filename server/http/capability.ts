import type { RoomAccess, RoomRepository } from '../db/rooms.ts';
import { HttpError, type ApiRequest } from './router.ts';

/** The room token of `Authorization: Bearer <token>`; a 401 without one. */
export function bearerToken(request: ApiRequest): string {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new HttpError(401, 'unauthorized', 'Send the room’s edit link token as "Authorization: Bearer <token>".');
  return match[1]!;
}

/** What the request's token grants in the room: 404 for no such room, 403 for too little. */
export async function requireRoomAccess(rooms: Pick<RoomRepository, 'find' | 'verifyToken'>, request: ApiRequest, roomId: string, needed: RoomAccess): Promise<RoomAccess> {
  const token = bearerToken(request);
  if (!(await rooms.find(roomId))) throw new HttpError(404, 'room_not_found', 'There is no such room.');
  const access = await rooms.verifyToken(roomId, token);
  if (access === null || (needed === 'edit' && access !== 'edit')) {
    throw new HttpError(403, 'forbidden', needed === 'edit' ? 'Only someone with the room’s edit link can do that.' : 'This link does not open the room.');
  }
  return access;
}
