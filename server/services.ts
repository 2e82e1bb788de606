import type { Config } from './config.ts';
import type { Database } from './db/database.ts';

/**
 * What server-rendered pages (app/**) may use. Next.js bundles pages separately from this server, so
 * module singletons are not shared; main.ts publishes these on globalThis and pages read them here.
 */
export interface Services {
  db: Pick<Database, 'rooms' | 'faces'>;
  config: Pick<Config, 'publicUrl' | 'model'>;
}

const KEY = Symbol.for('facesketch.services');
type Holder = { [KEY]?: Services };

export function provideServices(services: Services): void {
  (globalThis as Holder)[KEY] = services;
}

export function services(): Services {
  const provided = (globalThis as Holder)[KEY];
  if (!provided) throw new Error('Server services are missing: start the app through server/main.ts (npm start / npm run dev).');
  return provided;
}
