"""The public surface of survey.text, and spaCy kept inside it."""

from __future__ import annotations

import ast
from pathlib import Path

import survey.text

ROOT = Path(__file__).resolve().parents[2]
TEXT_ONLY = {"spacy", "wordcloud", "thinc"}


def test_every_exported_name_exists_and_is_documented():
    for name in survey.text.__all__:
        obj = getattr(survey.text, name)
        assert callable(obj), name
        assert obj.__doc__ and obj.__doc__.strip(), name
    assert sorted(survey.text.__all__) == survey.text.__all__


def test_only_survey_text_imports_spacy_and_wordcloud():
    offenders = []
    for path in sorted((ROOT / "survey").rglob("*.py")):
        if "text" in path.relative_to(ROOT / "survey").parts[:1]:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules = [node.module]
            else:
                continue
            offenders += [
                f"{path.relative_to(ROOT)}: {m}" for m in modules if m.split(".")[0] in TEXT_ONLY
            ]
    assert offenders == [], "spaCy et wordcloud ne s'importent que dans survey/text/"
