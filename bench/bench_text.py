"""Benchmark: the full text pass against a bare ``nlp.pipe``, then a cached re-run.

    .venv/bin/python bench/bench_text.py [--documents 200] [--tokens 5000] [--seed 2025]
                                         [--repeat 2] [--redaction-sample 20]

Builds ``documents`` synthetic transcripts of about ``tokens`` spaCy tokens each (200 ×
5 000 ≈ 1 million tokens) by recombining the sentences of the example interviews
(``examples_src/spro-2025/interviews/E*.txt``) with a seeded generator, every document
distinct. Then, with the model loaded beforehand:

1. a bare ``nlp.pipe`` over the texts (same components, same ``n_process`` and
   ``batch_size`` as :func:`survey.text.parse` picks), every document consumed;
2. :func:`survey.text.word_frequencies` over the same texts, cache cold (redaction,
   cleaning, parsing, caching, expressions, collocations, counting);
3. the same call again, documents read back from the cache.

Steps 1 and 2 alternate ``repeat`` times (a virtual machine's speed drifts) and the
best time of each is compared. Redaction is left out of these timings (a redactor that
changes nothing is active): its cost belongs to :mod:`survey.privacy` and is timed
apart, with the general redactor, on ``redaction-sample`` documents.

It prints wall time, CPU time (this process and its workers, from ``os.times``) per
second of wall time out of the number of cores, and the busy share of each core (psutil).
Targets: full pass / bare pipe ≤ 1.2, cached re-run ≥ 10× faster than the first.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import psutil

from survey import privacy
from survey.text import load_nlp, normalize_text, word_frequencies
from survey.text.nlp import DEFAULT_COMPONENTS, _auto_batch_size, _auto_processes

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "examples_src" / "spro-2025" / "interviews"
EXPRESSIONS = [
    "orientation pour tous",
    "ne connaît pas",
    "service public",
    "Via Compétences",
    "Mission Locale",
    "France Travail",
]
_TURN = re.compile(r"^[IP]\*?: (.*)$")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
# About one spaCy token: a word, or a punctuation sign, an elision counted with its word.
_TOKEN = re.compile(r"\w+'?|[^\w\s]")


def sentences() -> list[str]:
    """Every sentence of the example interviews (both speakers), cleaned."""
    found = []
    for path in sorted(SOURCES.glob("E*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = _TURN.match(line)
            if match:
                found.extend(s for s in _SENTENCE_END.split(normalize_text(match.group(1))) if s)
    return found


def synthetic_transcripts(n: int, tokens: int, seed: int) -> pd.Series:
    """``n`` distinct documents of about ``tokens`` tokens, paragraphs of 3 to 8 sentences."""
    pool = sentences()
    sizes = [len(_TOKEN.findall(s)) for s in pool]
    rng = random.Random(seed)
    documents = {}
    while len(documents) < n:
        paragraphs, paragraph, total = [], [], 0
        while total < tokens:
            i = rng.randrange(len(pool))
            paragraph.append(pool[i])
            total += sizes[i]
            if len(paragraph) >= rng.randint(3, 8):
                paragraphs.append(" ".join(paragraph))
                paragraph = []
        paragraphs.append(" ".join(paragraph))
        text = "\n".join(p for p in paragraphs if p)
        if text not in documents.values():
            documents[f"S{len(documents) + 1:03d}"] = text
    return pd.Series(documents, name="text")


class Unchanged:
    """A redactor that changes nothing: the timings are those of the text layer."""

    def __call__(self, text: str) -> str:
        return text

    def redact_many(self, texts: list[str]) -> list[str]:
        return list(texts)


def measured(task: Callable[[], object]) -> tuple[object, float, float, list[float]]:
    """Result, wall time, CPU seconds (self + finished children), per-core busy %."""
    psutil.cpu_percent(percpu=True)  # starts the per-core measurement
    before, start = os.times(), time.perf_counter()
    result = task()
    wall = time.perf_counter() - start
    after = os.times()
    cores = psutil.cpu_percent(percpu=True)
    cpu = sum(
        getattr(after, f) - getattr(before, f)
        for f in ("user", "system", "children_user", "children_system")
    )
    return result, wall, cpu, cores


def report(label: str, wall: float, cpu: float, cores: list[float]) -> None:
    n = len(cores)
    busy = " ".join(f"{c:.0f} %" for c in cores)
    print(
        f"{label:<34} {wall:7.1f} s   CPU {cpu:7.1f} s = {cpu / wall:4.2f} cores of {n}"
        f"   (par cœur : {busy})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--tokens", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--redaction-sample", type=int, default=20)
    args = parser.parse_args()

    texts = synthetic_transcripts(args.documents, args.tokens, args.seed)
    chars = int(texts.str.len().sum())
    nlp = load_nlp()
    n_process = _auto_processes(chars)
    batch_size = _auto_batch_size(texts.tolist(), n_process)
    print(
        f"{len(texts)} documents distincts, {chars:,} caractères ; composants "
        f"{', '.join(DEFAULT_COMPONENTS)} ; n_process={n_process}, batch_size={batch_size}"
    )

    def bare() -> int:
        return sum(len(doc) for doc in nlp.pipe(texts, n_process=n_process, batch_size=batch_size))

    folders: list[Path] = []

    def full() -> pd.DataFrame:
        return word_frequencies(texts, expressions=EXPRESSIONS, cache_dir=folders[-1])

    bare_runs, cold_runs = [], []
    try:
        with privacy.use_redactor(Unchanged()):
            for _ in range(args.repeat):
                tokens, *run = measured(bare)
                report("nlp.pipe nu", *run)
                bare_runs.append(run)
                folders.append(Path(tempfile.mkdtemp(prefix="survey-bench-")))
                cold, *run = measured(full)
                report("word_frequencies (cache froid)", *run)
                cold_runs.append(run)
            warm, *warm_run = measured(full)
            report("word_frequencies (cache chaud)", *warm_run)
        size = sum(p.stat().st_size for p in folders[-1].rglob("*.spacy"))
    finally:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)

    sample = texts.head(args.redaction_sample)
    with privacy.use_redactor(privacy.Redactor()):
        _, redaction_wall, redaction_cpu, redaction_cores = measured(
            lambda: privacy.redact_series(sample)
        )
    report(f"rédaction générale ({len(sample)} documents)", redaction_wall, redaction_cpu,
           redaction_cores)  # fmt: skip

    bare_wall = min(run[0] for run in bare_runs)
    cold_wall = min(run[0] for run in cold_runs)
    ratio = cold_wall / bare_wall
    cpu_ratio = min(run[1] for run in cold_runs) / min(run[1] for run in bare_runs)
    speedup = cold_wall / warm_run[0]
    same = cold.equals(warm)
    print(f"{tokens:,} tokens spaCy ; cache : {size / 1e6:.1f} Mo ; même tableau : {same}")
    print(f"{len(cold)} termes ; en tête : {', '.join(cold['display'].head(8))}")
    print(
        f"ratio passe complète / nlp.pipe nu (meilleurs temps) : {ratio:.2f} "
        f"(temps CPU : {cpu_ratio:.2f}) (objectif ≤ 1,2)"
    )
    print(f"accélération du cache : {speedup:.1f}× (objectif ≥ 10)")
    estimate = redaction_wall * len(texts) / max(1, len(sample))
    print(f"rédaction générale estimée pour tout le corpus : {estimate:.0f} s (un seul cœur)")
    return 0 if same and ratio <= 1.2 and speedup >= 10 else 1


if __name__ == "__main__":
    sys.exit(main())
