/**
 * `npm run bench:inference`: per model (the default first), batch-1 latency of sketch→face and slider→face
 * at the model's output resolution through the service (rasterise, worker with one onnxruntime thread,
 * ONNX graphs, PNG at the output resolution), the same graphs in PyTorch eager on one thread, the floor set by the
 * graphs' FLOPs at this core's measured matrix-multiply rate, and 8 rooms changing continuously.
 *
 *   npm run bench:inference [-- --models DIR] [-- --rooms-seconds 5]
 *
 * Models: models/manifest.json; without one, an untrained s64 exported into .cache/bench-models
 * (same graphs and cost as the trained model), or failing that the tiny test fixture.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { ROOT_DIR } from '../../server/config.ts';
import type { Face } from '../../server/inference/pipeline.ts';
import type { RasterStroke } from '../../server/inference/rasterise.ts';
import { InferenceService, type RoomFace } from '../../server/inference/service.ts';

const PYTHON = '/usr/bin/python3';
const ITERATIONS = 100;
const WARMUP = 15;
const ROOMS = 8;
const ROOM_CHANGE_EVERY_MS = 5;

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function modelsDir(): { dir: string; note: string } {
  const given = argument('--models');
  if (given) return { dir: path.resolve(given), note: '' };
  const shipped = path.join(ROOT_DIR, 'models');
  if (existsSync(path.join(shipped, 'manifest.json'))) return { dir: shipped, note: '' };
  const exported = path.join(ROOT_DIR, '.cache', 'bench-models');
  if (!existsSync(path.join(exported, 'manifest.json'))) {
    const args = ['-m', 'models.training.export', '--config', 's64', '--untrained', '--name', 's2f-dis-s64', '--models-dir', exported];
    spawnSync(PYTHON, args, { cwd: ROOT_DIR, stdio: 'ignore' });
  }
  if (existsSync(path.join(exported, 'manifest.json'))) {
    return { dir: exported, note: 'no models/manifest.json: benchmarking an untrained s64 export (same graphs, same cost)' };
  }
  return { dir: path.join(ROOT_DIR, 'tests/fixtures/tiny-model'), note: 'no models and no PyTorch: benchmarking the tiny test fixture' };
}

interface TorchReport {
  models: Record<string, { flops: Record<string, number>; torch: { sketch?: Percentiles; slider?: Percentiles; error?: string } }>;
}

interface Percentiles {
  p50: number;
  p95: number;
}

const GEMM_GRAPH = path.join(ROOT_DIR, '.cache', 'bench-gemm.onnx');

function torchReport(dir: string): TorchReport | null {
  if (!existsSync(PYTHON)) return null;
  const script = path.join(import.meta.dirname, 'inference-torch.py');
  const result = spawnSync(PYTHON, [script, '--models-dir', dir, '--gemm-graph', GEMM_GRAPH, '--iterations', '30'], {
    cwd: ROOT_DIR,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    process.stderr.write(`PyTorch side skipped: ${result.stderr.trim().split('\n').at(-1)}\n`);
    return null;
  }
  return JSON.parse(result.stdout) as TorchReport;
}

/** onnxruntime's best 1024² matrix multiply on one thread: the rate the FLOPs floor assumes. */
async function gemmGflops(): Promise<number> {
  const session = await ort.InferenceSession.create(GEMM_GRAPH, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const x = new ort.Tensor('float32', new Float32Array(1024 * 1024).fill(0.5), [1024, 1024]);
  let best = Infinity;
  for (let i = 0; i < 8; i++) {
    const started = performance.now();
    await session.run({ x });
    best = Math.min(best, performance.now() - started);
  }
  await session.release();
  return (2 * 1024 ** 3) / (best / 1000) / 1e9;
}

function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95) };
}

function median(values: number[]): number {
  return percentiles(values).p50;
}

/** A face outline plus marks spelling `variant` in binary, so every sketch differs even at 16 px (no cache hits). */
function sketch(variant: number): RasterStroke[] {
  const outline = Float32Array.from({ length: 49 * 3 }, (_, i) => {
    const angle = (Math.floor(i / 3) / 48) * 2 * Math.PI;
    return [0.5 + 0.3 * Math.cos(angle), 0.52 + 0.4 * Math.sin(angle), 0.5][i % 3]!;
  });
  const marks: RasterStroke[] = [];
  for (let bit = 0; bit < 8; bit++) {
    if (!((variant + 1) & (1 << bit))) continue;
    const x = 0.3 + (bit % 4) * 0.13;
    const y = 0.35 + Math.floor(bit / 4) * 0.3;
    marks.push({ tool: 'pen', width: 0.08, points: Float32Array.of(x, y, 0.5, x + 0.06, y, 0.5) });
  }
  return [{ tool: 'pen', width: 0.004, points: outline }, ...marks];
}

