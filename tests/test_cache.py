"""The on-disk cache: keys from content, files that cannot be read are misses, never crashes."""

from __future__ import annotations

import os
import pickle
import threading
import time

import pytest

from survey import cache
from survey.cache import Store, code_fingerprint, file_fingerprint, fingerprint


def test_fingerprint_tells_parts_apart():
    assert fingerprint("ab", "c") != fingerprint("a", "bc")
    assert fingerprint("1") != fingerprint(1)
    assert fingerprint(b"x") != fingerprint("x")
    assert fingerprint(("a", 1)) != fingerprint(["a"], 1)
    assert fingerprint("é", 2.5, None, True) == fingerprint("é", 2.5, None, True)
    with pytest.raises(TypeError):
        fingerprint({"a": 1})


def test_file_fingerprint_follows_names_and_bytes(tmp_path):
    folder = tmp_path / "entretiens"
    folder.mkdir()
    (folder / "E01.txt").write_text("Bonjour", encoding="utf-8")
    missing = tmp_path / "private_names.txt"
    before = file_fingerprint([folder, missing], root=tmp_path)
    assert file_fingerprint([folder, missing], root=tmp_path) == before
    (folder / "E01.txt").write_text("Bonjour.", encoding="utf-8")
    changed = file_fingerprint([folder, missing], root=tmp_path)
    assert changed != before
    (folder / "E01.txt").rename(folder / "E02.txt")
    assert file_fingerprint([folder, missing], root=tmp_path) != changed
    missing.write_text("", encoding="utf-8")  # an empty file is not a missing one
    assert file_fingerprint([folder, missing], root=tmp_path) != changed


def test_a_result_is_read_back(tmp_path):
    store = Store("essai", tmp_path)
    assert store.load("k" * 64) is None
    store.save("k" * 64, {"table": [1, 2, 3]})
    assert store.load("k" * 64) == {"table": [1, 2, 3]}
    calls = []
    assert store.get("j" * 64, lambda: calls.append(1) or "calculé") == "calculé"
    assert store.get("j" * 64, lambda: calls.append(1) or "calculé") == "calculé"
    assert calls == [1]


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # truncated
        lambda raw: raw[:-1] + bytes([raw[-1] ^ 1]),  # one bit flipped
        lambda raw: b"",  # empty
        lambda raw: b"not a cache file at all",
        lambda raw: raw.replace(b"survey-cache 1", b"survey-cache 0", 1),  # another format
    ],
)
def test_a_damaged_file_is_a_miss_and_is_removed(tmp_path, damage):
    store = Store("essai", tmp_path)
    store.save("k" * 64, list(range(100)))
    path = store.path("k" * 64)
    path.write_bytes(damage(path.read_bytes()))
    assert store.load("k" * 64) is None
    assert not path.exists()
    assert store.get("k" * 64, lambda: "recalculé") == "recalculé"
    assert store.load("k" * 64) == "recalculé"


def test_a_file_that_no_longer_unpickles_is_a_miss(tmp_path):
    store = Store("essai", tmp_path)
    payload = pickle.dumps(ValueError).replace(b"ValueError", b"NoSuchErrr")
    path = store.path("k" * 64)
    path.parent.mkdir(parents=True)
    path.write_bytes(cache._FORMAT + cache._digest(payload) + payload)
    assert store.load("k" * 64) is None


def test_what_cannot_be_saved_is_computed_again(tmp_path):
    store = Store("essai", tmp_path)
    store.save("k" * 64, lambda: None)  # not picklable: no file, no error
    assert store.load("k" * 64) is None
    blocker = tmp_path / "fichier"
    blocker.write_text("", encoding="utf-8")
    Store("essai", blocker).save("k" * 64, 1)  # the folder cannot be created: no error
    assert Store("essai", blocker).get("k" * 64, lambda: 2) == 2


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_folder_is_private(tmp_path):
    Store("essai", tmp_path / "results").save("k" * 64, 1)
    for path in (tmp_path / "results", tmp_path / "results" / "essai"):
        assert path.stat().st_mode & 0o077 == 0
    file = Store("essai", tmp_path / "results").path("k" * 64)
    assert file.stat().st_mode & 0o077 == 0


def test_a_new_entry_replaces_the_older_ones_of_its_scope(tmp_path):
    store = Store("essai", tmp_path)
    store.save("a" * 64, 1, scope="vague")
    store.save("b" * 64, 2, scope="vague")
    store.save("c" * 64, 3, scope="autre")
    assert store.load("a" * 64, "vague") is None
    assert store.load("b" * 64, "vague") == 2
    assert store.load("c" * 64, "autre") == 3


def test_the_default_folder_is_survey_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEY_CACHE", str(tmp_path))
    assert cache.cache_root() == tmp_path
    assert Store("essai").folder == tmp_path / "results" / "essai"
    monkeypatch.delenv("SURVEY_CACHE")
    assert cache.cache_root().parts[-2:] == (".cache", "survey")


def test_the_code_of_a_result_is_what_it_imports():
    context = {
        p.relative_to(cache._PACKAGE).as_posix() for p in cache._closure("survey.report.context")
    }
    # read, coded, redacted: the modules that do it, found through the imports
    for module in ("report/context.py", "coding/workflow.py", "coding/autocode.py",
                   "ingest/transcripts.py", "privacy/redact.py", "privacy/wave.py",
                   "text/nlp.py", "wave.py", "__init__.py", "cache.py"):  # fmt: skip
        assert module in context, module
    # presentation and command line: no part of it
    for module in ("report/charts.py", "report/render.py", "cli.py"):
        assert module not in context, module
    report = {
        p.relative_to(cache._PACKAGE).as_posix() for p in cache._closure("survey.report.report")
    }
    assert {"report/charts.py", "report/tables.py"} <= report and context <= report
    assert code_fingerprint("survey.report.context") != code_fingerprint("survey.report.report")


def test_relative_imports_are_followed():
    source = (
        "from .nlp import parse\nfrom .. import privacy\nfrom survey.coding import (\n  frame,\n)"
    )
    names = cache._imports(["survey", "text", "keywords"], False, source)
    assert {"survey.text.nlp", "survey.text.nlp.parse", "survey.privacy"} <= set(names)
    assert "survey.coding.frame" in names


@pytest.mark.skipif(os.name != "posix", reason="fcntl locks")
def test_two_processes_missing_the_same_result_compute_it_once(tmp_path):
    """The two notebooks of a report open the same wave at the same time: one computes."""
    store = Store("essai", tmp_path)
    calls = []
    started = threading.Event()

    def compute():
        calls.append(1)
        started.set()
        time.sleep(0.3)  # the other one arrives meanwhile and waits
        return "résultat"

    results = []
    first = threading.Thread(target=lambda: results.append(store.get("k" * 64, compute, "v")))
    first.start()
    started.wait(5)
    results.append(store.get("k" * 64, compute, "v"))  # a lock file of its own: waits
    first.join()
    assert results == ["résultat", "résultat"]
    assert calls == [1]
