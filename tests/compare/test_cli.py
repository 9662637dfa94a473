"""``survey compare``: bad input stops before any notebook runs, with one French sentence."""

import pytest

from survey.cli import main


@pytest.mark.parametrize(
    ("waves", "words"),
    [
        (["spro-2026", "spro-2025"], "donnez d'abord la vague la plus ancienne"),
        (["spro-2025", "nulle-part"], "fichier wave.yaml introuvable"),
    ],
)
def test_bad_waves_exit_2_in_french(capsys, tmp_path, waves, words):
    assert main(["compare", *waves, "-o", str(tmp_path / "sortie")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Erreur : ") and words in err and "Traceback" not in err
    assert not (tmp_path / "sortie" / "comparaison.html").exists()


def test_bad_option_exits_2_in_french(capsys):
    with pytest.raises(SystemExit) as info:
        main(["compare", "--correction", "sidak"])
    assert info.value.code == 2
    assert "choix invalide" in capsys.readouterr().err


def test_help_is_french(capsys):
    with pytest.raises(SystemExit):
        main(["compare", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("utilisation : survey compare")
    assert "vague la plus ancienne" in out and "--correction {holm,fdr_bh}" in out
