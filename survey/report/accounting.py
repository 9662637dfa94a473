"""The accounting of a download, told in French."""

from __future__ import annotations

from survey.ingest.accounting import EXCLUSION_REASONS, Accounting
from survey.report.french import integer


def accounting_text(accounting: Accounting) -> str:
    """A few French lines saying what happened to every row and column."""
    a = accounting
    lines = []
    for s in a.sources:
        how = {
            "delimited": "texte délimité",
            "xlsx": "classeur Excel",
            "excel_legacy": "Excel ancien",
        }
        detail = [how.get(s.container, s.container)]
        if s.delimiter:
            detail.append(f"séparateur {s.delimiter}")
        if s.encoding:
            detail.append(f"encodage {s.encoding}")
        detail.append(
            {3: "3 lignes d'en-tête", 0: "sans en-tête"}.get(
                s.header_rows, f"{s.header_rows} en-têtes"
            )
        )
        if s.header_mode != "none":
            detail.append("en-têtes " + ("par clés" if s.header_mode == "key" else "par libellés"))
        if s.multiple_format != "none":
            detail.append(
                "choix multiples "
                + ("en colonnes séparées" if s.multiple_format == "separate" else "compacts")
            )
        if s.date_format:
            detail.append(f"dates {s.date_format}")
        lines.append(
            f"Fichier {s.name} : {integer(s.rows)} lignes de données ({', '.join(detail)})."
        )
    lines.append(
        f"Lignes lues : {integer(a.rows_read)} ; brouillons écartés : {integer(a.drafts)} ; "
        f"doublons écartés : {integer(a.duplicates)} ; réponses conservées : {integer(a.kept)}."
    )
    for rec in a.excluded.itertuples(index=False):
        lines.append(
            f"  – {rec.file}, ligne {rec.row} (séquentiel {rec.serial}) : "
            f"{EXCLUSION_REASONS[rec.reason]}"
        )
    n_questions = len({v for v in a.columns.values() if not v.startswith("soumission")})
    lines.append(
        f"Colonnes : {integer(len(a.columns))} reconnues, alimentant {integer(n_questions)} "
        "variables ; mises de côté : "
        + (", ".join(f"{k} ({v})" for k, v in a.set_aside.items()) or "aucune")
        + "."
    )
    if a.contact_fields:
        lines.append(
            "Données de contact (" + ", ".join(a.contact_fields) + ") séparées des réponses : "
            "elles ne figurent dans aucun tableau d'analyse."
        )
    for question, count in a.unknown_values.items():
        lines.append(
            f"Valeurs hors options pour « {question} » : {integer(count)} (règle choisie)."
        )
    for first, second in a.probable_double_submissions:
        lines.append(
            f"Double soumission probable : séquentiels {first} et {second} (réponses identiques, "
            "envoyées à moins de 30 minutes d'intervalle) ; conservées, à vérifier."
        )
    lines.extend(a.notes)
    return "\n".join(lines)
