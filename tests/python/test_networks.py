import pytest
import torch
import torch.nn.functional as F

from models.training.config import CONFIGS, get_config
from models.training.networks import (VARIANTS, Discriminator, Generator, MappingDEC, MappingDIS, ModulatedConv,
                                      SketchPredictor, get_variant)

CFG = get_config("tiny")
N, R, A, L = 3, CFG.resolution, len(CFG.attributes), CFG.latent_dim
C, S, O = CFG.structure_channels, CFG.structure_size, CFG.output_resolution


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_shapes_of_every_part(variant):
    torch.manual_seed(0)
    G = Generator(CFG, variant)
    r_s, s_s = G.sketch_encoder(torch.randn(N, 1, R, R))
    r_i, s_i = G.image_encoder(torch.randn(N, 3, R, R))
    assert r_s.shape == r_i.shape == (N, L)
    assert s_s.shape == s_i.shape == (N, C, S, S)
    edited, structure = G.mapping(r_i, s_i, torch.rand(N, A) * 2 - 1)
    assert edited.shape == (N, L) and structure.shape == (N, C, S, S)
    image = G.decoder(edited, structure)
    assert image.shape == (N, 3, O, O) and O == 2 * R
    logits, attrs, feats = Discriminator(CFG)(torch.randn(N, 3, R, R))
    assert logits.shape == (N,) and attrs.shape == (N, A) and len(feats) == len(CFG.encoder_channels) - 1
    assert SketchPredictor()(torch.randn(N, 3, R, R)).shape == (N, 1, R, R)


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_every_size_config_builds(name):
    cfg = get_config(name)
    G = Generator(cfg, "dis")
    assert G.decoder.structure_joins_after >= 0 and cfg.output_resolution == 2 * cfg.resolution


def test_variant_table_names_every_mapping():
    assert get_variant("dis").mapping is MappingDIS and get_variant("dec").mapping is MappingDEC
    with pytest.raises(ValueError, match="dis"):
        get_variant("nope")


def test_dis_edit_is_linear_calibrated_and_exact_at_zero():
    torch.manual_seed(0)
    M = MappingDIS(CFG)
    M.latent_offsets.normal_()
    M.structure_offsets.normal_()
    r, s, a = torch.randn(N, L), torch.randn(N, C, S, S), torch.rand(N, A)
    r0, s0 = M(r, s, torch.zeros(N, A))
    assert torch.equal(r0, r) and torch.equal(s0, s)
    r1, s1 = M(r, s, a)
    torch.testing.assert_close(r1 - r, a @ M.latent_offsets)
    torch.testing.assert_close(s1 - s, torch.einsum("na,achw->nchw", a, M.structure_offsets))
    # one unit of attribute j moves r along j's class-mean direction by exactly one slider unit
    one = torch.zeros(N, A)
    one[:, 2] = 1
    moved = M.slider_scores(M(r, s, one)[0]) - M.slider_scores(r)
    torch.testing.assert_close(moved[:, 2], M.slider_units()[2].expand(N))


def test_dec_mapping_follows_lemma_3_2_around_the_identity():
    torch.manual_seed(0)
    M = MappingDEC(CFG)
    r, a = torch.randn(N, L), torch.rand(N, A)
    ea = (a.unsqueeze(2) * M.embed.unsqueeze(0)).flatten(1)
    cat = torch.cat([ea, r], 1)
    b = F.leaky_relu(M.delta(cat), 0.2)
    c = F.normalize(M.f1(b).view(N, L, M.k), dim=1)
    projection = c @ c.transpose(1, 2)
    expected = r + M.f2((projection @ M.f3(b).unsqueeze(2)).squeeze(2)) + M.f4(cat)
    torch.testing.assert_close(M.edit_latent(r, a), expected)


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


def test_structure_code_reaches_the_image():
    """The decoder uses the structure: changing it (same latent) changes the face where it changed."""
    torch.manual_seed(0)
    G = Generator(CFG, "dis").eval()
    r, s = torch.randn(1, L), torch.randn(1, C, S, S)
    moved = s.clone()
    moved[..., 0, 0] += 3.0
    with torch.no_grad():
        a, b = G.decoder(r, s), G.decoder(r, moved)
    diff = (a - b).abs().mean(1)[0]
    corner, far = diff[: O // S * 2, : O // S * 2].mean(), diff[-O // S:, -O // S:].mean()
    assert corner > 0 and corner > 5 * far
