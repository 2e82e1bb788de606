"""Writes a model card (models/<name>/README.md) from a training run: configuration, data, the ledger of all
training runs so far, loss curves, validation L1 against the mean-face baseline, slider calibration, the final
sample grid, known weaknesses.

  /usr/bin/python3 -m models.training.model_card --run models/runs/s2f-s64 --checkpoint models/runs/s2f-s64/calibrated.pt \
      --name s2f-dis-s64 --hardware "2-core Xeon (AMX), CPU"

The ledger (models/<name>/ledger.json) gains one row per run: it is how training adds up across sessions and
machines. A section between EVAL_BEGIN / EVAL_END markers (written by `npm run eval -- --card`) is kept as it is.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import re

import torch

from .config import LossWeights, ModelConfig
from .data import DEFAULT_ROOT
from .dataset import STYLE_SHARES, load_faces, train_val
from .export import MODELS_DIR, load_generator
from .networks import get_variant
from .samples import save_grid

EVAL_SECTION = re.compile(r"<!-- EVAL_BEGIN -->.*?<!-- EVAL_END -->", re.S)
CURVE_TERMS = ("rec", "ssim", "sem", "structure", "latent_cls", "feature_match", "adv", "edit_attr", "sketch_cycle", "d_total")


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
    lines = ["| step | images | clean sketch→face L1 | studio sketch→face L1 | photo→face L1 | mean-face L1 |",
             "|---|---|---|---|---|---|"]
    for r in picked:
        v = r["val"]
        lines.append(f"| {r['step']} | {r['images']} | {v['clean_l1']:.4f} | {v['studio_l1']:.4f} | {v['photo_l1']:.4f} "
                     f"| {v['mean_face_l1']:.4f} |")
    return "\n".join(lines)


def ledger_row(state: dict, log: list[dict], hardware: str, previous: list[dict]) -> dict:
    start = previous[-1] if previous else {"to_step": 0, "to_images": 0, "to_hours": 0.0}
    return {"date": datetime.date.today().isoformat(), "hardware": hardware,
            "from_step": start["to_step"], "to_step": state["step"],
            "from_images": start["to_images"], "to_images": state["images_seen"],
            "from_hours": start["to_hours"], "to_hours": round(state["wall_seconds"] / 3600, 2),
            "val": [r for r in log if "val" in r][-1]["val"]}


def update_ledger(path: str, state: dict, log: list[dict], hardware: str) -> list[dict]:
    """Append this run's row unless its last step is already recorded (rewriting a card adds nothing)."""
    rows = json.load(open(path)) if os.path.exists(path) else []
    if not rows or rows[-1].get("to_step") != state["step"]:
        rows.append(ledger_row(state, log, hardware, [r for r in rows if "to_step" in r]))
        with open(path, "w") as f:
            json.dump(rows, f, indent=1)
            f.write("\n")
    return rows


