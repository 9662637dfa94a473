"""Precision and recall of a redactor on an annotated set of sentences."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from survey.privacy.redact import Redactor

LABELS = ("PERSON", "EMAIL", "PHONE", "URL", "PLACE")
COVERED = 0.9  # share of a gold span's characters that must be hidden for it to count


def read_annotations(path: str | Path) -> list[dict]:
    """An annotated set: one JSON object per line with ``id, split, text, spans``."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def evaluate(redactor: Redactor, records: Iterable[dict]) -> pd.DataFrame:
    """Recall and precision per label.

    A gold span is *found* when at least 90 % of its characters fall inside predicted
    spans (of any kind: what matters is that it is hidden). A predicted span is
    *correct* when it overlaps a gold span. Returns one row per label with ``gold``,
    ``found``, ``recall``, ``predicted``, ``correct``, ``precision``.
    """
    records = list(records)
    texts = [r["text"] for r in records]
    analyses = redactor.analyse(texts)  # one recogniser pass over the whole set
    stats = {label: dict.fromkeys(("gold", "found", "predicted", "correct"), 0) for label in LABELS}
    for record, analysis in zip(records, analyses, strict=True):
        predicted = redactor.find(record["text"], analysis)
        hidden = set()
        for span in predicted:
            hidden.update(range(span.start, span.end))
        for gold in record["spans"]:
            chars = set(range(gold["start"], gold["end"]))
            stats[gold["label"]]["gold"] += 1
            if len(chars & hidden) >= COVERED * len(chars):
                stats[gold["label"]]["found"] += 1
        for span in predicted:
            stats[span.kind]["predicted"] += 1
            if any(span.start < g["end"] and g["start"] < span.end for g in record["spans"]):
                stats[span.kind]["correct"] += 1
    table = pd.DataFrame.from_dict(stats, orient="index")
    table["recall"] = table["found"] / table["gold"]
    table["precision"] = table["correct"] / table["predicted"]
    return table.rename_axis("label").reset_index()
