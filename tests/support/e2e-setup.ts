import { createLogger } from '../../server/log.ts';
import { ensureNextBuild } from '../../server/next.ts';

/** Spec files spawn the real server, which serves the production build: build it once, first. */
export default async function setup() {
  await ensureNextBuild(createLogger('info'));
}
