import numpy as np

from models.training.data import ATTRIBUTES, is_validation, load_photo, read_attributes, split_indices


def test_attribute_table_matches_the_image_folder(data_root):
    table = read_attributes(data_root)
    assert len(table.names) == 40
    assert len(table.ids) == len(table.labels) > 1000
    assert set(np.unique(table.labels)) == {-1, 1}
    assert np.all(np.diff(table.ids) > 0)


def test_select_returns_chosen_columns_as_zero_one(data_root):
    table = read_attributes(data_root)
    labels = table.select(ATTRIBUTES)
    assert labels.shape == (len(table.ids), 12)
    smiling = table.labels[:, table.names.index("Smiling")] > 0
    np.testing.assert_array_equal(labels[:, 0], smiling.astype(np.float32))


def test_unknown_attribute_is_rejected(data_root):
    table = read_attributes(data_root)
    try:
        table.select(["Smiling", "Wings"])
    except ValueError as e:
        assert "Wings" in str(e)
    else:
        raise AssertionError("expected ValueError")


def test_split_is_deterministic_disjoint_and_by_id(data_root):
    ids = read_attributes(data_root).ids
    train, val = split_indices(ids)
    again_train, again_val = split_indices(ids[::-1].copy())
    assert set(ids[train]).isdisjoint(ids[val])
    assert len(train) + len(val) == len(ids)
    assert set(ids[val]) == set(ids[::-1][again_val])  # depends on the id, not the order
    assert all(is_validation(int(i)) for i in ids[val])
    assert 0.03 < len(val) / len(ids) < 0.07


def test_photos_resize_to_any_resolution(data_root):
    image_id = int(read_attributes(data_root).ids[0])
    for size in (16, 64, 200):
        photo = load_photo(data_root, image_id, size)
        assert photo.shape == (size, size, 3) and photo.dtype == np.uint8
