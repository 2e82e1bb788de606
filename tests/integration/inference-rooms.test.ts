import { PNG } from 'pngjs';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { addStroke, setMeta, setSlider } from '../../lib/doc/index.ts';
import { connectDatabase, type Database } from '../../server/db/database.ts';
import { renderRoomFaces } from '../../server/inference/room-faces.ts';
import { InferenceService } from '../../server/inference/service.ts';
import { TINY_MODEL_DIR } from '../unit/inference-golden.ts';
import { connectClient, startRealtimeServer, waitFor, type RealtimeServer } from './realtime-harness.ts';

let db: Database;
let server: RealtimeServer;
let service: InferenceService;
const warnings: string[] = [];

beforeAll(async () => {
  db = connectDatabase(inject('databaseUrl'));
  server = await startRealtimeServer(db);
  service = await InferenceService.start({ modelsDir: TINY_MODEL_DIR, workers: 2, log: { info: () => undefined, warn: (m: string) => void warnings.push(m) } });
  server.realtime.onRoomChanged(renderRoomFaces(service, server.realtime, (message) => warnings.push(message)));
});

afterAll(async () => {
  await server.close();
  await service.close();
  await db.close();
});

const line = (id: string, y: number) => ({ id, author: 'a', tool: 'pen' as const, width: 0.01, points: Float32Array.of(0.2, y, 1, 0.8, y, 1) });

test('every client of a room sees the face of its latest drawing and sliders', async () => {
  const { room, editToken } = await db.rooms.create();
  const drawer = connectClient(server.url, room.id, editToken);
  const watcher = connectClient(server.url, room.id, editToken);
  await Promise.all([drawer.provider.whenSynced(), watcher.provider.whenSynced()]);
  const seen: number[] = [];
  watcher.provider.on('face', (face) => seen.push(face.revision));

  for (let i = 0; i < 10; i++) addStroke(drawer.doc, line(`s${i}`, 0.1 + i * 0.08));
  for (let i = 0; i <= 10; i++) setSlider(drawer.doc, 'Smiling', i / 10);
  setMeta(drawer.doc, { model: 'tiny-dec' });
  await drawer.provider.whenAcknowledged();
  const stored = async () => (await db.rooms.latestFace(room.id))?.revision;

  // the last change's face arrives (its revision is the room's latest), earlier ones were coalesced
  await waitFor(() => watcher.provider.face?.meta?.model === 'tiny-dec', 'the face of the last change');
  const face = watcher.provider.face!;
  expect(seen.length).toBeLessThan(22);
  expect(seen).toEqual([...seen].sort((a, b) => a - b));
  const png = PNG.sync.read(Buffer.from(face.png));
  expect([png.width, png.height]).toEqual([32, 32]); // tiny-dec's output resolution
  await waitFor(() => drawer.provider.face?.revision === face.revision, 'the drawer to see the same face');
  let storedRevision = await stored();
  for (let tries = 0; storedRevision !== face.revision && tries < 100; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 20)); // the room stores its face after showing it
    storedRevision = await stored();
  }
  expect(storedRevision).toBe(face.revision);
  expect(warnings).toEqual([]);

  // a slider being dragged renders for everyone before it is committed
  const committed = face.revision;
  drawer.provider.awareness.setLocalStateField('dragging', { attribute: 'Male', value: -1 });
  await waitFor(() => (watcher.provider.face?.revision ?? 0) > committed, 'the face of the drag');
  expect(Buffer.from(watcher.provider.face!.png).equals(Buffer.from(face.png))).toBe(false);

  drawer.provider.destroy();
  watcher.provider.destroy();
});
