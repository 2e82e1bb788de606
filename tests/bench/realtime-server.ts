/**
 * The server side of `npm run bench:realtime`, in its own process so its CPU and memory are its own:
 * our realtime layer on `/realtime` and, for comparison, a plain Socket.IO relay on `/relay` (no
 * CRDT, no validation, no persistence: every message is forwarded to the rest of the room).
 * Driven over IPC by tests/bench/realtime.ts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Server } from 'socket.io';
import { connectDatabase } from '../../server/db/database.ts';
import { createLogger } from '../../server/log.ts';
import { attachRealtime } from '../../server/realtime/index.ts';

export type BenchServerRequest = { type: 'memory' } | { type: 'unload'; roomIds: string[] } | { type: 'stop' };
export type BenchServerReply =
  | { type: 'ready'; url: string }
  | { type: 'memory'; heapUsed: number; rooms: number; sockets: number }
  | { type: 'unloaded' }
  | { type: 'stopped' };

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const databaseUrl = process.argv[2];
if (!databaseUrl) throw new Error('usage: realtime-server.ts DATABASE_URL');
const db = connectDatabase(databaseUrl);
const server = http.createServer();
const io = new Server(server, { serveClient: false });
const unlimited = { messagesPerSecond: 1e6, messageBurst: 1e6, bytesPerSecond: 1e9, byteBurst: 1e9 };
const realtime = attachRealtime(io, db, createLogger('warn'), { rateLimits: unlimited, idleUnloadMs: 600_000 });

const relay = io.of('/relay');
relay.on('connection', (socket) => {
  const room = String((socket.handshake.auth as { roomId?: unknown }).roomId);
  void socket.join(room);
  socket.on('msg', (sentAt: number, bytes: Uint8Array) => socket.to(room).emit('msg', sentAt, bytes));
});

function reply(message: BenchServerReply): void {
  process.send!(message);
}

process.on('message', (request: BenchServerRequest) => {
  void (async () => {
    if (request.type === 'memory') {
      gc();
      gc();
      reply({ type: 'memory', heapUsed: process.memoryUsage().heapUsed, ...realtime.stats() });
    } else if (request.type === 'unload') {
      await Promise.all(request.roomIds.map((roomId) => realtime.unloadRoom(roomId)));
      reply({ type: 'unloaded' });
    } else {
      await io.close();
      await realtime.close();
      await db.close();
      reply({ type: 'stopped' });
      process.exit(0);
    }
  })();
});

server.listen(0, '127.0.0.1', () => {
  reply({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
