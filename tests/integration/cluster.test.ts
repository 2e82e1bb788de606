import { spawn } from 'node:child_process';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type * as Y from 'yjs';
import { addStroke, readStrokes } from '../../lib/doc/index.ts';
import { connectDatabase } from '../../server/db/database.ts';
import { freePort } from '../../server/db/embedded.ts';
import { startCluster, type RunningCluster } from '../support/cluster.ts';
import { connectClient, contentOf, drawUntilStopped, seededRandom, serverContent, storedStrokeIds, waitFor, type Client } from './realtime-harness.ts';

const databaseUrl = inject('databaseUrl');
const db = connectDatabase(databaseUrl);
const clients: Client[] = [];

afterAll(async () => {
  for (const client of clients) client.provider.destroy();
  await db.close();
});

function connect(url: string, roomId: string, token: string): Client {
  const client = connectClient(url, roomId, token, { reconnectDelayMaxMs: 300 });
  clients.push(client);
  return client;
}

const strokeIds = (doc: Y.Doc) => new Set(readStrokes(doc).map((stroke) => stroke.id));

function draw(client: Client, id: string, random: () => number): void {
  addStroke(client.doc, { id, author: 'x', tool: 'pen', width: 0.01, points: new Float32Array(Array.from({ length: 30 }, () => random())) });
}

/** Renders finished in the cluster, per room, as BullMQ reports them. */
async function countRenders(cluster: RunningCluster) {
  const connection = new Redis(cluster.redisUrl, { maxRetriesPerRequest: null });
  const events = new QueueEvents('renders', { connection, prefix: cluster.prefix });
  await events.waitUntilReady();
  const byRoom = new Map<string, number[]>();
  events.on('completed', ({ returnvalue }) => {
    const result = returnvalue as unknown as { roomId: string; revision: number } | null;
    if (result) byRoom.set(result.roomId, [...(byRoom.get(result.roomId) ?? []), result.revision]);
  });
  return {
    of: (roomId: string) => byRoom.get(roomId) ?? [],
    close: async () => {
      await events.close();
      connection.disconnect();
    },
  };
}

