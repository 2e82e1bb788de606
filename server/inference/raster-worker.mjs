// Piscina's worker entry. Node 20 does not pass `--import tsx` on to worker threads, so this plain
// module registers tsx's loader and then hands Piscina the TypeScript task function.
import { register } from 'tsx/esm/api';

register();
const { runRasterTask } = await import('./raster-task.ts');
export default runRasterTask;
