"""Benchmark of survey.stats on synthetic SPRO 2025 responses.

Builds a synthetic responses table in the reader's layout for every choice question
of ``questionnaires/spro-2025.yaml`` (plus the derived ``cercle``; the e-mail and
free-text questions are skipped), with a seeded numpy generator, then computes the
full table set:

- ``frequencies`` of every choice question;
- ``crosstab``, ``chi2_test`` and ``column_letters`` of every choice question by the
  four break variables ``cercle``, ``structure``, ``departement`` and ``mission``.

It prints the wall time and the peak memory (tracemalloc peak of the computation and
the process's maximum resident set size), for 100 000 respondents and then for a
235-respondent sample (the size of the 2025 survey).

Usage::

    python bench/bench_stats.py [--respondents 100000] [--sample 235] [--seed 2025] [--weighted]

Target: under 10 s and 1.5 GB for 100 000 respondents on a 2-core machine.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
import warnings

import numpy as np
import pandas as pd

from survey.errors import SmallBaseWarning
from survey.questionnaire import load_questionnaire
from survey.stats import chi2_test, column_letters, crosstab, frequencies
from survey.weights import load_margins, rake

BREAKS = ("cercle", "structure", "departement", "mission")
MISSING_RATE = 0.04  # share of respondents skipping a question
RAKING_VARIABLES = ("structure", "departement")


def synthetic_responses(questionnaire, n: int, seed: int) -> pd.DataFrame:
    """Random responses in the reader's layout (vectorised: no loop over respondents)."""
    rng = np.random.default_rng(seed)
    columns: dict[str, object] = {}
    for question in questionnaire.questions:
        if not question.is_choice:
            continue
        codes = question.codes
        if question.type == "multiple":
            rates = rng.uniform(0.05, 0.6, size=len(codes))
            ticks = rng.random((n, len(codes))) < rates
            skipped = ~ticks.any(axis=1) | (rng.random(n) < MISSING_RATE)
            for j, code in enumerate(codes):
                mask = skipped.copy()
                columns[f"{question.id}__{code}"] = pd.arrays.BooleanArray(ticks[:, j], mask)
        else:
            shares = rng.dirichlet(np.full(len(codes), 2.0))
            drawn = rng.choice(len(codes), size=n, p=shares)
            drawn[rng.random(n) < MISSING_RATE] = -1
            if question.id in RAKING_VARIABLES:
                drawn[drawn < 0] = 0  # always answered: they define cercle / the weights
            columns[question.id] = pd.Categorical.from_codes(drawn, categories=codes, ordered=True)
    frame = pd.DataFrame(columns)
    for derived in questionnaire.derived:
        source = frame[derived.source]
        lookup = np.array([derived.codes.index(derived.mapping[c]) for c in source.cat.categories])
        frame[derived.id] = pd.Categorical.from_codes(
            lookup[source.cat.codes.to_numpy()], categories=derived.codes, ordered=True
        )
    return frame


def table_set(responses: pd.DataFrame, questionnaire, weight=None) -> dict[str, int]:
    """Compute every table; return how many of each were produced."""
    variables = [q.id for q in questionnaire.questions if q.is_choice]
    variables += [d.id for d in questionnaire.derived]
    done = {"frequencies": 0, "crosstab": 0, "chi2_test": 0, "column_letters": 0}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SmallBaseWarning)  # small samples: flags are in the tables
        for variable in variables:
            frequencies(responses, variable, questionnaire=questionnaire, weight=weight)
            done["frequencies"] += 1
        for variable in variables:
            for break_ in BREAKS:
                if variable == break_:
                    continue
                options = {"questionnaire": questionnaire, "weight": weight}
                crosstab(responses, variable, break_, **options)
                chi2_test(responses, variable, break_, **options)
                column_letters(responses, variable, break_, **options)
                done["crosstab"] += 1
                done["chi2_test"] += 1
                done["column_letters"] += 1
    return done


def run(label: str, responses: pd.DataFrame, questionnaire, weight=None) -> None:
    start = time.perf_counter()
    done = table_set(responses, questionnaire, weight)
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    table_set(responses, questionnaire, weight)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_mb = rss / 1024 if sys.platform != "darwin" else rss / 1024 / 1024
    counts = ", ".join(f"{v} {k}" for k, v in done.items())
    print(f"{label}: {len(responses):,} respondents, {responses.shape[1]} columns")
    print(f"  tables: {counts}")
    print(f"  wall time: {elapsed:.2f} s")
    print(f"  peak memory (tracemalloc, computation): {peak / 1024**2:.0f} MB")
    print(f"  max resident set size (process so far): {rss_mb:.0f} MB")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=235)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument(
        "--weighted",
        action="store_true",
        help="also run the table set with weights raked to the SPRO 2024 margins "
        "(Rao–Scott tests, effective bases)",
    )
    args = parser.parse_args(argv)
    questionnaire = load_questionnaire("spro-2025")
    build = time.perf_counter()
    large = synthetic_responses(questionnaire, args.respondents, args.seed)
    print(f"synthetic data built in {time.perf_counter() - build:.2f} s")
    run("large", large, questionnaire)
    small = synthetic_responses(questionnaire, args.sample, args.seed + 1)
    run("survey-sized sample", small, questionnaire)
    if args.weighted:
        margins = load_margins("spro-2024")
        # With 235 random respondents some (cercle, département) combinations are too
        # thin for both margins to be met at once: the sample is raked on cercle only.
        for label, frame, used in (
            ("large, weighted", large, margins),
            ("sample, weighted", small, {"cercle": margins["cercle"]}),
        ):
            start = time.perf_counter()
            weights = rake(frame, used)
            print(f"raking on {', '.join(used)}: {time.perf_counter() - start:.2f} s")
            run(label, frame, questionnaire, weights)


if __name__ == "__main__":
    main()