describe('two web nodes and a worker on one Redis', () => {
  let cluster: RunningCluster;
  beforeAll(async () => {
    cluster = await startCluster({ databaseUrl, workers: 1 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('two editors on two nodes converge, in memory and in PostgreSQL', async () => {
    const [first, second] = cluster.nodes;
    const { room, editToken } = await db.rooms.create();
    const alice = connect(first!.url, room.id, editToken);
    const bob = connect(second!.url, room.id, editToken);
    await Promise.all([alice.provider.whenSynced(), bob.provider.whenSynced()]);
    const random = seededRandom(12);
    for (let i = 0; i < 40; i++) {
      draw(random() < 0.5 ? alice : bob, `s${i}`, random);
      if (random() < 0.3) await new Promise((resolve) => setTimeout(resolve, random() * 20));
    }
    await Promise.all([alice.provider.whenAcknowledged(), bob.provider.whenAcknowledged()]);
    await waitFor(() => strokeIds(alice.doc).size === 40 && strokeIds(bob.doc).size === 40, 'both editors to see every stroke');
    expect(contentOf(alice.doc)).toEqual(contentOf(bob.doc));
    expect(await serverContent(first!.url, room.id, editToken)).toEqual(contentOf(alice.doc));
    expect(await serverContent(second!.url, room.id, editToken)).toEqual(contentOf(alice.doc));
    expect(await storedStrokeIds(db, room.id)).toEqual(strokeIds(alice.doc));
  });

  it('renders each change once in the whole cluster, and its face reaches the clients of both nodes', async () => {
    const renders = await countRenders(cluster);
    const [first, second] = cluster.nodes;
    const { room, editToken } = await db.rooms.create();
    const drawer = connect(first!.url, room.id, editToken);
    const watcher = connect(second!.url, room.id, editToken);
    await Promise.all([drawer.provider.whenSynced(), watcher.provider.whenSynced()]);
    const random = seededRandom(3);
    for (let change = 1; change <= 5; change++) {
      const before = watcher.provider.face?.revision ?? 0;
      draw(drawer, `c${change}`, random);
      await waitFor(() => (watcher.provider.face?.revision ?? 0) > before, `the face of change ${change} on the other node`);
      await waitFor(() => drawer.provider.face?.revision === watcher.provider.face!.revision, `the face of change ${change} on the drawing node`);
      await new Promise((resolve) => setTimeout(resolve, 100)); // room for a second render, were there one
      expect(renders.of(room.id)).toHaveLength(change);
    }
    expect(renders.of(room.id)).toEqual([...renders.of(room.id)].sort((a, b) => a - b));
    await renders.close();

    const metrics = await (await fetch(`${cluster.workers[0]!.url}/api/metrics`)).text();
    expect(metrics).toMatch(/^facesketch_inference_jobs_total\{model="tiny",kind="sketch",outcome="ok"\} [1-9]/m);
    expect(metrics).toMatch(/^process_cpu_user_seconds_total /m);
  });

  it('retries the job of a worker killed mid-render on another worker: the face still arrives', { timeout: 240_000 }, async () => {
    const connection = new Redis(cluster.redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue('renders', { connection, prefix: cluster.prefix });
    const [doomed] = cluster.workers;
    doomed!.process.kill('SIGSTOP'); // frozen, so that its jobs pile up and one can be caught in flight
    const random = seededRandom(5);
    const rooms = await Promise.all(Array.from({ length: 12 }, () => db.rooms.create()));
    const drawers = rooms.map(({ room, editToken }) => connect(cluster.nodes[0]!.url, room.id, editToken));
    await Promise.all(drawers.map((drawer) => drawer.provider.whenSynced()));
    drawers.forEach((drawer, i) => draw(drawer, `r${i}`, random));
    await Promise.all(drawers.map((drawer) => drawer.provider.whenAcknowledged()));
    for (let tries = 0; ; tries++) {
      expect(tries).toBeLessThan(200);
      doomed!.process.kill('SIGCONT');
      await new Promise((resolve) => setTimeout(resolve, 2));
      doomed!.process.kill('SIGSTOP');
      if ((await queue.getActiveCount()) > 0) break; // a job is in the frozen worker's hands
    }
    const facesBefore = drawers.filter((drawer) => drawer.provider.face !== null).length;
    expect(facesBefore).toBeLessThan(drawers.length);
    await doomed!.stop('SIGKILL');
    await cluster.addWorker();
    await waitFor(() => drawers.every((drawer) => drawer.provider.face !== null), 'a face in every room', 30_000);
    expect(await queue.getActiveCount()).toBe(0);
    await queue.close();
    connection.disconnect();
  });
});

describe('behind HAProxy (deploy/haproxy.cfg)', () => {
  let cluster: RunningCluster;
  beforeAll(async () => {
    cluster = await startCluster({ databaseUrl, workers: 1, balancer: true });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('loses nothing acknowledged when a web node is killed mid-drawing: its clients move to the other node', { timeout: 240_000 }, async () => {
    const random = seededRandom(21);
    const { room, editToken } = await db.rooms.create();
    // Round robin: two editors land on each node.
    const editors = ['ann', 'ben', 'cat', 'dan'].map((name) => ({ name, client: connect(cluster.url!, room.id, editToken) }));
    await Promise.all(editors.map(({ client }) => client.provider.whenSynced()));
    const acknowledged = new Set<string>();
    const drawers = editors.map(({ name, client }) => drawUntilStopped(client, name, acknowledged, random));
    await waitFor(() => acknowledged.size >= 60, 'some strokes to be acknowledged');
    await cluster.nodes[0]!.stop('SIGKILL');
    const acknowledgedAtKill = new Set(acknowledged);
    await waitFor(() => acknowledged.size >= acknowledgedAtKill.size + 20, 'drawing to go on through the other node', 90_000);
    await Promise.all(drawers.map((drawer) => drawer.stop()));

    const stored = await storedStrokeIds(db, room.id);
    expect([...acknowledgedAtKill].filter((id) => !stored.has(id))).toEqual([]);
    await Promise.all(editors.map(({ client }) => client.provider.whenAcknowledged()));
    const everything = new Set(editors.flatMap(({ client }) => [...strokeIds(client.doc)]));
    await waitFor(() => editors.every(({ client }) => strokeIds(client.doc).size === everything.size), 'every editor to converge');
    for (const { client } of editors) expect(contentOf(client.doc)).toEqual(contentOf(editors[0]!.client.doc));
    expect(await storedStrokeIds(db, room.id)).toEqual(everything);
  });
});

/** A redis-server of the test's own (the shared one must stay up), without persistence: a restart empties it. */
async function startOwnRedis(port: number) {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const probe = new Redis(port, '127.0.0.1', { retryStrategy: () => 50, maxRetriesPerRequest: null });
  probe.on('error', () => undefined); // refused until it listens: retried
  await probe.ping(); // waits until it answers
  probe.disconnect();
  return {
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

describe('when Redis restarts', () => {
  let cluster: RunningCluster;
  let redis: Awaited<ReturnType<typeof startOwnRedis>>;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    redis = await startOwnRedis(port);
    cluster = await startCluster({ databaseUrl, workers: 1, redisUrl: `redis://127.0.0.1:${port}` });
  });
  afterAll(async () => {
    await cluster?.stop();
    await redis?.kill();
  });

  it('the nodes and the worker recover without a restart: edits from the outage converge and faces come again', { timeout: 240_000 }, async () => {
    const [first, second] = cluster.nodes;
    const { room, editToken } = await db.rooms.create();
    const alice = connect(first!.url, room.id, editToken);
    const bob = connect(second!.url, room.id, editToken);
    await Promise.all([alice.provider.whenSynced(), bob.provider.whenSynced()]);
    const random = seededRandom(8);
    draw(alice, 'before', random);
    await waitFor(() => strokeIds(bob.doc).has('before') && bob.provider.face !== null, 'the first stroke and its face on the other node');

    await redis.kill();
    draw(alice, 'outage-a', random);
    draw(bob, 'outage-b', random);
    await Promise.all([alice.provider.whenAcknowledged(), bob.provider.whenAcknowledged()]); // PostgreSQL is still there
    await new Promise((resolve) => setTimeout(resolve, 500));
    redis = await startOwnRedis(port);

    await waitFor(() => strokeIds(alice.doc).size === 3 && strokeIds(bob.doc).size === 3, 'the outage edits on both nodes', 30_000);
    expect(contentOf(alice.doc)).toEqual(contentOf(bob.doc));
    const shown = bob.provider.face!.revision;
    draw(alice, 'after', random);
    await waitFor(() => (bob.provider.face?.revision ?? 0) > shown && strokeIds(bob.doc).has('after'), 'a new face after the restart', 30_000);
    await waitFor(() => alice.provider.face?.revision === bob.provider.face!.revision, 'the same face on both nodes');
  });
});
