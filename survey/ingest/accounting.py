"""What happened to every row and column of a download."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

EXCLUSION_REASONS = {
    "draft": "brouillon (soumission non terminée)",
    "duplicate": "doublon (même SID déjà lu)",
}


@dataclass(frozen=True)
class SourceFile:
    """How one file was read."""

    name: str
    container: str
    encoding: str | None
    delimiter: str | None
    header_rows: int
    header_mode: str
    multiple_format: str
    date_format: str | None
    rows: int


@dataclass
class Accounting:
    """Every input row kept or excluded with a reason; every column matched or set aside.

    ``excluded`` has one row per excluded record: ``file``, ``row`` (the row
    number a spreadsheet shows), ``serial``, ``sid`` and ``reason``
    (``"draft"`` or ``"duplicate"``). ``columns`` maps each export column to
    the question id (or submission field) it feeds; ``set_aside`` lists the
    columns read but not kept, with the reason.
    """

    sources: list[SourceFile] = field(default_factory=list)
    rows_read: int = 0
    drafts: int = 0
    duplicates: int = 0
    kept: int = 0
    excluded: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["file", "row", "serial", "sid", "reason"])
    )
    columns: dict[str, str] = field(default_factory=dict)
    set_aside: dict[str, str] = field(default_factory=dict)
    contact_fields: list[str] = field(default_factory=list)
    unknown_values: dict[str, int] = field(default_factory=dict)
    probable_double_submissions: list[tuple[int, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def check(self) -> None:
        """Every row read is kept or excluded (raises ``RuntimeError`` otherwise)."""
        if self.rows_read != self.kept + self.drafts + self.duplicates:
            raise RuntimeError("row accounting does not balance")

    def to_dict(self) -> dict:
        """A JSON-ready dictionary (``rows_read``, ``drafts``, ``duplicates``, ``kept``…)."""
        return {
            "rows_read": self.rows_read,
            "drafts": self.drafts,
            "duplicates": self.duplicates,
            "kept": self.kept,
            "sources": [asdict(s) for s in self.sources],
            "columns": dict(self.columns),
            "set_aside": dict(self.set_aside),
            "contact_fields": list(self.contact_fields),
            "unknown_values": dict(self.unknown_values),
            "probable_double_submissions": [list(p) for p in self.probable_double_submissions],
            "excluded": [
                {k: (None if pd.isna(v) else v) for k, v in rec.items()}
                for rec in self.excluded.to_dict("records")
            ],
            "notes": list(self.notes),
        }
