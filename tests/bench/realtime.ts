/**
 * `npm run bench:realtime`: what our guarantees (CRDT merge, validation, durable acks in PostgreSQL)
 * cost against a plain Socket.IO relay, on the same machine in the same run.
 *
 * For each shape (rooms × clients per room) every room receives STROKES_PER_ROOM_PER_S finished
 * strokes per second from random members; we time each stroke from the sender's call to its arrival
 * in every other member's document (fan-out latency) and count deliveries per second. The relay
 * forwards the same bytes. Then: durable ack latency for one writer, and server heap per idle room
 * (loaded, nobody connected) and per active room (clients connected). The server runs in its own
 * process; the clients share this one and join room after room. PostgreSQL: DATABASE_URL's server,
 * else an embedded one.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import * as Y from 'yjs';
import { addStroke, strokesOf, type StrokeRecord } from '../../lib/doc/index.ts';
import { RoomProvider } from '../../lib/realtime/provider.ts';
import { connectDatabase, type Database } from '../../server/db/database.ts';
import { createTestDatabase, startTestPostgres } from '../support/database.ts';
import type { BenchServerReply, BenchServerRequest } from './realtime-server.ts';

const SHAPES = [
  { rooms: 10, clients: 5 },
  { rooms: 10, clients: 20 },
  { rooms: 50, clients: 5 },
  { rooms: 50, clients: 20 },
];
const STROKES_PER_ROOM_PER_S = 4;
const WARMUP_MS = 500;
const MEASURE_MS = 4_000;
const DRAIN_MS = 1_000;
const POINTS_PER_STROKE = 40;
const PREFILLED_STROKES = 60;

/** Strokes sent within [start, end) count, whenever they arrive. */
interface Sample {
  start: number;
  end: number;
  latencies: number[];
  deliveries: number;
  sent: number;
}

function record(sample: Sample, sentAt: number, now: number): void {
  if (sentAt < sample.start || sentAt >= sample.end) return;
  sample.latencies.push(now - sentAt);
  sample.deliveries++;
}

interface Participant {
  send(): void;
  close(): void;
}

type System = 'crdt' | 'relay';

const random = (() => {
  let state = 12345;
  return () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
})();

function randomPoints(): Float32Array {
  return new Float32Array(Array.from({ length: POINTS_PER_STROKE * 3 }, () => random()));
}

class BenchServer {
  private readonly child: ChildProcess;
  private readonly replies: ((reply: BenchServerReply) => void)[] = [];
  readonly ready: Promise<string>;

  constructor(databaseUrl: string) {
    this.child = fork(path.join(import.meta.dirname, 'realtime-server.ts'), [databaseUrl], { execArgv: ['--import', 'tsx'] });
    this.ready = new Promise((resolve) => this.replies.push((reply) => reply.type === 'ready' && resolve(reply.url)));
    this.child.on('message', (reply: BenchServerReply) => this.replies.shift()?.(reply));
  }

  request(request: BenchServerRequest): Promise<BenchServerReply> {
    return new Promise((resolve) => {
      this.replies.push(resolve);
      this.child.send(request);
    });
  }

  /** Asks the server to stop; kills it if it has not within a few seconds. */
  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ type: 'stop' } satisfies BenchServerRequest);
    await Promise.race([exited, sleep(10_000)]);
    this.child.kill('SIGKILL');
  }

  async heapUsed(): Promise<number> {
    const reply = await this.request({ type: 'memory' });
    if (reply.type !== 'memory') throw new Error(`unexpected reply ${reply.type}`);
    return reply.heapUsed;
  }
}

async function createRooms(db: Database, count: number): Promise<{ id: string; token: string }[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const { room, editToken } = await db.rooms.create();
      const doc = new Y.Doc();
      for (let i = 0; i < PREFILLED_STROKES; i++) addStroke(doc, { id: `pre-${i}`, author: 'bench', tool: 'pen', width: 0.01, points: randomPoints() });
      await db.roomDocuments.append(room.id, [Y.encodeStateAsUpdate(doc)]);
      return { id: room.id, token: editToken };
    }),
  );
}

