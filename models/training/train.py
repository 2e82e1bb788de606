"""Train S2FGAN from scratch (resumable).

  /usr/bin/python3 -m models.training.train --config s64 --out models/runs/s2f-s64 --hours 2
  /usr/bin/python3 -m models.training.train --out models/runs/s2f-s64 --hours 2 --resume-from models/s2f-dis-s64/train-state.pt

Trains the shared trunk (encoders, decoder, discriminators) with the S2F-DIS mapping; S2F-DEC's mapping is
trained on the frozen trunk afterwards (train_dec.py).

Writes into --out: checkpoint.pt (latest, full optimiser state, resumable with --resume), log.jsonl (one line
per log step), samples/step_XXXXXXX.png (rows: sketch | output | photo | edits), and prints a progress line.
--resume-from starts from a compact state (compact_state.py: fp16 weights, no optimiser state), such as the one
committed beside a shipped model, so that training adds up across runs and machines.
"""
from __future__ import annotations

import os
import sys


def _threads_from_argv(default: int = os.cpu_count() or 1) -> int:
    if "--threads" in sys.argv:
        return int(sys.argv[sys.argv.index("--threads") + 1])
    return default


# BLAS thread pools read these at import, so they are set before numpy and torch load.
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_var] = str(_threads_from_argv())

import argparse  # noqa: E402
import contextlib  # noqa: E402
import copy  # noqa: E402
import json  # noqa: E402
import signal  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402

from .compact_state import load_compact_state  # noqa: E402
from .config import LossWeights, ModelConfig, get_config, r1_gamma  # noqa: E402
from .data import DEFAULT_ROOT  # noqa: E402
from .dataset import Batches, load_faces, to_tensors, train_val  # noqa: E402
from .losses import (discriminator_losses, generator_losses, r1_penalty, sketch_predictor_loss,  # noqa: E402
                     update_class_statistics)
from .networks import Discriminator, Generator, SketchPredictor, downsample_to  # noqa: E402
from .samples import save_grid, validation_l1  # noqa: E402


def cpu_has_amx() -> bool:
    try:
        with open("/proc/cpuinfo") as f:
            return "amx_bf16" in f.read()
    except OSError:
        return False


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", default="s64")
    ap.add_argument("--data", default=DEFAULT_ROOT)
    ap.add_argument("--out", required=True)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--hours", type=float, default=None, help="stop after this much wall time (all runs)")
    ap.add_argument("--iters", type=int, default=None, help="stop at this iteration")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N images (tests)")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--log-every", type=int, default=50)
    ap.add_argument("--sample-every", type=int, default=1000)
    ap.add_argument("--checkpoint-minutes", type=float, default=10.0)
    ap.add_argument("--resume", action="store_true", help="continue from --out/checkpoint.pt")
    ap.add_argument("--resume-from", default=None, help="start from a compact training state (fp16, no optimiser)")
    ap.add_argument("--precision", choices=["auto", "bf16", "fp32"], default="auto")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    if args.hours is None and args.iters is None:
        ap.error("give --hours or --iters")
    return args


