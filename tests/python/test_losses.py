"""Each loss moves what it should, and only that: every trainable part gets gradient, the latent classifier
alone trains the edit directions (the edit branch cannot reshape them to fool the discriminator), the
structure and sketch-cycle terms reach the parts they are meant for, and the DEC objective calibrates edits."""
import copy

import pytest
import torch

from models.training.augment import augment, draw_augmentation
from models.training.config import LossWeights, get_config, r1_gamma
from models.training.losses import (decom_loss, discriminator_losses, edit_request, generator_losses,
                                    latent_classifier_loss, multiscale_l1, r1_penalty, random_edits, sketch_predictor_loss,
                                    ssim, update_class_statistics)
from models.training.networks import Discriminator, Generator, MappingDEC, SketchPredictor

CFG = get_config("tiny")
R, O, A, L = CFG.resolution, CFG.output_resolution, len(CFG.attributes), CFG.latent_dim
ZERO = LossWeights(rec=0, ssim=0, sem=0, structure=0, latent_cls=0, feature_match=0, adv=0, edit_attr=0, sketch_cycle=0)


def batch(n=8, seed=0):
    g = torch.Generator().manual_seed(seed)
    photo = torch.rand(n, 3, O, O, generator=g) * 2 - 1
    sketch = torch.where(torch.rand(n, 1, R, R, generator=g) < 0.2, -1.0, 1.0)
    lines = (sketch < 0).float()
    labels = (torch.rand(n, A, generator=g) < 0.5).float()
    return photo, sketch, lines, labels


def grads_after(weights: LossWeights, seed=0):
    torch.manual_seed(seed)
    G, D, P = Generator(CFG, "dis"), Discriminator(CFG), SketchPredictor()
    P.requires_grad_(False)      # as the trainer does in the generator step
    total, terms, fake, _ = generator_losses(G, D, P, *batch(), weights, torch.Generator().manual_seed(0))
    total.backward()
    moved = {n for n, p in G.named_parameters() if p.grad is not None and p.grad.abs().sum() > 0}
    return G, P, moved, terms, fake


def test_edit_request_pushes_one_attribute_toward_its_opposite():
    labels = (torch.rand(64, A) < 0.5).float()
    strengths, target = edit_request(labels, torch.Generator().manual_seed(0))
    assert torch.all((target != labels).sum(1) == 1)
    assert torch.all((strengths != 0).sum(1) == 1)
    assert torch.all(torch.sign(strengths.sum(1)) == torch.sign((target - labels).sum(1)))
    assert strengths.abs().max() <= 1 and strengths.abs().sum(1).min() >= 0.5


def test_every_generator_part_gets_gradient_and_changes():
    torch.manual_seed(0)
    G, D, P = Generator(CFG, "dis"), Discriminator(CFG), SketchPredictor()
    before = copy.deepcopy(G.state_dict())
    opt = torch.optim.Adam(G.parameters(), lr=1e-3)
    total, terms, fake, (r, structure) = generator_losses(G, D, P, *batch(), LossWeights(), torch.Generator().manual_seed(0))
    opt.zero_grad()
    total.backward()
    no_grad = [n for n, p in G.named_parameters() if p.grad is None or p.grad.abs().sum() == 0]
    assert no_grad == [], f"parameters without gradient: {no_grad}"
    opt.step()
    params = dict(G.named_parameters())
    unchanged = [n for n in params if torch.equal(params[n], before[n])]
    assert unchanged == []
    assert set(terms) == {"rec", "ssim", "sem", "structure", "latent_cls", "adv", "feature_match", "edit_attr", "sketch_cycle"}
    assert fake.shape == (8 + 2 + 2, 3, O, O)
    assert r.shape == (8, L) and not r.requires_grad and structure.shape[0] == 8


def test_only_the_latent_classifier_trains_the_edit_directions():
    _, _, moved, _, _ = grads_after(LossWeights(**{**ZERO.to_dict(), "latent_cls": 1.0}))
    assert "mapping.directions" in moved and "mapping.classifier_bias" in moved
    assert any(n.startswith("image_encoder.") for n in moved) and any(n.startswith("sketch_encoder.") for n in moved)
    assert not any(n.startswith("decoder.") for n in moved)
    for name in ("edit_attr", "adv", "rec", "feature_match"):
        _, _, moved, _, _ = grads_after(LossWeights(**{**ZERO.to_dict(), name: 1.0}))
        assert "mapping.directions" not in moved, name


def test_edit_term_teaches_the_decoder():
    _, _, moved, _, _ = grads_after(LossWeights(**{**ZERO.to_dict(), "edit_attr": 1.0}))
    assert any(n.startswith("decoder.") for n in moved)


def test_structure_term_moves_the_sketch_encoders_structure_head_not_the_photo_encoder():
    _, _, moved, _, _ = grads_after(LossWeights(**{**ZERO.to_dict(), "structure": 1.0}))
    assert any(n.startswith("sketch_encoder.structure_head") for n in moved)
    assert not any(n.startswith("image_encoder.") or n.startswith("decoder.") for n in moved)


def test_sketch_cycle_reaches_decoder_and_sketch_encoder_but_not_the_predictor():
    _, P, moved, _, _ = grads_after(LossWeights(**{**ZERO.to_dict(), "sketch_cycle": 1.0}))
    assert any(n.startswith("decoder.") for n in moved) and any(n.startswith("sketch_encoder.") for n in moved)
    assert all(p.grad is None for p in P.parameters())


