"""The analyst's words: a Markdown file of the wave, cut into sections, figures filled in.

Each section starts with a level-2 heading holding its id alone (``## tendance_connaissance``).
Figures are placeholders filled from the data (``{pct:kit.oui}`` → "61 %"), so that the text
stays true when the data changes; an unknown placeholder is an error naming the section.
"""

from __future__ import annotations

import re
from pathlib import Path

import mistune

from survey.errors import WaveError

_SECTION = re.compile(r"^##\s+([a-z0-9_]+)\s*$", re.MULTILINE)
_PLACEHOLDER = re.compile(r"\{([a-z]+(?::[a-z0-9_.]+)?)\}")
_MARKDOWN = mistune.create_markdown(plugins=["table"])


class Commentary:
    """The sections of a commentary file, rendered with the wave's figures."""

    def __init__(self, path: Path, figures: dict[str, str]):
        self.path = path
        self.figures = figures
        text = path.read_text(encoding="utf-8")
        marks = list(_SECTION.finditer(text))
        self.sections = {
            m.group(1): text[m.end() : (marks[i + 1].start() if i + 1 < len(marks) else len(text))]
            for i, m in enumerate(marks)
        }

    def markdown(self, section: str) -> str:
        """The section's Markdown with its placeholders filled."""
        if section not in self.sections:
            raise WaveError(
                self.path,
                f"section « {section} » absente du commentaire ; ajoutez « ## {section} ».",
            )

        def fill(match: re.Match) -> str:
            key = match.group(1)
            if key not in self.figures:
                raise WaveError(
                    self.path,
                    f"section « {section} » : repère « {{{key}}} » inconnu ; voir la liste des "
                    "repères en tête du fichier.",
                )
            return self.figures[key]

        return _PLACEHOLDER.sub(fill, self.sections[section]).strip()

    def html(self, section: str) -> str:
        """The section rendered as HTML."""
        return _MARKDOWN(self.markdown(section))
