import type { Namespace } from 'socket.io';
import { asBytes } from '../../lib/realtime/protocol.ts';
import type { Logger } from '../log.ts';
import type { RoomRegistry, RoomLinks } from './registry.ts';
import type { Room } from './room.ts';
import { socketIoTransport } from './transport.ts';

/** Server-side events between the nodes of a cluster, carried by the namespace's Socket.IO adapter (Redis). */
const PEER_EVENTS = { update: 'peer:update', awareness: 'peer:awareness' } as const;

/**
 * How rooms are linked on one node. Alone: only its own sockets. In a cluster every node that hosts a
 * room's clients keeps a replica of it; `serverSideEmit` reaches the other nodes through the adapter.
 */
export function roomLinks(namespace: Namespace, clustered: boolean): RoomLinks {
  return {
    transportFor: (roomId) => socketIoTransport(namespace, roomId),
    peersFor: (roomId) =>
      clustered
        ? {
            shareUpdate: (update) => void namespace.serverSideEmit(PEER_EVENTS.update, roomId, update),
            shareAwareness: (update) => void namespace.serverSideEmit(PEER_EVENTS.awareness, roomId, update),
          }
        : null,
  };
}

/**
 * Applies what other nodes relay to the replicas loaded here. A room this node has not loaded ignores
 * it: loading reads the database, which holds every relayed update already. One that is loading gets
 * it once loaded (the load may have read the database just before the update was stored).
 */
export function receiveFromPeers(namespace: Namespace, registry: RoomRegistry, log: Logger): void {
  const onRoom = (event: string, apply: (room: Room, bytes: Uint8Array) => void) => {
    namespace.on(event, (roomId: unknown, data: unknown) => {
      const bytes = asBytes(data);
      if (typeof roomId !== 'string' || !bytes) return;
      void registry.peek(roomId).then((room) => {
        if (!room) return;
        try {
          apply(room, bytes);
        } catch (error) {
          log.error({ err: error, roomId, event }, 'a relayed change could not be applied');
        }
      });
    });
  };
  onRoom(PEER_EVENTS.update, (room, bytes) => room.applyDurable(bytes, 'remote'));
  onRoom(PEER_EVENTS.awareness, (room, bytes) => room.applyRemoteAwareness(bytes));
}
