"""S2FGAN training objectives. Each function returns named loss terms so the log shows every part.

Attribute edits are relative: a strength a_j is added to what the face already shows. To edit, one
attribute per sample is flipped (target t_j = 1 - l_j) and the mapping gets a_j = t_j - l_j in {-1, +1};
the discriminator's attribute head must then see t on the edited image. That is what moves the DIS
directions W (never trained in the official release) and the DEC mapping.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from .config import LossWeights
from .networks import Discriminator, DomainDiscriminator, Generator, MappingDEC, MappingDIS


def edit_request(labels: torch.Tensor, generator: torch.Generator | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """(strengths a, target labels t): one random attribute per sample flipped."""
    n, n_attr = labels.shape
    pick = torch.randint(0, n_attr, (n,), generator=generator, device=labels.device)
    onehot = F.one_hot(pick, n_attr).to(labels.dtype)
    target = labels * (1 - onehot) + (1 - labels) * onehot
    return target - labels, target


def generator_losses(G: Generator, D: Discriminator, Ddom: DomainDiscriminator, photo: torch.Tensor,
                     sketch: torch.Tensor, labels: torch.Tensor, w: LossWeights,
                     rng: torch.Generator | None = None) -> tuple[torch.Tensor, dict[str, torch.Tensor], torch.Tensor]:
    """Total generator loss, its terms, and the rendered batch [sketch branch | image branch | edits].

    The sketch branch (what the product serves) renders the whole batch; to save compute on CPU the image
    branch reconstructs the first half and the edits use the second half's photo latents."""
    n, h = photo.shape[0], photo.shape[0] // 2
    r_img = G.image_encoder(photo)
    r_sk = G.sketch_encoder(sketch)
    strengths, target = edit_request(labels[h:], rng)
    no_edit = torch.zeros(n + h, strengths.shape[1], device=photo.device, dtype=strengths.dtype)
    latents = torch.cat([r_sk, r_img[:h], r_img[h:]], dim=0)
    mapped = G.mapping(latents, torch.cat([no_edit, strengths], dim=0))
    fake = G.decoder(mapped).float()
    y_sk, y_img = fake[:n], fake[n:n + h]

    terms: dict[str, torch.Tensor] = {}
    terms["rec_image"] = F.l1_loss(y_img, photo[:h])
    terms["rec_sketch"] = F.l1_loss(y_sk, photo)
    terms["sem"] = F.l1_loss(r_sk.float(), r_img.detach().float())

    logits, attr_logits, fake_feats = D(fake)
    _, _, real_feats = D(photo)
    logits, attr_logits = logits.float(), attr_logits.float()
    terms["adv"] = F.softplus(-logits).mean()
    terms["feature_match"] = sum(F.l1_loss(f[:n + h].float(), torch.cat([r, r[:h]]).detach().float())
                                 for f, r in zip(fake_feats, real_feats)) / len(fake_feats)
    attr_targets = torch.cat([labels, labels[:h], target], dim=0)
    terms["attr"] = F.binary_cross_entropy_with_logits(attr_logits, attr_targets)

    dom_logits = Ddom(torch.cat([r_sk, r_img], dim=0)).float()
    dom_labels = torch.cat([torch.ones(n), torch.zeros(n)]).to(dom_logits.device)
    terms["domain"] = F.binary_cross_entropy_with_logits(dom_logits, dom_labels)

    total = (w.rec_image * terms["rec_image"] + w.rec_sketch * terms["rec_sketch"] + w.sem * terms["sem"]
             + w.adv * terms["adv"] + w.feature_match * terms["feature_match"] + w.attr * terms["attr"]
             + w.domain * terms["domain"])
    if isinstance(G.mapping, MappingDIS):
        terms["ortho"] = G.mapping.ortho_loss()
        total = total + w.ortho * terms["ortho"]
    if isinstance(G.mapping, MappingDEC):
        terms["decom"] = decom_loss(G.mapping, r_img[h:].float(), labels[h:], strengths, target)
        total = total + w.decom * terms["decom"]
    return total, terms, fake


def decom_loss(M: MappingDEC, r: torch.Tensor, labels: torch.Tensor, strengths: torch.Tensor,
               target: torch.Tensor) -> torch.Tensor:
    """L_decom: the latent classifier learns the labels (the official release never trains it); an edit
    reaches the requested labels under that classifier; a zero edit is the identity; editing back returns r."""
    classify = M.classifier
    learn_labels = F.binary_cross_entropy_with_logits(classify(r.detach()), labels)
    edited = M(r, strengths)
    frozen = F.linear(edited, classify.weight.detach() * classify.scale, classify.bias.detach())
    reach_target = F.binary_cross_entropy_with_logits(frozen, target)
    identity = F.l1_loss(M(r, torch.zeros_like(strengths)), r)
    cycle = F.l1_loss(M(edited, -strengths), r)
    return learn_labels + reach_target + identity + cycle


def discriminator_losses(D: Discriminator, photo: torch.Tensor, labels: torch.Tensor,
                         fake: torch.Tensor) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
    """Real/fake and attribute classification on real photos. (The domain discriminator learns inside
    generator_losses: its own gradient is not reversed, only the encoders' is.)"""
    real_logits, real_attr, _ = D(photo)
    fake_logits, _, _ = D(fake.detach())
    terms = {
        "d_real": F.softplus(-real_logits.float()).mean(),
        "d_fake": F.softplus(fake_logits.float()).mean(),
        "d_attr": F.binary_cross_entropy_with_logits(real_attr.float(), labels),
    }
    return terms["d_real"] + terms["d_fake"] + terms["d_attr"], terms


def r1_penalty(D: Discriminator, photo: torch.Tensor) -> torch.Tensor:
    """Lazy R1 in fp32 (called outside autocast)."""
    photo = photo.detach().requires_grad_(True)
    logits, _, _ = D(photo)
    (grad,) = torch.autograd.grad(logits.sum(), photo, create_graph=True)
    return grad.pow(2).flatten(1).sum(1).mean()
