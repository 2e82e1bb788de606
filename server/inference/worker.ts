import { parentPort, workerData } from 'node:worker_threads';
import ort from 'onnxruntime-node';
import { sessionOptions } from './device.ts';
import { InputError } from './errors.ts';
import { decodeImage } from './image-decode.ts';
import { photoTensorFromImage, sketchTensorFromImage } from './image-tensors.ts';
import type { ModelSpec } from './manifest.ts';
import { encodeFacePng } from './png.ts';
import type { StageTimings, WorkerInit, WorkerInput, WorkerReply, WorkerStartup, WorkerTask } from './worker-protocol.ts';

interface LoadedModel {
  spec: ModelSpec;
  sketchEncoder: ort.InferenceSession;
  imageEncoder: ort.InferenceSession;
  decoder: ort.InferenceSession;
}

const port = parentPort!;
const init = workerData as WorkerInit;

/** Settles every session creation before failing: terminating a thread with native work in flight aborts the process. */
async function load(spec: ModelSpec): Promise<LoadedModel> {
  const options = sessionOptions(init.device);
  const graphs = [spec.graphs.sketchEncoder, spec.graphs.imageEncoder, spec.graphs.decoder];
  const results = await Promise.allSettled(graphs.map((graph) => ort.InferenceSession.create(graph, options)));
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  const [sketchEncoder, imageEncoder, decoder] = results.map((result) => (result as PromiseFulfilledResult<ort.InferenceSession>).value);
  return { spec, sketchEncoder: sketchEncoder!, imageEncoder: imageEncoder!, decoder: decoder! };
}

async function encode(model: LoadedModel, input: WorkerInput, timings: StageTimings): Promise<Float32Array> {
  if (input.kind === 'latent') return input.latent;
  const size = model.spec.resolution;
  let started = performance.now();
  let feeds: Record<string, ort.Tensor>;
  let session: ort.InferenceSession;
  if (input.kind === 'photoImage') {
    const photo = photoTensorFromImage(await decodeImage(input.bytes), model.spec);
    feeds = { photo: new ort.Tensor('float32', photo, [1, 3, size, size]) };
    session = model.imageEncoder;
  } else {
    const sketch = input.kind === 'sketchTensor' ? input.tensor : sketchTensorFromImage(await decodeImage(input.bytes), model.spec);
    feeds = { sketch: new ort.Tensor('float32', sketch, [1, 1, size, size]) };
    session = model.sketchEncoder;
  }
  timings.prepareMs = performance.now() - started;
  started = performance.now();
  const { latent } = await session.run(feeds);
  timings.encodeMs = performance.now() - started;
  return latent!.data as Float32Array;
}

async function render(models: Map<string, LoadedModel>, task: WorkerTask): Promise<WorkerReply> {
  const model = models.get(task.model);
  if (!model) throw new Error(`worker has no model "${task.model}"`);
  const timings: StageTimings = { prepareMs: 0, encodeMs: 0, decodeMs: 0, pngMs: 0 };
  const latent = await encode(model, task.input, timings);
  let started = performance.now();
  const { image } = await model.decoder.run({
    latent: new ort.Tensor('float32', latent, [1, model.spec.latentDim]),
    attributes: new ort.Tensor('float32', task.attributes, [1, task.attributes.length]),
  });
  timings.decodeMs = performance.now() - started;
  started = performance.now();
  const png = await encodeFacePng(image!.data as Float32Array, model.spec.resolution);
  timings.pngMs = performance.now() - started;
  return { id: task.id, ok: true, latent, png, timings };
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
