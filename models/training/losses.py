"""S2FGAN training objectives. Each function returns named loss terms so the log shows every part.

Edits during training: a quarter of the batch takes the photo latent and structure of its face, moves one
attribute toward its opposite with a continuous strength in [0.5, 1] (the mapping, with the running class
statistics, under no_grad: the classifier directions learn only from the latent classifier, as in the
official S2F-DIS), and the decoder must render that as a realistic face (adversarial term) whose attribute
the discriminator's head reads as flipped. That teaches the decoder to follow the sliders without letting
the generator reshape the latent to fool the head.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

from .augment import augment, draw_augmentation
from .config import LossWeights
from .networks import AttributeMapping, Discriminator, Generator, MappingDEC, SketchPredictor, downsample_to


def edit_request(labels: torch.Tensor, generator: torch.Generator | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """(strengths a, target labels t): one random attribute per sample pushed toward its opposite with a
    strength in [0.5, 1]; t has that attribute flipped."""
    n, n_attr = labels.shape
    pick = torch.randint(0, n_attr, (n,), generator=generator)
    onehot = F.one_hot(pick, n_attr).to(labels.dtype).to(labels.device)
    magnitude = (0.5 + 0.5 * torch.rand(n, 1, generator=generator)).to(labels.device, labels.dtype)
    strengths = onehot * (1 - 2 * labels) * magnitude
    target = labels * (1 - onehot) + (1 - labels) * onehot
    return strengths, target


def multiscale_l1(fake: torch.Tensor, real: torch.Tensor, scales: int = 3) -> torch.Tensor:
    total = F.l1_loss(fake, real)
    for _ in range(scales - 1):
        fake, real = F.avg_pool2d(fake, 2), F.avg_pool2d(real, 2)
        total = total + F.l1_loss(fake, real)
    return total / scales


def _gaussian_window(size: int = 11, sigma: float = 1.5) -> torch.Tensor:
    x = torch.arange(size, dtype=torch.float32) - size // 2
    g = torch.exp(-x ** 2 / (2 * sigma ** 2))
    g = g / g.sum()
    return (g[:, None] * g[None, :])[None, None]


def ssim(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Mean SSIM of two image batches in [-1, 1] (Gaussian window 11, sigma 1.5, per channel). Always fp32:
    its variances are differences of nearly equal numbers, which bf16 turns negative."""
    with torch.autocast(a.device.type, enabled=False):
        return _ssim_fp32((a.float() + 1) / 2, (b.float() + 1) / 2)


