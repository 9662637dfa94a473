"""The ``survey`` command: thin wrappers over the library, French messages, exit codes.

Exit codes: 0 success, 2 bad input (one French sentence on stderr, no
traceback).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from survey import _cli_compare
from survey.errors import SurveyError
from survey.ingest import read_framaforms
from survey.report.accounting import accounting_text
from survey.wave import load_wave

_ARGPARSE_FR = {
    "the following arguments are required": "arguments obligatoires manquants",
    "unrecognized arguments": "arguments inconnus",
    "invalid choice": "choix invalide",
    "expected one argument": "une valeur est attendue",
    "argument ": "argument ",
}


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "utilisation :", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "utilisation :", 1)

    def error(self, message: str) -> None:  # pragma: no cover - exercised through main()
        for en, fr in _ARGPARSE_FR.items():
            message = message.replace(en, fr)
        self.exit(2, f"survey : {message}. Aide : survey {self.prog.split()[-1]} --help\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="survey",
        description="Boîte à outils des études de perception professionnelle "
        "(questionnaire Framaforms et entretiens).",
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=_Parser)

    ingest = sub.add_parser(
        "ingest",
        help="lire un téléchargement Framaforms et écrire les réponses",
        description="Lit un ou plusieurs téléchargements des résultats Framaforms, écrit les "
        "réponses (.parquet ou .csv) et affiche le bilan des lignes et des colonnes.",
        add_help=False,
    )
    ingest.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")
    ingest.add_argument("export", nargs="+", metavar="EXPORT", help="fichier(s) téléchargé(s)")
    ingest.add_argument(
        "-q",
        "--questionnaire",
        required=True,
        metavar="QUESTIONNAIRE",
        help="fichier YAML du questionnaire, ou nom d'un questionnaire fourni (spro-2025)",
    )
    ingest.add_argument(
        "-o", "--output", metavar="SORTIE", help="fichier des réponses (.parquet ou .csv)"
    )
    ingest.add_argument(
        "--contacts",
        metavar="FICHIER",
        help="écrire les données de contact dans ce fichier privé (lisible par vous seul)",
    )
    ingest.add_argument(
        "--valeurs-inconnues",
        dest="unknown",
        choices=["error", "other", "drop"],
        default="error",
        help="réponse hors options : error (arrêt, par défaut), other (compter en « Autre »), "
        "drop (ignorer)",
    )
    ingest.add_argument("--json", action="store_true", help="afficher le bilan en JSON")

    report = sub.add_parser(
        "report",
        help="produire le rapport d'une vague (par défaut : l'exemple 2025 fourni)",
        description="Produit le rapport d'une vague. Sans argument, utilise la vague "
        "d'exemple 2025 fournie avec la boîte à outils.",
        add_help=False,
    )
    report.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")
    report.add_argument("wave", nargs="?", metavar="VAGUE", help="dossier de la vague (wave.yaml)")
    report.add_argument("-o", "--output", metavar="DOSSIER", help="dossier de sortie")

    code = _command(
        sub,
        "code",
        "coder automatiquement les entretiens et écrire le classeur de revue",
        "Code automatiquement les entretiens d'une vague avec sa grille de codage et écrit le "
        "classeur de revue (document de travail privé, hors de reports/).",
    )
    code.add_argument("wave", nargs="?", metavar="VAGUE", help="dossier de la vague (wave.yaml)")
    code.add_argument(
        "-o",
        "--output",
        metavar="FICHIER",
        help="classeur de revue à écrire (par défaut : private/revue_codage_ANNÉE.xlsx)",
    )

    revue = _command(
        sub,
        "revue",
        "relire un classeur de revue complété",
        "Relit un classeur de revue complété par l'analyste et affiche le bilan des décisions.",
    )
    revue.add_argument("review", metavar="CLASSEUR", help="classeur de revue complété (.xlsx)")
    revue.add_argument("wave", nargs="?", metavar="VAGUE", help="dossier de la vague (wave.yaml)")

    codes = _command(
        sub,
        "codes",
        "afficher le nombre de segments et d'entretiens par code",
        "Affiche, pour chaque code, le nombre de segments et d'entretiens : codage validé si la "
        "vague a une revue, sinon propositions du codage automatique.",
    )
    codes.add_argument("wave", nargs="?", metavar="VAGUE", help="dossier de la vague (wave.yaml)")
    _cli_compare.add_commands(sub, _command)
    return parser


def _command(sub, name: str, help_text: str, description: str) -> argparse.ArgumentParser:
    command = sub.add_parser(name, help=help_text, description=description, add_help=False)
    command.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")
    return command


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "ingest":
            return _ingest(args)
        if args.command == "report":
            return _report(args)
        if args.command in ("code", "revue", "codes"):
            from survey import _cli_coding

            return getattr(_cli_coding, args.command)(args)
        if args.command in ("diff", "compare"):
            return getattr(_cli_compare, args.command)(args)
    except SurveyError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head`: stop quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return 0
    except OSError as exc:
        name = exc.filename or ""
        print(f"Erreur : fichier « {name} » : {exc.strerror}.", file=sys.stderr)
        return 2
    parser.print_help()
    return 2


def _ingest(args: argparse.Namespace) -> int:
    result = read_framaforms(args.export, args.questionnaire, unknown=args.unknown)
    if args.output:
        _write_table(result.responses, Path(args.output))
    if args.contacts:
        _write_private(result.contacts, Path(args.contacts))
    if args.json:
        print(json.dumps(result.accounting.to_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        print(accounting_text(result.accounting))
        if args.output:
            print(f"Réponses écrites dans {args.output}.")
        if args.contacts:
            print(f"Données de contact écrites dans {args.contacts} (fichier privé).")
    return 0


def _report(args: argparse.Namespace) -> int:
    from survey.report import render_report

    wave = load_wave(args.wave)
    result = read_framaforms(wave.export_paths, wave.questionnaire())
    print(f"Vague : {wave.spec.title} ({wave.spec.year})")
    print(accounting_text(result.accounting))
    output = Path(args.output or "reports")
    print(f"Exécution des notebooks et mise en page du rapport dans {output}…", flush=True)
    rendered = render_report(wave.folder, output, progress=sys.stderr.isatty())
    print(f"Rapport : {rendered.report}")
    print(f"Synthèse : {rendered.summary}")
    print(f"Tableaux : {rendered.workbook}")
    return 0


def _write_table(frame, path: Path) -> None:
    if path.suffix.lower() == ".parquet":
        frame.to_parquet(path)
    elif path.suffix.lower() == ".csv":
        frame.to_csv(path, encoding="utf-8")
    else:
        raise SurveyError(
            f"Fichier de sortie « {path.name} » : extension inconnue ; utilisez .parquet ou .csv."
        )


def _write_private(frame, path: Path) -> None:
    """Write the contacts so that only the owner can read them (mode 0600)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        frame.to_csv(handle)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
