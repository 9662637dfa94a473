"""Coding frames kept as data (YAML): themes → codes, with definitions and match rules.

The format is documented in ``coding_frames/README.md``. A frame also carries the
vocabulary the text analysis needs: multi-word ``expressions`` kept whole in word
counts and ``synonyms`` for the "SPRO en 3 mots clés" keywords; and ``dimensions``,
interview-level codes (one value per interview, e.g. the belonging category).
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from survey._resources import bundled_path
from survey.errors import SurveyError

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class CodingFrameError(SurveyError):
    """The coding frame is invalid; the message names the file, the code and the problem."""

    def __init__(self, path: Path | None, problem: str, *, code: str | None = None):
        self.path, self.code, self.problem = path, code, problem
        where = f"Grille de codage « {path} »" if path else "Grille de codage"
        if code:
            where += f", code « {code} »"
        super().__init__(f"{where} : {problem}")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rule(_Model):
    """What makes a segment match a code.

    ``phrases`` are matched as whole words, ignoring case, accents and apostrophe
    styles; ``patterns`` are regular expressions on the same folded text;
    ``lemmas`` are matched against spaCy lemmas. ``negated`` chooses the polarity:
    ``false`` (default) matches only when the phrase is not negated in its clause,
    ``true`` only when it is, ``null`` in both cases.
    """

    phrases: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list)
    lemmas: list[str] = Field(default_factory=list)
    negated: bool | None = False

    @model_validator(mode="after")
    def _not_empty(self) -> Rule:
        if not (self.phrases or self.patterns or self.lemmas):
            raise ValueError("une règle doit donner au moins une expression, un motif ou un lemme")
        for pattern in self.patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"motif « {pattern} » invalide : {exc}") from exc
        return self


class Code(_Model):
    """One code of a theme."""

    id: str
    label: str
    definition: str
    include: str | None = None
    exclude: str | None = None
    example: str | None = None
    rules: list[Rule] = Field(default_factory=list)
    applies_to: list[Literal["interviews", "answers"]] = Field(
        default_factory=lambda: ["interviews", "answers"]
    )

    @field_validator("id")
    @classmethod
    def _snake(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError(f"l'identifiant « {v} » doit être en snake_case")
        return v


class Theme(_Model):
    id: str
    label: str
    description: str | None = None
    codes: list[Code]


class Dimension(_Model):
    """An interview-level code: one value per interview, proposed from segment codes."""

    id: str
    label: str
    values: dict[str, str]  # value id → label, in display order
    proposed_from: dict[str, str] = Field(default_factory=dict)  # code id → value id


class CodingFrame(_Model):
    """A validated coding frame. Load it with :func:`load_coding_frame`."""

    id: str
    title: str
    themes: list[Theme]
    dimensions: list[Dimension] = Field(default_factory=list)
    expressions: list[str] = Field(default_factory=list)
    synonyms: dict[str, str] = Field(default_factory=dict)
    negations: list[str] = Field(
        default_factory=lambda: ["ne", "n'", "pas", "jamais", "aucun", "aucune", "sans", "rien"]
    )

    @model_validator(mode="after")
    def _unique(self) -> CodingFrame:
        ids = [c.id for t in self.themes for c in t.codes]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"codes en double : {', '.join(dup)}")
        for d in self.dimensions:
            unknown = sorted(set(d.proposed_from) - set(ids))
            if unknown:
                raise ValueError(f"dimension « {d.id} » : codes inconnus {', '.join(unknown)}")
            bad = sorted(set(d.proposed_from.values()) - set(d.values))
            if bad:
                raise ValueError(f"dimension « {d.id} » : valeurs inconnues {', '.join(bad)}")
        return self

    @cached_property
    def codes(self) -> dict[str, Code]:
        return {c.id: c for t in self.themes for c in t.codes}

    @cached_property
    def theme_of(self) -> dict[str, str]:
        return {c.id: t.id for t in self.themes for c in t.codes}

    def dimension(self, dimension_id: str) -> Dimension:
        for d in self.dimensions:
            if d.id == dimension_id:
                return d
        raise KeyError(f"dimension « {dimension_id} » inconnue")

    def table(self):
        """The codebook as a tidy DataFrame (one row per code), for reports and exports."""
        import pandas as pd

        rows = [
            {
                "theme": t.id,
                "theme_label": t.label,
                "code": c.id,
                "label": c.label,
                "definition": c.definition,
                "include": c.include,
                "exclude": c.exclude,
                "example": c.example,
            }
            for t in self.themes
            for c in t.codes
        ]
        return pd.DataFrame(rows)


def load_coding_frame(source: str | Path) -> CodingFrame:
    """Load and validate a coding frame (a YAML path, or a bundled name such as ``spro-2025``)."""
    path = Path(source)
    if not path.exists() and path.suffix == "" and path.parent == Path("."):
        path = bundled_path("coding_frames") / f"{source}.yaml"
    if not path.exists():
        raise CodingFrameError(path, "fichier introuvable ; vérifiez le chemin.")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CodingFrameError(path, f"YAML illisible ({exc}).") from exc
    try:
        return CodingFrame.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = list(err["loc"])
        code = None
        if len(loc) >= 4 and loc[0] == "themes" and loc[2] == "codes":
            try:
                code = raw["themes"][loc[1]]["codes"][loc[3]].get("id")
            except (KeyError, IndexError, TypeError, AttributeError):
                code = None
            loc = loc[4:]
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = "champ inconnu (voir coding_frames/README.md)"
        elif err["type"] == "missing":
            message = "champ obligatoire manquant"
        field = ".".join(str(p) for p in loc)
        raise CodingFrameError(
            path, f"{field} : {message}." if field else f"{message}.", code=code
        ) from exc
