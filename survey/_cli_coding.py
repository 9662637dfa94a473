"""The coding commands of the CLI: ``survey code``, ``survey revue``, ``survey codes``."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from survey.coding.analysis import code_counts
from survey.coding.review import read_review, write_review
from survey.coding.workflow import code_interviews
from survey.report.french import integer
from survey.wave import load_wave


def code(args: argparse.Namespace) -> int:
    wave = load_wave(args.wave)
    coding = code_interviews(wave, with_review=False)
    out = Path(args.output or f"private/revue_codage_{wave.spec.year}.xlsx")
    out.parent.mkdir(parents=True, exist_ok=True)
    write_review(out, coding.proposed, coding.segments, coding.frame,
                 proposed_dimensions=coding.proposed_dimensions)  # fmt: skip
    os.chmod(out, 0o600)
    n_docs = coding.segments["document"].nunique()
    print(
        f"{integer(n_docs)} entretiens, {integer(len(coding.segments))} segments de parole des "
        f"interviewés, {integer(len(coding.proposed))} codes proposés sur "
        f"{integer(coding.proposed['segment_id'].nunique())} segments."
    )
    print(f"Classeur de revue écrit dans {out} (document privé : verbatims non pseudonymisés).")
    return 0


def revue(args: argparse.Namespace) -> int:
    wave = load_wave(args.wave)
    coding = code_interviews(wave, with_review=False)
    review = read_review(Path(args.review), coding.proposed, coding.segments, coding.frame)
    s = review.summary()
    print(
        f"Décisions : {integer(s['accepted'])} acceptées, {integer(s['rejected'])} rejetées, "
        f"{integer(s['recoded'])} recodées, {integer(s['added'])} ajoutées, "
        f"{integer(s['unreviewed'])} non revues."
    )
    for dim in coding.frame.dimensions:
        values = review.dimensions[review.dimensions["dimension"] == dim.id]["value"]
        counts = values.value_counts()
        parts = [f"{label} : {integer(counts.get(v, 0))}" for v, label in dim.values.items()]
        print(f"{dim.label} — " + " ; ".join(parts) + f" ; non renseigné : {values.isna().sum()}.")
    return 0


def codes(args: argparse.Namespace) -> int:
    wave = load_wave(args.wave)
    coding = code_interviews(wave)
    if coding.review is not None:
        coded, origin = coding.validated, "codage validé"
    else:
        coded, origin = coding.proposed, "propositions du codage automatique (non validées)"
    print(f"Codes ({origin}) :")
    for row in code_counts(coded, coding.frame).itertuples(index=False):
        print(f"  {row.theme_label} › {row.label} : {integer(row.segments)} segments, "
              f"{integer(row.documents)} entretiens")  # fmt: skip
    return 0
