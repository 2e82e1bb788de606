import pg from 'pg';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import * as Y from 'yjs';
import { addStroke, readStrokes } from '../../lib/doc/index.ts';
import { connectDatabase, type Database } from '../../server/db/database.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { connectClient, startRealtimeServer, type RealtimeServer } from './realtime-harness.ts';

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
  await client.provider.whenSynced();
  const points = new Float32Array([0.5, 0.5, 1]);

  await admin.query('UPDATE fault SET on_ = true');
  addStroke(client.doc, { id: 'during-fault', author: 'a', tool: 'pen', width: 0.02, points });
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
});
