import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BusyError, InputError } from '../../server/inference/errors.ts';
import type { RasterStroke } from '../../server/inference/rasterise.ts';
import { InferenceService, type RoomFace } from '../../server/inference/service.ts';
import { FIXTURES, TINY_MODEL_DIR } from '../unit/inference-golden.ts';

const warnings: string[] = [];
const log = { info: () => undefined, warn: (message: string) => void warnings.push(message) };

const face: RasterStroke[] = (JSON.parse(readFileSync(path.join(FIXTURES, 'strokes-face.json'), 'utf8')) as RasterStroke[]).map(
  (stroke) => ({ ...stroke, points: Float32Array.from(stroke.points) }),
);
const sketchPng = readFileSync(path.join(FIXTURES, 'sketch-128.png'));

function size(png: Uint8Array): [number, number] {
  const { width, height } = PNG.sync.read(Buffer.from(png));
  return [width, height];
}

let service: InferenceService;

beforeAll(async () => {
  service = await InferenceService.start({ modelsDir: TINY_MODEL_DIR, workers: 2, log });
});

afterAll(async () => {
  await service.close();
});

describe('InferenceService.generate', () => {
  test('renders strokes, then reruns only the decoder when just the sliders move', async () => {
    const first = await service.generate({ source: { kind: 'strokes', strokes: face }, attributes: { Smiling: 0.5 } });
    expect(first).toMatchObject({ model: 'tiny', outputResolution: 32, kind: 'sketch' });
    expect(first.timings.encodeMs).toBeGreaterThan(0);
    expect(size(first.png)).toEqual([32, 32]); // the model's output resolution: 2× the 16 px sketch

    const moved = await service.generate({ source: { kind: 'strokes', strokes: face }, attributes: { Smiling: -1, Male: 1 } });
    expect(moved.kind).toBe('slider');
    expect(moved.timings.encodeMs).toBe(0);
    expect(Buffer.from(moved.png).equals(Buffer.from(first.png))).toBe(false);

    // the cached encoding (latent and structure) gives exactly the face a full run would
    const back = await service.generate({ source: { kind: 'strokes', strokes: face }, attributes: { Smiling: 0.5 } });
    expect(back.kind).toBe('slider');
    expect(Buffer.from(back.png).equals(Buffer.from(first.png))).toBe(true);
  });

  test('renders sketch images and photos, with any model of the manifest', async () => {
    const fromImage = await service.generate({ model: 'tiny-dec', source: { kind: 'sketchImage', bytes: sketchPng } });
    expect(fromImage).toMatchObject({ model: 'tiny-dec', kind: 'sketch' });
    expect(size(fromImage.png)).toEqual([32, 32]);
    const photo = await service.generate({ source: { kind: 'photo', bytes: fromImage.png }, attributes: { Young: 1 } });
    expect(photo).toMatchObject({ model: 'tiny', kind: 'photo' });
    const edited = await service.generate({ source: { kind: 'photo', bytes: fromImage.png }, attributes: { Young: -1 } });
    expect(edited.kind).toBe('slider');
  });

  test('refuses bad input with an InputError before queueing, and a corrupt image without harming the workers', async () => {
    const strokes = { kind: 'strokes' as const, strokes: face };
    await expect(service.generate({ model: 'nope', source: strokes })).rejects.toThrow(/unknown model "nope"/);
    await expect(service.generate({ source: strokes, attributes: { Smiling: NaN } })).rejects.toThrow(InputError);
    await expect(service.generate({ source: { kind: 'sketchImage', bytes: Buffer.from('nope') } })).rejects.toThrow(
      /must be a PNG or JPEG/,
    );
    const corrupt = Buffer.from(sketchPng);
    corrupt.fill(7, 40, 200); // a valid header over broken data: only decoding (in a worker) finds out
    for (let i = 0; i < 4; i++) {
      await expect(service.generate({ source: { kind: 'sketchImage', bytes: corrupt } })).rejects.toThrow(/cannot decode the PNG/);
    }
    expect((await service.generate({ source: strokes })).model).toBe('tiny');
  });

  test('refuses requests beyond its waiting limit with a BusyError', async () => {
    const busy = await InferenceService.start({ modelsDir: TINY_MODEL_DIR, workers: 1, maxWaitingRequests: 2, log });
    try {
      const requests = Array.from({ length: 5 }, (_, i) =>
        busy.generate({ source: { kind: 'strokes', strokes: face }, attributes: { Smiling: i / 5 } }),
      );
      const outcomes = await Promise.allSettled(requests);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected', 'rejected']);
      expect((outcomes[4] as PromiseRejectedResult).reason).toBeInstanceOf(BusyError);
    } finally {
      await busy.close();
    }
  });
});

