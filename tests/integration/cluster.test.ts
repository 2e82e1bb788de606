import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as Y from 'yjs';
import { addStroke, readStrokes } from '../../lib/doc/index.ts';
import { connectDatabase } from '../../server/db/database.ts';
import { startCluster, type RunningCluster } from '../support/cluster.ts';
import { connectClient, contentOf, seededRandom, serverContent, waitFor, type Client } from './realtime-harness.ts';

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

async function storedStrokeIds(roomId: string): Promise<Set<string>> {
  const stored = await db.roomDocuments.load(roomId);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const update of stored.updates) Y.applyUpdate(doc, update.bytes);
  return strokeIds(doc);
}

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
    expect(await storedStrokeIds(room.id)).toEqual(strokeIds(alice.doc));
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
  });
});
