import type { Socket } from 'socket.io';
import {
  EVENTS,
  ROOM_ID_PATTERN,
  asBytes,
  type AckResult,
  type Capability,
  type RefusalCode,
  type RefusalData,
} from '../../lib/realtime/protocol.ts';
import { QuotaExceeded, type Quotas } from '../http/quotas.ts';
import { isOriginAllowed } from '../http/same-origin.ts';
import type { Logger } from '../log.ts';
import { Refusal } from './errors.ts';
import { SocketRateLimiter, type RateLimits } from './rate-limit.ts';
import type { RoomRegistry } from './registry.ts';
import type { Room } from './room.ts';
import type { RealtimeStore } from './store.ts';
import { roomChannel } from './transport.ts';

export interface ConnectionOptions {
  /** Origins besides the server's own host that browsers may connect from (e.g. PUBLIC_URL). */
  allowedOrigins: readonly string[];
  maxSocketsPerRoom: number;
  /** Of maxSocketsPerRoom, the connections only edit links may take: view links cannot lock editors out. */
  editorSlots: number;
  rateLimits: RateLimits;
  /** A socket refused more often than this within a minute is disconnected. */
  maxRefusalsPerMinute: number;
}

interface SocketData {
  roomId: string;
  capability: Capability;
}

type Middleware = (socket: Socket, next: (error?: Error) => void) => void;

function handshakeError(code: RefusalCode, message: string): Error {
  return Object.assign(new Error(message), { data: { code, message } satisfies RefusalData });
}

/** Checks Origin and the room token before a socket connects; the refusal reaches the client as connect_error. */
export function authenticate(store: RealtimeStore, options: ConnectionOptions, quotas: Quotas, log: Logger): Middleware {
  return (socket, next) => {
    const { origin, host } = socket.handshake.headers;
    if (!isOriginAllowed(origin, host, options.allowedOrigins)) {
      next(handshakeError('bad-origin', `connections from ${origin} are not allowed`));
      return;
    }
    quotas.take('socketConnect', socket.handshake.address).then(
      () => checkToken(socket, next),
      (error: unknown) => next(handshakeError('rate-limited', error instanceof QuotaExceeded ? error.message : 'too many connections')),
    );
  };

  function checkToken(socket: Socket, next: (error?: Error) => void): void {
    const auth = socket.handshake.auth as Record<string, unknown>;
    const { roomId, token } = auth;
    if (typeof roomId !== 'string' || !ROOM_ID_PATTERN.test(roomId) || typeof token !== 'string' || token.length > 256) {
      next(handshakeError('bad-handshake', 'the handshake needs auth: { roomId, token }'));
      return;
    }
    store.rooms.verifyToken(roomId, token).then(
      (capability) => {
        if (!capability) {
          next(handshakeError('unauthorized', 'this link is not valid for this room'));
          return;
        }
        socket.data = { roomId, capability } satisfies SocketData;
        next();
      },
      (error: unknown) => {
        log.error({ err: error, roomId }, 'verifying a room token failed');
        next(handshakeError('unavailable', 'the room cannot be opened right now; retrying'));
      },
    );
  }
}

/** Serves one authenticated socket: joins its room, routes its messages, enforces its limits. */
export function serveSocket(socket: Socket, registry: RoomRegistry, options: ConnectionOptions, log: Logger): void {
  const { roomId, capability } = socket.data as SocketData;
  const limiter = new SocketRateLimiter(options.rateLimits);
  const refusals = new RefusalCounter(options.maxRefusalsPerMinute);

  const ready: Promise<Room | null> = registry.acquire(roomId).then((room) => {
    if (!socket.connected) {
      registry.release(room);
      return null;
    }
    const viewLimit = options.maxSocketsPerRoom - options.editorSlots;
    if (room.sockets >= options.maxSocketsPerRoom || (capability !== 'edit' && room.viewers >= viewLimit)) {
      registry.release(room);
      const limit = capability === 'edit' ? options.maxSocketsPerRoom : viewLimit;
      throw new Refusal('room-full', `a room holds at most ${limit} connections with this kind of link`);
    }
    void socket.join(roomChannel(roomId));
    room.join(socket.id, capability);
    return room;
  });
  ready.catch((error: unknown) => {
    const refusal = error instanceof Refusal ? error : new Refusal('unavailable', 'the room cannot be opened right now; retrying');
    if (!(error instanceof Refusal)) log.error({ err: error, roomId }, 'loading the room failed');
    socket.emit(EVENTS.refused, refusal.toData());
    socket.disconnect(true);
  });

  // Messages that arrive while the room loads wait for it; if it fails to load, ready's handler above reports it once.
  const joined = ready.catch(() => null);

  const refuse = (error: unknown, respond: (result: AckResult) => void) => {
    if (!(error instanceof Refusal)) log.error({ err: error, roomId }, 'handling a realtime message failed');
    const refusal = error instanceof Refusal ? error : new Refusal('unavailable', 'the message could not be handled');
    respond({ ok: false, ...refusal.toData() });
    if (refusals.count()) {
      log.warn({ roomId, socket: socket.id }, 'disconnecting a socket that keeps sending refused messages');
      socket.disconnect(true);
    }
  };

  const receive = (event: string, data: unknown, respond: (result: AckResult) => void, handle: (room: Room, bytes: Uint8Array) => Promise<void> | void) => {
    const bytes = asBytes(data);
    if (!bytes) return refuse(new Refusal('malformed', `${event} messages are binary`), respond);
    if (!limiter.allow(bytes.byteLength)) return refuse(new Refusal('rate-limited', 'slow down: too many messages'), respond);
    joined
      .then(async (room) => {
        if (room) await handle(room, bytes);
      })
      .then(
        () => respond({ ok: true }),
        (error: unknown) => refuse(error, respond),
      );
  };

  const responder = (ack: unknown) => (result: AckResult) => {
    if (typeof ack === 'function') ack(result);
    else if (!result.ok) socket.emit(EVENTS.refused, { code: result.code, message: result.message } satisfies RefusalData);
  };

  socket.on(EVENTS.sync, (data: unknown, ack: unknown) => {
    receive(EVENTS.sync, data, responder(ack), (room, bytes) => room.receiveSync(socket.id, capability, bytes));
  });
  socket.on(EVENTS.awareness, (data: unknown, ack: unknown) => {
    receive(EVENTS.awareness, data, responder(ack), (room, bytes) => room.receiveAwareness(socket.id, capability, bytes));
  });
  socket.on('disconnect', () => {
    void joined.then((room) => {
      if (!room) return;
      room.leave(socket.id);
      registry.release(room);
    });
  });
}

/** Counts refusals in one-minute windows; true once a window's count passes the limit. */
class RefusalCounter {
  private windowStart = 0;
  private inWindow = 0;

  constructor(private readonly limit: number) {}

  count(): boolean {
    const now = performance.now();
    if (now - this.windowStart > 60_000) {
      this.windowStart = now;
      this.inWindow = 0;
    }
    return ++this.inWindow > this.limit;
  }
}
