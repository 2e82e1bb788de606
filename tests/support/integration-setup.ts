import type { TestProject } from 'vitest/node';
import { ensureNextBuild } from '../../server/next.ts';
import { createLogger } from '../../server/log.ts';
import { createTestDatabase, startTestPostgres } from './database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated database created for this run (dropped afterwards); tests share it. */
    databaseUrl: string;
    /** For tests that need their own database: pass to createTestDatabase. */
    adminDatabaseUrl: string;
  }
}

/** Once per integration run: PostgreSQL (DATABASE_URL's server or embedded), a fresh database, the web build. */
export default async function setup(project: TestProject) {
  const postgres = await startTestPostgres();
  const database = await createTestDatabase(postgres.adminUrl);
  // Tests spawn the real server, which serves the production build; build it once, here.
  await ensureNextBuild(createLogger('info'));
  project.provide('databaseUrl', database.url);
  project.provide('adminDatabaseUrl', postgres.adminUrl);
  return async () => {
    await database.drop();
    await postgres.stop();
  };
}
