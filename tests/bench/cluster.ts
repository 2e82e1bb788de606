/**
 * `npm run bench:cluster`: the cluster mode on this machine: two web nodes (`npm start` with REDIS_URL,
 * INFERENCE_WORKERS=0) behind HAProxy (deploy/haproxy.cfg), inference workers (`npm run worker`, one
 * thread each), the system Redis (REDIS_URL, else 127.0.0.1:6379) and PostgreSQL (DATABASE_URL's
 * server, else an embedded one). It measures:
 *  - stroke delivery between editors on the same node and on different nodes (p50/p99);
 *  - faces per second with one and with two workers, every room dragging a slider all the time;
 *  - how long the clients of a node killed with SIGKILL take to edit again through the other node.
 * Models: MODELS_DIR (relative to the repository), else the shipped models/.
 */
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import * as Y from 'yjs';
import { addStroke, setSlider, strokesOf, type StrokeRecord } from '../../lib/doc/index.ts';
import { RoomProvider } from '../../lib/realtime/provider.ts';
import { connectDatabase, type Database } from '../../server/db/database.ts';
import { startCluster, type RunningCluster } from '../support/cluster.ts';
import { createTestDatabase, startTestPostgres } from '../support/database.ts';

const DELIVERY_ROOMS = 10;
const EDITORS_PER_NODE = 2;
const STROKES_PER_ROOM_PER_S = 4;
const MEASURE_MS = 5_000;
const FACE_ROOMS = 8;
const SLIDER_MOVES_PER_S = 30;
const RECOVERY_EDITORS = 6;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const ms = (value: number) => (Number.isNaN(value) ? '–' : value.toFixed(1));
let seed = 99;
const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const points = () => new Float32Array(Array.from({ length: 40 * 3 }, () => random()));

interface Editor {
  node: number;
  doc: Y.Doc;
  provider: RoomProvider;
}

function connect(url: string, roomId: string, token: string, node: number): Editor {
  const doc = new Y.Doc();
  const provider = new RoomProvider({ url, roomId, token, doc, reconnectDelayMs: 50, reconnectDelayMaxMs: 200, socketOptions: { transports: ['websocket'] } });
  return { node, doc, provider };
}

/** Stroke ids carry the sender's node and send time: `t<ms, '_' for '.'>-n<node>-<random>`. */
const strokeId = (node: number) => `t${performance.now().toFixed(3).replace('.', '_')}-n${node}-${Math.floor(random() * 1e9)}`;
function parseStrokeId(id: string): { sentAt: number; node: number } | null {
  const match = /^t(\d+)_(\d+)-n(\d+)-/.exec(id);
  return match ? { sentAt: Number(`${match[1]}.${match[2]}`), node: Number(match[3]) } : null;
}

function onStrokes(editor: Editor, listener: (id: string) => void): void {
  strokesOf(editor.doc).observe((event) => {
    if (event.transaction.local) return;
    for (const item of event.changes.added) for (const stroke of item.content.getContent() as StrokeRecord[]) listener(stroke.id);
  });
}

async function delivery(cluster: RunningCluster, db: Database): Promise<string[]> {
  const latencies = { same: [] as number[], cross: [] as number[] };
  const editors: Editor[][] = [];
  let measuring = { start: Infinity, end: -Infinity };
  for (let r = 0; r < DELIVERY_ROOMS; r++) {
    const { room, editToken } = await db.rooms.create();
    const members = cluster.nodes.flatMap((node, n) => Array.from({ length: EDITORS_PER_NODE }, () => connect(node.url, room.id, editToken, n)));
    for (const member of members) {
      onStrokes(member, (id) => {
        const parsed = parseStrokeId(id);
        if (!parsed || parsed.sentAt < measuring.start || parsed.sentAt >= measuring.end) return;
        (parsed.node === member.node ? latencies.same : latencies.cross).push(performance.now() - parsed.sentAt);
      });
    }
    editors.push(members);
  }
  await Promise.all(editors.flat().map((editor) => editor.provider.whenSynced()));
  const run = async (durationMs: number) => {
    const until = performance.now() + durationMs;
    await Promise.all(
      editors.map(async (members) => {
        while (performance.now() < until) {
          const sender = members[Math.floor(random() * members.length)]!;
          addStroke(sender.doc, { id: strokeId(sender.node), author: 'bench', tool: 'pen', width: 0.01, points: points() });
          await sleep((1000 / STROKES_PER_ROOM_PER_S) * (0.5 + random()));
        }
      }),
    );
  };
  await run(500); // warm-up
  measuring = { start: performance.now(), end: performance.now() + MEASURE_MS };
  await run(MEASURE_MS);
  await sleep(1_000);
  editors.flat().forEach((editor) => editor.provider.destroy());
  const row = (name: string, values: number[]) => `| ${name} | ${ms(percentile(values, 50))} | ${ms(percentile(values, 99))} | ${values.length} |`;
  return [
    `Stroke delivery: ${DELIVERY_ROOMS} rooms, ${EDITORS_PER_NODE} editors per room on each node, ${STROKES_PER_ROOM_PER_S} strokes/s per room, ${MEASURE_MS / 1000} s.`,
    '',
    '| sender → receiver | p50 ms | p99 ms | deliveries |',
    '|---|---|---|---|',
    row('same node', latencies.same),
    row('other node', latencies.cross),
    `| ratio | ${(percentile(latencies.cross, 50) / percentile(latencies.same, 50)).toFixed(2)}× | ${(percentile(latencies.cross, 99) / percentile(latencies.same, 99)).toFixed(2)}× | |`,
  ];
}

