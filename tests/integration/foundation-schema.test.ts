import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROOT_DIR } from '../../server/config.ts';
import { createPrismaClient, type PrismaClient } from '../../server/db/client.ts';
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from '../../server/db/migrate.ts';
import { createLogger } from '../../server/log.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

/** The parts of schema.prisma that decide the database's shape. */
interface Field {
  name: string;
  type: string;
  optional: boolean;
  attributes: string;
}
interface Model {
  name: string;
  fields: Field[];
  blockAttributes: string[];
}

const SCALARS: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Boolean: 'boolean',
  Bytes: 'bytea',
  Json: 'jsonb',
  DateTime: 'timestamp without time zone',
};

function parseSchema(source: string): Model[] {
  const models: Model[] = [];
  for (const [, name, body] of source.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const lines = body!.split('\n').map((line) => line.replace(/\/\/.*$/, '').trim()).filter(Boolean);
    models.push({
      name: name!,
      blockAttributes: lines.filter((line) => line.startsWith('@@')),
      fields: lines
        .filter((line) => !line.startsWith('@@'))
        .map((line) => {
          const [, fieldName, type, modifier, attributes] = line.match(/^(\w+)\s+(\w+)(\?|\[\])?\s*(.*)$/)!;
          return { name: fieldName!, type: type!, optional: modifier === '?', attributes: attributes! };
        })
        .filter((field) => field.type in SCALARS),
    });
  }
  return models;
}