def ledger_table(rows: list[dict]) -> str:
    lines = ["| date | hardware | steps | images | CPU wall hours | clean / studio sketch→face L1 | note |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        if "to_step" not in r:      # a row of an earlier architecture, kept for history
            lines.append(f"| {r['date']} | {r['hardware']} | {r['steps']} | {r['images']:,} | {r['hours']} | "
                         f"{r['val']} | {r['note']} |")
            continue
        v = r["val"]
        lines.append(f"| {r['date']} | {r['hardware']} | {r['from_step']:,} → {r['to_step']:,} | "
                     f"{r['from_images']:,} → {r['to_images']:,} | {r['from_hours']:.2f} → {r['to_hours']:.2f} | "
                     f"{v['clean_l1']:.4f} / {v['studio_l1']:.4f} | |")
    return "\n".join(lines)


def calibration_table(state: dict, cfg: ModelConfig) -> str:
    cal = state.get("calibration")
    if not cal:
        return "Not calibrated: the sliders use the running class statistics of training."
    lines = [f"From {cal['faces']:,} training faces (never the validation ids the eval uses).", "",
             "| attribute | one slider unit (latent distance) | in std of the latents along it | latent classifier accuracy |",
             "|---|---|---|---|"]
    for name, unit, std, acc in zip(cfg.attributes, cal["slider_unit"], cal["unit_in_std"], cal["latent_classifier_accuracy"]):
        lines.append(f"| {name} | {unit:.3f} | {std:.2f} | {acc:.3f} |")
    return "\n".join(lines)


def render(name: str, state: dict, log: list[dict], ledger: list[dict], eval_section: str, train_args: list[str],
           train_state: str) -> str:
    cfg = ModelConfig.from_dict(state["config"])
    variant = get_variant(state["variant"])
    v = [r for r in log if "val" in r][-1]["val"]
    weights = LossWeights().to_dict()
    styles = ", ".join(f"{k.replace('_', ' ')} {int(100 * share)} %" for k, share in STYLE_SHARES.items())
    dec = state.get("dec_training")
    dec_section = "" if not dec else f"""
### The S2F-DEC mapping
Trained after the trunk, on its frozen, calibrated latents (`models/training/train_dec.py`): {dec['latents']:,}
photo, clean-sketch and studio-sketch latents of {dec['faces']:,} training faces, {dec['steps']:,} steps,
{dec['seconds']:.0f} s. Objective: calibrated edits under the trunk's frozen latent classifier (an edit of a
moves each score by a class gaps), zero edit = identity, latent cycle, and a latent critic. Last log:
`{json.dumps(dec['history'][-1])}`. The encoders and decoder are those of the S2F-DIS model trained in the same run.
"""
    return f"""# {name}

S2FGAN sketch-to-face model, variant **{variant.summary}**. Sketches and photos in at
{cfg.resolution}×{cfg.resolution}, faces out at {cfg.output_resolution}×{cfg.output_resolution}. Trained from scratch
in this repository (`models/training/`); no pretrained weights of any kind. Served by the app through the three
ONNX graphs in this folder (contract: `models/README.md`).

## Design
- Encoders E_s (sketch) and E_i (photo) each give a latent r ({cfg.latent_dim}-d: identity, hair, age, style) and a
  spatial structure code ({cfg.structure_channels}×{cfg.structure_size}×{cfg.structure_size}: where the lines are).
  The sketch's codes are pulled to the photo's (L1, photo side stop-gradient).
- The decoder starts from a learned constant modulated by r', is joined by the structure code at
  {cfg.structure_size}×{cfg.structure_size}, and renders up to {cfg.output_resolution} px; the last scale is detail only.
- Sliders: one slider unit of attribute j is the class-mean difference of the latents (faces with j minus
  faces without, training ids only) and of the structure codes, so +1 takes a face to where faces with the
  attribute are, and a smile moves the mouth. Strength 0 is exactly the unedited face. The official S2F-DIS
  latent classifier (unit directions, r·w_j + b_j ≈ 2l_j − 1) is kept as a training loss that keeps attributes
  linearly readable from r; its directions alone made steps far too short (the calibration table shows its
  accuracy).
- Losses: multi-scale L1 + SSIM (sketch and photo branches), latent and structure alignment, latent classifier,
  non-saturating GAN with DiffAugment and R1 (γ from StyleGAN2-ADA's heuristic), discriminator feature matching,
  an attribute head on edited faces (continuous strengths 0.5–1, decoder only), and a sketch-cycle loss through a
  photo→sketch U-Net trained here on the synthesised sketches.

## Configuration
- size config `{cfg.name}`: encoder channels {list(cfg.encoder_channels)}, decoder channels {cfg.decoder_channels},
  style {cfg.style_dim}
- attributes (slider order): {', '.join(cfg.attributes)}
- loss weights: {', '.join(f'{k} {v}' for k, v in weights.items())}
- batch 16, Adam (β = 0, 0.99), lr 1e-3, EMA 0.999 of the generator (exported), bf16 autocast where the CPU has AMX
  (fp32 otherwise), R1 and SSIM in fp32

## Data
CelebA-HQ at 128 px (`../shared/data/celebahq128`, CelebAMask-HQ layout; non-commercial research terms). Photos at
{cfg.output_resolution} px are the targets, at {cfg.resolution} px the photo encoder's input. Split by image id: ids with
`id % 20 == 0` are validation (1,408 images), the rest training (26,565). Sketch styles per training sample:
{styles}. Clean: XDoG lines, thinned, short fragments removed. Studio: the longest contours of those lines,
simplified and smoothed, as pen strokes in the studio's pen widths, rasterised by a port of the server's
rasteriser (golden-tested against it). Rough: smooth random deformation, uneven strokes, erased patches.
Joint horizontal flips and ±3 px shifts.

## Training
- command: `/usr/bin/python3 -m models.training.train {' '.join(train_args)}`
- this model: iterations {state['step']:,}, images seen {state['images_seen']:,}
  (≈ {state['images_seen'] / 26565:.1f} epochs), {state['wall_seconds'] / 3600:.2f} h of training in all
- resume: `--resume-from {train_state}` (weights of G, G_ema, D and the sketch predictor in fp16)
{dec_section}
### Ledger (every training run of this model, oldest first)
{ledger_table(ledger)}

### Loss curves (means over each logging window)
{curve_table(log)}

### Validation (256 validation images, mean absolute error on pixels in [-1, 1] at {cfg.output_resolution} px, EMA generator)
{validation_table(log)}

Final: clean sketch→face L1 **{v['clean_l1']:.4f}**, studio sketch→face **{v['studio_l1']:.4f}**, photo→face
**{v['photo_l1']:.4f}**, against the mean-face baseline **{v['mean_face_l1']:.4f}**.

### Slider calibration
{calibration_table(state, cfg)}

## Samples
![samples](samples.png)

Rows are validation faces (never trained on). Columns: clean sketch | output | true photo | Smiling −1, +1 |
Male −1, +1 | Young −1, +1 | Eyeglasses −1, +1.

{eval_section}

## Known weaknesses
- Short CPU training (≈ {state['images_seen'] / 1000:.0f}k images): faces are soft, hair and backgrounds blurry;
  the 128 px detail layer has learnt little texture yet.
- A sketch carries no colour: hair, skin and background colours come from what the latent can guess and tend
  toward the data set's average.
- Attribute labels of CelebA are noisy and correlated (Male with No_Beard, Young with Smiling); rare attributes
  (Pale_Skin, Narrow_Eyes, Chubby) have weak, entangled edits.
- CelebA-HQ bias: mostly young, light-skinned, frontal faces.
"""


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", required=True, help="the training run folder (log.jsonl, samples/)")
    ap.add_argument("--checkpoint", help="the checkpoint that was exported (default: the run's checkpoint.pt)")
    ap.add_argument("--name", required=True)
    ap.add_argument("--hardware", required=True)
    ap.add_argument("--models-dir", default=MODELS_DIR)
    ap.add_argument("--train-state", help="the compact state training resumes from (default: models/NAME/train-state.pt)")
    ap.add_argument("--data", default=DEFAULT_ROOT)
    ap.add_argument("--limit", type=int, default=None, help="use only the first N images (tests)")
    args = ap.parse_args(argv)
    checkpoint = args.checkpoint or os.path.join(args.run, "checkpoint.pt")
    state = torch.load(checkpoint, map_location="cpu")
    train_args = state.get("command_args") or []
    log = read_log(args.run)
    out_dir = os.path.join(args.models_dir, args.name)
    card_path = os.path.join(out_dir, "README.md")
    eval_section = "<!-- EVAL_BEGIN -->\n## Evaluation\nNot run yet: `npm run eval -- --model NAME --card`.\n<!-- EVAL_END -->".replace("NAME", args.name)
    if os.path.exists(card_path):
        found = EVAL_SECTION.search(open(card_path).read())
        eval_section = found.group(0) if found else eval_section
    ledger = update_ledger(os.path.join(out_dir, "ledger.json"), state, log, args.hardware)
    G, _ = load_generator(checkpoint, None, None)
    cfg = G.cfg
    _, val_set = train_val(load_faces(args.data, cfg.resolution, cfg.output_resolution, list(cfg.attributes), args.limit))
    val_set = val_set if len(val_set) else load_faces(args.data, cfg.resolution, cfg.output_resolution,
                                                      list(cfg.attributes), args.limit)
    save_grid(G, val_set, list(range(min(8, len(val_set)))), os.path.join(out_dir, "samples.png"))
    with open(card_path, "w") as f:
        f.write(render(args.name, state, log, ledger, eval_section, train_args,
                       args.train_state or f"models/{args.name}/train-state.pt"))
    print(f"wrote {card_path}")


if __name__ == "__main__":
    main()
