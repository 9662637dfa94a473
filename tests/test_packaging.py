"""The installed package carries its questionnaires, coding frames, notebooks and examples."""

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_subpackage_is_listed_in_pyproject():
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "survey").rglob("__init__.py")
        if "examples" not in p.parent.relative_to(ROOT / "survey").parts[1:]
    }
    assert found <= listed


def test_wheel_ships_the_data(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    wheel = next(tmp_path.glob("survey-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "survey/questionnaires/spro-2025.yaml" in names
    assert "survey/examples/spro-2025/wave.yaml" in names
    assert "survey/stats/margins_spro_2024.yaml" in names
    assert "survey/text/stoplist_fr.txt" in names
    assert "survey/privacy/prenoms_fr.txt" in names
    assert "survey/notebooks/rapport.ipynb" in names
    assert "survey/coding_frames/spro-2025.yaml" in names
    # The second wave: its definitions, mappings, comparison notebook and example folder.
    assert "survey/questionnaires/spro-2026.yaml" in names
    assert "survey/questionnaires/spro-2026.mapping.yaml" in names
    assert "survey/coding_frames/spro-2026.mapping.yaml" in names
    assert "survey/notebooks/comparaison.ipynb" in names
    assert "survey/examples/spro-2026/wave.yaml" in names
    assert "survey/examples/spro-2026/revue/revue_codage.xlsx" in names
    assert "survey/privacy/noms_fr.txt" in names
    assert "survey/compare/questions.py" in names
    assert "survey/versions/questionnaires.py" in names
    assert not any("examples_src" in n or n.startswith("tests/") for n in names)
