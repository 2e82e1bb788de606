import pytest
import torch
import torch.nn.functional as F

from models.training.config import get_config
from models.training.networks import (Discriminator, DomainDiscriminator, Generator, MappingDEC, MappingDIS,
                                      ModulatedConv)

CFG = get_config("tiny")
N, R, A, L = 3, CFG.resolution, len(CFG.attributes), CFG.latent_dim


@pytest.mark.parametrize("variant", ["dis", "dec"])
def test_shapes_of_every_part(variant):
    torch.manual_seed(0)
    G = Generator(CFG, variant)
    r_s = G.sketch_encoder(torch.randn(N, 1, R, R))
    r_i = G.image_encoder(torch.randn(N, 3, R, R))
    assert r_s.shape == r_i.shape == (N, L)
    edited = G.mapping(r_i, torch.rand(N, A) * 2 - 1)
    assert edited.shape == (N, L)
    image = G.decoder(edited)
    assert image.shape == (N, 3, R, R)
    logits, attrs, feats = Discriminator(CFG)(image)
    assert logits.shape == (N,) and attrs.shape == (N, A) and len(feats) == len(CFG.encoder_channels) - 1
    assert DomainDiscriminator(CFG)(r_s).shape == (N,)


def test_dis_mapping_is_linear_in_strengths():
    torch.manual_seed(0)
    M = MappingDIS(CFG)
    r = torch.randn(N, L)
    a = torch.rand(N, A)
    assert torch.equal(M(r, torch.zeros(N, A)), r)
    torch.testing.assert_close(M(r, a) - r, a @ M.W)


def test_dec_mapping_follows_lemma_3_2():
    torch.manual_seed(0)
    M = MappingDEC(CFG)
    r, a = torch.randn(N, L), torch.rand(N, A)
    ea = (a.unsqueeze(2) * M.embed.unsqueeze(0)).flatten(1)
    cat = torch.cat([ea, r], 1)
    b = F.leaky_relu(M.delta(cat), 0.2)
    c = F.normalize(M.f1(b).view(N, L, M.k), dim=1)
    projection = c @ c.transpose(1, 2)
    expected = M.f2((projection @ M.f3(b).unsqueeze(2)).squeeze(2)) + M.f4(cat)
    torch.testing.assert_close(M(r, a), expected)


def test_modulated_conv_matches_grouped_weight_demodulation():
    """The ONNX-friendly form (modulate activations) equals StyleGAN2's per-sample weights."""
    torch.manual_seed(0)
    conv = ModulatedConv(5, 7, 3, style_dim=4)
    x, w = torch.randn(2, 5, 8, 8), torch.randn(2, 4)
    s = conv.affine(w)
    weight = conv.weight.unsqueeze(0) * conv.scale * s[:, None, :, None, None]       # [N, out, in, k, k]
    weight = weight * torch.rsqrt(weight.pow(2).sum(dim=(2, 3, 4), keepdim=True) + 1e-8)
    grouped = F.conv2d(x.reshape(1, 10, 8, 8), weight.reshape(14, 5, 3, 3), padding=1, groups=2).reshape(2, 7, 8, 8)
    torch.testing.assert_close(conv(x, w), grouped, rtol=1e-4, atol=1e-5)


def test_gradient_reversal_flips_the_encoder_gradient():
    torch.manual_seed(0)
    dom = DomainDiscriminator(CFG)
    r = torch.randn(N, L, requires_grad=True)
    dom(r, reversal_weight=1.0).sum().backward()
    reversed_grad = r.grad.clone()
    r.grad = None
    dom.net(r).sum().backward()
    torch.testing.assert_close(reversed_grad, -r.grad)
