import type { Namespace } from 'socket.io';

/**
 * How a Room reaches the clients connected to it on this node (after tldraw sync-core's
 * `TLRoomSocket`): the Room never touches Socket.IO itself, so it runs the same over fakes in tests.
 */
export interface RoomTransport {
  /** Sends one event to one client. */
  send(socketId: string, event: string, payload: unknown): void;
  /** Sends one event to every client of the room on this node, except `exceptSocketId`. */
  broadcast(event: string, payload: unknown, exceptSocketId?: string): void;
  /** Disconnects one client (the room is going away under it). */
  close(socketId: string): void;
}

export function roomChannel(roomId: string): string {
  return `room:${roomId}`;
}

/**
 * The Socket.IO transport of one room. Broadcasts stay on this node (`local`): in cluster mode every
 * node hosting the room keeps a replica and tells its own clients about the changes it applies.
 */
export function socketIoTransport(namespace: Namespace, roomId: string): RoomTransport {
  const channel = roomChannel(roomId);
  return {
    send: (socketId, event, payload) => void namespace.sockets.get(socketId)?.emit(event, payload),
    broadcast(event, payload, exceptSocketId) {
      const local = namespace.local.to(channel);
      (exceptSocketId === undefined ? local : local.except(exceptSocketId)).emit(event, payload);
    },
    close: (socketId) => void namespace.sockets.get(socketId)?.disconnect(true),
  };
}
