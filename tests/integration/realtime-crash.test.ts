import { afterAll, expect, inject, it } from 'vitest';
import { readStrokes } from '../../lib/doc/index.ts';
import { connectDatabase } from '../../server/db/database.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { connectClient, contentOf, drawUntilStopped, seededRandom, serverContent, storedStrokeIds, waitFor } from './realtime-harness.ts';

const databaseUrl = inject('databaseUrl');
const db = connectDatabase(databaseUrl);
const running: RunningServer[] = [];

afterAll(async () => {
  for (const server of running) await server.stop('SIGKILL');
  await db.close();
});

async function start(port?: number): Promise<RunningServer> {
  const server = await startServer({ databaseUrl, port });
  running.push(server);
  return server;
}

it('loses no acknowledged stroke when the server is killed with SIGKILL mid-session', { timeout: 240_000 }, async () => {
  const random = seededRandom(7);
  const first = await start();
  const { room, editToken } = await db.rooms.create();
  const alice = connectClient(first.url, room.id, editToken, { reconnectDelayMaxMs: 300 });
  const bob = connectClient(first.url, room.id, editToken, { reconnectDelayMaxMs: 300 });
  await Promise.all([alice.provider.whenSynced(), bob.provider.whenSynced()]);

  const acknowledged = new Set<string>();
  const drawers = [drawUntilStopped(alice, 'alice', acknowledged, random), drawUntilStopped(bob, 'bob', acknowledged, random)];
  await waitFor(() => acknowledged.size >= 40, 'some strokes to be acknowledged');
  await first.stop('SIGKILL'); // while both are still drawing
  const acknowledgedAtKill = new Set(acknowledged);
  await Promise.all(drawers.map((drawer) => drawer.stop()));

  // The guarantee, checked in PostgreSQL itself before any client can send anything again.
  const stored = await storedStrokeIds(db, room.id);
  const lost = [...acknowledgedAtKill].filter((id) => !stored.has(id));
  expect(lost).toEqual([]);

  // Restarted on the same port, the clients reconnect and resend what the server never acknowledged.
  const second = await start(first.port);
  await Promise.all([alice.provider.whenAcknowledged(), bob.provider.whenAcknowledged()]);
  const everything = new Set([...readStrokes(alice.doc), ...readStrokes(bob.doc)].map((stroke) => stroke.id));
  await waitFor(() => readStrokes(alice.doc).length === everything.size && readStrokes(bob.doc).length === everything.size, 'the clients to converge');
  expect(contentOf(alice.doc)).toEqual(contentOf(bob.doc));
  expect(await serverContent(second.url, room.id, editToken)).toEqual(contentOf(alice.doc));
  expect(await storedStrokeIds(db, room.id)).toEqual(everything);
  alice.provider.destroy();
  bob.provider.destroy();
});