/** Faces finished per second while every room drags a slider without pause. */
async function facesPerSecond(cluster: RunningCluster, db: Database): Promise<{ faces: number; perRoomMin: number }> {
  const connection = new Redis(cluster.redisUrl, { maxRetriesPerRequest: null });
  const events = new QueueEvents('renders', { connection, prefix: cluster.prefix });
  await events.waitUntilReady();
  const editors: Editor[] = [];
  for (let r = 0; r < FACE_ROOMS; r++) {
    const { room, editToken } = await db.rooms.create();
    const node = r % cluster.nodes.length;
    const editor = connect(cluster.nodes[node]!.url, room.id, editToken, node);
    editors.push(editor);
  }
  await Promise.all(editors.map((editor) => editor.provider.whenSynced()));
  for (const editor of editors) for (let i = 0; i < 12; i++) addStroke(editor.doc, { id: `s${i}`, author: 'bench', tool: 'pen', width: 0.01, points: points() });
  const counts = new Map<string, number>();
  let counting = false;
  events.on('completed', ({ returnvalue }) => {
    const result = returnvalue as unknown as { roomId: string } | null;
    if (counting && result) counts.set(result.roomId, (counts.get(result.roomId) ?? 0) + 1);
  });
  let dragging = true;
  const drags = editors.map(async (editor) => {
    for (let step = 0; dragging; step++) {
      setSlider(editor.doc, 'Smiling', Math.sin(step / 10));
      await sleep(1000 / SLIDER_MOVES_PER_S);
    }
  });
  await sleep(1_000);
  counting = true;
  await sleep(MEASURE_MS);
  counting = false;
  dragging = false;
  await Promise.all(drags);
  editors.forEach((editor) => editor.provider.destroy());
  await events.close();
  connection.disconnect();
  const perRoom = editors.map((editor) => counts.get(editor.provider.roomId) ?? 0);
  return { faces: perRoom.reduce((a, b) => a + b, 0) / (MEASURE_MS / 1000), perRoomMin: Math.min(...perRoom) / (MEASURE_MS / 1000) };
}

/** From SIGKILL of node 1 until a stroke drawn after it by each editor reaches another editor. */
async function recovery(cluster: RunningCluster, db: Database): Promise<string[]> {
  const { room, editToken } = await db.rooms.create();
  const editors = Array.from({ length: RECOVERY_EDITORS }, (_, i) => connect(cluster.url!, room.id, editToken, i));
  await Promise.all(editors.map((editor) => editor.provider.whenSynced()));
  const killedAt = performance.now();
  const recoveredAt = new Map<number, number>();
  for (const editor of editors) {
    onStrokes(editor, (id) => {
      const parsed = parseStrokeId(id);
      if (parsed && parsed.sentAt >= killedAt && !recoveredAt.has(parsed.node)) recoveredAt.set(parsed.node, performance.now());
    });
  }
  await cluster.nodes[0]!.stop('SIGKILL');
  while (recoveredAt.size < editors.length && performance.now() - killedAt < 60_000) {
    for (const [i, editor] of editors.entries()) {
      if (!recoveredAt.has(i)) addStroke(editor.doc, { id: strokeId(i), author: 'bench', tool: 'pen', width: 0.01, points: points() });
    }
    await sleep(50);
  }
  editors.forEach((editor) => editor.provider.destroy());
  const times = [...recoveredAt.values()].map((at) => at - killedAt);
  return [
    `Recovery: ${RECOVERY_EDITORS} editors through HAProxy (about half on node 1), node 1 killed with SIGKILL; time until a stroke each editor draws after the kill reaches another editor.`,
    '',
    '| editors recovered | fastest ms | median ms | slowest ms |',
    '|---|---|---|---|',
    `| ${times.length} of ${RECOVERY_EDITORS} | ${ms(Math.min(...times))} | ${ms(percentile(times, 50))} | ${ms(Math.max(...times))} |`,
  ];
}

async function main() {
  const started = performance.now();
  const postgres = await startTestPostgres();
  const database = await createTestDatabase(postgres.adminUrl);
  const db = connectDatabase(database.url);
  const modelsDir = process.env.MODELS_DIR || 'models';
  const cluster = await startCluster({ databaseUrl: database.url, workers: 1, balancer: true, env: { MODELS_DIR: modelsDir } });
  try {
    const lines = await delivery(cluster, db);
    console.error('  delivery done');
    const one = await facesPerSecond(cluster, db);
    await cluster.addWorker();
    const two = await facesPerSecond(cluster, db);
    console.error('  faces done');
    lines.push(
      '',
      `Faces: ${FACE_ROOMS} rooms (half on each node) dragging a slider ${SLIDER_MOVES_PER_S} times a second, ${MEASURE_MS / 1000} s, model from ${modelsDir}; workers run one inference thread each.`,
      '',
      '| workers | faces/s (cluster) | faces/s (slowest room) |',
      '|---|---|---|',
      `| 1 | ${one.faces.toFixed(1)} | ${one.perRoomMin.toFixed(1)} |`,
      `| 2 | ${two.faces.toFixed(1)} | ${two.perRoomMin.toFixed(1)} |`,
      '',
      ...(await recovery(cluster, db)),
      '',
      `Total ${((performance.now() - started) / 1000).toFixed(0)} s.`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await cluster.stop();
    await db.close();
    await database.drop();
    await postgres.stop();
  }
}

await main();
