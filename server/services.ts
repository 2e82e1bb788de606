import type { Config } from './config.ts';
import type { Database } from './db/database.ts';

/**
 * What server-rendered pages (app/**) may use. Next.js bundles pages separately from this server, so
 * module singletons are not shared; main.ts publishes these on globalThis and pages read them here.
 */
export interface Services {
  db: Pick<Database, 'rooms' | 'faces'>;
  config: Pick<Config, 'publicUrl' | 'model'>;
  /**
   * The attribute names of a served model, in the model's order (the room's sliders); the default
   * model's for a name that is not served (null: the default). Absent or [] while no model is served.
   */
  attributesOf?(model: string | null): readonly string[];
}

const KEY = Symbol.for('facesketch.services');
type Holder = { [KEY]?: Services };

export function provideServices(services: Services): void {
  (globalThis as Holder)[KEY] = services;
}

/** Adds what is known only once the modules have started (the served models) to the services. */
export function extendServices(extra: Partial<Services>): void {
  provideServices({ ...services(), ...extra });
}

export function services(): Services {
  const provided = (globalThis as Holder)[KEY];
  if (!provided) throw new Error('Server services are missing: start the app through server/main.ts (npm start / npm run dev).');
  return provided;
}
