import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import * as Y from 'yjs';
import { addStroke, readStrokes } from '../../lib/doc/index.ts';
import { connectDatabase, type Database } from '../../server/db/database.ts';
import { DocumentLog, UpdateWriter } from '../../server/realtime/persistence.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { connectClient, startRealtimeServer, waitFor, type RealtimeServer } from './realtime-harness.ts';

// A database of its own: a trigger makes PostgreSQL itself refuse appends while `fault.on` is set.
let database: TestDatabase;
let admin: pg.Client;
let db: Database;
let server: RealtimeServer;

beforeAll(async () => {
  database = await createTestDatabase(inject('adminDatabaseUrl'));
  admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  await admin.query(`
    CREATE TABLE fault (on_ boolean NOT NULL);
    INSERT INTO fault VALUES (false);
    CREATE FUNCTION injected_fault() RETURNS trigger AS $$
    BEGIN
      IF (SELECT on_ FROM fault) THEN RAISE EXCEPTION 'injected fault'; END IF;
      RETURN NULL;
    END $$ LANGUAGE plpgsql;
    CREATE TRIGGER injected_fault BEFORE INSERT ON "RoomUpdate" FOR EACH STATEMENT EXECUTE FUNCTION injected_fault();
  `);
  db = connectDatabase(database.url);
  server = await startRealtimeServer(db);
});

afterAll(async () => {
  await server.close();
  await db.close();
  await admin.end();
  await database.drop();
});

it('holds the ack while the database refuses writes, and retries until the update is durable', async () => {
  const { room, editToken } = await db.rooms.create();
  const client = connectClient(server.url, room.id, editToken, { ackTimeoutMs: 60_000 });
  const peer = connectClient(server.url, room.id, editToken);
  await Promise.all([client.provider.whenSynced(), peer.provider.whenSynced()]);
  const points = new Float32Array([0.5, 0.5, 1]);

  await admin.query('UPDATE fault SET on_ = true');
  addStroke(client.doc, { id: 'during-fault', author: 'a', tool: 'pen', width: 0.02, points });
  await waitFor(() => readStrokes(peer.doc).length === 1, 'the peer to see the stroke before it is durable');
  await new Promise((resolve) => setTimeout(resolve, 600)); // a failed append and a failed retry
  expect(client.provider.unacknowledged).toBe(1);

  await admin.query('UPDATE fault SET on_ = false');
  await client.provider.whenAcknowledged();
  const stored = await db.roomDocuments.load(room.id);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const update of stored.updates) Y.applyUpdate(doc, update.bytes);
  expect(readStrokes(doc).map((stroke) => stroke.id)).toEqual(['during-fault']);
  client.provider.destroy();
  peer.provider.destroy();
});

it('retries a failed batch of several rooms as one whole document per room, ahead of later updates', async () => {
  const [a, b] = await Promise.all([db.rooms.create(), db.rooms.create()]).then((created) => created.map(({ room }) => room.id));
  let failures = 0;
  const countingLog = pino({ level: 'error' }, { write: () => void failures++ });
  const writer = new UpdateWriter(db.roomDocuments, 1024 * 1024, countingLog);
  const text = (value: string) => new TextEncoder().encode(value);
  // Stand-ins for each room's whole document, so the stored order shows what was written when.
  const logOf = (roomId: string, whole: string) =>
    new DocumentLog(roomId, writer, db.roomDocuments, { compactEvery: 1_000, maxBatchBytes: 1024 * 1024 }, 0, () => text(whole), countingLog);
  const [logA, logB] = [logOf(a!, 'a-whole'), logOf(b!, 'b-whole')];

  await admin.query('UPDATE fault SET on_ = true');
  const appended = [logA.append(text('a1')), logB.append(text('b1'))];
  while (failures < 2) await new Promise((resolve) => setTimeout(resolve, 10)); // [a1], then [a-whole, b1] failed
  appended.push(logA.append(text('a2')));
  await admin.query('UPDATE fault SET on_ = false');
  await Promise.all(appended);

  const stored = async (roomId: string) =>
    (await db.roomDocuments.load(roomId)).updates.map((update) => `${update.seq}:${Buffer.from(update.bytes).toString()}`);
  expect(await stored(a!)).toEqual(['1:a-whole', '2:a2']);
  expect(await stored(b!)).toEqual(['1:b-whole']);
});
