"""A compact training state to commit beside a shipped model (well under 40 MB), so that the next training
run, on any machine, continues where the last one stopped instead of starting again:

  /usr/bin/python3 -m models.training.compact_state --checkpoint models/runs/s2f-s64/checkpoint.pt \\
      --out models/s2f-dis-s64/train-state.pt
  /usr/bin/python3 -m models.training.train --out models/runs/s2f-s64 --hours 2 --resume-from models/s2f-dis-s64/train-state.pt

It keeps the weights of G, G_ema, D and the sketch predictor in fp16 and the run's counters; it drops the
optimiser moments (Adam rebuilds them within a few hundred steps) and the random-number state.
"""
from __future__ import annotations

import argparse
import os

import torch

from .config import ModelConfig

NETWORKS = ("G", "G_ema", "D", "P")
COUNTERS = ("step", "images_seen", "wall_seconds")


def compact(state: dict) -> dict:
    half = {name: {k: v.half() if v.is_floating_point() else v for k, v in state[name].items()} for name in NETWORKS}
    return {"config": state["config"], "command_args": state["command_args"], **half,
            **{k: state[k] for k in COUNTERS}}


def load_compact_state(path: str, cfg: ModelConfig) -> dict:
    state = torch.load(path, map_location="cpu")
    if ModelConfig.from_dict(state["config"]) != cfg:
        raise SystemExit(f"{path} was trained with config {state['config']['name']!r}, not {cfg.name!r}")
    return {**{name: {k: v.float() if v.is_floating_point() else v for k, v in state[name].items()}
                  for name in NETWORKS}, **{k: state[k] for k in COUNTERS}}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    small = compact(torch.load(args.checkpoint, map_location="cpu"))
    tmp = args.out + ".tmp"
    torch.save(small, tmp)
    os.replace(tmp, args.out)
    print(f"wrote {args.out} ({os.path.getsize(args.out) / 1e6:.1f} MB, step {small['step']})")


if __name__ == "__main__":
    main()
