/** One status line on stderr with elapsed time and an estimate of the time left; redrawn in place on a terminal. */
export class Progress {
  private readonly start = performance.now();
  private lastLogged = -1;

  constructor(
    private readonly task: string,
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number): void {
    const elapsed = (performance.now() - this.start) / 1000;
    const left = done > 0 ? (elapsed / done) * (this.total - done) : Number.NaN;
    const line = `${this.task} ${done}/${this.total} · ${formatSeconds(elapsed)}${
      done > 0 && done < this.total ? ` · ~${formatSeconds(left)} left` : ''
    }`;
    if (this.stream.isTTY) {
      this.stream.write(`\r${line}\x1b[K`);
      return;
    }
    // Without a terminal: a line at every tenth of the work.
    const tenth = Math.floor((10 * done) / this.total);
    if (tenth > this.lastLogged) {
      this.lastLogged = tenth;
      this.stream.write(`${line}\n`);
    }
  }

  finish(): number {
    const seconds = (performance.now() - this.start) / 1000;
    this.update(this.total);
    if (this.stream.isTTY) this.stream.write('\n');
    return seconds;
  }
}

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds.toFixed(0)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}
