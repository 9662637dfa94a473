"""A wave: one year's study, described by the ``wave.yaml`` of its folder.

Paths in ``wave.yaml`` are relative to the wave folder; ``questionnaire`` and
``coding_frame`` may also name a bundled definition (``spro-2025``). The format
is documented in the README (« Préparer une nouvelle vague »).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from survey._resources import bundled_path
from survey.errors import WaveError
from survey.questionnaire import Questionnaire, load_questionnaire

DEFAULT_WAVE = "spro-2025"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Collection(_Model):
    start: dt.date
    end: dt.date


class WaveSpec(_Model):
    """The content of ``wave.yaml``."""

    title: str
    year: int
    collection: Collection
    export: list[str]
    questionnaire: str
    coding_frame: str | None = None
    interviews: str | None = None
    profiles: str | None = None
    grid: str | None = None
    review: str | None = None
    interviewers: list[str] = Field(default_factory=list)
    volunteers_contacted: int | None = None
    margins: dict[str, dict[str, float]] = Field(default_factory=dict)
    commentary: str | None = None


class Wave:
    """A loaded wave: its folder and its validated ``wave.yaml``."""

    def __init__(self, folder: Path, spec: WaveSpec):
        self.folder = folder
        self.spec = spec

    def path(self, relative: str) -> Path:
        return self.folder / relative

    @property
    def export_paths(self) -> list[Path]:
        return [self.path(p) for p in self.spec.export]

    def questionnaire(self) -> Questionnaire:
        candidate = self.path(self.spec.questionnaire)
        return load_questionnaire(candidate if candidate.exists() else self.spec.questionnaire)

    def coding_frame(self):
        """The wave's coding frame (a path in the folder, or a bundled name)."""
        from survey.coding.frame import load_coding_frame

        if self.spec.coding_frame is None:
            raise WaveError(self.folder / "wave.yaml", "aucune grille de codage (coding_frame).")
        candidate = self.path(self.spec.coding_frame)
        return load_coding_frame(candidate if candidate.exists() else self.spec.coding_frame)


def load_wave(source: str | Path | None = None) -> Wave:
    """Load a wave folder (or its ``wave.yaml``); the bundled 2025 example by default."""
    if source is None:
        source = DEFAULT_WAVE
    path = Path(source)
    if not path.exists() and path.parent == Path("."):
        path = bundled_path("examples") / str(source)
    if path.is_dir():
        path = path / "wave.yaml"
    if not path.exists():
        raise WaveError(path, "fichier wave.yaml introuvable ; vérifiez le dossier de la vague.")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise WaveError(path, f"YAML illisible ({exc}).") from exc
    if isinstance(raw, dict) and isinstance(raw.get("export"), str):
        raw["export"] = [raw["export"]]
    try:
        spec = WaveSpec.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        raise WaveError(path, f"champ « {field} » : {err['msg']}.") from exc
    wave = Wave(path.parent, spec)
    missing = [p for p in wave.export_paths if not p.exists()]
    if missing:
        raise WaveError(path, f"export introuvable : {missing[0].name}.")
    return wave
