/**
 * Polls `GET /api/health` back to back while `attack` runs and returns the latencies seen: how long
 * the server made everyone else wait during it.
 */
export async function healthLatencyDuring(baseUrl: string, attack: () => Promise<unknown>): Promise<{ median: number; max: number; samples: number }> {
  const latencies: number[] = [];
  let running = true;
  const probe = (async () => {
    while (running) {
      const started = performance.now();
      await (await fetch(`${baseUrl}/api/health`)).arrayBuffer();
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    await attack();
  } finally {
    running = false;
    await probe;
  }
  const sorted = latencies.sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)] ?? 0, max: sorted[sorted.length - 1] ?? 0, samples: sorted.length };
}
