"""Export a trained generator to the three ONNX graphs the app serves, and register it in models/manifest.json.

  /usr/bin/python3 -m models.training.export --checkpoint models/runs/s2f-dis-s64/checkpoint.pt --name s2f-dis-s64
  /usr/bin/python3 -m models.training.export --config tiny --untrained --name tiny --models-dir DIR   (fixtures)

The graph contract (input/output names, value conventions) is documented in models/README.md.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os

import numpy as np
import torch
from torch import nn

from .config import ModelConfig, get_config
from .networks import VARIANTS, Generator
from .sketch import PEN_WIDTH_AT_WORK, WORK_SIZE

MODELS_DIR = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
OPSET = 17
GRAPH_FILES = {"sketchEncoder": "sketch_encoder.onnx", "imageEncoder": "image_encoder.onnx", "decoder": "decoder.onnx"}


class DecoderGraph(nn.Module):
    """latent + structure + attribute strengths -> image in [-1, 1] at the output resolution."""

    def __init__(self, G: Generator):
        super().__init__()
        self.G = G

    def forward(self, latent: torch.Tensor, structure: torch.Tensor, attributes: torch.Tensor) -> torch.Tensor:
        return self.G.render(latent, structure, attributes).clamp(-1, 1)


def load_generator(checkpoint: str | None, config: str | None, variant: str) -> tuple[Generator, dict]:
    """The EMA generator of a checkpoint (with its training facts), or an untrained one."""
    if checkpoint is None:
        torch.manual_seed(0)
        cfg = get_config(config or "tiny")
        return Generator(cfg, variant).eval(), {"untrained": True}
    state = torch.load(checkpoint, map_location="cpu")
    G = Generator(ModelConfig.from_dict(state["config"]), state["variant"])
    G.load_state_dict(state["G_ema"])
    facts = {"step": state["step"], "images_seen": state["images_seen"], "wall_hours": round(state["wall_seconds"] / 3600, 2)}
    return G.eval(), facts


def example_inputs(cfg: ModelConfig, batch: int = 2) -> dict[str, torch.Tensor]:
    g = torch.Generator().manual_seed(1)
    r = cfg.resolution
    s = cfg.structure_size
    return {"sketch": torch.where(torch.rand(batch, 1, r, r, generator=g) < 0.1, -1.0, 1.0),
            "photo": torch.rand(batch, 3, r, r, generator=g) * 2 - 1,
            "latent": torch.randn(batch, cfg.latent_dim, generator=g),
            "structure": torch.randn(batch, cfg.structure_channels, s, s, generator=g),
            "attributes": torch.rand(batch, len(cfg.attributes), generator=g) * 2 - 1}


ENCODED = ["latent", "structure"]


def graphs(G: Generator) -> dict[str, tuple[nn.Module, list[str], list[str]]]:
    """graph key -> (module, input names, output names)."""
    return {"sketchEncoder": (G.sketch_encoder, ["sketch"], ENCODED),
            "imageEncoder": (G.image_encoder, ["photo"], ENCODED),
            "decoder": (DecoderGraph(G), ["latent", "structure", "attributes"], ["image"])}


def sha256(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def export_graphs(G: Generator, out_dir: str) -> dict[str, str]:
    os.makedirs(out_dir, exist_ok=True)
    inputs = example_inputs(G.cfg)
    paths = {}
    for key, (module, names, outputs) in graphs(G).items():
        path = os.path.join(out_dir, GRAPH_FILES[key])
        axes = {n: {0: "N"} for n in [*names, *outputs]}
        with torch.no_grad():
            torch.onnx.export(module, tuple(inputs[n] for n in names), path, input_names=names, output_names=outputs,
                              dynamic_axes=axes, opset_version=OPSET, do_constant_folding=True)
        paths[key] = path
    return paths


def write_parity_fixture(G: Generator, path: str) -> None:
    """Inputs and PyTorch outputs of every graph, for the onnxruntime parity check (onnx_parity.mjs).
    The batch differs from the one traced at export, so the check also proves the batch axis is dynamic."""
    inputs = example_inputs(G.cfg, batch=3)
    fixture = {}
    with torch.no_grad():
        for key, (module, names, outputs) in graphs(G).items():
            results = module(*(inputs[n] for n in names))
            results = results if isinstance(results, tuple) else (results,)
            fixture[key] = {"inputs": {n: {"dims": list(inputs[n].shape), "data": inputs[n].flatten().tolist()} for n in names},
                            "outputs": {o: {"dims": list(t.shape), "data": t.flatten().tolist()}
                                        for o, t in zip(outputs, results)}}
    with open(path, "w") as f:
        json.dump(fixture, f)


def manifest_entry(G: Generator, name: str, paths: dict[str, str], models_dir: str, facts: dict) -> dict:
    cfg = G.cfg
    return {
        "name": name, "variant": G.variant, "resolution": cfg.resolution, "outputResolution": cfg.output_resolution,
        "latentDim": cfg.latent_dim,
        "structure": {"channels": cfg.structure_channels, "size": cfg.structure_size},
        "attributes": list(cfg.attributes),
        "sketch": {"ink": -1, "paper": 1, "lineWidthPx": PEN_WIDTH_AT_WORK * cfg.resolution / WORK_SIZE},
        "files": {key: {"path": os.path.relpath(p, models_dir), "sha256": sha256(p)} for key, p in paths.items()},
        "training": facts,
    }


def update_manifest(models_dir: str, entry: dict, make_default: bool) -> str:
    path = os.path.join(models_dir, "manifest.json")
    manifest = {"default": entry["name"], "models": []}
    if os.path.exists(path):
        with open(path) as f:
            manifest = json.load(f)
    manifest["models"] = [m for m in manifest["models"] if m["name"] != entry["name"]] + [entry]
    if make_default or manifest.get("default") not in {m["name"] for m in manifest["models"]}:
        manifest["default"] = entry["name"]
    with open(path, "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    return path


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint")
    ap.add_argument("--untrained", action="store_true", help="export a freshly initialised model (test fixtures)")
    ap.add_argument("--config", default=None, help="size config for --untrained")
    ap.add_argument("--variant", default="dis", choices=sorted(VARIANTS), help="for --untrained")
    ap.add_argument("--name", required=True)
    ap.add_argument("--models-dir", default=MODELS_DIR)
    ap.add_argument("--default", action="store_true", help="make this the manifest's default model")
    ap.add_argument("--parity", action="store_true", help="also write parity.json next to the graphs")
    args = ap.parse_args(argv)
    if bool(args.checkpoint) == args.untrained:
        ap.error("give exactly one of --checkpoint or --untrained")
    G, facts = load_generator(args.checkpoint, args.config, args.variant)
    out_dir = os.path.join(args.models_dir, args.name)
    paths = export_graphs(G, out_dir)
    if args.parity:
        write_parity_fixture(G, os.path.join(out_dir, "parity.json"))
    manifest = update_manifest(args.models_dir, manifest_entry(G, args.name, paths, args.models_dir, facts), args.default)
    sizes = ", ".join(f"{os.path.basename(p)} {os.path.getsize(p) / 1e6:.1f} MB" for p in paths.values())
    print(f"exported {args.name}: {sizes}; manifest {manifest}")


if __name__ == "__main__":
    main()
