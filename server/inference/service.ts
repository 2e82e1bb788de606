import { cpus } from 'node:os';
import type { Logger } from '../log.ts';
import { resolveDevice, type Device } from './device.ts';
import { BusyError } from './errors.ts';
import { EncodingCache } from './encoding-cache.ts';
import { Counter, Histogram, MetricsRegistry, SampledGauge } from './metrics.ts';
import { Pipeline, type Face, type RenderJob, type RenderRequest } from './pipeline.ts';
import { WorkerPool } from './pool.ts';
import type { RasterStroke } from './rasterise.ts';
import { ModelRegistry } from './registry.ts';
import { LatestWinsScheduler, type Outcome } from './scheduler.ts';

export interface InferenceOptions {
  modelsDir: string;
  /** The MODEL setting; defaults to the manifest's default. */
  defaultModel?: string;
  device?: Device;
  /** Worker threads, one onnxruntime intra-op thread each; defaults to the number of cores. */
  workers?: number;
  /** One-off requests (API, CLI) allowed to wait at once; more are refused with a BusyError. */
  maxWaitingRequests?: number;
  encodingCacheSize?: number;
  log: Pick<Logger, 'info' | 'warn'>;
}

/** A room's state as the realtime module sees it after a change. */
export interface RoomState {
  revision: number;
  strokes: Iterable<RasterStroke>;
  /** Slider strengths by attribute name. */
  attributes: Record<string, number>;
  model?: string;
}

export interface RoomFace {
  revision: number;
  png: Uint8Array;
  meta: Omit<Face, 'png'>;
}

export interface ModelSummary {
  name: string;
  variant: string;
  resolution: number;
  outputResolution: number;
  attributes: readonly string[];
}

