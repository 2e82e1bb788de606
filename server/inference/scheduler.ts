/** How a submitted job ended: rendered, failed, replaced by a newer one (latest wins) or cancelled. */
export type Outcome<R> =
  | { status: 'done'; value: R }
  | { status: 'failed'; error: Error }
  | { status: 'superseded' }
  | { status: 'cancelled' };

interface Waiting<J, R> {
  job: J;
  settle: (outcome: Outcome<R>) => void;
}

interface Lane<J, R> {
  waiting: Waiting<J, R> | null;
  running: boolean;
  closed: boolean;
}

/**
 * Runs jobs from many lanes (one lane per room) with at most `concurrency` running overall and at most
 * one running per lane. Each lane keeps only its newest waiting job: submitting again replaces the
 * waiting one, so memory is bounded by the number of lanes whatever the load. Lanes with a waiting
 * job take turns in the order they became ready, so a busy lane cannot starve a quiet one.
 */
export class LatestWinsScheduler<J, R> {
  private readonly lanes = new Map<string, Lane<J, R>>();
  private readonly ready: string[] = [];
  private runningCount = 0;
  private waitingCount = 0;

  constructor(
    private readonly run: (job: J) => Promise<R>,
    private readonly concurrency: number,
  ) {}

  /** Jobs waiting for their turn (at most one per lane). */
  get waiting(): number {
    return this.waitingCount;
  }

  get running(): number {
    return this.runningCount;
  }

  /** Queues `job` as the lane's latest state; a job it replaces settles as 'superseded'. */
  submit(laneId: string, job: J, settle: (outcome: Outcome<R>) => void): void {
    let lane = this.lanes.get(laneId);
    if (!lane) {
      lane = { waiting: null, running: false, closed: false };
      this.lanes.set(laneId, lane);
    }
    const replaced = lane.waiting;
    lane.waiting = { job, settle };
    if (replaced) {
      replaced.settle({ status: 'superseded' });
    } else {
      this.waitingCount++;
      if (!lane.running) this.ready.push(laneId);
    }
    this.pump();
  }

  /** Drops the lane: its waiting job settles as 'cancelled', and so will the one running now. */
  cancel(laneId: string): void {
    const lane = this.lanes.get(laneId);
    if (!lane) return;
    this.lanes.delete(laneId);
    lane.closed = true;
    if (lane.waiting) {
      const index = this.ready.indexOf(laneId);
      if (index >= 0) this.ready.splice(index, 1);
      lane.waiting.settle({ status: 'cancelled' });
      lane.waiting = null;
      this.waitingCount--;
    }
  }

  private pump(): void {
    while (this.runningCount < this.concurrency && this.ready.length > 0) {
      const laneId = this.ready.shift()!;
      const lane = this.lanes.get(laneId)!;
      const { job, settle } = lane.waiting!;
      lane.waiting = null;
      this.waitingCount--;
      lane.running = true;
      this.runningCount++;
      void this.execute(job).then((outcome) => {
        this.runningCount--;
        lane.running = false;
        if (!lane.closed) {
          if (lane.waiting) this.ready.push(laneId);
          else this.lanes.delete(laneId);
        }
        this.pump();
        settle(lane.closed ? { status: 'cancelled' } : outcome);
      });
    }
  }

  private async execute(job: J): Promise<Outcome<R>> {
    try {
      return { status: 'done', value: await this.run(job) };
    } catch (error) {
      return { status: 'failed', error: error instanceof Error ? error : new Error(String(error)) };
    }
  }
}
