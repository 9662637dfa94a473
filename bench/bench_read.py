"""Benchmark: read_framaforms against pandas.read_csv(engine="pyarrow") on the same file.

    .venv/bin/python bench/bench_read.py [--rows 100000] [--questions 60]

Writes a TSV download of ``rows`` submissions of a ``questions``-question form (a mix of
single choice, multiple choice in separate columns and free text, as in the SPRO
questionnaire), then times both readers in this one run and prints the ratio and the peak
memory of read_framaforms (tracemalloc plus the resident set size). Targets: ratio <= 2,
peak < 1 GB.
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from survey import read_framaforms
from survey.questionnaire import Questionnaire


def make_questionnaire(n_questions: int) -> Questionnaire:
    questions = []
    for i in range(n_questions):
        kind = ("single", "single", "multiple", "text", "yesno")[i % 5]
        q = {"id": f"q{i:02d}", "section": "profil", "type": kind, "label": f"Question {i} ?"}
        if kind in ("single", "multiple"):
            q["options"] = [{"code": f"o{j}", "label": f"Option {j} de {i}"} for j in range(6)]
        questions.append(q)
    return Questionnaire.model_validate({"id": "bench", "title": "Banc", "questions": questions})


def write_file(path: Path, questionnaire: Questionnaire, rows: int, seed: int = 1) -> None:
    rng = np.random.default_rng(seed)
    header3 = [
        *("Séquentiel", "SID", "Heure de soumission", "Heure de complétion"),
        *("Heure de modification", "Brouillon", "Adresse IP", "UID", "Nom d'utilisateur"),
    ]
    header2 = ["Détails de la soumission"] + [""] * 8
    columns: list[np.ndarray] = []
    start = np.datetime64("2025-03-31T08:00")
    minutes = np.sort(rng.integers(0, 60 * 24 * 40, rows))
    times = pd.to_datetime(start + minutes.astype("timedelta64[m]")).strftime("%m/%d/%Y - %H:%M")
    columns += [np.arange(1, rows + 1).astype(str), (10_000_000 + 3 * np.arange(rows)).astype(str)]
    columns += [np.asarray(times)] * 3
    columns += [
        np.full(rows, "0"),
        np.full(rows, "0.0.0.0"),
        np.full(rows, "0"),
        np.full(rows, "Anonymous"),
    ]
    for q in questionnaire.questions:
        if q.type == "multiple":
            header2 += [q.label] + [""] * (len(q.options) - 1)
            header3 += [o.label for o in q.options]
            for _ in q.options:
                columns.append(np.where(rng.random(rows) < 0.3, "X", ""))
        else:
            header2.append("")
            header3.append(q.label)
            if q.type == "text":
                words = np.array(["orientation", "réseau", "Matinales", "outil", "partenaires"])
                columns.append(
                    np.where(rng.random(rows) < 0.4, words[rng.integers(0, 5, rows)] + " utile", "")
                )
            else:
                labels = np.array([o.label for o in q.options])
                columns.append(labels[rng.integers(0, len(labels), rows)])
    header1 = ["Banc d'essai"] + [""] * (len(header3) - 1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerows([header1, header2, header3])
        writer.writerows(zip(*columns, strict=True))


def _timed(job: str, path: str, n_questions: int, queue) -> None:
    baseline_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    if job == "pandas":
        frame = pd.read_csv(path, sep="\t", engine="pyarrow", skiprows=3, header=None, dtype=str)
        rows = len(frame)
    else:
        rows = read_framaforms(path, make_questionnaire(n_questions)).accounting.kept
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put((elapsed, rows, peak / 1024, baseline_rss / 1024))


def run(job: str, path: Path, n_questions: int) -> tuple[float, int, float, float]:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=_timed, args=(job, str(path), n_questions, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=60)
    args = parser.parse_args()
    questionnaire = make_questionnaire(args.questions)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.tsv"
        write_file(path, questionnaire, args.rows)
        size = path.stat().st_size / 1e6
        n_columns = len(next(csv.reader(path.open(encoding="utf-8"), delimiter="\t")))
        t_pandas, _, rss_pandas, _ = run("pandas", path, args.questions)
        t_ours, kept, rss_ours, rss_start = run("survey", path, args.questions)
    print(f"file: {args.rows} rows, {n_columns} columns, {size:.0f} MB")
    print(f"pandas.read_csv(engine='pyarrow'): {t_pandas:.2f} s, peak RSS {rss_pandas:.0f} MB")
    print(f"read_framaforms:                   {t_ours:.2f} s, peak RSS {rss_ours:.0f} MB "
          f"({kept} kept; {rss_start:.0f} MB before reading)")  # fmt: skip
    print(f"ratio: {t_ours / t_pandas:.2f} (target <= 2); peak memory target < 1000 MB")


if __name__ == "__main__":
    main()
