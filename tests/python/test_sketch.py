import numpy as np

from models.training.data import load_photo, read_attributes
from models.training.sketch import INK, PAPER, STUDIO_PEN_WIDTHS, clean_sketch, rough_sketch, studio_sketch, studio_strokes


def photos(data_root, n=4):
    ids = read_attributes(data_root).ids[:n]
    return [load_photo(data_root, int(i), 128) for i in ids]


def test_clean_sketch_is_binary_line_drawing(data_root):
    for photo in photos(data_root):
        for size in (64, 128):
            drawing = clean_sketch(photo, size)
            assert drawing.shape == (size, size)
            assert set(np.unique(drawing)) <= {INK, PAPER}
            ink_share = float((drawing == INK).mean())
            assert 0.02 < ink_share < 0.25, ink_share  # lines, not an empty page or a texture


def test_clean_sketch_is_deterministic(data_root):
    photo = photos(data_root, 1)[0]
    np.testing.assert_array_equal(clean_sketch(photo, 64), clean_sketch(photo, 64))


def test_rough_sketch_is_seeded_and_differs_from_clean(data_root):
    clean = clean_sketch(photos(data_root, 1)[0], 64)
    a = rough_sketch(clean, np.random.default_rng(5))
    b = rough_sketch(clean, np.random.default_rng(5))
    c = rough_sketch(clean, np.random.default_rng(6))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    assert not np.array_equal(a, clean)
    assert set(np.unique(a)) <= {INK, PAPER}
    assert (a == INK).mean() > 0.01


def test_studio_strokes_are_few_long_smooth_pen_lines_in_the_canvas(data_root):
    for photo in photos(data_root):
        strokes = studio_strokes(photo, np.random.default_rng(3))
        assert 5 <= len(strokes) <= 32
        assert all(tool == "pen" and width in STUDIO_PEN_WIDTHS for tool, width, _ in strokes)
        points = np.concatenate([p for _, _, p in strokes])
        assert points.min() >= 0 and points.max() <= 1


def test_studio_sketch_is_seeded_binary_and_sparser_than_the_clean_one(data_root):
    for photo in photos(data_root):
        a = studio_sketch(photo, 64, np.random.default_rng(7))
        np.testing.assert_array_equal(a, studio_sketch(photo, 64, np.random.default_rng(7)))
        assert set(np.unique(a)) <= {INK, PAPER}
        studio_ink, clean_ink = float((a == INK).mean()), float((clean_sketch(photo, 64) == INK).mean())
        assert 0.01 < studio_ink <= clean_ink * 1.1, (studio_ink, clean_ink)