class Trainer:
    def __init__(self, cfg: ModelConfig, args: argparse.Namespace, argv_of_run: list[str] | None = None):
        self.cfg, self.args = cfg, args
        self.device = torch.device(args.device)
        torch.manual_seed(args.seed)
        self.G = Generator(cfg, "dis").to(self.device)
        self.D = Discriminator(cfg).to(self.device)
        self.P = SketchPredictor().to(self.device)
        self.G_ema = copy.deepcopy(self.G).eval().requires_grad_(False)
        betas = (0.0, 0.99)   # StyleGAN2's Adam settings
        self.opt_g = torch.optim.Adam(self.G.parameters(), lr=args.lr, betas=betas)
        self.weights = LossWeights()
        r1_ratio = self.weights.r1_every / (self.weights.r1_every + 1)  # StyleGAN2 lazy-regularisation lr fix
        self.opt_d = torch.optim.Adam(self.D.parameters(), lr=args.lr * r1_ratio, betas=(betas[0] ** r1_ratio, betas[1] ** r1_ratio))
        self.opt_p = torch.optim.Adam(self.P.parameters(), lr=args.lr)
        self.r1_gamma = r1_gamma(self.weights, cfg.resolution, args.batch)
        self.command_args = [a for a in (argv_of_run or []) if a != "--resume"]
        self.step, self.images_seen, self.wall_seconds = 0, 0, 0.0
        self.rng = torch.Generator().manual_seed(args.seed)
        use_bf16 = args.precision == "bf16" or (args.precision == "auto" and (
            (self.device.type == "cpu" and cpu_has_amx()) or (self.device.type == "cuda" and torch.cuda.is_bf16_supported())))
        self.autocast_dtype = torch.bfloat16 if use_bf16 else None

    # ------------------------------------------------------------ state
    def state(self) -> dict:
        return {"config": self.cfg.to_dict(), "variant": "dis", "command_args": self.command_args,
                "G": self.G.state_dict(), "G_ema": self.G_ema.state_dict(), "D": self.D.state_dict(),
                "P": self.P.state_dict(), "opt_g": self.opt_g.state_dict(), "opt_d": self.opt_d.state_dict(),
                "opt_p": self.opt_p.state_dict(), "step": self.step,
                "images_seen": self.images_seen, "wall_seconds": self.wall_seconds,
                "rng": self.rng.get_state(), "torch_rng": torch.get_rng_state()}

    def load(self, state: dict) -> None:
        """A full checkpoint, or a compact state (weights only: the optimisers start afresh)."""
        for name in ("G", "G_ema", "D", "P", "opt_g", "opt_d", "opt_p"):
            if name in state:
                getattr(self, name).load_state_dict(state[name])
        self.step, self.images_seen, self.wall_seconds = state["step"], state["images_seen"], state["wall_seconds"]
        if "rng" in state:
            self.rng.set_state(state["rng"])
            torch.set_rng_state(state["torch_rng"])

    def save(self, path: str) -> None:
        tmp = path + ".tmp"
        torch.save(self.state(), tmp)
        os.replace(tmp, path)

    # ------------------------------------------------------------ one iteration
    def autocast(self):
        if self.autocast_dtype is None:
            return contextlib.nullcontext()
        return torch.autocast(self.device.type, dtype=self.autocast_dtype)

    def _prepare(self, x: torch.Tensor) -> torch.Tensor:
        return x.to(self.device, non_blocking=True)

    def train_step(self, photo: torch.Tensor, sketch: torch.Tensor, lines: torch.Tensor,
                   labels: torch.Tensor) -> dict[str, float]:
        photo, sketch, lines = self._prepare(photo), self._prepare(sketch), self._prepare(lines)
        labels = labels.to(self.device)
        self.D.requires_grad_(False)
        self.P.requires_grad_(False)
        with self.autocast():
            g_total, g_terms, fake, (r, structure) = generator_losses(self.G, self.D, self.P, photo, sketch, lines, labels,
                                                      self.weights, self.rng)
        self.opt_g.zero_grad(set_to_none=True)
        g_total.backward()
        self.opt_g.step()
        photo_in = downsample_to(photo, self.cfg.resolution)
        update_class_statistics(self.G.mapping, r, structure, labels)
        self.update_ema()

        self.D.requires_grad_(True)
        with self.autocast():
            d_total, d_terms = discriminator_losses(self.D, photo_in, labels, downsample_to(fake, self.cfg.resolution),
                                                    self.rng)
        self.opt_d.zero_grad(set_to_none=True)
        d_total.backward()
        if self.step % self.weights.r1_every == 0:
            r1 = r1_penalty(self.D, photo_in.float())
            (self.r1_gamma / 2 * self.weights.r1_every * r1).backward()
            d_terms["r1"] = r1
        self.opt_d.step()

        self.P.requires_grad_(True)
        with self.autocast():
            p_loss = sketch_predictor_loss(self.P, photo_in, lines)
        self.opt_p.zero_grad(set_to_none=True)
        p_loss.backward()
        self.opt_p.step()
        d_terms["p_lines"] = p_loss

        self.step += 1
        self.images_seen += photo.shape[0]
        out = {k: float(v) for k, v in {**g_terms, **d_terms}.items()}
        out["g_total"], out["d_total"] = float(g_total), float(d_total)
        return out

    @torch.no_grad()
    def update_ema(self, decay: float = 0.999) -> None:
        decay = min(decay, (1 + self.step) / (10 + self.step))  # warm-up: early EMA follows the model
        for p_ema, p in zip(self.G_ema.parameters(), self.G.parameters()):
            p_ema.lerp_(p.detach(), 1 - decay)
        for b_ema, b in zip(self.G_ema.buffers(), self.G.buffers()):
            b_ema.copy_(b)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    cfg = get_config(args.config)
    os.makedirs(os.path.join(args.out, "samples"), exist_ok=True)
    ckpt_path = os.path.join(args.out, "checkpoint.pt")
    say = (lambda *a: None) if args.quiet else (lambda *a: print(*a, flush=True))

    say(f"loading {args.data} at {cfg.resolution}px (first run builds the sketch cache)")
    faces = load_faces(args.data, cfg.resolution, cfg.output_resolution, list(cfg.attributes), args.limit, not args.quiet,
                       workers=args.threads)
    train_set, val_set = train_val(faces)
    if len(val_set) == 0:
        val_set = train_set
    say(f"train {len(train_set)} val {len(val_set)}")
    trainer = Trainer(cfg, args, sys.argv[1:] if argv is None else argv)
    if args.resume and os.path.exists(ckpt_path):
        trainer.load(torch.load(ckpt_path, map_location=trainer.device))
        say(f"resumed at step {trainer.step}, {trainer.images_seen} images, {trainer.wall_seconds / 3600:.2f} h")
    elif args.resume_from:
        trainer.load(load_compact_state(args.resume_from, cfg))
        say(f"started from {args.resume_from}: step {trainer.step}, {trainer.images_seen} images, "
            f"{trainer.wall_seconds / 3600:.2f} h")
    batches = Batches(train_set, args.batch, seed=args.seed + trainer.step)
    val_photo, val_sketch = to_tensors(val_set.photos[:256], val_set.sketches[:256])
    _, val_studio = to_tensors(val_set.photos[:256], val_set.studio[:256])
    mean_face = torch.from_numpy(train_set.photos.mean(axis=0)).permute(2, 0, 1).float() / 127.5 - 1
    grid_rows = np.arange(min(8, len(val_set)))
    say(f"precision {'bf16 autocast' if trainer.autocast_dtype else 'fp32'}, threads {args.threads}, device {args.device}")

    log = open(os.path.join(args.out, "log.jsonl"), "a")
    run_start, last_ckpt = time.time(), time.time()
    wall_at_start, step_at_start = trainer.wall_seconds, trainer.step
    window: dict[str, list[float]] = {}
    window_start, window_images = time.time(), 0

    stop_requested = []
    signal.signal(signal.SIGTERM, lambda *_: stop_requested.append(True))  # finish the step, save, exit

    def done() -> bool:
        if stop_requested:
            return True
        if args.iters is not None and trainer.step >= args.iters:
            return True
        return args.hours is not None and trainer.wall_seconds >= args.hours * 3600

    def snapshot(tag: str) -> dict:
        val = validation_l1(trainer.G_ema, val_photo, {"clean": val_sketch, "studio": val_studio}, mean_face)
        save_grid(trainer.G_ema, val_set, grid_rows, os.path.join(args.out, "samples", f"{tag}.png"))
        return val

    while not done():
        photo, sketch, lines, labels = batches.next()
        terms = trainer.train_step(photo, sketch, lines, labels)
        trainer.wall_seconds = wall_at_start + time.time() - run_start
        window_images += photo.shape[0]
        for k, v in terms.items():
            window.setdefault(k, []).append(v)
        if trainer.step % args.log_every == 0 or done():
            rate = window_images / max(time.time() - window_start, 1e-9)
            means = {k: float(np.mean(v)) for k, v in window.items()}
            record = {"step": trainer.step, "images": trainer.images_seen, "wall_s": round(trainer.wall_seconds, 1),
                      "images_per_s": round(rate, 2), **{k: round(v, 5) for k, v in means.items()}}
            if trainer.step % args.sample_every == 0 or done():
                record["val"] = snapshot(f"step_{trainer.step:07d}")
            log.write(json.dumps(record) + "\n")
            log.flush()
            eta = ""
            if args.hours is not None:
                eta = f" eta {max(args.hours * 3600 - trainer.wall_seconds, 0) / 60:.0f}m"
            elif args.iters is not None:
                per_step = (time.time() - run_start) / max(trainer.step - step_at_start, 1)
                eta = f" eta {(args.iters - trainer.step) * per_step / 60:.0f}m"
            say(f"it {trainer.step} img {trainer.images_seen} {rate:.1f} img/s{eta} | rec {means['rec']:.3f} "
                f"ssim {means['ssim']:.3f} sem {means['sem']:.3f} struct {means['structure']:.3f} "
                f"cls {means['latent_cls']:.3f} adv {means['adv']:.3f} attr {means['edit_attr']:.3f} "
                f"cyc {means['sketch_cycle']:.3f} d {means['d_total']:.3f}" + (f" | val {record['val']}" if "val" in record else ""))
            window, window_start, window_images = {}, time.time(), 0
        if time.time() - last_ckpt > args.checkpoint_minutes * 60:
            trainer.save(ckpt_path)
            last_ckpt = time.time()
    trainer.save(ckpt_path)
    log.close()
    say(f"done: step {trainer.step}, {trainer.images_seen} images, {trainer.wall_seconds / 3600:.2f} h -> {ckpt_path}")


if __name__ == "__main__":
    main()
