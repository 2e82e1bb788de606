"""PyTorch side of `npm run bench:inference`: per model, the graphs' FLOPs (from the ONNX files) and the
same graphs timed in PyTorch eager at batch 1 on one thread; also writes a 1024x1024 MatMul graph with
which the benchmark measures onnxruntime's own matrix-multiply rate on this core (the FLOPs floor).

  /usr/bin/python3 tests/bench/inference-torch.py --models-dir models --gemm-graph OUT.onnx [--iterations 100]

Prints one JSON object. The PyTorch modules are the ones export.py turns into the ONNX graphs.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np
import onnx
import torch
from onnx import numpy_helper, shape_inference

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))
from models.training.config import CONFIGS, ModelConfig  # noqa: E402
from models.training.export import graphs  # noqa: E402
from models.training.networks import Generator  # noqa: E402


def dims(value_info) -> list[int]:
    return [d.dim_value if d.HasField("dim_value") else 1 for d in value_info.type.tensor_type.shape.dim]


def graph_flops(path: str) -> int:
    """Multiply-adds x 2 of Conv, ConvTranspose, Gemm and MatMul at batch 1 (everything else is cheap)."""
    model = shape_inference.infer_shapes(onnx.load(path))
    g = model.graph
    shapes = {vi.name: dims(vi) for vi in [*g.input, *g.value_info, *g.output]}
    shapes.update({t.name: list(t.dims) for t in g.initializer})
    total = 0
    for node in g.node:
        if node.op_type in ("Conv", "ConvTranspose"):
            w = shapes.get(node.input[1])
            out = shapes.get(node.output[0])
            x = shapes.get(node.input[0])
            if not w or not out or not x:
                continue
            spatial = x[2:] if node.op_type == "ConvTranspose" else out[2:]
            total += out[0] * int(np.prod(w)) * int(np.prod(spatial))
        elif node.op_type in ("Gemm", "MatMul"):
            a, b = shapes.get(node.input[0]), shapes.get(node.input[1])
            if not a or not b:
                continue
            transposed = any(attr.name == "transB" and attr.i for attr in node.attribute)
            k, n = (b[-1], b[-2]) if transposed else (b[-2], b[-1])
            total += int(np.prod(a[:-1])) * k * n
    return 2 * total


def percentiles(samples: list[float]) -> dict[str, float]:
    return {"p50": float(np.percentile(samples, 50)), "p95": float(np.percentile(samples, 95))}


def time_ms(fn, iterations: int) -> list[float]:
    for _ in range(10):
        fn()
    samples = []
    for _ in range(iterations):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def torch_timings(entry: dict, iterations: int) -> dict:
    """Weights do not change the timing, so the modules are built untrained, from the checkpoint's own
    config when there is one (models/runs/<name>/checkpoint.pt), else from the config that matches."""
    checkpoint = os.path.join(os.path.dirname(__file__), "..", "..", "models", "runs", entry["name"], "checkpoint.pt")
    if os.path.exists(checkpoint):
        cfg = ModelConfig.from_dict(torch.load(checkpoint, map_location="cpu")["config"])
    else:
        matches = [c for c in CONFIGS.values()
                   if (c.resolution, c.output_resolution, c.latent_dim, c.structure_channels, c.structure_size)
                   == (entry["resolution"], entry["outputResolution"], entry["latentDim"],
                       entry["structure"]["channels"], entry["structure"]["size"])]
        if not matches:
            return {"error": "no training config matches this model's resolutions, latent and structure sizes"}
        cfg = matches[0]
    G = Generator(cfg, entry["variant"]).eval()
    modules = {key: module for key, (module, _, _) in graphs(G).items()}
    r, a = entry["resolution"], len(entry["attributes"])
    sketch = torch.where(torch.rand(1, 1, r, r) < 0.1, -1.0, 1.0)
    attributes = torch.zeros(1, a)
    with torch.no_grad():
        latent, structure = modules["sketchEncoder"](sketch)
        slider = time_ms(lambda: modules["decoder"](latent, structure, attributes), iterations)
        full = time_ms(lambda: modules["decoder"](*modules["sketchEncoder"](sketch), attributes), iterations)
    return {"sketch": percentiles(full), "slider": percentiles(slider)}


def write_gemm_graph(path: str, n: int = 1024) -> None:
    weight = numpy_helper.from_array(np.random.default_rng(0).standard_normal((n, n), dtype=np.float32), "w")
    graph = onnx.helper.make_graph(
        [onnx.helper.make_node("MatMul", ["x", "w"], ["y"])], "gemm",
        [onnx.helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [n, n])],
        [onnx.helper.make_tensor_value_info("y", onnx.TensorProto.FLOAT, [n, n])], [weight])
    onnx.save(onnx.helper.make_model(graph, opset_imports=[onnx.helper.make_opsetid("", 17)]), path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models-dir", required=True)
    ap.add_argument("--gemm-graph", required=True)
    ap.add_argument("--iterations", type=int, default=100)
    args = ap.parse_args()
    torch.set_num_threads(1)  # like each onnxruntime worker
    with open(os.path.join(args.models_dir, "manifest.json")) as f:
        manifest = json.load(f)
    write_gemm_graph(args.gemm_graph)
    result = {"models": {}}
    for entry in manifest["models"]:
        flops = {key: graph_flops(os.path.join(args.models_dir, file["path"])) for key, file in entry["files"].items()}
        result["models"][entry["name"]] = {"flops": flops, "torch": torch_timings(entry, args.iterations)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
