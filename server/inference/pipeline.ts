import { createHash } from 'node:crypto';
import { probeImage } from './image-decode.ts';
import type { EncodingCache } from './encoding-cache.ts';
import type { ModelSpec } from './manifest.ts';
import type { Counter, Histogram } from './metrics.ts';
import type { WorkerPool } from './pool.ts';
import { rasteriseStrokes, type RasterStroke } from './rasterise.ts';
import type { ModelRegistry } from './registry.ts';
import { attributeVector } from './strengths.ts';
import type { StageTimings, WorkerInput } from './worker-protocol.ts';

/** Where the face comes from: the room's strokes, an uploaded sketch image, or a photo (photo mode). */
export type SketchSource =
  | { kind: 'strokes'; strokes: Iterable<RasterStroke> }
  | { kind: 'sketchImage'; bytes: Uint8Array }
  | { kind: 'photo'; bytes: Uint8Array };

export interface RenderRequest {
  /** Defaults to the registry's default model. */
  model?: string;
  /** `{name: strength}`, strengths in [-1, 1]; missing names are 0. */
  attributes?: unknown;
  source: SketchSource;
}

/** A validated request, ready to run. */
export interface RenderJob {
  model: ModelSpec;
  attributes: Float32Array;
  source: SketchSource;
  submittedAt: number;
}

/** 'slider': the encoding was cached (same sketch or photo as before), so only the decoder ran. */
export type RenderKind = 'sketch' | 'photo' | 'slider';

export interface FaceTimings extends StageTimings {
  rasteriseMs: number;
  /** From submission until a worker was free and the job started. */
  queueMs: number;
  /** From submission until the PNG was ready. */
  totalMs: number;
}

export interface Face {
  png: Uint8Array;
  model: string;
  /** The PNG is outputResolution × outputResolution. */
  outputResolution: number;
  kind: RenderKind;
  timings: FaceTimings;
}

export interface PipelineMetrics {
  jobs: Counter;
  seconds: Histogram;
  cache: Counter;
}

/** sketch → latent + structure (cached by content) → with attribute strengths → PNG, on the worker pool. */
export class Pipeline {
  constructor(
    private readonly registry: ModelRegistry,
    private readonly pool: WorkerPool,
    private readonly cache: EncodingCache,
    private readonly metrics: PipelineMetrics,
  ) {}

  /** Validates a request without running it; bad input throws an InputError. */
  prepare(request: RenderRequest): RenderJob {
    const model = this.registry.get(request.model);
    const attributes = attributeVector(model, request.attributes);
    if (request.source.kind !== 'strokes') probeImage(request.source.bytes);
    return { model, attributes, source: request.source, submittedAt: performance.now() };
  }

  async render(job: RenderJob): Promise<Face> {
    const started = performance.now();
    const { input, cacheKey, rasteriseMs } = this.encoderInput(job);
    const cached = this.cache.get(cacheKey);
    this.metrics.cache.inc({ result: cached ? 'hit' : 'miss' });
    const kind: RenderKind = cached ? 'slider' : job.source.kind === 'photo' ? 'photo' : 'sketch';
    const labels = { model: job.model.name, kind };
    try {
      const reply = await this.pool.run({
        model: job.model.name,
        input: cached ? { kind: 'encoding', encoding: cached } : input,
        attributes: job.attributes,
      });
      if (!cached) this.cache.set(cacheKey, reply.encoding);
      const finished = performance.now();
      this.metrics.jobs.inc({ ...labels, outcome: 'ok' });
      this.metrics.seconds.observe(labels, (finished - started) / 1000);
      return {
        png: reply.png,
        model: job.model.name,
        outputResolution: job.model.outputResolution,
        kind,
        timings: { ...reply.timings, rasteriseMs, queueMs: started - job.submittedAt, totalMs: finished - job.submittedAt },
      };
    } catch (error) {
      this.metrics.jobs.inc({ ...labels, outcome: 'error' });
      throw error;
    }
  }

  private encoderInput(job: RenderJob): { input: WorkerInput; cacheKey: string; rasteriseMs: number } {
    const { source, model } = job;
    if (source.kind === 'strokes') {
      const started = performance.now();
      const tensor = rasteriseStrokes(source.strokes, model);
      const rasteriseMs = performance.now() - started;
      return { input: { kind: 'sketchTensor', tensor }, cacheKey: key(model, 'sketch', tensor), rasteriseMs };
    }
    const input: WorkerInput =
      source.kind === 'photo' ? { kind: 'photoImage', bytes: source.bytes } : { kind: 'sketchImage', bytes: source.bytes };
    return { input, cacheKey: key(model, source.kind, source.bytes), rasteriseMs: 0 };
  }
}

function key(model: ModelSpec, kind: string, content: ArrayBufferView): string {
  const digest = createHash('sha1').update(new Uint8Array(content.buffer, content.byteOffset, content.byteLength));
  return `${model.name}/${kind}/${digest.digest('base64')}`;
}
