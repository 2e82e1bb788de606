import ort from 'onnxruntime-node';

export type Device = 'cpu' | 'cuda';

/** Every session runs its graph on one thread: parallelism comes from the worker pool instead. */
export function sessionOptions(device: Device): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: device === 'cuda' ? ['cuda', 'cpu'] : ['cpu'],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  };
}

/**
 * The device the workers will use: CUDA only if a session with the CUDA execution provider can really
 * be created here (this onnxruntime-node build may lack it); otherwise one warning and CPU.
 */
export async function resolveDevice(
  requested: Device,
  probeGraph: string,
  warn: (message: string) => void,
): Promise<Device> {
  if (requested === 'cpu') return 'cpu';
  try {
    // onnxruntime's process-wide logger would print its own error for a missing provider library;
    // the one warning below says it better.
    ort.env.logLevel = 'fatal';
    const session = await ort.InferenceSession.create(probeGraph, { executionProviders: ['cuda'] });
    await session.release();
    return 'cuda';
  } catch (error) {
    warn(`INFERENCE_DEVICE=cuda: the CUDA execution provider is not available (${firstLine(error)}); running on CPU`);
    return 'cpu';
  }
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0]!;
}
