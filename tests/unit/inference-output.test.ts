import { PNG } from 'pngjs';
import { describe, expect, test } from 'vitest';
import { Counter, Histogram, MetricsRegistry, SampledGauge } from '../../server/inference/metrics.ts';
import { encodeFacePng } from '../../server/inference/png.ts';

describe('encodeFacePng', () => {
  test('maps [-1, 1] planar RGB to 8-bit pixels, clamping what is outside', async () => {
    const size = 2;
    const image = Float32Array.of(-1, 0, 1, 2, /* G */ 1, 1, -1, -1, /* B */ -3, 0.5, 0, NaN);
    const { width, height, data } = PNG.sync.read(Buffer.from(await encodeFacePng(image, size)));
    expect([width, height]).toEqual([2, 2]);
    const pixels = Array.from({ length: 4 }, (_, i) => Array.from(data.subarray(i * 4, i * 4 + 4)));
    expect(pixels).toEqual([
      [0, 255, 0, 255],
      [128, 255, 191, 255],
      [255, 0, 128, 255],
      [255, 0, 0, 255],
    ]);
  });
});

describe('MetricsRegistry', () => {
  test('writes Prometheus text: counters with labels, cumulative histograms, sampled gauges', () => {
    const registry = new MetricsRegistry();
    const jobs = registry.register(new Counter('jobs_total', 'Jobs.'));
    const seconds = registry.register(new Histogram('job_seconds', 'Job time.', [0.01, 0.1]));
    let depth = 3;
    registry.register(new SampledGauge('queue_depth', 'Waiting.', () => depth));
    jobs.inc({ model: 'm "1"', kind: 'sketch' });
    jobs.inc({ model: 'm "1"', kind: 'sketch' }, 2);
    seconds.observe({ kind: 'slider' }, 0.005);
    seconds.observe({ kind: 'slider' }, 0.05);
    seconds.observe({ kind: 'slider' }, 5);
    depth = 1;
    expect(registry.text()).toBe(
      [
        '# HELP jobs_total Jobs.',
        '# TYPE jobs_total counter',
        'jobs_total{model="m \\"1\\"",kind="sketch"} 3',
        '# HELP job_seconds Job time.',
        '# TYPE job_seconds histogram',
        'job_seconds_bucket{kind="slider",le="0.01"} 1',
        'job_seconds_bucket{kind="slider",le="0.1"} 2',
        'job_seconds_bucket{kind="slider",le="+Inf"} 3',
        'job_seconds_sum{kind="slider"} 5.055',
        'job_seconds_count{kind="slider"} 3',
        '# HELP queue_depth Waiting.',
        '# TYPE queue_depth gauge',
        'queue_depth 1',
        '',
      ].join('\n'),
    );
  });
});
