"""Writes a model card (models/<name>/README.md) from a training run: config, data, training facts, loss
curve summary, validation L1 against the mean-face baseline, the final sample grid.

  /usr/bin/python3 -m models.training.model_card --run models/runs/s2f-dis-s64 --name s2f-dis-s64 --hardware "..."

A section between EVAL_BEGIN / EVAL_END markers (written by `npm run eval -- --card`) is kept as it is.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil

import torch

from .config import LossWeights, ModelConfig
from .export import MODELS_DIR

EVAL_SECTION = re.compile(r"<!-- EVAL_BEGIN -->.*?<!-- EVAL_END -->", re.S)
CURVE_TERMS = ("rec_sketch", "rec_image", "sem", "feature_match", "adv", "attr", "ortho", "domain", "d_total")


def read_log(run: str) -> list[dict]:
    with open(os.path.join(run, "log.jsonl")) as f:
        return [json.loads(line) for line in f if line.strip()]


def curve_table(log: list[dict]) -> str:
    picks = sorted({int(round(q * (len(log) - 1))) for q in (0, 0.1, 0.25, 0.5, 0.75, 1)})
    terms = [t for t in CURVE_TERMS if t in log[-1]]
    lines = ["| step | images | hours | " + " | ".join(terms) + " |", "|---" * (3 + len(terms)) + "|"]
    for i in picks:
        r = log[i]
        lines.append(f"| {r['step']} | {r['images']} | {r['wall_s'] / 3600:.2f} | "
                     + " | ".join(f"{r[t]:.3f}" for t in terms) + " |")
    return "\n".join(lines)


def validation_table(log: list[dict]) -> str:
    """About eight evenly spaced validation points, always ending with the last one."""
    rows = [r for r in log if "val" in r]
    picked = rows[:: max(1, len(rows) // 8)]
    if picked[-1] is not rows[-1]:
        picked.append(rows[-1])
    lines = ["| step | images | sketch→face L1 | photo→face L1 | mean-face L1 |", "|---|---|---|---|---|"]
    for r in picked:
        v = r["val"]
        lines.append(f"| {r['step']} | {r['images']} | {v['sketch_l1']:.4f} | {v['photo_l1']:.4f} | {v['mean_face_l1']:.4f} |")
    return "\n".join(lines)


def render(name: str, state: dict, log: list[dict], hardware: str, eval_section: str, train_args: list[str]) -> str:
    cfg = ModelConfig.from_dict(state["config"])
    final = [r for r in log if "val" in r][-1]
    v = final["val"]
    weights = LossWeights().to_dict()
    return f"""# {name}

S2FGAN sketch-to-face model (variant **S2F-{state['variant'].upper()}**), {cfg.resolution}×{cfg.resolution}, trained from
scratch in this repository (`models/training/`); no pretrained weights of any kind. Served by the app through the
three ONNX graphs in this folder (contract: `models/README.md`).

## Configuration
- size config `{cfg.name}`: latent {cfg.latent_dim}, encoder channels {list(cfg.encoder_channels)},
  decoder channels {cfg.decoder_channels}, style {cfg.style_dim}
- attributes (slider order): {', '.join(cfg.attributes)}
- loss weights: {', '.join(f'{k} {v}' for k, v in weights.items())}
- batch 16, Adam (β = 0.5, 0.99), lr 1e-3, EMA 0.999 of the generator (exported), bf16 autocast, R1 in fp32

## Data
CelebA-HQ at 128 px (`../shared/data/celebahq128`, CelebAMask-HQ layout; non-commercial research terms), resized
to {cfg.resolution} px. Split by image id: ids with `id % 20 == 0` are validation (1,408 images), the rest
training (26,565). Sketches are synthesised with `models/training/sketch.py` (XDoG lines, thinned, short
fragments removed, fixed pen width); 30 % of each training batch uses "badly drawn" variants (smooth random
deformation, uneven and blurred strokes, erased patches). Joint horizontal flips and ±3 px crops.

## Training
- command: `/usr/bin/python3 -m models.training.train {' '.join(train_args)}`
- iterations {state['step']:,}, images seen {state['images_seen']:,} (≈ {state['images_seen'] / 26565:.1f} epochs)
- wall time {state['wall_seconds'] / 3600:.2f} h on {hardware}

### Loss curves (means over each logging window)
{curve_table(log)}

### Validation (256 validation images, mean absolute error on pixels in [-1, 1], EMA generator)
{validation_table(log)}

Final: sketch→face L1 **{v['sketch_l1']:.4f}** and photo→face L1 **{v['photo_l1']:.4f}** against the mean-face
baseline **{v['mean_face_l1']:.4f}** ({100 * (1 - v['sketch_l1'] / v['mean_face_l1']):.0f} % below it from sketches).

## Samples
![samples](samples.png)

Rows are validation faces (never trained on). Columns: clean sketch | output | true photo | Smiling −1, +1 |
Male −1, +1 | Young −1, +1 | Eyeglasses −1, +1.

{eval_section}

## Known weaknesses
- Short CPU training (≈ {state['images_seen'] / 1000:.0f}k images): faces are soft and lack fine texture; hair and
  backgrounds are blurry; the adversarial term has had little time to sharpen the output.
- Edits at full strength (±1) are too strong for this short run: the attribute does change (glasses
  appear, hair and jaw turn masculine, skin ages) but the face distorts and identity drifts (see the
  Evaluation table's "identity kept"). Strengths around ±0.3–0.5 keep the face. Smiling is the weakest edit.
- Sketches are synthetic XDoG line drawings; very different drawing styles (shading, heavy hatching,
  cartoon proportions) are outside what it saw. The rough-sketch augmentation helps with wobbly lines.
- CelebA-HQ bias: mostly young, light-skinned, frontal faces; attribute labels are noisy, so edits of
  rare attributes (Pale_Skin, Narrow_Eyes, Chubby) are weak or entangled with others.
"""


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--hardware", required=True)
    ap.add_argument("--models-dir", default=MODELS_DIR)
    ap.add_argument("--train-args", help="the training command's arguments, for checkpoints that do not record them")
    args = ap.parse_args(argv)
    state = torch.load(os.path.join(args.run, "checkpoint.pt"), map_location="cpu")
    train_args = state.get("command_args") or (args.train_args or "").split()
    if not train_args:
        ap.error("this checkpoint does not record its training command: give --train-args")
    log = read_log(args.run)
    out_dir = os.path.join(args.models_dir, args.name)
    card_path = os.path.join(out_dir, "README.md")
    eval_section = "<!-- EVAL_BEGIN -->\n## Evaluation\nNot run yet: `npm run eval -- --model NAME --card`.\n<!-- EVAL_END -->".replace("NAME", args.name)
    if os.path.exists(card_path):
        found = EVAL_SECTION.search(open(card_path).read())
        eval_section = found.group(0) if found else eval_section
    samples = sorted(os.listdir(os.path.join(args.run, "samples")))
    shutil.copy(os.path.join(args.run, "samples", samples[-1]), os.path.join(out_dir, "samples.png"))
    with open(card_path, "w") as f:
        f.write(render(args.name, state, log, args.hardware, eval_section, train_args))
    print(f"wrote {card_path}")


if __name__ == "__main__":
    main()
