import { existsSync } from 'node:fs';
import path from 'node:path';
import { MODELS_DIR } from './config.ts';
import type { HealthStatus } from './http/health.ts';

/**
 * The model's health until the inference registry is wired in (it then replaces this check with its
 * own, which knows whether the ONNX sessions loaded).
 */
export function declaredModelStatus(model: string | undefined): HealthStatus {
  if (!model) return { ok: false, status: 'missing', detail: 'models/manifest.json lists no model yet' };
  const present = existsSync(path.join(MODELS_DIR, model));
  return present ? { ok: true, status: 'declared', name: model } : { ok: false, status: 'missing', name: model, detail: `models/${model}/ is missing` };
}
