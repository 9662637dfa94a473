"""The version and comparison commands of the CLI: ``survey diff``, ``survey compare``.

Thin wrappers: the differences come from :mod:`survey.versions`, the comparison report from
:func:`survey.report.render.render_comparison`. Heavy imports wait for the command.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import textwrap
from pathlib import Path

from survey.errors import SurveyError


def add_commands(sub, command) -> None:
    """Register ``diff`` and ``compare`` on the subparsers (``command`` builds one parser)."""
    diff_parser = command(
        sub,
        "diff",
        "afficher les différences entre deux versions du questionnaire (ou de la grille)",
        "Affiche, question par question, ce qui change entre deux versions du questionnaire "
        "(questions ajoutées, supprimées, reformulées, options modifiées) et si chaque "
        "question reste comparable ; avec --grille, entre deux grilles de codage.",
    )
    diff_parser.add_argument(
        "old", metavar="ANCIEN", help="ancienne version : fichier YAML ou nom fourni (spro-2025)"
    )
    diff_parser.add_argument(
        "new", metavar="NOUVEAU", help="nouvelle version : fichier YAML ou nom fourni (spro-2026)"
    )
    diff_parser.add_argument(
        "--grille",
        action="store_true",
        help="comparer deux grilles de codage au lieu de deux questionnaires",
    )
    diff_parser.add_argument(
        "-c",
        "--correspondance",
        metavar="FICHIER",
        help="fichier de correspondance (par défaut : NOUVEAU.mapping.yaml s'il existe)",
    )
    diff_parser.add_argument(
        "-o", "--output", metavar="FICHIER", help="écrire aussi le tableau (.xlsx ou .csv)"
    )

    compare_parser = command(
        sub,
        "compare",
        "comparer deux vagues (rapport HTML et classeur)",
        "Compare deux vagues : questionnaire (distributions, écarts en points, tests corrigés "
        "pour les comparaisons multiples) et entretiens (codes, sentiment d'appartenance, mots "
        "clés). Écrit comparaison.html et comparaison.xlsx. Sans argument : les deux vagues "
        "d'exemple 2025 et 2026.",
    )
    compare_parser.add_argument(
        "wave_a", nargs="?", metavar="VAGUE_A", help="vague la plus ancienne (dossier ou nom)"
    )
    compare_parser.add_argument(
        "wave_b", nargs="?", metavar="VAGUE_B", help="vague la plus récente (dossier ou nom)"
    )
    compare_parser.add_argument(
        "-o",
        "--output",
        metavar="DOSSIER",
        help="dossier de sortie (par défaut : reports/comparaison)",
    )
    compare_parser.add_argument(
        "--correction",
        choices=["holm", "fdr_bh"],
        default="holm",
        help="correction des comparaisons multiples : holm (par défaut) ou fdr_bh "
        "(Benjamini-Hochberg)",
    )
    compare_parser.add_argument(
        "--alpha", type=float, default=0.05, help="seuil de signification (par défaut 0,05)"
    )
    compare_parser.add_argument(
        "--petite-base",
        dest="small_base",
        type=int,
        default=30,
        help="base en dessous de laquelle une comparaison est signalée (par défaut 30)",
    )


# ------------------------------------------------------------------------------- diff


def diff(args: argparse.Namespace) -> int:
    if args.grille:
        from survey.versions import CODING_FRAME_CHANGES, coding_frame_diff
        from survey.versions.coding_frames import resolve_coding_frame_mapping

        table = coding_frame_diff(args.old, args.new, args.correspondance)
        mapping = resolve_coding_frame_mapping(args.old, args.new, args.correspondance)
        frame = _frame_table(table, CODING_FRAME_CHANGES)
        what, item = "Grilles de codage", "code"
        key = "code"
    else:
        from survey.versions import QUESTIONNAIRE_CHANGES, questionnaire_diff
        from survey.versions.questionnaires import resolve_questionnaire_mapping

        table = questionnaire_diff(args.old, args.new, args.correspondance)
        mapping = resolve_questionnaire_mapping(args.old, args.new, args.correspondance)
        frame = _questionnaire_table(table, QUESTIONNAIRE_CHANGES)
        what, item = "Questionnaires", "question"
        key = "question"
    if args.output:
        path = _check_output(Path(args.output))
    source = f"correspondance : {mapping.path}" if mapping.path else "mêmes identifiants"
    print(f"{what} « {mapping.old} » → « {mapping.new} » ({source}).")
    if table.empty:
        print("Aucune différence.")
    else:
        print(_summary(table, key, item))
        print()
        print(_listing(frame))
    if args.output:
        _write(frame, path)
        print(f"\nTableau écrit dans {path}.")
    return 0


def _questionnaire_table(table, labels):
    import pandas as pd

    return pd.DataFrame(
        {
            "Question": table["question"],
            "Changement": table["change"].map(labels),
            "Option avant": table["old_option"],
            "Option après": table["new_option"],
            "Avant": table["old_text"],
            "Après": table["new_text"],
            "Comparable": table["comparable"].map({True: "oui", False: "non"}),
            "Note": table["note"],
        }
    )


def _frame_table(table, labels):
    import pandas as pd

    return pd.DataFrame(
        {
            "Code": table["code"],
            "Changement": table["change"].map(labels),
            "Code avant": table["old_code"],
            "Code après": table["new_code"],
            "Avant": table["old_text"],
            "Après": table["new_text"],
            "Thème": table["theme"],
            "Note": table["note"],
        }
    )


def _summary(table, key: str, item: str) -> str:
    n_items = table[key].nunique()
    parts = [f"{len(table)} changement{'s' if len(table) > 1 else ''} sur {n_items} {item}s"]
    if "comparable" in table:
        lost = table.loc[~table["comparable"], key].nunique()
        parts.append(f"{lost} {item}{'s' if lost > 1 else ''} sans comparaison")
    return " ; ".join(parts) + "."


def _listing(frame) -> str:
    """One paragraph per question (or code): its changes, before → after."""
    width = min(shutil.get_terminal_size((100, 24)).columns, 110)
    lines = []
    first = frame.columns[0]
    for name, part in frame.groupby(first, sort=False):
        notes_seen: set[str] = set()
        suffix = ""
        if "Comparable" in part and (part["Comparable"] == "non").any():
            suffix = " (non comparable)"
        lines.append(f"• {name}{suffix}")
        for row in part.itertuples(index=False):
            values = dict(zip(frame.columns, row, strict=True))
            before, after = values.get("Avant"), values.get("Après")
            codes = [
                c
                for c in (
                    values.get("Option avant") or values.get("Code avant"),
                    values.get("Option après") or values.get("Code après"),
                )
                if isinstance(c, str)
            ]
            change = str(values["Changement"])
            if codes and set(codes) != {name}:
                change += " (" + " → ".join(dict.fromkeys(codes)) + ")"
            text = _before_after(before, after)
            lines += textwrap.wrap(
                f"{change}{' : ' + text if text else ''}",
                width=width,
                initial_indent="    ",
                subsequent_indent="      ",
            )
            note = values.get("Note")
            if isinstance(note, str) and note and note not in notes_seen:
                notes_seen.add(note)
                lines += textwrap.wrap(
                    f"note : {note}",
                    width=width,
                    initial_indent="      ",
                    subsequent_indent="      ",
                )
    return "\n".join(lines)


def _before_after(before, after) -> str:
    before = before if isinstance(before, str) and before else None
    after = after if isinstance(after, str) and after else None
    one_line = [" ".join(t.split()) if t else None for t in (before, after)]
    if before and after:
        return f"{_quoted(one_line[0])} → {_quoted(one_line[1])}"
    return _quoted(one_line[0] or one_line[1]) if (before or after) else ""


def _quoted(text: str) -> str:
    """French quotes held to the text by no-break spaces (never alone at a line end)."""
    return f"«\u00a0{text}\u00a0»"


def _check_output(path: Path) -> Path:
    if path.suffix.lower() not in (".xlsx", ".csv"):
        raise SurveyError(
            f"Fichier de sortie « {path.name} » : extension inconnue ; utilisez .xlsx ou .csv."
        )
    return path


def _write(frame, path: Path) -> None:
    if path.suffix.lower() == ".csv":
        frame.to_csv(path, index=False, encoding="utf-8")
        return
    from survey.report.workbook import write_workbook

    frame = frame.copy()
    frame.attrs["formats"] = {c: "text" for c in frame.columns}
    write_workbook(path, [("Différences", frame, [])])


# ----------------------------------------------------------------------------- compare


def compare(args: argparse.Namespace) -> int:
    from survey.report.render import render_comparison

    output = Path(args.output or "reports/comparaison")
    print(
        f"Comparaison des vagues : exécution du notebook et mise en page dans {output}…", flush=True
    )
    rendered = render_comparison(
        args.wave_a,
        args.wave_b,
        output,
        progress=sys.stderr.isatty(),
        parameters={
            "alpha": args.alpha,
            "correction": args.correction,
            "small_base": args.small_base,
        },
    )
    print(f"Rapport de comparaison : {rendered.page}")
    print(f"Tableaux : {rendered.workbook}")
    return 0
