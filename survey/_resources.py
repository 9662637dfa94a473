"""Where the data shipped with the package lives (questionnaires, frames, notebooks, examples).

In an installed package they are the subpackages ``survey.questionnaires`` and
so on (see ``[tool.setuptools]`` in pyproject.toml); in a source checkout they
are the folders at the top of the checkout.
"""

from __future__ import annotations

import importlib.util
from importlib import resources
from pathlib import Path

_KINDS = ("questionnaires", "coding_frames", "notebooks", "examples")
_CHECKOUT = Path(__file__).resolve().parents[1]


def bundled_path(kind: str) -> Path:
    """Folder of bundled data of one kind."""
    if kind not in _KINDS:
        raise ValueError(f"unknown kind of bundled data: {kind!r}")
    if kind == "examples":
        return Path(__file__).resolve().parent / "examples"
    if importlib.util.find_spec(f"survey.{kind}") is not None:
        return Path(str(resources.files(f"survey.{kind}")))
    return _CHECKOUT / kind
