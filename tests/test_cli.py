"""The survey command, run as a user runs it: French messages, exit codes, no traceback."""

import json
import os
import stat
import subprocess
import sys

import pandas as pd

SAMPLE_Q = "sample_form/questionnaire.yaml"


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "survey.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def test_ingest_writes_responses_and_prints_accounting(tmp_path, data_dir):
    out = tmp_path / "reponses.parquet"
    done = run(
        "ingest",
        str(data_dir / "framaforms_keys_compact.tsv"),
        "-q",
        str(data_dir / SAMPLE_Q),
        "-o",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    assert "réponses conservées : 4" in done.stdout
    assert "brouillon" in done.stdout
    frame = pd.read_parquet(out)
    assert len(frame) == 4 and "courriel" not in frame.columns
    assert not (tmp_path / "contacts.csv").exists()


def test_ingest_json_accounting(tmp_path, data_dir):
    done = run(
        "ingest",
        str(data_dir / "framaforms_labels_separate.csv"),
        "-q",
        str(data_dir / SAMPLE_Q),
        "--json",
    )
    assert done.returncode == 0, done.stderr
    acc = json.loads(done.stdout)
    assert (acc["rows_read"], acc["drafts"], acc["duplicates"], acc["kept"]) == (5, 1, 0, 4)
    assert acc["columns"]["Type de structure"] == "type_structure"
    assert acc["columns"]["Ressources connues › Salon de l'orientation"] == "ressources__salon"


def test_contacts_only_on_request_and_private(tmp_path, data_dir):
    contacts = tmp_path / "contacts.csv"
    out = tmp_path / "reponses.csv"
    done = run(
        "ingest", str(data_dir / "framaforms_labels_separate.csv"), "-q", str(data_dir / SAMPLE_Q),
        "-o", str(out), "--contacts", str(contacts),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(os.stat(contacts).st_mode) == 0o600
    assert "c.le-goff@example.fr" in contacts.read_text(encoding="utf-8")
    assert "@" not in out.read_text(encoding="utf-8")


def test_bad_input_is_one_french_sentence_and_exit_2(tmp_path, data_dir):
    bad = tmp_path / "export.csv"
    text = (data_dir / "framaforms_labels_separate.csv").read_text(encoding="utf-8")
    bad.write_text(text.replace('"Mission locale"', '"Mision locale"'), encoding="utf-8")
    done = run("ingest", str(bad), "-q", str(data_dir / SAMPLE_Q))
    assert done.returncode == 2
    assert done.stderr.startswith("Erreur : Fichier « export.csv », ligne 5")
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1


def test_unknown_questionnaire_and_usage_errors(data_dir):
    done = run("ingest", str(data_dir / "framaforms_labels_separate.csv"), "-q", "nexiste-pas")
    assert done.returncode == 2 and "introuvable" in done.stderr and "Traceback" not in done.stderr
    done = run("ingest")
    assert done.returncode == 2 and "arguments obligatoires manquants" in done.stderr


def test_help_is_in_french():
    done = run("--help")
    assert done.returncode == 0
    assert "utilisation :" in done.stdout and "afficher cette aide" in done.stdout


def test_coding_commands_on_the_example(tmp_path):
    out = tmp_path / "revue.xlsx"
    done = run("code", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "24 entretiens" in done.stdout and "document privé" in done.stdout
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    from survey.wave import load_wave

    review = load_wave().path("revue/revue_codage.xlsx")
    done = run("revue", str(review))
    assert done.returncode == 0, done.stderr
    assert "Pas de sentiment d'appartenance : 6" in done.stdout
    assert "Sentiment d'appartenance clair (positif) : 8" in done.stdout
    done = run("codes")
    assert done.returncode == 0 and "codage validé" in done.stdout


def test_review_of_another_wave_is_refused(tmp_path):
    done = run("revue", str(tmp_path / "absent.xlsx"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
