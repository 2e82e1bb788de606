// Runs every graph of an exported model in onnxruntime-node on the inputs in parity.json and prints
// the largest absolute difference from PyTorch's outputs, as JSON: {"sketchEncoder": 1e-6, ...}.
// Usage: node models/training/onnx_parity.mjs <model dir>
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ort from "onnxruntime-node";

const FILES = { sketchEncoder: "sketch_encoder.onnx", imageEncoder: "image_encoder.onnx", decoder: "decoder.onnx" };
const dir = process.argv[2];
const fixture = JSON.parse(readFileSync(join(dir, "parity.json"), "utf8"));
const result = {};
for (const [key, { inputs, outputs }] of Object.entries(fixture)) {
  const session = await ort.InferenceSession.create(join(dir, FILES[key]));
  const feeds = Object.fromEntries(
    Object.entries(inputs).map(([name, t]) => [name, new ort.Tensor("float32", Float32Array.from(t.data), t.dims)]),
  );
  const got = await session.run(feeds);
  let worst = 0;
  for (const [name, expected] of Object.entries(outputs)) {
    const tensor = got[name];
    if (tensor.dims.join() !== expected.dims.join()) throw new Error(`${key}.${name}: dims ${tensor.dims} != ${expected.dims}`);
    worst = expected.data.reduce((m, v, i) => Math.max(m, Math.abs(v - tensor.data[i])), worst);
  }
  result[key] = worst;
}
console.log(JSON.stringify(result));
