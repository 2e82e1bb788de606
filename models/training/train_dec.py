"""Train the S2F-DEC attribute mapping on the frozen, calibrated trunk of a trained model, and write a
checkpoint of the S2F-DEC model (the same encoders and decoder, the learned mapping in place of DIS's).

  /usr/bin/python3 -m models.training.train_dec --checkpoint models/runs/s2f-s64/calibrated.pt \\
      --out models/runs/s2f-s64/dec.pt [--faces 8000 --steps 3000]

The mapping learns in latent space only, on the photo and sketch latents of training faces, with the
official S2F-DEC objective (losses.decom_loss), calibrated: along each frozen class-mean direction an edit of a
moves r by a slider units; a zero edit is the identity; editing back returns r; and a small latent
critic keeps edited latents where real latents are, which lets the edit bend with the data instead of
running straight like S2F-DIS.
"""
from __future__ import annotations

import argparse
import time

import torch
import torch.nn.functional as F

from .calibrate import calibration_faces, encode_photos
from .config import ModelConfig
from .data import DEFAULT_ROOT
from .dataset import sketch_tensor
from .losses import decom_loss, random_edits
from .networks import MLP, Generator, MappingDEC


@torch.no_grad()
def encode_sketches(G: Generator, sketches, batch: int = 256) -> torch.Tensor:
    out = []
    for start in range(0, len(sketches), batch):
        out.append(G.sketch_encoder(sketch_tensor(sketches[start:start + batch]))[0])
    return torch.cat(out)


def dec_generator(G_dis: Generator) -> Generator:
    """A DEC generator sharing the DIS trunk; its mapping starts from DIS's classifier and calibration."""
    G = Generator(G_dis.cfg, "dec").eval()
    G.load_state_dict(G_dis.state_dict(), strict=False)
    for name in ("directions", "classifier_bias", "latent_offsets", "structure_offsets"):
        getattr(G.mapping, name).data.copy_(getattr(G_dis.mapping, name).data)
    return G


def train_mapping(M: MappingDEC, latents: torch.Tensor, steps: int, batch: int = 256, lr: float = 1e-3,
                  seed: int = 0, say=print) -> list[dict[str, float]]:
    """Only the decomposition learns; the classifier, its calibration and the structure offsets stay fixed."""
    generator = torch.Generator().manual_seed(seed)
    frozen = {"directions", "classifier_bias"}
    params = [p for n, p in M.named_parameters() if n not in frozen]
    for n, p in M.named_parameters():
        p.requires_grad_(n not in frozen)
    critic = MLP(latents.shape[1], latents.shape[1], 1)
    opt = torch.optim.Adam(params, lr=lr)
    opt_critic = torch.optim.Adam(critic.parameters(), lr=lr)
    history = []
    for step in range(steps):
        r = latents[torch.randint(0, len(latents), (batch,), generator=generator)]
        a = random_edits(batch, M.latent_offsets.shape[0], generator)
        terms = decom_loss(M, r, a)
        edited = M.edit_latent(r, a)
        terms["realism"] = F.softplus(-critic(edited)).mean()
        total = sum(terms.values())
        opt.zero_grad(set_to_none=True)
        total.backward()
        opt.step()
        critic_loss = F.softplus(-critic(r)).mean() + F.softplus(critic(edited.detach())).mean()
        opt_critic.zero_grad(set_to_none=True)
        critic_loss.backward()
        opt_critic.step()
        if step % 250 == 0 or step == steps - 1:
            history.append({"step": step, **{k: round(float(v), 4) for k, v in terms.items()}})
            say(history[-1])
    M.requires_grad_(False)
    return history


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True, help="a calibrated DIS checkpoint (calibrate.py)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--data", default=DEFAULT_ROOT)
    ap.add_argument("--faces", type=int, default=8000)
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--limit", type=int, default=None, help="use only the first N images (tests)")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    say = (lambda *a: None) if args.quiet else print
    state = torch.load(args.checkpoint, map_location="cpu")
    cfg = ModelConfig.from_dict(state["config"])
    G_dis = Generator(cfg, "dis").eval()
    G_dis.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in state["G_ema"].items()})
    faces = calibration_faces(args.data, cfg, args.faces, seed=1, limit=args.limit)
    start = time.time()
    photo_latents, _ = encode_photos(G_dis, faces)
    latents = torch.cat([photo_latents, encode_sketches(G_dis, faces.sketches), encode_sketches(G_dis, faces.studio)])
    G = dec_generator(G_dis)
    history = train_mapping(G.mapping, latents, args.steps, say=say)
    torch.save({"config": state["config"], "variant": "dec", "G_ema": G.state_dict(),
                "step": state["step"], "images_seen": state["images_seen"], "wall_seconds": state["wall_seconds"],
                "command_args": state.get("command_args", []), "calibration": state.get("calibration"),
                "dec_training": {"faces": args.faces, "latents": len(latents), "steps": args.steps,
                                 "seconds": round(time.time() - start, 1), "history": history}}, args.out)
    say(f"wrote {args.out}")


if __name__ == "__main__":
    main()