/** Stroke ids carry their send time, so receivers can time them. */
const strokeId = () => `t${performance.now().toFixed(3).replace('.', '_')}-${Math.floor(random() * 1e9)}`;
const sentAtOf = (id: string) => Number(id.slice(1, id.indexOf('-')).replace('_', '.'));

async function crdtParticipant(url: string, roomId: string, token: string, sample: Sample): Promise<Participant> {
  const doc = new Y.Doc();
  const provider = new RoomProvider({ url, roomId, token, doc, socketOptions: { transports: ['websocket'] } });
  strokesOf(doc).observe((event) => {
    if (event.transaction.local) return;
    const now = performance.now();
    for (const item of event.changes.added) {
      for (const stroke of item.content.getContent() as StrokeRecord[]) {
        if (stroke.id.startsWith('t')) record(sample, sentAtOf(stroke.id), now);
      }
    }
  });
  await provider.whenSynced();
  return {
    send: () => addStroke(doc, { id: strokeId(), author: 'bench', tool: 'pen', width: 0.01, points: randomPoints() }),
    close: () => provider.destroy(),
  };
}

async function relayParticipant(url: string, roomId: string, sample: Sample): Promise<Participant> {
  const socket: Socket = io(`${url}/relay`, { auth: { roomId }, forceNew: true, transports: ['websocket'] });
  socket.on('msg', (sentAt: number) => record(sample, sentAt, performance.now()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  // The same bytes a stroke update carries on the CRDT path.
  const doc = new Y.Doc();
  return {
    send: () => {
      const before = Y.encodeStateVector(doc);
      addStroke(doc, { id: strokeId(), author: 'bench', tool: 'pen', width: 0.01, points: randomPoints() });
      socket.emit('msg', performance.now(), Y.encodeStateAsUpdate(doc, before));
    },
    close: () => socket.disconnect(),
  };
}

/** Each room sends STROKES_PER_ROOM_PER_S from random members, with jittered timing. */
async function drive(rooms: Participant[][], sample: Sample): Promise<void> {
  const interval = 1000 / STROKES_PER_ROOM_PER_S;
  let running = true;
  const timers = rooms.map((members) => {
    const tick = () => {
      if (!running) return;
      const now = performance.now();
      if (now >= sample.start && now < sample.end) sample.sent++;
      members[Math.floor(random() * members.length)]!.send();
      setTimeout(tick, interval * (0.5 + random()));
    };
    return setTimeout(tick, random() * interval);
  });
  sample.start = performance.now() + WARMUP_MS;
  sample.end = sample.start + MEASURE_MS;
  await sleep(WARMUP_MS + MEASURE_MS);
  running = false;
  await sleep(DRAIN_MS); // strokes sent in the window still count when they arrive
  for (const timer of timers) clearTimeout(timer);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Result {
  p50: number;
  p99: number;
  deliveriesPerS: number;
  deliveredShare: number;
}

function summarise(sample: Sample, clients: number): Result {
  const sorted = sample.latencies.sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    deliveriesPerS: sample.deliveries / (MEASURE_MS / 1000),
    deliveredShare: sample.deliveries / Math.max(1, sample.sent * (clients - 1)),
  };
}

async function runShape(server: BenchServer, url: string, db: Database, shape: (typeof SHAPES)[number], system: System) {
  const rooms = await createRooms(db, shape.rooms);
  const sample: Sample = { start: Infinity, end: Infinity, latencies: [], deliveries: 0, sent: 0 };
  const heapBefore = system === 'crdt' ? await server.heapUsed() : 0;
  const participants: Participant[][] = [];
  for (const room of rooms) {
    participants.push(
      await Promise.all(
        Array.from({ length: shape.clients }, () => (system === 'crdt' ? crdtParticipant(url, room.id, room.token, sample) : relayParticipant(url, room.id, sample))),
      ),
    );
  }
  const heapActive = system === 'crdt' ? await server.heapUsed() : 0;
  await drive(participants, sample);
  for (const members of participants) for (const participant of members) participant.close();
  let memory: { activePerRoom: number; idlePerRoom: number } | null = null;
  if (system === 'crdt') {
    await sleep(300);
    const heapIdle = await server.heapUsed();
    memory = { activePerRoom: (heapActive - heapBefore) / shape.rooms, idlePerRoom: (heapIdle - heapBefore) / shape.rooms };
    await server.request({ type: 'unload', roomIds: rooms.map((room) => room.id) });
  }
  return { result: summarise(sample, shape.clients), memory };
}

/** Loads every code path once, so the first shape's memory figures are not one-time costs. */
async function warmUp(server: BenchServer, url: string, db: Database): Promise<void> {
  const rooms = await createRooms(db, 2);
  const sample: Sample = { start: Infinity, end: Infinity, latencies: [], deliveries: 0, sent: 0 };
  for (const room of rooms) {
    const participant = await crdtParticipant(url, room.id, room.token, sample);
    participant.send();
    await sleep(100);
    participant.close();
  }
  await server.request({ type: 'unload', roomIds: rooms.map((room) => room.id) });
}

async function ackLatency(url: string, db: Database): Promise<{ p50: number; p99: number }> {
  const [room] = await createRooms(db, 1);
  const doc = new Y.Doc();
  const provider = new RoomProvider({ url, roomId: room!.id, token: room!.token, doc, socketOptions: { transports: ['websocket'] } });
  await provider.whenSynced();
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    addStroke(doc, { id: `ack-${i}`, author: 'bench', tool: 'pen', width: 0.01, points: randomPoints() });
    await provider.whenAcknowledged();
    times.push(performance.now() - started);
  }
  provider.destroy();
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

const ms = (value: number) => (Number.isNaN(value) ? '–' : value.toFixed(1));
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

async function main() {
  const started = performance.now();
  const postgres = await startTestPostgres();
  const database = await createTestDatabase(postgres.adminUrl);
  const db = connectDatabase(database.url);
  const server = new BenchServer(database.url);
  const url = await server.ready;
  try {
    const rows: string[] = [];
    const memoryRows: string[] = [];
    await warmUp(server, url, db);
    for (const shape of SHAPES) {
      const crdt = await runShape(server, url, db, shape, 'crdt');
      const relay = await runShape(server, url, db, shape, 'relay');
      const label = `${shape.rooms} × ${shape.clients}`;
      for (const [name, { result }] of [['facesketch', crdt], ['plain relay', relay]] as const) {
        rows.push(`| ${label} | ${name} | ${ms(result.p50)} | ${ms(result.p99)} | ${result.deliveriesPerS.toFixed(0)} | ${(result.deliveredShare * 100).toFixed(1)}% |`);
      }
      const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '–');
      rows.push(`| ${label} | ratio | ${ratio(crdt.result.p50, relay.result.p50)} | ${ratio(crdt.result.p99, relay.result.p99)} | ${ratio(crdt.result.deliveriesPerS, relay.result.deliveriesPerS)} | |`);
      if (crdt.memory) memoryRows.push(`| ${label} | ${kib(crdt.memory.activePerRoom)} | ${kib(crdt.memory.idlePerRoom)} |`);
      console.error(`  ${label} done`);
    }
    const ack = await ackLatency(url, db);

    const lines = [
      `Fan-out: ${STROKES_PER_ROOM_PER_S} strokes/s per room (${POINTS_PER_STROKE} points each), ${MEASURE_MS / 1000} s measured per run; rooms start with ${PREFILLED_STROKES} strokes.`,
      '',
      '| rooms × clients | server | p50 ms | p99 ms | deliveries/s | delivered |',
      '|---|---|---|---|---|---|',
      ...rows,
      '',
      `Durable ack (one writer, sequential strokes): p50 ${ms(ack.p50)} ms, p99 ${ms(ack.p99)} ms`,
      '',
      'Server heap per room (document with the prefilled strokes):',
      '',
      '| rooms × clients | active (clients connected) | idle (loaded, nobody connected) |',
      '|---|---|---|',
      ...memoryRows,
      '',
      `Total ${((performance.now() - started) / 1000).toFixed(0)} s.`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await server.stop();
    await db.close();
    await database.drop();
    await postgres.stop();
  }
}

await main();
