import type { Device } from './device.ts';
import type { ModelSpec } from './manifest.ts';

/** What an encoder makes of one sketch or photo (models/README.md): both go to the decoder together. */
export interface Encoding {
  /** `[latentDim]`: what has no place (identity, hair, age, style). */
  latent: Float32Array;
  /** `[C, S, S]`: where the lines are. */
  structure: Float32Array;
}

/** What a worker renders from: a ready sketch tensor, an encoded image, or a cached encoding. */
export type WorkerInput =
  | { kind: 'sketchTensor'; tensor: Float32Array }
  | { kind: 'sketchImage'; bytes: Uint8Array }
  | { kind: 'photoImage'; bytes: Uint8Array }
  | { kind: 'encoding'; encoding: Encoding };

export interface WorkerTask {
  id: number;
  model: string;
  input: WorkerInput;
  attributes: Float32Array;
}

export interface StageTimings {
  /** Image decoding and resizing (image inputs only). */
  prepareMs: number;
  /** The sketch or image encoder; 0 when a cached encoding was used. */
  encodeMs: number;
  decodeMs: number;
  pngMs: number;
}

export interface WorkerSuccess {
  id: number;
  ok: true;
  encoding: Encoding;
  png: Uint8Array;
  timings: StageTimings;
}

export interface WorkerFailure {
  id: number;
  ok: false;
  message: string;
  /** The input was at fault (a corrupt image), not the worker. */
  badInput: boolean;
}

export type WorkerReply = WorkerSuccess | WorkerFailure;

export interface WorkerInit {
  models: ModelSpec[];
  device: Device;
}

export type WorkerStartup = { ready: true } | { ready: false; message: string };
