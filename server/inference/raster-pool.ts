import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { BusyError, InputError } from './errors.ts';
import type { ModelSpec } from './manifest.ts';
import type { RasterStroke } from './rasterise.ts';

/** Strokes as four flat arrays: one structured-clone copy to a worker instead of thousands of objects. */
export interface PackedStrokes {
  tools: Uint8Array;
  widths: Float64Array;
  /** End offset into `points` of each stroke. */
  ends: Uint32Array;
  points: Float64Array;
}

/** Ink and paper colours (RGB) of a sketch picture. */
export interface PictureStyle {
  size: number;
  lineWidthPx: number;
  ink: readonly [number, number, number];
  paper: readonly [number, number, number];
}

export type RasterTask =
  | { kind: 'tensor'; strokes: PackedStrokes; model: Pick<ModelSpec, 'resolution' | 'sketch'> }
  | { kind: 'picture'; strokes: PackedStrokes; style: PictureStyle };

export type RasterReply = { ok: true; value: Uint8Array | Float32Array } | { ok: false; message: string; badInput: boolean };

export function packStrokes(strokes: Iterable<RasterStroke>): PackedStrokes {
  const list = [...strokes];
  const total = list.reduce((sum, stroke) => sum + stroke.points.length, 0);
  const packed: PackedStrokes = {
    tools: new Uint8Array(list.length),
    widths: new Float64Array(list.length),
    ends: new Uint32Array(list.length),
    points: new Float64Array(total),
  };
  let offset = 0;
  list.forEach((stroke, i) => {
    packed.tools[i] = stroke.tool === 'pen' ? 1 : 0;
    packed.widths[i] = stroke.width;
    for (let p = 0; p < stroke.points.length; p++) packed.points[offset + p] = stroke.points[p]!;
    offset += stroke.points.length;
    packed.ends[i] = offset;
  });
  return packed;
}

export function unpackStrokes(packed: PackedStrokes): RasterStroke[] {
  let start = 0;
  return Array.from(packed.tools, (tool, i) => {
    const end = packed.ends[i]!;
    const stroke: RasterStroke = { tool: tool ? 'pen' : 'eraser', width: packed.widths[i]!, points: packed.points.subarray(start, end) };
    start = end;
    return stroke;
  });
}

export interface RasterPoolOptions {
  threads?: number;
  /**
   * A task not done after this long (waiting and thread start-up included) is aborted and its thread
   * replaced: a backstop only, as RASTER_LIMITS bounds the work to about a second.
   */
  timeoutMs?: number;
  /** Tasks allowed to wait for a thread; more are refused with a BusyError. */
  maxQueue?: number;
}

/**
 * Rasterising runs here, on worker threads, never on the event loop: a sketch within RASTER_LIMITS
 * costs tens of milliseconds, and no request may hold up pages, API and sockets for that long.
 */
export class RasterPool {
  private readonly piscina: Piscina;
  private readonly timeoutMs: number;

  constructor(options: RasterPoolOptions = {}) {
    const threads = options.threads ?? Math.max(1, Math.min(2, availableParallelism() - 1));
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.piscina = new Piscina({
      filename: new URL('./raster-worker.mjs', import.meta.url).href,
      minThreads: 1,
      maxThreads: threads,
      maxQueue: options.maxQueue ?? 64,
      idleTimeout: 60_000,
    });
  }

  /** The model's sketch tensor (rasteriseStrokes in a worker). */
  async tensor(strokes: Iterable<RasterStroke>, model: Pick<ModelSpec, 'resolution' | 'sketch'>): Promise<Float32Array> {
    return (await this.run({ kind: 'tensor', strokes: packStrokes(strokes), model: { resolution: model.resolution, sketch: model.sketch } })) as Float32Array;
  }

  /** A PNG picture of the sketch, ink on paper, drawn like the model sees it. */
  async picture(strokes: Iterable<RasterStroke>, style: PictureStyle): Promise<Uint8Array> {
    return (await this.run({ kind: 'picture', strokes: packStrokes(strokes), style })) as Uint8Array;
  }

  async close(): Promise<void> {
    await this.piscina.close({ force: true });
  }

  private async run(task: RasterTask): Promise<Uint8Array | Float32Array> {
    let reply: RasterReply;
    try {
      reply = (await this.piscina.run(task, { signal: AbortSignal.timeout(this.timeoutMs) })) as RasterReply;
    } catch (error) {
      const message = (error as Error).message;
      if (/queue is at limit/i.test(message)) throw new BusyError('the rasteriser queue is full; retry shortly');
      if ((error as Error).name === 'AbortError' || /abort/i.test(message)) {
        throw new InputError(`the sketch took more than ${this.timeoutMs} ms to draw`);
      }
      throw error;
    }
    if (!reply.ok) throw reply.badInput ? new InputError(reply.message) : new Error(reply.message);
    return reply.value;
  }
}