/** Index names Prisma gives: Model_pkey, Model_field_key, Model_a_b_idx. */
function expectedIndexes(model: Model): string[] {
  const columns = (list: string) => list.split(',').map((c) => c.trim().replace(/\(.*\)$/, ''));
  const names = model.fields.filter((f) => /@id\b/.test(f.attributes)).map(() => `${model.name}_pkey`);
  names.push(...model.fields.filter((f) => /@unique\b/.test(f.attributes)).map((f) => `${model.name}_${f.name}_key`));
  for (const attribute of model.blockAttributes) {
    const [, kind, list] = attribute.match(/^@@(id|unique|index)\(\[(.*)\]/)!;
    const suffix = { id: 'pkey', unique: `${columns(list!).join('_')}_key`, index: `${columns(list!).join('_')}_idx` }[kind!];
    names.push(kind === 'id' ? `${model.name}_pkey` : `${model.name}_${suffix}`);
  }
  return names.sort();
}

const schema = parseSchema(await readFile(path.join(ROOT_DIR, 'prisma', 'schema.prisma'), 'utf8'));
const log = createLogger('silent');
let database: TestDatabase;
let client: pg.Client;
let prisma: PrismaClient;

beforeAll(async () => {
  database = await createTestDatabase(inject('adminDatabaseUrl'), { migrate: false });
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});

afterAll(async () => {
  await prisma?.$disconnect();
  await client?.end();
  await database?.drop();
});

describe('migrations', () => {
  it('apply to an empty database, once', async () => {
    const all = (await readMigrations()).map((m) => m.name);
    expect(await applyMigrations(database.url, log)).toEqual(all);
    expect(await applyMigrations(database.url, log)).toEqual([]);
    const { rows } = await client.query('SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name');
    expect(rows.map((row) => row.migration_name)).toEqual(all);
  });

  it('match the Prisma datamodel column for column', async () => {
    const { rows } = await client.query(
      `SELECT table_name, column_name, data_type, is_nullable, column_default, datetime_precision
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    const actual = rows.map((row) => ({
      column: `${row.table_name}.${row.column_name}`,
      type: row.data_type,
      nullable: row.is_nullable === 'YES',
      hasDefault: row.column_default !== null,
      precision: row.data_type.startsWith('timestamp') ? row.datetime_precision : null,
    }));
    const expected = schema.flatMap((model) =>
      model.fields.map((field) => ({
        column: `${model.name}.${field.name}`,
        type: field.attributes.includes('@db.Timestamptz') ? 'timestamp with time zone' : SCALARS[field.type],
        nullable: field.optional,
        hasDefault: field.attributes.includes('@default('),
        precision: field.type === 'DateTime' ? 3 : null,
      })),
    );
    const byColumn = (a: { column: string }, b: { column: string }) => a.column.localeCompare(b.column);
    expect(actual.sort(byColumn)).toEqual(expected.sort(byColumn));
  });

  it('create the indexes the datamodel declares', async () => {
    const { rows } = await client.query(`SELECT tablename, indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`);
    for (const model of schema) {
      const actual = rows.filter((row) => row.tablename === model.name).map((row) => row.indexname).sort();
      expect(actual, model.name).toEqual(expectedIndexes(model));
    }
    const { rows: gallery } = await client.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'Face_published_createdAt_id_idx'`);
    expect(gallery[0].indexdef).toContain('(published, "createdAt" DESC, id DESC)');
  });

  it('create the foreign keys of every relation, with its delete rule', async () => {
    const { rows } = await client.query(
      `SELECT tc.constraint_name, rc.delete_rule FROM information_schema.table_constraints tc
         JOIN information_schema.referential_constraints rc USING (constraint_name)
        WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public'`,
    );
    const source = await readFile(path.join(ROOT_DIR, 'prisma', 'schema.prisma'), 'utf8');
    const expected = [...source.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)].flatMap(([, model, body]) =>
      [...body!.matchAll(/@relation\((?:"\w+",\s*)?fields: \[(\w+)\][^)]*onDelete: (\w+)/g)].map(([, field, onDelete]) => ({
        constraint_name: `${model}_${field}_fkey`,
        delete_rule: { Cascade: 'CASCADE', SetNull: 'SET NULL', Restrict: 'RESTRICT', NoAction: 'NO ACTION' }[onDelete!],
      })),
    );
    const byName = (a: { constraint_name: string }, b: { constraint_name: string }) => a.constraint_name.localeCompare(b.constraint_name);
    expect(rows.sort(byName)).toEqual(expected.sort(byName));
  });

  it('serve every Prisma model: create and read back a row of each', async () => {
    prisma = createPrismaClient(database.url);
    const bytes = new Uint8Array([1, 2, 3]);
    const exercise: Record<string, () => Promise<unknown>> = {
      Room: () => prisma.room.create({ data: { id: 'room00000001', modelName: 'm', editTokenHash: bytes, viewTokenHash: new Uint8Array([4]), latestFacePng: bytes } }),
      RoomUpdate: () => prisma.roomUpdate.create({ data: { roomId: 'room00000001', seq: 1, bytes } }),
      RoomSnapshot: () => prisma.roomSnapshot.create({ data: { roomId: 'room00000001', upToSeq: 1, bytes } }),
      RoomCheckpoint: () => prisma.roomCheckpoint.create({ data: { id: 'chkp00000001', roomId: 'room00000001', kind: 'pause', state: bytes, strokeCount: 0 } }),
      Face: async () => {
        const parent = await prisma.face.create({ data: { id: 'face00000001', roomId: 'room00000001', png: bytes, sketchPng: bytes, document: bytes, attributes: { Smiling: 1 }, modelName: 'm', published: true, publishedAt: new Date() } });
        return prisma.face.create({ data: { id: 'face00000002', png: bytes, sketchPng: bytes, attributes: {}, modelName: 'm', parentFaceId: parent.id } });
      },
    };
    expect(Object.keys(exercise).sort()).toEqual(schema.map((m) => m.name).sort());
    for (const model of schema) await exercise[model.name]!();

    const room = await prisma.room.findUniqueOrThrow({ where: { id: 'room00000001' }, include: { updates: true, snapshot: true, faces: true } });
    expect(room).toMatchObject({ title: '', documentSeq: 0, latestFaceRevision: 0, latestFacePng: bytes, updates: [{ seq: 1, bytes }], snapshot: { upToSeq: 1, bytes } });
    expect(room.faces.map((f) => f.id)).toEqual(['face00000001']);
    const remix = await prisma.face.findUniqueOrThrow({ where: { id: 'face00000002' }, include: { parent: true } });
    expect(remix.parent).toMatchObject({ id: 'face00000001', attributes: { Smiling: 1 }, published: true });

    await prisma.room.delete({ where: { id: 'room00000001' } });
    expect(await prisma.roomUpdate.count()).toBe(0);
    expect(await prisma.roomSnapshot.count()).toBe(0);
    expect(await prisma.roomCheckpoint.count()).toBe(0);
    expect((await prisma.face.findUniqueOrThrow({ where: { id: 'face00000001' } })).roomId).toBeNull();
  });

  it('refuse to start when an applied migration was edited afterwards', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'facesketch-migrations-'));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    const [first] = await readMigrations(dir);
    await writeFile(path.join(dir, first!.name, 'migration.sql'), `${first!.sql}\n-- edited\n`);
    await expect(applyMigrations(database.url, log, dir)).rejects.toThrow(`Migration ${first!.name} was changed after it was applied`);
  });
});
