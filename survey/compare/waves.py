"""A wave's material for a comparison, read once: responses, coding, grid, redactor."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from survey.coding.frame import CodingFrame
from survey.coding.workflow import WaveCoding, code_interviews
from survey.errors import SurveyError
from survey.ingest import FramaformsResult, read_framaforms, read_grid, read_profiles
from survey.privacy.redact import Redactor
from survey.privacy.wave import wave_redactor
from survey.questionnaire import Questionnaire
from survey.wave import Wave, load_wave

__all__ = ["WaveMaterial", "open_wave_material"]


@dataclass(frozen=True)
class WaveMaterial:
    """One wave, read and coded (contacts stay in ``reading.contacts``, never shown).

    Attributes
    ----------
    wave, questionnaire, reading, responses
        The wave, its questionnaire, the reading of its export and its responses.
    coding
        Its interviews coded (:func:`survey.coding.workflow.code_interviews`).
    grid, profiles
        The interview grid and the interviewees' profiles.
    redactor
        The wave's redactor: use it (``privacy.use_redactor``) around anything that
        counts, quotes or draws its verbatims.
    """

    wave: Wave
    questionnaire: Questionnaire
    reading: FramaformsResult
    coding: WaveCoding
    grid: pd.DataFrame
    profiles: pd.DataFrame
    redactor: Redactor

    @property
    def label(self) -> str:
        """The wave's name in tables: its year."""
        return str(self.wave.spec.year)

    @property
    def responses(self) -> pd.DataFrame:
        return self.reading.responses

    @property
    def frame(self) -> CodingFrame:
        return self.coding.frame

    @property
    def validated(self) -> bool:
        """Whether the interview coding is the analyst's validated review."""
        return self.coding.review is not None

    @property
    def coded(self) -> pd.DataFrame:
        """The validated coding, or the auto-coding proposals when there is no review."""
        return self.coding.validated if self.validated else self.coding.proposed

    @property
    def documents(self) -> list[str]:
        """Every interview of the wave."""
        return sorted(self.coding.turns["interview_id"].astype(str).unique())

    @property
    def questionnaire_source(self) -> str | Path:
        """The questionnaire's file when the wave names one, else its bundled name.

        A correspondence file is looked for next to it (``<name>.mapping.yaml``).
        """
        return definition_source(self.wave, self.wave.spec.questionnaire)

    @property
    def frame_source(self) -> str | Path:
        """The coding frame's file when the wave names one, else its bundled name."""
        return definition_source(self.wave, self.wave.spec.coding_frame or "")

    def dimension(self, dimension: str) -> pd.Series:
        """Interview-level values of a dimension: validated, else proposed."""
        if self.validated:
            return self.coding.dimension(dimension)
        return self.coding.proposed_dimensions[dimension]


def definition_source(wave: Wave, name: str) -> str | Path:
    """A definition the wave names: its file in the wave folder if there is one, else the name."""
    candidate = wave.path(name)
    return candidate if name and candidate.is_file() else name


def open_wave_material(source: str | Path | Wave | None) -> WaveMaterial:
    """Read a wave folder (or a bundled name such as ``"spro-2025"``) for a comparison."""
    wave = source if isinstance(source, Wave) else load_wave(source)
    questionnaire = wave.questionnaire()
    reading = read_framaforms(wave.export_paths, questionnaire)
    coding = code_interviews(wave)
    profiles = read_profiles(wave.path(wave.spec.profiles))
    grid = read_grid(wave.path(wave.spec.grid))
    redactor = wave_redactor(wave, turns=coding.turns, profiles=profiles)
    return WaveMaterial(wave, questionnaire, reading, coding, grid, profiles, redactor)


def check_wave_order(year_a: int, year_b: int) -> None:
    """A French error when the first wave given is the more recent one."""
    if year_a > year_b:
        raise SurveyError(
            f"La première vague ({year_a}) est plus récente que la seconde ({year_b}) : "
            "donnez d'abord la vague la plus ancienne."
        )
