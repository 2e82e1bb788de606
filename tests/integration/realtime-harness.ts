import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import * as Y from 'yjs';
import { addStroke, readMeta, readSliders, readStrokes } from '../../lib/doc/index.ts';
import { RoomProvider, type RoomProviderOptions } from '../../lib/realtime/provider.ts';
import type { Database } from '../../server/db/database.ts';
import { QUOTAS, Quotas, type Quota, type QuotaName } from '../../server/http/quotas.ts';
import { createLogger } from '../../server/log.ts';
import { attachRealtime, type Realtime, type RealtimeOptions } from '../../server/realtime/index.ts';

/** The realtime layer on its own HTTP + Socket.IO server, over the real repositories. */
export interface RealtimeServer {
  url: string;
  port: number;
  realtime: Realtime;
  /** Stops like a crash: sockets dropped, nothing flushed or compacted. */
  kill(): Promise<void>;
  /** Stops like a shutdown: sockets dropped, then every room flushed and compacted. */
  close(): Promise<void>;
}

/** Quotas out of the way: these tests open many connections from one address on purpose. */
const UNLIMITED = new Quotas(
  Object.fromEntries(Object.entries(QUOTAS).map(([name, quota]) => [name, { ...quota, points: 1e9 }])) as Record<QuotaName, Quota>,
);

export async function startRealtimeServer(
  db: Database,
  options: Partial<RealtimeOptions> = {},
  port = 0,
  quotas: Quotas = UNLIMITED,
): Promise<RealtimeServer> {
  const server = http.createServer();
  const io = new Server(server, { serveClient: false });
  const realtime = attachRealtime(io, db, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), options, quotas);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actualPort = (server.address() as AddressInfo).port;
  const stop = () => io.close().catch(() => {}); // io.close also closes the HTTP server
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    realtime,
    kill: stop,
    async close() {
      await stop();
      await realtime.close();
    },
  };
}

export interface Client {
  doc: Y.Doc;
  provider: RoomProvider;
}

export function connectClient(url: string, roomId: string, token: string, options: Partial<RoomProviderOptions> = {}): Client {
  const doc = new Y.Doc();
  const provider = new RoomProvider({
    url,
    roomId,
    token,
    doc,
    reconnectDelayMs: 50,
    reconnectDelayMaxMs: 400,
    ackTimeoutMs: 5_000,
    socketOptions: { transports: ['websocket'] },
    ...options,
  });
  return { doc, provider };
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** What users see of a document: comparable with toEqual. */
export function contentOf(doc: Y.Doc) {
  return {
    strokes: readStrokes(doc).map((stroke) => ({ ...stroke, points: [...stroke.points] })),
    sliders: readSliders(doc),
    meta: readMeta(doc),
  };
}

/** Connects a fresh client, waits for the server's state, disconnects: the server's document. */
export async function serverContent(url: string, roomId: string, token: string) {
  const { doc, provider } = connectClient(url, roomId, token);
  await provider.whenSynced();
  provider.destroy();
  return contentOf(doc);
}

/** A small seeded PRNG (mulberry32), so a failing run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The ids of the strokes PostgreSQL holds for a room (snapshot and tail replayed). */
export async function storedStrokeIds(db: Database, roomId: string): Promise<Set<string>> {
  const stored = await db.roomDocuments.load(roomId);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const update of stored.updates) Y.applyUpdate(doc, update.bytes);
  return new Set(readStrokes(doc).map((stroke) => stroke.id));
}

/** Draws bursts of strokes; after each burst is acknowledged, records its strokes as acknowledged. */
export function drawUntilStopped(client: Client, name: string, acknowledged: Set<string>, random: () => number) {
  let stopped = false;
  let count = 0;
  const done = (async () => {
    while (!stopped) {
      const burst: string[] = [];
      for (let i = 0; i < 1 + Math.floor(random() * 4); i++) {
        const id = `${name}-${count++}`;
        const points = new Float32Array(Array.from({ length: 30 }, () => random()));
        addStroke(client.doc, { id, author: name, tool: 'pen', width: 0.01, points });
        burst.push(id);
      }
      await Promise.race([client.provider.whenAcknowledged(), new Promise((resolve) => setTimeout(resolve, 2_000))]);
      if (client.provider.unacknowledged === 0) for (const id of burst) acknowledged.add(id);
      await new Promise((resolve) => setTimeout(resolve, random() * 10));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}