const SECONDS_BUCKETS = [0.002, 0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * The inference service: model registry, worker pool, encoding cache and the latest-wins scheduler
 * that rooms and one-off requests share. Knows nothing about sockets or HTTP.
 */
export class InferenceService {
  readonly metrics = new MetricsRegistry();
  private readonly coalesced: Counter;
  private readonly cancelled: Counter;
  private readonly scheduler: LatestWinsScheduler<RenderJob, Face>;
  private readonly pipeline: Pipeline;
  private waitingRequests = 0;
  private nextRequest = 1;

  private constructor(
    readonly registry: ModelRegistry,
    private readonly pool: WorkerPool,
    readonly device: Device,
    private readonly options: InferenceOptions,
  ) {
    const m = this.metrics;
    const pipelineMetrics = {
      jobs: m.register(new Counter('facesketch_inference_jobs_total', 'Rendered faces by model, kind and outcome.')),
      seconds: m.register(
        new Histogram('facesketch_inference_render_seconds', 'Time from job start to PNG, by model and kind.', SECONDS_BUCKETS),
      ),
      cache: m.register(new Counter('facesketch_inference_encoding_cache_total', 'Encoding (latent + structure) cache lookups by result.')),
    };
    this.coalesced = m.register(
      new Counter('facesketch_inference_coalesced_total', 'Waiting jobs replaced by a newer state of the same room.'),
    );
    this.cancelled = m.register(new Counter('facesketch_inference_cancelled_total', 'Jobs dropped because their room closed.'));
    m.register(new SampledGauge('facesketch_inference_queue_depth', 'Jobs waiting for a worker.', () => this.queueDepth));
    m.register(new SampledGauge('facesketch_inference_in_flight', 'Jobs running on a worker.', () => this.scheduler.running));
    m.register(new SampledGauge('facesketch_inference_workers', 'Inference worker threads.', () => this.pool.size));
    this.pipeline = new Pipeline(registry, pool, new EncodingCache(options.encodingCacheSize ?? 512), pipelineMetrics);
    this.scheduler = new LatestWinsScheduler((job) => this.pipeline.render(job), pool.size);
  }

  /** Reads the manifest, verifies every graph, resolves the device and starts the workers. */
  static async start(options: InferenceOptions): Promise<InferenceService> {
    const registry = await ModelRegistry.load(options.modelsDir, options.defaultModel);
    const device = await resolveDevice(options.device ?? 'cpu', registry.get().graphs.decoder, (message) =>
      options.log.warn(message),
    );
    const workers = options.workers ?? cpus().length;
    const pool = await WorkerPool.start(workers, { models: [...registry.models], device });
    options.log.info(
      `inference: ${registry.models.map((model) => model.name).join(', ')} (default ${registry.defaultModel}) on ${device}, ${workers} workers`,
    );
    return new InferenceService(registry, pool, device, options);
  }

  /**
   * Renders a room's latest state. While the room's previous face is rendering, a newer state replaces
   * the one waiting (latest wins); `onFace` is called for each state actually rendered. A room is a
   * live document, not a request, so nothing here is refused: a model this server lacks falls back to
   * the default, sliders the model lacks are ignored, and failures are logged.
   */
  submitRoom(roomId: string, state: RoomState, onFace: (face: RoomFace) => void): void {
    let job: RenderJob;
    try {
      job = this.pipeline.prepare(this.roomRequest(state));
    } catch (error) {
      this.options.log.warn(`inference: room ${roomId} revision ${state.revision} not rendered: ${(error as Error).message}`);
      return;
    }
    this.scheduler.submit(`room:${roomId}`, job, (outcome) => {
      this.count(outcome);
      if (outcome.status === 'done') {
        const { png, ...meta } = outcome.value;
        onFace({ revision: state.revision, png, meta });
      } else if (outcome.status === 'failed') {
        this.options.log.warn(`inference: room ${roomId} revision ${state.revision} failed: ${outcome.error.message}`);
      }
    });
  }

  /** One face of a room's state, rendered as submitRoom would (for saving it); takes its turn like a request. */
  renderRoomState(state: Omit<RoomState, 'revision'>): Promise<Face> {
    return this.generate(this.roomRequest(state));
  }

  /** Forgets a closed room: its waiting state is dropped and a render in flight is not delivered. */
  closeRoom(roomId: string): void {
    this.scheduler.cancel(`room:${roomId}`);
  }

  /** One face for the API or the CLI; takes its turn with the rooms. Bad input rejects with an InputError. */
  async generate(request: RenderRequest): Promise<Face> {
    const job = this.pipeline.prepare(request);
    const limit = this.options.maxWaitingRequests ?? 8 * this.pool.size;
    if (this.waitingRequests >= limit) throw new BusyError(`the inference queue is full (${limit} requests); retry shortly`);
    this.waitingRequests++;
    return new Promise((resolve, reject) => {
      this.scheduler.submit(`request:${this.nextRequest++}`, job, (outcome) => {
        this.waitingRequests--;
        this.count(outcome);
        if (outcome.status === 'done') resolve(outcome.value);
        else reject(outcome.status === 'failed' ? outcome.error : new Error(`request ${outcome.status}`));
      });
    });
  }

  /** Jobs waiting for a worker: at most one per room plus the waiting one-off requests. */
  get queueDepth(): number {
    return this.scheduler.waiting;
  }

  /** What /api/health reports. */
  health(): { device: Device; workers: number; defaultModel: string; models: ModelSummary[] } {
    return {
      device: this.device,
      workers: this.pool.size,
      defaultModel: this.registry.defaultModel,
      models: this.registry.models.map(({ name, variant, resolution, outputResolution, attributes }) => ({
        name,
        variant,
        resolution,
        outputResolution,
        attributes,
      })),
    };
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private roomRequest(state: Omit<RoomState, 'revision'>): RenderRequest {
    const model = this.registry.find(state.model) ?? this.registry.get();
    const attributes = Object.fromEntries(Object.entries(state.attributes).filter(([name]) => model.attributes.includes(name)));
    return { model: model.name, attributes, source: { kind: 'strokes', strokes: state.strokes } };
  }

  private count(outcome: Outcome<Face>): void {
    if (outcome.status === 'superseded') this.coalesced.inc();
    if (outcome.status === 'cancelled') this.cancelled.inc();
  }
}
