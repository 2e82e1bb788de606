"""Each loss moves what it should: every trainable part gets gradient and changes after one step, the DIS
directions W train (they never do in the official release), the DEC latent classifier learns labels."""
import copy

import pytest
import torch

from models.training.config import LossWeights, get_config
from models.training.losses import decom_loss, discriminator_losses, edit_request, generator_losses, r1_penalty
from models.training.networks import Discriminator, DomainDiscriminator, Generator, MappingDEC

CFG = get_config("tiny")
R, A = CFG.resolution, len(CFG.attributes)


def batch(n=8, seed=0):
    g = torch.Generator().manual_seed(seed)
    photo = torch.rand(n, 3, R, R, generator=g) * 2 - 1
    sketch = torch.where(torch.rand(n, 1, R, R, generator=g) < 0.2, -1.0, 1.0)
    labels = (torch.rand(n, A, generator=g) < 0.5).float()
    return photo, sketch, labels


def test_edit_request_flips_exactly_one_attribute():
    labels = (torch.rand(64, A) < 0.5).float()
    strengths, target = edit_request(labels, torch.Generator().manual_seed(0))
    assert torch.all((target != labels).sum(1) == 1)
    torch.testing.assert_close(strengths, target - labels)


@pytest.mark.parametrize("variant", ["dis", "dec"])
def test_every_generator_part_gets_gradient_and_changes(variant):
    torch.manual_seed(0)
    G, D, Ddom = Generator(CFG, variant), Discriminator(CFG), DomainDiscriminator(CFG)
    before = copy.deepcopy(G.state_dict())
    dom_before = copy.deepcopy(Ddom.state_dict())
    opt = torch.optim.Adam(list(G.parameters()) + list(Ddom.parameters()), lr=1e-3)
    total, terms, _ = generator_losses(G, D, Ddom, *batch(), LossWeights(), torch.Generator().manual_seed(0))
    opt.zero_grad()
    total.backward()
    no_grad = [n for n, p in G.named_parameters() if p.grad is None or p.grad.abs().sum() == 0]
    assert no_grad == [], f"parameters without gradient: {no_grad}"
    opt.step()
    unchanged = [n for n, v in G.state_dict().items() if torch.equal(v, before[n])]
    assert unchanged == []
    assert all(not torch.equal(v, dom_before[n]) for n, v in Ddom.state_dict().items())
    assert set(terms) >= {"rec_image", "rec_sketch", "sem", "adv", "feature_match", "attr", "domain"}
    assert ("ortho" in terms) == (variant == "dis") and ("decom" in terms) == (variant == "dec")


def test_attribute_loss_alone_moves_the_dis_directions():
    torch.manual_seed(0)
    G, D, Ddom = Generator(CFG, "dis"), Discriminator(CFG), DomainDiscriminator(CFG)
    only_attr = LossWeights(rec_image=0, rec_sketch=0, sem=0, feature_match=0, adv=0, attr=1, ortho=0, domain=0)
    W = G.mapping.W.detach().clone()
    total, _, _ = generator_losses(G, D, Ddom, *batch(), only_attr, torch.Generator().manual_seed(0))
    total.backward()
    assert G.mapping.W.grad.abs().sum() > 0
    torch.optim.SGD([G.mapping.W], lr=1.0).step()
    assert not torch.equal(G.mapping.W, W)


def test_ortho_loss_makes_directions_orthogonal():
    torch.manual_seed(0)
    M = Generator(CFG, "dis").mapping
    opt = torch.optim.Adam([M.W], lr=0.05)
    start = float(M.ortho_loss())
    for _ in range(200):
        opt.zero_grad()
        M.ortho_loss().backward()
        opt.step()
    assert float(M.ortho_loss()) < 0.05 * start


def test_dec_classifier_learns_labels_on_a_toy_batch():
    """The latent classifier must get a loss (the official release never trains it)."""
    torch.manual_seed(0)
    M = MappingDEC(CFG)
    r = torch.randn(32, CFG.latent_dim)
    labels = (r[:, :A] > 0).float()     # labels readable from the latent
    strengths, target = edit_request(labels, torch.Generator().manual_seed(0))
    opt = torch.optim.Adam(M.parameters(), lr=3e-2)

    def accuracy():
        return float(((M.classifier(r) > 0).float() == labels).float().mean())

    start = accuracy()
    for _ in range(150):
        opt.zero_grad()
        decom_loss(M, r, labels, strengths, target).backward()
        opt.step()
    assert accuracy() > 0.95 > start


def test_discriminator_step_and_r1_reach_every_discriminator_weight():
    torch.manual_seed(0)
    D = Discriminator(CFG)
    photo, _, labels = batch()
    fake = torch.rand_like(photo) * 2 - 1
    total, terms = discriminator_losses(D, photo, labels, fake)
    (total + r1_penalty(D, photo)).backward()
    assert all(p.grad is not None and p.grad.abs().sum() > 0 for p in D.parameters())
    assert set(terms) == {"d_real", "d_fake", "d_attr"}