describe('InferenceService rooms', () => {
  test('each room gets its latest state rendered; states in between are coalesced', async () => {
    const faces = new Map<string, RoomFace[]>();
    const done = ['a', 'b', 'c'].map(
      (room) =>
        new Promise<void>((resolve) => {
          faces.set(room, []);
          for (let revision = 1; revision <= 20; revision++) {
            const strokes = face.slice(0, 1 + (revision % face.length));
            service.submitRoom(room, { revision, strokes, attributes: { Smiling: revision / 20 } }, (rendered) => {
              faces.get(room)!.push(rendered);
              if (rendered.revision === 20) resolve();
            });
          }
        }),
    );
    await Promise.all(done);
    for (const rendered of faces.values()) {
      const revisions = rendered.map((f) => f.revision);
      expect(revisions.at(-1)).toBe(20);
      expect(revisions.length).toBeLessThan(20);
      expect(revisions).toEqual([...revisions].sort((x, y) => x - y));
      expect(rendered.at(-1)!.meta).toMatchObject({ model: 'tiny', outputResolution: 32 });
    }
    expect(service.metrics.text()).toMatch(/^facesketch_inference_coalesced_total [1-9]\d*$/m);
  });

  test('a room falls back to the default model and ignores sliders its model lacks, live or saved', async () => {
    const state = { strokes: face, attributes: { Sparkles: 1, Male: 1 }, model: 'gone' };
    const live = await new Promise<RoomFace>((resolve) => service.submitRoom('fallback', { revision: 1, ...state }, resolve));
    expect(live.meta.model).toBe('tiny');
    const saved = await service.renderRoomState(state);
    expect(Buffer.from(saved.png).equals(Buffer.from(live.png))).toBe(true);
  });

  test('closing a room cancels its waiting state and withholds the face being rendered', async () => {
    const single = await InferenceService.start({ modelsDir: TINY_MODEL_DIR, workers: 1, log });
    try {
      const delivered: number[] = [];
      single.submitRoom('closing', { revision: 1, strokes: face, attributes: {} }, (f) => delivered.push(f.revision));
      single.submitRoom('closing', { revision: 2, strokes: face, attributes: { Male: 1 } }, (f) => delivered.push(f.revision));
      single.closeRoom('closing');
      await single.generate({ source: { kind: 'strokes', strokes: face } }); // runs after the room's job on the one worker
      expect(delivered).toEqual([]);
      expect(single.metrics.text()).toMatch(/^facesketch_inference_cancelled_total 2$/m);
    } finally {
      await single.close();
    }
  });
});

describe('InferenceService reports', () => {
  test('its models for /api/health and its metrics for /api/metrics', () => {
    expect(service.health()).toMatchObject({
      device: 'cpu',
      workers: 2,
      defaultModel: 'tiny',
      models: [
        { name: 'tiny', variant: 'dis', resolution: 16, outputResolution: 32 },
        { name: 'tiny-dec', variant: 'dec', resolution: 16, outputResolution: 32 },
      ],
    });
    const text = service.metrics.text();
    expect(text).toMatch(/^facesketch_inference_jobs_total\{model="tiny",kind="sketch",outcome="ok"\} \d+$/m);
    expect(text).toMatch(/^facesketch_inference_render_seconds_count\{model="tiny",kind="slider"\} \d+$/m);
    expect(text).toMatch(/^facesketch_inference_encoding_cache_total\{result="hit"\} \d+$/m);
    expect(text).toMatch(/^facesketch_inference_queue_depth 0$/m);
    expect(text).toMatch(/^facesketch_inference_workers 2$/m);
  });
});

/** A copy of the tiny fixture models with `edit` applied to its manifest; removed after `use`. */
interface ManifestJson {
  models: { files: Record<string, unknown>; structure: { size: number }; outputResolution: number }[];
}

async function withModelCopy(edit: (manifest: ManifestJson) => void, use: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'facesketch-broken-'));
  try {
    cpSync(TINY_MODEL_DIR, dir, { recursive: true });
    const manifestFile = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    edit(manifest);
    writeFileSync(manifestFile, JSON.stringify(manifest));
    await use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a graph onnxruntime cannot load fails the start with its reason, leaving nothing running', async () => {
  const broken = Buffer.from('not an onnx graph');
  await withModelCopy(
    (manifest) => (manifest.models[0]!.files.decoder = { path: 'tiny/decoder.onnx', sha256: createHash('sha256').update(broken).digest('hex') }),
    async (dir) => {
      writeFileSync(path.join(dir, 'tiny/decoder.onnx'), broken);
      await expect(InferenceService.start({ modelsDir: dir, workers: 2, log })).rejects.toThrow(
        /inference worker failed to start: .*decoder\.onnx/,
      );
    },
  );
});

test('a graph of another contract fails the start, naming what it has and what the contract needs', async () => {
  // The decoder graph where the sketch encoder should be: loadable, but the wrong inputs and outputs.
  await withModelCopy(
    (manifest) => (manifest.models[0]!.files.sketchEncoder = manifest.models[0]!.files.decoder),
    async (dir) => {
      await expect(InferenceService.start({ modelsDir: dir, workers: 1, log })).rejects.toThrow(
        /model tiny: sketchEncoder .* maps latent, structure, attributes to image; the serving contract .* needs sketch to latent, structure/,
      );
    },
  );
});

test('a manifest whose structure or output size disagrees with the graphs fails the render, not the server', async () => {
  await withModelCopy(
    (manifest) => {
      manifest.models[0]!.structure.size = 8;
      manifest.models[1]!.outputResolution = 64;
    },
    async (dir) => {
      const copy = await InferenceService.start({ modelsDir: dir, workers: 1, log });
      try {
        const source = { kind: 'strokes' as const, strokes: face };
        await expect(copy.generate({ source })).rejects.toThrow(/model tiny: "structure" has shape \[1, 4, 4, 4\], the manifest implies 256/);
        await expect(copy.generate({ model: 'tiny-dec', source })).rejects.toThrow(
          /model tiny-dec: "image" has shape \[1, 3, 32, 32\], the manifest implies 12288/,
        );
      } finally {
        await copy.close();
      }
    },
  );
});