def test_sketch_predictor_learns_lines_from_photos():
    torch.manual_seed(0)
    P = SketchPredictor()
    photo = torch.rand(8, 3, R, R) * 2 - 1
    lines = (photo.mean(1, keepdim=True) < 0).float()      # ink where the photo is dark: learnable from the photo
    opt = torch.optim.Adam(P.parameters(), lr=1e-2)
    start = float(sketch_predictor_loss(P, photo, lines))
    for _ in range(60):
        opt.zero_grad()
        sketch_predictor_loss(P, photo, lines).backward()
        opt.step()
    assert float(sketch_predictor_loss(P, photo, lines)) < 0.5 * start


def test_reconstruction_terms_are_zero_only_for_the_truth():
    x = torch.rand(2, 3, O, O) * 2 - 1
    assert float(multiscale_l1(x, x)) == 0 and float(multiscale_l1(x, -x)) > 0
    assert abs(float(ssim(x, x)) - 1) < 1e-5 and float(ssim(x, torch.rand_like(x))) < 0.5
    with torch.autocast("cpu", dtype=torch.bfloat16):
        assert torch.isfinite(ssim(x, x * 0.9))       # bf16 used to turn the variances negative


def test_class_statistics_find_the_attribute_offsets():
    torch.manual_seed(0)
    M = Generator(CFG, "dis").mapping
    labels = (torch.rand(512, A) < 0.5).float()
    r = torch.randn(512, L) * 0.1
    r[:, 3] += labels[:, 0] * 1.5                       # attribute 0 lives along latent axis 3
    structure = torch.randn(512, CFG.structure_channels, CFG.structure_size, CFG.structure_size) * 0.1
    structure[:, 0] += labels[:, 1, None, None] * 2     # attribute 1 moves structure channel 0
    for _ in range(600):
        update_class_statistics(M, r, structure, labels)
    assert abs(float(M.latent_offsets[0, 3]) - 1.5) < 0.05 and float(M.latent_offsets[0, :3].abs().max()) < 0.05
    assert abs(float(M.slider_units()[0]) - 1.5) < 0.1
    assert abs(float(M.structure_offsets[1, 0].mean()) - 2.0) < 0.1 and float(M.structure_offsets[1, 1:].abs().mean()) < 0.1


def test_latent_classifier_loss_learns_labels():
    torch.manual_seed(0)
    M = Generator(CFG, "dis").mapping
    r = torch.randn(64, L)
    labels = (r[:, :A] > 0).float()
    opt = torch.optim.Adam(M.parameters(), lr=3e-2)
    start = float(((M.classify(r * 3) > 0).float() == labels).float().mean())
    for _ in range(300):
        opt.zero_grad()
        latent_classifier_loss(M, r * 3, labels).backward()
        opt.step()
    end = float(((M.classify(r * 3) > 0).float() == labels).float().mean())
    assert end > 0.8 and end > start + 0.2, (start, end)


def test_dec_objective_calibrates_edits():
    """After training on toy latents, an edit of a moves r by a slider units along each class-mean direction,
    zero is the identity, and editing back returns the start."""
    torch.manual_seed(0)
    M = MappingDEC(CFG)
    M.latent_offsets.copy_(torch.randn(A, L) * 0.5)
    for p in (M.directions, M.classifier_bias):
        p.requires_grad_(False)
    latents = torch.randn(512, L)
    g = torch.Generator().manual_seed(0)
    opt = torch.optim.Adam([p for p in M.parameters() if p.requires_grad], lr=3e-3)

    def error():
        a = random_edits(256, A, torch.Generator().manual_seed(9))
        return decom_loss(M, latents[:256], a)

    start = {k: float(v) for k, v in error().items()}
    for _ in range(600):
        r = latents[torch.randint(0, 512, (64,), generator=g)]
        opt.zero_grad()
        sum(decom_loss(M, r, random_edits(64, A, g)).values()).backward()
        opt.step()
    end = {k: float(v) for k, v in error().items()}
    assert end["calibrated"] < 0.2 * start["calibrated"]
    assert end["identity"] < 0.1 and end["cycle"] < 0.2


def test_diffaugment_is_shared_by_parameters_and_lets_gradients_through():
    x = torch.rand(4, 3, 16, 16, requires_grad=True)
    aug = draw_augmentation(4, 16, torch.Generator().manual_seed(0))
    y = augment(x, aug)
    assert torch.equal(y, augment(x, aug)) and not torch.equal(y, x)
    y.sum().backward()
    assert x.grad.abs().sum() > 0


def test_discriminator_step_and_r1_reach_every_discriminator_weight():
    torch.manual_seed(0)
    D = Discriminator(CFG)
    photo = torch.rand(8, 3, R, R) * 2 - 1
    labels = (torch.rand(8, A) < 0.5).float()
    fake = torch.rand_like(photo) * 2 - 1
    total, terms = discriminator_losses(D, photo, labels, fake, torch.Generator().manual_seed(0))
    (total + r1_penalty(D, photo)).backward()
    assert all(p.grad is not None and p.grad.abs().sum() > 0 for p in D.parameters())
    assert set(terms) == {"d_real", "d_fake", "d_attr"}


@pytest.mark.parametrize("resolution,batch_size,expected", [(64, 16, 0.0512), (128, 32, 0.1024)])
def test_r1_gamma_follows_the_stylegan2_ada_heuristic(resolution, batch_size, expected):
    assert abs(r1_gamma(LossWeights(), resolution, batch_size) - expected) < 1e-9
    assert r1_gamma(LossWeights(r1_gamma=1.0), resolution, batch_size) == 1.0
