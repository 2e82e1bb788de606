import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../server/db/embedded.ts';
import { applyMigrations } from '../../server/db/migrate.ts';
import { createLogger } from '../../server/log.ts';

/** A PostgreSQL server for a test run: the one at DATABASE_URL, or an embedded one in a temp dir. */
export interface TestPostgres {
  /** A connection string to any database on the server, used to create and drop test databases. */
  adminUrl: string;
  stop(): Promise<void>;
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

const quietLog = createLogger('warn');

export async function startTestPostgres(databaseUrl = process.env.DATABASE_URL || undefined): Promise<TestPostgres> {
  if (databaseUrl) return { adminUrl: databaseUrl, stop: async () => {} };
  const dir = await mkdtemp(path.join(tmpdir(), 'facesketch-test-pg-'));
  const embedded = await startEmbeddedPostgres(dir, quietLog);
  return {
    adminUrl: embedded.adminUrl,
    async stop() {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** A fresh, uniquely named database on the test server; migrated unless `migrate: false`. */
export async function createTestDatabase(adminUrl: string, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `facesketch_test_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  if (options.migrate !== false) await applyMigrations(url.href, quietLog);
  return {
    url: url.href,
    drop: () => withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}
