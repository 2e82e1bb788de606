import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import * as Y from 'yjs';
import { addStroke, readStrokes, setMeta, setSlider } from '../../lib/doc/index.ts';
import type { FaceMessage } from '../../lib/realtime/protocol.ts';
import { connectDatabase, type Database } from '../../server/db/database.ts';
import { connectClient, contentOf, serverContent, startRealtimeServer, waitFor, type RealtimeServer } from './realtime-harness.ts';

let db: Database;
let server: RealtimeServer;

beforeAll(async () => {
  db = connectDatabase(inject('databaseUrl'));
  server = await startRealtimeServer(db, { idleUnloadMs: 150, compactEvery: 10 });
});

afterAll(async () => {
  await server.close();
  await db.close();
});

const points = new Float32Array([0.25, 0.25, 0.5, 0.75, 0.75, 1]);
const stroke = (id: string) => ({ id, author: 'a', tool: 'pen' as const, width: 0.02, points });

async function storedContent(roomId: string) {
  const stored = await db.roomDocuments.load(roomId);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const update of stored.updates) Y.applyUpdate(doc, update.bytes);
  return { stored, content: contentOf(doc) };
}

describe('room lifecycle', () => {
  it('unloads an idle room, compacting it, and loads it back intact', async () => {
    const { room, editToken } = await db.rooms.create();
    const unloaded: string[] = [];
    server.realtime.onRoomUnloaded((roomId) => unloaded.push(roomId));
    const client = connectClient(server.url, room.id, editToken);
    await client.provider.whenSynced();
    for (let i = 0; i < 5; i++) addStroke(client.doc, stroke(`s${i}`));
    setSlider(client.doc, 'Young', -0.5);
    setMeta(client.doc, { title: 'Idle test' });
    await client.provider.whenAcknowledged();
    const expected = contentOf(client.doc);
    client.provider.destroy();

    await waitFor(() => server.realtime.stats().rooms === 0, 'the idle room to unload');
    expect(unloaded).toContain(room.id);
    const { stored, content } = await storedContent(room.id);
    expect(stored.snapshot).not.toBeNull();
    expect(stored.updates).toEqual([]);
    expect(content).toEqual(expected);

    expect(await serverContent(server.url, room.id, editToken)).toEqual(expected);
  });

  it('compacts the log every N updates: load = snapshot + tail', async () => {
    const { room, editToken } = await db.rooms.create();
    const client = connectClient(server.url, room.id, editToken);
    await client.provider.whenSynced();
    for (let i = 0; i < 25; i++) {
      addStroke(client.doc, stroke(`s${i}`));
      await client.provider.whenAcknowledged();
    }
    await waitFor(() => true, 'nothing');
    const { stored, content } = await storedContent(room.id);
    expect(stored.snapshot).not.toBeNull();
    expect(stored.snapshotSeq).toBeGreaterThanOrEqual(10);
    expect(stored.updates.length).toBeLessThan(25);
    expect(content).toEqual(contentOf(client.doc));
    client.provider.destroy();
  });

  it('tells inference about every change, with rising revisions', async () => {
    const { room, editToken } = await db.rooms.create();
    const seen: { revision: number; strokes: number }[] = [];
    server.realtime.onRoomChanged((roomId, revision, doc) => {
      if (roomId === room.id) seen.push({ revision, strokes: readStrokes(doc).length });
    });
    const client = connectClient(server.url, room.id, editToken);
    await client.provider.whenSynced();
    addStroke(client.doc, stroke('one'));
    addStroke(client.doc, stroke('two'));
    await client.provider.whenAcknowledged();
    expect(seen.map((s) => s.strokes)).toEqual([1, 2]);
    expect(seen[1]!.revision).toBeGreaterThan(seen[0]!.revision);
    client.provider.destroy();
  });

  it('shows a published face to everyone in the room, and at once to late joiners', async () => {
    const { room, editToken, viewToken } = await db.rooms.create();
    const clients = [connectClient(server.url, room.id, editToken), connectClient(server.url, room.id, editToken), connectClient(server.url, room.id, viewToken)];
    await Promise.all(clients.map((c) => c.provider.whenSynced()));
    const received: FaceMessage[][] = clients.map(() => []);
    clients.forEach((c, i) => c.provider.on('face', (face) => received[i]!.push(face)));

    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    expect(await server.realtime.publishFace(room.id, 7, png, { model: 'tiny', renderMs: 12 })).toBe(true);
    await waitFor(() => received.every((faces) => faces.length === 1), 'every client to receive the face');
    for (const faces of received) expect(faces[0]).toEqual({ revision: 7, png, meta: { model: 'tiny', renderMs: 12 } });

    expect(await server.realtime.publishFace(room.id, 6, new Uint8Array([9]), { model: 'tiny' })).toBe(false); // stale

    const late = connectClient(server.url, room.id, viewToken);
    await late.provider.whenSynced();
    expect(late.provider.face).toEqual({ revision: 7, png, meta: { model: 'tiny', renderMs: 12 } });

    for (const c of [...clients, late]) c.provider.destroy();
    await waitFor(() => server.realtime.stats().rooms === 0, 'the room to unload');
    const afterReload = connectClient(server.url, room.id, viewToken);
    await afterReload.provider.whenSynced();
    expect(afterReload.provider.face).toEqual({ revision: 7, png }); // kept with the room row
    afterReload.provider.destroy();
  });

  it('merges edits made while the server was down once it is back', async () => {
    const { room, editToken } = await db.rooms.create();
    const first = await startRealtimeServer(db, { idleUnloadMs: 600_000 });
    const alice = connectClient(first.url, room.id, editToken);
    const bob = connectClient(first.url, room.id, editToken);
    await Promise.all([alice.provider.whenSynced(), bob.provider.whenSynced()]);
    addStroke(alice.doc, stroke('online'));
    await alice.provider.whenAcknowledged();

    await first.kill();
    await waitFor(() => alice.provider.status !== 'connected' && bob.provider.status !== 'connected', 'the clients to notice');
    addStroke(alice.doc, stroke('offline-alice'));
    addStroke(bob.doc, stroke('offline-bob'));
    setSlider(bob.doc, 'Smiling', 0.9);
    expect(alice.provider.unacknowledged).toBeGreaterThan(0);

    const second = await startRealtimeServer(db, {}, first.port);
    await Promise.all([alice.provider.whenAcknowledged(), bob.provider.whenAcknowledged()]);
    await waitFor(() => readStrokes(alice.doc).length === 3 && readStrokes(bob.doc).length === 3, 'both to see all strokes');
    expect(contentOf(alice.doc)).toEqual(contentOf(bob.doc));
    expect(await serverContent(second.url, room.id, editToken)).toEqual(contentOf(alice.doc));
    alice.provider.destroy();
    bob.provider.destroy();
    await second.close();
  });
});