async function timeRequests(count: number, request: (i: number) => Promise<Face>): Promise<{ wall: number[]; faces: Face[] }> {
  const wall: number[] = [];
  const faces: Face[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    faces.push(await request(i));
    wall.push(performance.now() - started);
  }
  return { wall, faces };
}

async function benchModel(service: InferenceService, model: string) {
  let serial = 0;
  const sketchFace = () => service.generate({ model, source: { kind: 'strokes', strokes: sketch(serial++) } });
  const fixed = sketch(-1);
  const sliderFace = (i: number) =>
    service.generate({ model, source: { kind: 'strokes', strokes: fixed }, attributes: { [service.registry.get(model).attributes[i % 12]!]: ((i % 21) - 10) / 10 } });
  await timeRequests(WARMUP, sketchFace);
  await sliderFace(0);
  const sketchRun = await timeRequests(ITERATIONS, sketchFace);
  const sliderRun = await timeRequests(ITERATIONS, sliderFace);
  if (sketchRun.faces.some((f) => f.kind !== 'sketch') || sliderRun.faces.some((f) => f.kind !== 'slider')) {
    throw new Error('benchmark inputs hit the wrong path');
  }
  const stages = (faces: Face[]) => ({
    rasterise: median(faces.map((f) => f.timings.rasteriseMs)),
    encode: median(faces.map((f) => f.timings.encodeMs)),
    decode: median(faces.map((f) => f.timings.decodeMs)),
    png: median(faces.map((f) => f.timings.pngMs)),
  });
  return {
    sketch: percentiles(sketchRun.wall),
    slider: percentiles(sliderRun.wall),
    sketchStages: stages(sketchRun.faces),
    sliderStages: stages(sliderRun.faces),
  };
}

/** 8 rooms each changing every few ms (mostly slider moves, every 4th change a new stroke) for `seconds`. */
async function benchRooms(service: InferenceService, model: string, seconds: number) {
  const submitted = new Map<string, number>();
  const delivered = new Map<string, RoomFace[]>();
  const freshness: number[] = [];
  let maxWaiting = 0;
  const rooms = Array.from({ length: ROOMS }, (_, i) => `room-${i}`);
  for (const room of rooms) delivered.set(room, []);
  const attributes = service.registry.get(model).attributes;
  const change = (room: string, revision: number) => {
    submitted.set(room, revision);
    const strokes = sketch(Math.floor(revision / 4) * 97 + rooms.indexOf(room));
    const state = { revision, strokes, attributes: { [attributes[revision % attributes.length]!]: Math.sin(revision) }, model };
    service.submitRoom(room, state, (face) => {
      delivered.get(room)!.push(face);
      freshness.push(face.meta.timings.totalMs);
    });
  };
  const started = performance.now();
  let revision = 0;
  while (performance.now() - started < seconds * 1000) {
    revision++;
    for (const room of rooms) change(room, revision);
    maxWaiting = Math.max(maxWaiting, service.queueDepth);
    await new Promise((resolve) => setTimeout(resolve, ROOM_CHANGE_EVERY_MS));
  }
  const stopped = performance.now();
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (rooms.every((room) => delivered.get(room)!.at(-1)?.revision === submitted.get(room))) {
        clearInterval(check);
        resolve();
      }
    }, 1);
  });
  const catchUpMs = performance.now() - stopped;
  const rendered = [...delivered.values()].reduce((sum, faces) => sum + faces.length, 0);
  const perRoom = rooms.map((room) => delivered.get(room)!.length);
  return {
    changes: revision * ROOMS,
    rendered,
    coalesced: revision * ROOMS - rendered,
    facesPerSecond: rendered / ((stopped - started) / 1000),
    freshness: percentiles(freshness),
    catchUpMs,
    maxWaiting,
    fairness: `${Math.min(...perRoom)}..${Math.max(...perRoom)} faces per room`,
  };
}

