import { describe, expect, test } from 'vitest';
import { LatestWinsScheduler, type Outcome } from '../../server/inference/scheduler.ts';

/** A job runner the test finishes by hand, so every interleaving is explicit. */
function manualRunner() {
  const started: { job: string; finish: (result?: string) => void; fail: (error: Error) => void }[] = [];
  const run = (job: string) =>
    new Promise<string>((resolve, reject) => {
      started.push({ job, finish: (result = `face of ${job}`) => resolve(result), fail: reject });
    });
  return { run, started };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function recorder() {
  const outcomes: Record<string, Outcome<string>> = {};
  return { outcomes, settle: (job: string) => (outcome: Outcome<string>) => void (outcomes[job] = outcome) };
}

describe('LatestWinsScheduler', () => {
  test('runs at most one job per room; a newer state replaces the waiting one', async () => {
    const { run, started } = manualRunner();
    const { outcomes, settle } = recorder();
    const scheduler = new LatestWinsScheduler(run, 4);
    for (const revision of ['r1', 'r2', 'r3', 'r4']) scheduler.submit('room', revision, settle(revision));
    expect(started.map((s) => s.job)).toEqual(['r1']);
    expect(outcomes.r2).toEqual({ status: 'superseded' });
    expect(outcomes.r3).toEqual({ status: 'superseded' });
    expect(scheduler.waiting).toBe(1);
    started[0]!.finish();
    await flush();
    expect(outcomes.r1).toEqual({ status: 'done', value: 'face of r1' });
    expect(started.map((s) => s.job)).toEqual(['r1', 'r4']);
    started[1]!.finish();
    await flush();
    expect(outcomes.r4).toEqual({ status: 'done', value: 'face of r4' });
    expect(scheduler.waiting + scheduler.running).toBe(0);
  });

  test('never runs more than its concurrency, and keeps at most one waiting job per room under any load', async () => {
    const { run, started } = manualRunner();
    const scheduler = new LatestWinsScheduler(run, 2);
    const rendered: string[] = [];
    for (let i = 0; i < 1000; i++) {
      scheduler.submit(`room-${i % 8}`, `job-${i}`, (outcome) => outcome.status === 'done' && rendered.push(outcome.value));
    }
    expect(scheduler.running).toBe(2);
    expect(scheduler.waiting).toBe(8); // the two running rooms have a newer state waiting too
    expect(started).toHaveLength(2);
    // drain: every room renders once more, with its latest state, and nothing else runs
    while (started.length > 0) {
      started.splice(0).forEach((s) => s.finish());
      await flush();
    }
    expect(scheduler.running + scheduler.waiting).toBe(0);
    const latest = Array.from({ length: 8 }, (_, room) => `face of job-${992 + room}`);
    expect(rendered.sort()).toEqual(['face of job-0', 'face of job-1', ...latest].sort());
  });

  test('rooms take turns: a busy room cannot starve a quiet one', async () => {
    const { run, started } = manualRunner();
    const scheduler = new LatestWinsScheduler(run, 1);
    scheduler.submit('busy', 'busy-1', () => undefined);
    scheduler.submit('quiet', 'quiet-1', () => undefined);
    scheduler.submit('busy', 'busy-2', () => undefined);
    scheduler.submit('other', 'other-1', () => undefined);
    const order: string[] = [];
    for (let step = 0; step < 4; step++) {
      const current = started.shift()!;
      order.push(current.job);
      scheduler.submit('busy', `busy-${step + 3}`, () => undefined); // the busy room keeps changing
      current.finish();
      await flush();
    }
    expect(order).toEqual(['busy-1', 'quiet-1', 'other-1', 'busy-5']); // its latest state when its turn came
  });

  test('closing a room cancels its waiting job and withholds the result of the running one', async () => {
    const { run, started } = manualRunner();
    const { outcomes, settle } = recorder();
    const scheduler = new LatestWinsScheduler(run, 1);
    scheduler.submit('closing', 'running', settle('running'));
    scheduler.submit('closing', 'waiting', settle('waiting'));
    scheduler.submit('staying', 'other', settle('other'));
    scheduler.cancel('closing');
    expect(outcomes.waiting).toEqual({ status: 'cancelled' });
    expect(scheduler.waiting).toBe(1);
    started[0]!.finish();
    await flush();
    expect(outcomes.running).toEqual({ status: 'cancelled' });
    expect(started.map((s) => s.job)).toEqual(['running', 'other']);
    scheduler.cancel('never-seen'); // harmless
  });

  test('a failing job settles as failed and the room carries on', async () => {
    const { run, started } = manualRunner();
    const { outcomes, settle } = recorder();
    const scheduler = new LatestWinsScheduler(run, 1);
    scheduler.submit('room', 'bad', settle('bad'));
    scheduler.submit('room', 'good', settle('good'));
    started[0]!.fail(new Error('boom'));
    await flush();
    expect(outcomes.bad).toEqual({ status: 'failed', error: new Error('boom') });
    started[1]!.finish();
    await flush();
    expect(outcomes.good?.status).toBe('done');
  });
});
