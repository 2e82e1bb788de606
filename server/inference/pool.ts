import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError } from './errors.ts';
import type { WorkerInit, WorkerReply, WorkerStartup, WorkerSuccess, WorkerTask } from './worker-protocol.ts';

/**
 * Workers are TypeScript modules: Node 20 does not pass `--import tsx` on to worker threads, so each
 * one starts from a tiny script that registers tsx's loader and then imports worker.ts.
 */
const TSX_API = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
const WORKER_ENTRY = new URL('./worker.ts', import.meta.url).href;
const BOOTSTRAP = `const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then((tsx) => { tsx.register(); return import(workerData.entry); });`;

type Job = Omit<WorkerTask, 'id'>;

interface Pending {
  task: WorkerTask;
  resolve: (reply: WorkerSuccess) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  current: Pending | null;
  /** Called when `current` finishes, for a shutdown that waits for it. */
  onIdle: (() => void) | null;
}

/** A fixed set of inference worker threads; each runs one task at a time, extra tasks wait in order. */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closing = false;
  private starting = 0;

  private constructor(private readonly init: WorkerInit) {}

  /** Starts `size` workers and waits until every one has loaded every model. */
  static async start(size: number, init: WorkerInit): Promise<WorkerPool> {
    const pool = new WorkerPool(init);
    const started = await Promise.allSettled(Array.from({ length: size }, () => pool.spawn()));
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) {
      await pool.close();
      throw failed.reason;
    }
    return pool;
  }

  get size(): number {
    return this.slots.length;
  }

  run(job: Job): Promise<WorkerSuccess> {
    if (this.closing) return Promise.reject(new Error('the inference pool is shut down'));
    if (this.slots.length === 0 && this.starting === 0) return Promise.reject(new Error('no inference worker could be started'));
    return new Promise((resolve, reject) => {
      this.queue.push({ task: { ...job, id: this.nextId++ }, resolve, reject });
      this.dispatch();
    });
  }

  /** Refuses waiting tasks, lets running ones finish (a thread killed mid-run aborts the process), stops the workers. */
  async close(): Promise<void> {
    this.closing = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('the inference pool is shut down'));
    await Promise.all(this.slots.map((slot) => (slot.current ? new Promise<void>((resolve) => (slot.onIdle = resolve)) : undefined)));
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  private spawn(): Promise<void> {
    this.starting++;
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: { ...this.init, tsxApi: TSX_API, entry: WORKER_ENTRY },
    });
    return new Promise((resolve, reject) => {
      let settled = false;
      const failStartup = (error: Error) => {
        if (settled) return;
        settled = true;
        this.starting--;
        void worker.terminate();
        reject(new Error(`inference worker failed to start: ${error.message}`));
      };
      const exitedEarly = (code: number) => failStartup(new Error(`exited with code ${code}`));
      worker.once('error', failStartup);
      worker.once('exit', exitedEarly);
      worker.once('message', (startup: WorkerStartup) => {
        worker.off('error', failStartup);
        worker.off('exit', exitedEarly);
        if (!startup.ready) return failStartup(new Error(startup.message));
        settled = true;
        this.starting--;
        if (this.closing) {
          void worker.terminate();
          return resolve();
        }
        const slot: Slot = { worker, current: null, onIdle: null };
        this.slots.push(slot);
        worker.on('message', (reply: WorkerReply) => this.settle(slot, reply));
        worker.on('error', (error) => this.replace(slot, error));
        worker.on('exit', (code) => this.replace(slot, new Error(`inference worker exited with code ${code}`)));
        this.dispatch();
        resolve();
      });
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.current || this.queue.length === 0) continue;
      slot.current = this.queue.shift()!;
      slot.worker.postMessage(slot.current.task);
    }
  }

  private settle(slot: Slot, reply: WorkerReply): void {
    const pending = slot.current;
    slot.current = null;
    slot.onIdle?.();
    if (pending && pending.task.id === reply.id) {
      if (reply.ok) pending.resolve(reply);
      else pending.reject(reply.badInput ? new InputError(reply.message) : new Error(reply.message));
    }
    this.dispatch();
  }

  /** A crashed worker fails its task and is replaced, so one bad task never shrinks the pool. */
  private replace(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    slot.current?.reject(new Error(`inference worker crashed: ${error.message}`));
    slot.onIdle?.();
    void slot.worker.terminate();
    if (this.closing) return;
    this.spawn().catch((spawnError: Error) => {
      if (this.slots.length > 0 || this.starting > 0) return;
      for (const pending of this.queue.splice(0)) pending.reject(spawnError);
    });
  }
}
