import { parentPort, workerData } from 'node:worker_threads';
import ort from 'onnxruntime-node';
import { sessionOptions } from './device.ts';
import { InputError } from './errors.ts';
import { decodeImage } from './image-decode.ts';
import { photoTensorFromImage, sketchTensorFromImage } from './image-tensors.ts';
import type { ModelSpec } from './manifest.ts';
import { encodeFacePng } from './png.ts';
import type { Encoding, StageTimings, WorkerInit, WorkerInput, WorkerReply, WorkerStartup, WorkerTask } from './worker-protocol.ts';

interface LoadedModel {
  spec: ModelSpec;
  sketchEncoder: ort.InferenceSession;
  imageEncoder: ort.InferenceSession;
  decoder: ort.InferenceSession;
}

const port = parentPort!;
const init = workerData as WorkerInit;

/** The graphs' input and output names of the serving contract (models/README.md). */
const CONTRACT = {
  sketchEncoder: { inputs: ['sketch'], outputs: ['latent', 'structure'] },
  imageEncoder: { inputs: ['photo'], outputs: ['latent', 'structure'] },
  decoder: { inputs: ['latent', 'structure', 'attributes'], outputs: ['image'] },
} as const;

/** A graph of another contract (an older export) fails at start with what it has, not on the first face. */
function checkContract(spec: ModelSpec, graph: keyof typeof CONTRACT, session: ort.InferenceSession): void {
  const expected = CONTRACT[graph];
  const sameNames = (names: readonly string[], wanted: readonly string[]) => wanted.every((name) => names.includes(name));
  if (!sameNames(session.inputNames, expected.inputs) || !sameNames(session.outputNames, expected.outputs)) {
    throw new Error(
      `model ${spec.name}: ${graph} (${spec.graphs[graph]}) maps ${session.inputNames.join(', ')} to ${session.outputNames.join(', ')}; ` +
        `the serving contract (models/README.md) needs ${expected.inputs.join(', ')} to ${expected.outputs.join(', ')}`,
    );
  }
}

/** Settles every session creation before failing: terminating a thread with native work in flight aborts the process. */
async function load(spec: ModelSpec): Promise<LoadedModel> {
  const options = sessionOptions(init.device);
  const names = Object.keys(CONTRACT) as (keyof typeof CONTRACT)[];
  const results = await Promise.allSettled(names.map((graph) => ort.InferenceSession.create(spec.graphs[graph], options)));
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  const [sketchEncoder, imageEncoder, decoder] = results.map((result) => (result as PromiseFulfilledResult<ort.InferenceSession>).value);
  const model = { spec, sketchEncoder: sketchEncoder!, imageEncoder: imageEncoder!, decoder: decoder! };
  for (const graph of names) checkContract(spec, graph, model[graph]);
  return model;
}

/** The output tensor's values, refused when its size is not what the manifest promises. */
function sized(spec: ModelSpec, name: string, tensor: ort.Tensor | undefined, length: number): Float32Array {
  const data = tensor?.data;
  if (!(data instanceof Float32Array) || data.length !== length) {
    throw new Error(`model ${spec.name}: "${name}" has shape [${tensor?.dims.join(', ')}], the manifest implies ${length} float32 values`);
  }
  return data;
}

async function encode(model: LoadedModel, input: WorkerInput, timings: StageTimings): Promise<Encoding> {
  if (input.kind === 'encoding') return input.encoding;
  const { spec } = model;
  const size = spec.resolution;
  let started = performance.now();
  let feeds: Record<string, ort.Tensor>;
  let session: ort.InferenceSession;
  if (input.kind === 'photoImage') {
    const photo = photoTensorFromImage(decodeImage(input.bytes), spec);
    feeds = { photo: new ort.Tensor('float32', photo, [1, 3, size, size]) };
    session = model.imageEncoder;
  } else {
    const sketch = input.kind === 'sketchTensor' ? input.tensor : sketchTensorFromImage(decodeImage(input.bytes), spec);
    feeds = { sketch: new ort.Tensor('float32', sketch, [1, 1, size, size]) };
    session = model.sketchEncoder;
  }
  timings.prepareMs = performance.now() - started;
  started = performance.now();
  const { latent, structure } = await session.run(feeds);
  timings.encodeMs = performance.now() - started;
  return {
    latent: sized(spec, 'latent', latent, spec.latentDim),
    structure: sized(spec, 'structure', structure, spec.structure.channels * spec.structure.size ** 2),
  };
}

async function render(models: Map<string, LoadedModel>, task: WorkerTask): Promise<WorkerReply> {
  const model = models.get(task.model);
  if (!model) throw new Error(`worker has no model "${task.model}"`);
  const timings: StageTimings = { prepareMs: 0, encodeMs: 0, decodeMs: 0, pngMs: 0 };
  const { spec } = model;
  const encoding = await encode(model, task.input, timings);
  let started = performance.now();
  const { image } = await model.decoder.run({
    latent: new ort.Tensor('float32', encoding.latent, [1, spec.latentDim]),
    structure: new ort.Tensor('float32', encoding.structure, [1, spec.structure.channels, spec.structure.size, spec.structure.size]),
    attributes: new ort.Tensor('float32', task.attributes, [1, task.attributes.length]),
  });
  timings.decodeMs = performance.now() - started;
  started = performance.now();
  const png = encodeFacePng(sized(spec, 'image', image, 3 * spec.outputResolution ** 2), spec.outputResolution);
  timings.pngMs = performance.now() - started;
  return { id: task.id, ok: true, encoding, png, timings };
}

async function main(): Promise<void> {
  let models: Map<string, LoadedModel>;
  try {
    const loaded = await Promise.allSettled(init.models.map(load));
    const failed = loaded.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    models = new Map(loaded.map((result) => (result as PromiseFulfilledResult<LoadedModel>).value).map((model) => [model.spec.name, model]));
  } catch (error) {
    port.postMessage({ ready: false, message: (error as Error).message } satisfies WorkerStartup);
    return;
  }
  port.on('message', (task: WorkerTask) => {
    render(models, task).then(
      (reply) => port.postMessage(reply),
      (error: unknown) =>
        port.postMessage({
          id: task.id,
          ok: false,
          message: error instanceof Error ? error.message : String(error),
          badInput: error instanceof InputError,
        } satisfies WorkerReply),
    );
  });
  port.postMessage({ ready: true } satisfies WorkerStartup);
}

void main();
