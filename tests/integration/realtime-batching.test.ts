import pg from 'pg';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { connectDatabase, type Database } from '../../server/db/database.ts';
import { createLogger } from '../../server/log.ts';
import { DocumentLog, UpdateWriter } from '../../server/realtime/persistence.ts';

let db: Database;
let locker: pg.Client;

beforeAll(async () => {
  db = connectDatabase(inject('databaseUrl'));
  locker = new pg.Client({ connectionString: inject('databaseUrl') });
  await locker.connect();
});

afterAll(async () => {
  await locker.end();
  await db.close();
});

const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
const options = { compactEvery: 1_000, maxBatchBytes: 1024 * 1024 };
// The writer and the repository treat updates as opaque bytes: labels make the stored order readable.
const label = (text: string) => new TextEncoder().encode(text);

async function waitForLockWaiters(count: number): Promise<void> {
  for (;;) {
    const { rows } = await locker.query<{ waiting: number }>(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rows[0]!.waiting >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

it('commits updates that arrive from several rooms during a commit together, acks them after it, and numbers each room in order', async () => {
  const [a, b, c] = await Promise.all([db.rooms.create(), db.rooms.create(), db.rooms.create()]).then((created) => created.map(({ room }) => room.id));
  const writer = new UpdateWriter(db.roomDocuments, options.maxBatchBytes, log);
  const logOf = (roomId: string) =>
    new DocumentLog(roomId, writer, db.roomDocuments, options, 0, () => {
      throw new Error('no snapshot is needed here');
    }, log);
  const [logA, logB, logC] = [logOf(a!), logOf(b!), logOf(c!)];
  const acked: string[] = [];
  const append = (roomLog: DocumentLog, text: string) => roomLog.append(label(text)).then(() => acked.push(text));

  // Room a's row is locked elsewhere, so the first batch (a1) cannot commit until we let it.
  await locker.query('BEGIN');
  await locker.query(`SELECT 1 FROM "Room" WHERE id = $1 FOR UPDATE`, [a]);
  const appended = [append(logA, 'a1')];
  await waitForLockWaiters(1);
  appended.push(append(logB, 'b1'), append(logC, 'c1'), append(logB, 'b2'), append(logA, 'a2'), append(logB, 'b3'));
  await new Promise((resolve) => setTimeout(resolve, 100)); // room for a separate commit of b or c to finish
  expect(acked).toEqual([]);

  await locker.query('COMMIT');
  await Promise.all(appended);
  expect(acked).toEqual(['a1', 'b1', 'c1', 'b2', 'a2', 'b3']);

  const { rows } = await locker.query<{ roomId: string; seq: number; bytes: Buffer; tx: string }>(
    `SELECT "roomId", seq, bytes, xmin::text AS tx FROM "RoomUpdate" WHERE "roomId" = ANY($1) ORDER BY "roomId", seq`,
    [[a, b, c]],
  );
  const stored = (roomId: string) => rows.filter((row) => row.roomId === roomId).map((row) => `${row.seq}:${row.bytes.toString()}`);
  expect(stored(a!)).toEqual(['1:a1', '2:a2']);
  expect(stored(b!)).toEqual(['1:b1', '2:b2', '3:b3']);
  expect(stored(c!)).toEqual(['1:c1']);
  const transactionOf = (text: string) => rows.find((row) => row.bytes.toString() === text)!.tx;
  expect(new Set(['b1', 'c1', 'b2', 'a2', 'b3'].map(transactionOf))).toEqual(new Set([transactionOf('b1')]));
  expect(transactionOf('a1')).not.toBe(transactionOf('b1'));
});

it('writes nothing of a batch that names a room that does not exist', async () => {
  const { room } = await db.rooms.create();
  await expect(
    db.roomDocuments.appendToRooms([
      { roomId: room.id, bytes: label('kept out') },
      { roomId: 'AAAAAAAAAAAA', bytes: label('no room') },
    ]),
  ).rejects.toThrow();
  expect((await db.roomDocuments.load(room.id)).updates).toEqual([]);
  expect(await db.roomDocuments.append(room.id, [label('first')])).toBe(1);
});