def _ssim_fp32(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    c = a.shape[1]
    window = _gaussian_window().to(a.device).expand(c, 1, -1, -1)

    def blur(x):
        return F.conv2d(x, window, groups=c)
    mu_a, mu_b = blur(a), blur(b)
    var_a = blur(a * a) - mu_a ** 2
    var_b = blur(b * b) - mu_b ** 2
    cov = blur(a * b) - mu_a * mu_b
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    value = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / ((mu_a ** 2 + mu_b ** 2 + c1) * (var_a + var_b + c2))
    return value.mean()


def latent_classifier_loss(mapping: AttributeMapping, r: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """The official S2F-DIS latent classifier: r . w_j + b_j ~ 2 l_j - 1 (MSE)."""
    return F.mse_loss(mapping.classify(r.float()), 2 * labels - 1)


def generator_losses(G: Generator, D: Discriminator, P: SketchPredictor, photo: torch.Tensor, sketch: torch.Tensor,
                     lines: torch.Tensor, labels: torch.Tensor, w: LossWeights,
                     rng: torch.Generator | None = None,
                     ) -> tuple[torch.Tensor, dict[str, torch.Tensor], torch.Tensor, tuple[torch.Tensor, torch.Tensor]]:
    """Total generator loss, its terms, the rendered batch [sketch branch | image branch | edits], and the
    photo encoding (latent, structure; detached) that the running class statistics are taken from.

    photo: [N,3,O,O] at the output resolution; sketch and lines (the truth's clean sketch, ink = 1):
    [N,1,R,R] at the input resolution. The sketch branch (what the product serves) renders the whole
    batch; to save compute on CPU the image branch reconstructs the first quarter and the edits use the second."""
    n = photo.shape[0]
    h = q = max(n // 4, 1)
    res = G.cfg.resolution
    photo_in = downsample_to(photo, res)
    r_img, s_img = G.image_encoder(photo_in)
    r_sk, s_sk = G.sketch_encoder(sketch)
    strengths, target = edit_request(labels[h:h + q], rng)
    with torch.no_grad():
        r_edit, s_edit = G.mapping(r_img[h:h + q].detach(), s_img[h:h + q].detach(), strengths.to(r_img.dtype))
    fake = G.decoder(torch.cat([r_sk, r_img[:h], r_edit]), torch.cat([s_sk, s_img[:h], s_edit])).float()
    y_sk, y_img = fake[:n], fake[n:n + h]

    terms: dict[str, torch.Tensor] = {}
    terms["rec"] = multiscale_l1(y_sk, photo) + multiscale_l1(y_img, photo[:h])
    terms["ssim"] = (1 - ssim(y_sk, photo)) + (1 - ssim(y_img, photo[:h]))
    terms["sem"] = F.l1_loss(r_sk.float(), r_img.detach().float())
    terms["structure"] = F.l1_loss(s_sk.float(), s_img.detach().float())
    terms["latent_cls"] = latent_classifier_loss(G.mapping, torch.cat([r_img, r_sk]), torch.cat([labels, labels]))

    fake_small = downsample_to(fake, res)
    real_pairs = torch.cat([photo_in, photo_in[:h], photo_in[h:h + q]])
    aug = draw_augmentation(len(fake_small), res, rng)
    logits, attr_logits, fake_feats = D(augment(fake_small, aug))
    with torch.no_grad():
        _, _, real_feats = D(augment(real_pairs, aug))
    logits, attr_logits = logits.float(), attr_logits.float()
    terms["adv"] = F.softplus(-logits).mean()
    terms["feature_match"] = sum(F.l1_loss(f[:n + h].float(), r[:n + h].float())
                                 for f, r in zip(fake_feats, real_feats)) / len(fake_feats)
    attr_targets = torch.cat([labels, labels[:h], target])
    terms["edit_attr"] = F.binary_cross_entropy_with_logits(attr_logits, attr_targets)
    ink = P(fake_small[:n + h]).float()
    terms["sketch_cycle"] = F.binary_cross_entropy_with_logits(ink, torch.cat([lines, lines[:h]]))

    total = (w.rec * terms["rec"] + w.ssim * terms["ssim"] + w.sem * terms["sem"] + w.structure * terms["structure"]
             + w.latent_cls * terms["latent_cls"] + w.adv * terms["adv"] + w.feature_match * terms["feature_match"]
             + w.edit_attr * terms["edit_attr"] + w.sketch_cycle * terms["sketch_cycle"])
    return total, terms, fake, (r_img.detach(), s_img.detach())


def discriminator_losses(D: Discriminator, photo_in: torch.Tensor, labels: torch.Tensor, fake_small: torch.Tensor,
                         rng: torch.Generator | None = None) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
    """Real/fake on DiffAugmented inputs, and attribute classification of real photos."""
    res = photo_in.shape[-1]
    real_logits, real_attr, _ = D(augment(photo_in, draw_augmentation(len(photo_in), res, rng)))
    fake_logits, _, _ = D(augment(fake_small.detach(), draw_augmentation(len(fake_small), res, rng)))
    terms = {
        "d_real": F.softplus(-real_logits.float()).mean(),
        "d_fake": F.softplus(fake_logits.float()).mean(),
        "d_attr": F.binary_cross_entropy_with_logits(real_attr.float(), labels),
    }
    return terms["d_real"] + terms["d_fake"] + terms["d_attr"], terms


def sketch_predictor_loss(P: SketchPredictor, photo_in: torch.Tensor, lines: torch.Tensor) -> torch.Tensor:
    """The predictor learns, on real photos only, where their clean sketch has ink."""
    return F.binary_cross_entropy_with_logits(P(photo_in).float(), lines)


def r1_penalty(D: Discriminator, photo: torch.Tensor) -> torch.Tensor:
    """Lazy R1 in fp32 (called outside autocast)."""
    photo = photo.detach().requires_grad_(True)
    logits, _, _ = D(photo)
    (grad,) = torch.autograd.grad(logits.sum(), photo, create_graph=True)
    return grad.pow(2).flatten(1).sum(1).mean()


@torch.no_grad()
def class_statistics(mapping: AttributeMapping, r: torch.Tensor, structure: torch.Tensor,
                     labels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(latent offsets [A, d], structure offsets [A, C, S, S]): the mean of the faces with each attribute minus
    the mean of those without. An attribute the faces show only one class of keeps its current offsets."""
    pos, neg = labels.float(), 1 - labels.float()
    has_both = (pos.sum(0) > 0) & (neg.sum(0) > 0)

    def mean_difference(x: torch.Tensor) -> torch.Tensor:
        x = x.float().flatten(1)
        return (pos.t() @ x) / pos.sum(0).clamp(min=1)[:, None] - (neg.t() @ x) / neg.sum(0).clamp(min=1)[:, None]
    latent = torch.where(has_both[:, None], mean_difference(r), mapping.latent_offsets)
    shape = mapping.structure_offsets.shape
    structure = torch.where(has_both[:, None, None, None], mean_difference(structure).view(shape), mapping.structure_offsets)
    return latent, structure


@torch.no_grad()
def update_class_statistics(mapping: AttributeMapping, r: torch.Tensor, structure: torch.Tensor,
                            labels: torch.Tensor, decay: float = 0.99) -> None:
    """Running class statistics during training (calibrate.py recomputes them over many training faces)."""
    latent, structure = class_statistics(mapping, r, structure, labels)
    mapping.latent_offsets.lerp_(latent, 1 - decay)
    mapping.structure_offsets.lerp_(structure, 1 - decay)


def random_edits(n: int, n_attr: int, generator: torch.Generator | None = None, most: int = 3) -> torch.Tensor:
    """Slider settings as people use them: one to `most` attributes moved, each to a strength in [-1, 1]."""
    scores = torch.rand(n, n_attr, generator=generator)
    count = torch.randint(1, most + 1, (n, 1), generator=generator)
    chosen = scores.argsort(dim=1).argsort(dim=1) < count
    return (torch.rand(n, n_attr, generator=generator) * 2 - 1) * chosen


def decom_loss(M: MappingDEC, r: torch.Tensor, a: torch.Tensor) -> dict[str, torch.Tensor]:
    """The official S2F-DEC objective, calibrated: along each frozen class-mean direction an edit moves r by exactly
    a_j slider units (MSE); a zero edit is the identity; editing back returns r (latent cycle)."""
    edited = M.edit_latent(r, a)
    target = M.slider_scores(r).detach() + a * M.slider_units()
    return {"calibrated": F.mse_loss(M.slider_scores(edited), target),
            "identity": F.l1_loss(M.edit_latent(r, torch.zeros_like(a)), r),
            "cycle": F.l1_loss(M.edit_latent(edited, -a), r)}
