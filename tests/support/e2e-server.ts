import { test as base } from '@playwright/test';
import { createTestDatabase, startTestPostgres } from './database.ts';
import { startServer, type RunningServer } from './server.ts';

/**
 * A Playwright fixture: one real server per worker, on a fresh database of DATABASE_URL's server when it
 * is set (CI), else on its own embedded PostgreSQL. Use `test` from here and take `server` (or just
 * `page` with relative URLs: baseURL points at the server). A spec sets extra server environment with
 * `test.use({ serverEnv: { MODELS_DIR: … } })`.
 */
export const test = base.extend<object, { server: RunningServer; serverEnv: Record<string, string> }>({
  serverEnv: [{}, { option: true, scope: 'worker' }],
  server: [
    async ({ serverEnv }, use) => {
      const postgres = process.env.DATABASE_URL ? await startTestPostgres() : null;
      const database = postgres ? await createTestDatabase(postgres.adminUrl) : null;
      // One server serves a whole worker's specs from one address: room creation (30 an hour) would run out.
      const server = await startServer({ databaseUrl: database?.url ?? null, env: { QUOTA_SCALE: '100', ...serverEnv } });
      await use(server);
      await server.stop();
      await database?.drop();
      await postgres?.stop();
    },
    { scope: 'worker', timeout: 240_000 },
  ],
  baseURL: async ({ server }, use) => use(server.url),
});

export { expect } from '@playwright/test';
