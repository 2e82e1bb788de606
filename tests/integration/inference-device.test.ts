import { afterAll, expect, test } from 'vitest';
import { InferenceService } from '../../server/inference/service.ts';
import { TINY_MODEL_DIR } from '../unit/inference-golden.ts';

// A file of its own: the CUDA probe must be this process's first onnxruntime session, as at server start.
const cudaWarnings: string[] = [];
let cuda: InferenceService | undefined;
afterAll(() => cuda?.close());

test('INFERENCE_DEVICE=cuda without CUDA says so once and runs on CPU', async () => {
  cuda = await InferenceService.start({
    modelsDir: TINY_MODEL_DIR,
    workers: 2,
    device: 'cuda',
    log: { info: () => undefined, warn: (message: string) => void cudaWarnings.push(message) },
  });
  expect(cuda.device).toBe('cpu');
  expect(cudaWarnings).toHaveLength(1);
  expect(cudaWarnings[0]).toMatch(/CUDA execution provider is not available .*; running on CPU/);
  const strokes = [{ tool: 'pen' as const, width: 0.01, points: Float32Array.of(0.2, 0.5, 1, 0.8, 0.5, 1) }];
  expect((await cuda.generate({ source: { kind: 'strokes', strokes } })).model).toBe('tiny');
});