const fmt = (ms: number | undefined) => (ms === undefined ? 'n/a' : ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

async function main() {
  const { dir, note } = modelsDir();
  const roomSeconds = Number(argument('--rooms-seconds') ?? 5);
  const workers = cpus().length;
  if (note) process.stdout.write(`${note}\n`);
  process.stdout.write(`models: ${dir}; ${workers} workers (one onnxruntime thread each), ${cpus()[0]?.model ?? 'unknown CPU'}\n`);
  const torch = torchReport(dir);
  const peak = torch ? await gemmGflops() : undefined;
  const service = await InferenceService.start({ modelsDir: dir, workers, log: { info: () => undefined, warn: (m: string) => process.stderr.write(`${m}\n`) } });
  const rows: string[][] = [];
  const roomRows: string[][] = [];
  try {
    const models = [...service.registry.models].sort((a, b) => Number(b.name === service.registry.defaultModel) - Number(a.name === service.registry.defaultModel));
    for (const { name, resolution, outputResolution } of models) {
      const label = `${name}${name === service.registry.defaultModel ? ' (default)' : ''}`;
      const latency = await benchModel(service, name);
      const rooms = await benchRooms(service, name, roomSeconds);
      const py = torch?.models[name];
      const flops = py?.flops;
      const floor = (graphs: string[]) =>
        flops && peak ? (graphs.reduce((sum, g) => sum + flops[g]!, 0) / (peak * 1e9)) * 1000 : undefined;
      const ratio = (eager: number | undefined, ours: number) => (eager === undefined ? 'n/a' : `${(eager / ours).toFixed(1)}x`);
      const gflops = (graphs: string[]) => (flops ? (graphs.reduce((sum, g) => sum + flops[g]!, 0) / 1e9).toFixed(3) : 'n/a');
      for (const [path, graphs, stages] of [
        ['sketch→face', ['sketchEncoder', 'decoder'], latency.sketchStages],
        ['slider→face', ['decoder'], latency.sliderStages],
      ] as const) {
        const ours = path === 'sketch→face' ? latency.sketch : latency.slider;
        const eager = path === 'sketch→face' ? py?.torch.sketch : py?.torch.slider;
        rows.push([
          label,
          `${resolution}→${outputResolution}`,
          path,
          fmt(ours.p50),
          fmt(ours.p95),
          `${fmt(stages.rasterise)}/${fmt(stages.encode)}/${fmt(stages.decode)}/${fmt(stages.png)}`,
          eager ? `${fmt(eager.p50)}/${fmt(eager.p95)}` : 'n/a',
          ratio(eager?.p50, ours.p50),
          gflops([...graphs]),
          fmt(floor([...graphs])),
        ]);
      }
      roomRows.push([
        label,
        String(rooms.changes),
        String(rooms.rendered),
        String(rooms.coalesced),
        rooms.facesPerSecond.toFixed(1),
        `${fmt(rooms.freshness.p50)}/${fmt(rooms.freshness.p95)}`,
        `${(rooms.freshness.p50 / latency.sketch.p50).toFixed(1)}x/${(rooms.freshness.p95 / latency.sketch.p50).toFixed(1)}x`,
        fmt(rooms.catchUpMs),
        String(rooms.maxWaiting),
        rooms.fairness,
      ]);
    }
  } finally {
    await service.close();
  }
  printTable(
    ['model', 'px in→out', 'path', 'p50 ms', 'p95 ms', 'stages ms (raster/enc/dec/png)', 'torch p50/p95', 'torch/ours', 'GFLOP', 'floor ms'],
    rows,
  );
  if (peak) process.stdout.write(`floor = FLOPs / ${peak.toFixed(1)} GFLOP/s (onnxruntime's 1024² matmul on one thread, measured now)\n`);
  process.stdout.write(`load average while measuring: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${workers} cores\n`);
  process.stdout.write(`\n${ROOMS} rooms, each changing every ${ROOM_CHANGE_EVERY_MS} ms for ${roomSeconds} s (3 of 4 changes a slider move):\n`);
  printTable(
    ['model', 'changes', 'rendered', 'coalesced', 'faces/s', 'freshness p50/p95 ms', 'vs single p50', 'catch-up ms', 'max waiting', 'fairness'],
    roomRows,
  );
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  process.stdout.write(`${[line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')}\n`);
}

await main();
