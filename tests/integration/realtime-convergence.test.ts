import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as Y from 'yjs';
import { addStroke, setMeta, setSlider, strokesOf } from '../../lib/doc/index.ts';
import { connectDatabase, type Database } from '../../server/db/database.ts';
import { connectClient, contentOf, seededRandom, serverContent, startRealtimeServer, waitFor, type Client, type RealtimeServer } from './realtime-harness.ts';

let db: Database;
let server: RealtimeServer;

beforeAll(async () => {
  db = connectDatabase(inject('databaseUrl'));
  server = await startRealtimeServer(db, { compactEvery: 40 });
});

afterAll(async () => {
  await server.close();
  await db.close();
});

const ATTRIBUTES = ['Smiling', 'Male', 'Young', 'Bangs'];

function randomEdit(client: Client, random: () => number, name: string, counter: { next: number }): void {
  const { doc } = client;
  const choice = random();
  if (choice < 0.55) {
    const points = Array.from({ length: 3 * (1 + Math.floor(random() * 20)) }, () => random());
    addStroke(doc, { id: `${name}-${counter.next++}`, author: name, tool: random() < 0.8 ? 'pen' : 'eraser', width: 0.001 + random() * 0.05, points: new Float32Array(points) });
  } else if (choice < 0.7) {
    const strokes = strokesOf(doc);
    if (strokes.length > 0) strokes.delete(Math.floor(random() * strokes.length), 1);
  } else if (choice < 0.9) {
    setSlider(doc, ATTRIBUTES[Math.floor(random() * ATTRIBUTES.length)]!, random() * 2 - 1);
  } else {
    setMeta(doc, { title: `${name} ${Math.floor(random() * 100)}` });
  }
}

/** Random edits by every client, with random disconnects, dropped transports and reconnects. */
async function runSession(seed: number, clientCount: number, steps: number) {
  const random = seededRandom(seed);
  const { room, editToken } = await db.rooms.create({ title: `fuzz ${seed}` });
  const clients = Array.from({ length: clientCount }, () => connectClient(server.url, room.id, editToken));
  await Promise.all(clients.map((client) => client.provider.whenSynced()));
  const counter = { next: 0 };

  for (let step = 0; step < steps; step++) {
    const index = Math.floor(random() * clientCount);
    const client = clients[index]!;
    const roll = random();
    if (roll < 0.06) {
      client.provider.disconnect(); // edits continue offline
    } else if (roll < 0.1) {
      client.provider.socket.io.engine?.close(); // the network drops: socket.io reconnects with backoff
    } else if (roll < 0.16) {
      if (client.provider.status === 'closed') client.provider.connect();
    } else {
      randomEdit(client, random, `c${index}`, counter);
    }
    if (random() < 0.3) await new Promise((resolve) => setTimeout(resolve, random() * 15));
  }

  for (const { provider } of clients) if (provider.status === 'closed') provider.connect();
  await Promise.all(clients.map(({ provider }) => provider.whenSynced()));
  await Promise.all(clients.map(({ provider }) => provider.whenAcknowledged()));
  const stateOf = (doc: Y.Doc) => Buffer.from(Y.encodeStateVector(doc)).toString('base64');
  await waitFor(() => new Set(clients.map(({ doc }) => stateOf(doc))).size === 1, `seed ${seed}: clients to converge`);

  const expected = contentOf(clients[0]!.doc);
  for (const { doc } of clients) expect(contentOf(doc)).toEqual(expected);
  expect(await serverContent(server.url, room.id, editToken)).toEqual(expected);
  expect(expected.strokes.length).toBeGreaterThan(0);

  // What every client saw acknowledged is in PostgreSQL: unload the room and read it back.
  for (const { provider } of clients) provider.destroy();
  await waitFor(() => server.realtime.stats().sockets === 0, 'sockets to close');
  await server.realtime.unloadRoom(room.id);
  expect(await serverContent(server.url, room.id, editToken)).toEqual(expected);
}

describe('seeded random sessions', () => {
  it.each([
    [1, 2],
    [2, 3],
    [3, 4],
    [4, 5],
    [5, 5],
  ])('seed %i with %i clients converges to one document, in memory and in PostgreSQL', async (seed, clients) => {
    await runSession(seed, clients, 160);
  });
});
