import os
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, ROOT)

from models.training.data import DEFAULT_ROOT  # noqa: E402


@pytest.fixture(scope="session")
def data_root() -> str:
    if not os.path.isdir(os.path.join(DEFAULT_ROOT, "CelebA-HQ-img")):
        pytest.fail(f"the face data set is expected at {DEFAULT_ROOT} (see models/README.md)")
    return DEFAULT_ROOT


@pytest.fixture(scope="session")
def repo_root() -> str:
    return ROOT
