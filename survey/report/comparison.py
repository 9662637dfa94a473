"""The comparison of two waves, piece by piece, and its rendering (``survey compare``).

:class:`ComparisonReport` opens two waves, runs the comparisons of :mod:`survey.compare`
once, and gives one public method per block of the report (what
``notebooks/comparaison.ipynb`` calls); every table is also collected for the workbook
(``comparaison.xlsx``). :func:`survey.report.render.render_comparison` executes the
notebook and writes the self-contained French page ``comparaison.html``.

Presentation only: numbers come from :mod:`survey.compare` and :mod:`survey.versions`;
this module formats them (``58 %``, ``+11,4 points``, ``p < 0,001``).
"""

from __future__ import annotations

import base64
import hashlib
import html
import importlib.metadata
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from survey.compare import (
    CORRECTIONS,
    compare_codes,
    compare_dimension,
    compare_keywords,
    compare_questions,
    open_wave_material,
)
from survey.compare.waves import check_wave_order
from survey.errors import SurveyError
from survey.privacy import use_redactor
from survey.questionnaire import SECTIONS
from survey.report import french
from survey.report._shared import Block
from survey.report.comparison_charts import paired_bar_chart, signed_points
from survey.report.french import COLON
from survey.report.tables import Table, simple_table
from survey.report.workbook import write_workbook
from survey.text import keyword_frequencies, word_cloud
from survey.versions import (
    CODE_STATUSES,
    CODING_FRAME_CHANGES,
    QUESTION_TYPES,
    QUESTIONNAIRE_CHANGES,
    coding_frame_diff,
    questionnaire_diff,
)
from survey.versions.coding_frames import resolve_coding_frame_mapping
from survey.versions.questionnaires import resolve_questionnaire_mapping

__all__ = [
    "ComparisonReport",
    "ComparisonSettings",
]

SECTION_TITLES = {
    "profil": "Caractéristiques des répondants",
    "connaissance": "Connaissance du SPRO",
    "appartenance": "Sentiment d'appartenance au SPRO",
    "acteurs": "Acteurs et collaborations du SPRO",
    "suites": "Suites de l'enquête",
}

TEST_NAMES = {
    "z": "z",
    "fisher": "Fisher",
    "pearson": "khi-deux",
    "pearson_monte_carlo": "khi-deux (Monte-Carlo)",
    "fisher_monte_carlo": "Fisher (Monte-Carlo)",
    "none": "–",
}

_CHART_MAX_CATEGORIES = 9


@dataclass
class ComparisonSettings:
    """Parameters of a comparison, recorded in its methods note."""

    alpha: float = 0.05
    correction: str = "holm"
    small_base: int = 30
    min_expected: float = 5
    min_people_cloud: int = 2
    seed: int = 2025


class ComparisonReport:
    """Open two waves, compare them, and produce the blocks of the comparison report.

    Parameters
    ----------
    wave_a, wave_b
        Wave folders (``wave.yaml``) or bundled example names: the earlier wave first
        (default: the examples ``spro-2025`` and ``spro-2026``).
    output
        Where the workbook (``comparaison.xlsx``) is written.
    alpha, correction, small_base, min_expected, min_people_cloud, seed
        See :class:`ComparisonSettings`; all recorded in the methods note.
    """

    def __init__(
        self,
        wave_a=None,
        wave_b=None,
        *,
        output: str | Path = "reports/comparaison",
        **settings,
    ):
        self.settings = ComparisonSettings(**settings)
        s = self.settings
        if s.correction not in CORRECTIONS:
            raise SurveyError(
                f"Correction « {s.correction} » inconnue ; choisissez parmi : "
                f"{', '.join(CORRECTIONS)}."
            )
        self.a = open_wave_material(wave_a or "spro-2025")
        self.b = open_wave_material(wave_b or "spro-2026")
        year_a, year_b = self.a.wave.spec.year, self.b.wave.spec.year
        check_wave_order(year_a, year_b)
        self.waves = (str(year_a), str(year_b)) if year_a != year_b else ("A", "B")
        self.output = Path(output)
        qa, qb = self.a.questionnaire, self.b.questionnaire
        self.questionnaire_mapping = resolve_questionnaire_mapping(
            self.a.questionnaire_source, self.b.questionnaire_source
        )
        self.frame_mapping = resolve_coding_frame_mapping(self.a.frame_source, self.b.frame_source)
        self.questions = compare_questions(
            self.a.responses,
            self.b.responses,
            questionnaire_a=qa,
            questionnaire_b=qb,
            mapping=self.questionnaire_mapping,
            correction=s.correction,
            alpha=s.alpha,
            small_base=s.small_base,
            min_expected=s.min_expected,
        )
        self.questionnaire_changes_table = questionnaire_diff(qa, qb, self.questionnaire_mapping)
        self.frame_changes_table = coding_frame_diff(self.a.frame, self.b.frame, self.frame_mapping)
        self.codes = compare_codes(
            self.a.coded,
            self.b.coded,
            frame_a=self.a.frame,
            frame_b=self.b.frame,
            documents_a=self.a.documents,
            documents_b=self.b.documents,
            mapping=self.frame_mapping,
        )
        with use_redactor(self.a.redactor):
            self.keywords_a = keyword_frequencies(
                self.a.grid["mots_cles"], synonyms=self.a.frame.synonyms
            )
        with use_redactor(self.b.redactor):
            self.keywords_b = keyword_frequencies(
                self.b.grid["mots_cles"], synonyms=self.b.frame.synonyms
            )
        self.sheets: list[tuple[str, pd.DataFrame, list[str]]] = []
        self._tables = 0
        self._charts = 0

    # -- numbering ---------------------------------------------------------------------------
    def _table_caption(self, title: str) -> str:
        self._tables += 1
        return f"Tableau {self._tables}{COLON}{title}"

    def _chart_number(self) -> int:
        self._charts += 1
        return self._charts

    def _keep(self, table: Table, title: str | None = None) -> Table:
        self.sheets.append(table.sheet(title))
        return table

    @property
    def _source(self) -> str:
        return f"enquêtes SPRO {self.waves[0]} et {self.waves[1]}"

    def _significance(self) -> str:
        s = self.settings
        name = CORRECTIONS[s.correction]
        correction = "sans correction" if s.correction == "none" else f"correction de {name}"
        return (
            f"différence significative au seuil de {french.percent(s.alpha, _digits(s.alpha))} "
            f"après {correction} sur l'ensemble des tests du rapport."
        )

    # -- text --------------------------------------------------------------------------------
    def title(self) -> Block:
        """The title: the study, the two waves and their collection periods."""
        from survey.report.context import period

        a, b = self.a.wave.spec, self.b.wave.spec
        return Block(
            f"<h1>Comparaison des vagues {self.waves[0]} et {self.waves[1]}</h1>"
            f'<p class="sous-titre">{html.escape(b.title)}</p>'
            "<p>Deux vagues de l'étude par questionnaire et entretiens ; collecte du "
            f"questionnaire {period(a.collection.start, a.collection.end)}, puis "
            f"{period(b.collection.start, b.collection.end)}.</p>"
        )

    def key_figures(self) -> Block:
        """Respondents and interviews of each wave, questions compared, differences found."""
        q = self.questions
        compared = q[q["status"] == "comparable"]["question"].nunique()
        cells = q[(q["kind"] == "category") & q["significant"]]
        significant = cells.drop_duplicates(["question", "p_value"])
        items = [
            (
                self._pair(len(self.a.responses), len(self.b.responses)),
                "répondants au questionnaire",
            ),
            (self._pair(len(self.a.documents), len(self.b.documents)), "entretiens"),
            (french.integer(compared), "questions comparées"),
            (french.integer(len(significant)), "écarts significatifs entre les vagues"),
        ]
        boxes = "".join(
            f'<li><span class="chiffre">{html.escape(v)}</span> {html.escape(t)}</li>'
            for v, t in items
        )
        return Block(f'<ul class="chiffres-cles" aria-label="Chiffres clés">{boxes}</ul>')

    def _pair(self, a: float, b: float) -> str:
        return f"{french.integer(a)} → {french.integer(b)}"

    # -- summary -----------------------------------------------------------------------------
    def significant_differences(self) -> Table:
        """The differences that remain significant after correction, largest first."""
        q = self.questions
        rows = q[q["significant"]].drop_duplicates(["question", "p_value"]).copy()
        rows["_size"] = rows["difference"].abs().fillna(np.inf)
        rows = rows.sort_values("_size", ascending=False, kind="mergesort")
        frame = pd.DataFrame(
            {
                "Question": rows["question_label"],
                "Modalité": rows["label"],
                f"% {self.waves[0]}": rows["percent_a"],
                f"% {self.waves[1]}": rows["percent_b"],
                "Écart (points)": [signed_points(d) for d in rows["difference"]],
                "p": [_p(v) for v in rows["p_value"]],
                "p ajustée": [_p(v) for v in rows["p_adjusted"]],
                "Signalement": [_flags(r) for _, r in rows.iterrows()],
            }
        )
        tests = self.questions.attrs["params"]["tests"]
        notes = [
            french.sentence(self._significance()),
            f"{french.integer(tests)} tests corrigés ensemble (une question à deux modalités "
            "compte pour un test).",
            "Écart : pourcentage de la seconde vague moins celui de la première, en points.",
        ]
        if frame.empty:
            notes.insert(0, "Aucune différence n'est significative après correction.")
        table = simple_table(
            frame,
            caption=self._table_caption("différences significatives entre les deux vagues"),
            formats={f"% {self.waves[0]}": "percent", f"% {self.waves[1]}": "percent"},
            note=notes,
        )
        return self._keep(table, "Différences significatives")

    # -- versions ----------------------------------------------------------------------------
    def questionnaire_changes(self) -> Table:
        """What changed in the questionnaire, and whether each question still compares."""
        d = self.questionnaire_changes_table
        frame = pd.DataFrame(
            {
                "Question": d["question"],
                "Changement": d["change"].map(QUESTIONNAIRE_CHANGES),
                f"{self.waves[0]}": d["old_text"].fillna(""),
                f"{self.waves[1]}": d["new_text"].fillna(""),
                "Comparable": d["comparable"].map({True: "oui", False: "non"}),
                "Note": d["note"].fillna(""),
            }
        )
        path = self.questionnaire_mapping.path
        notes = [
            f"Questionnaires « {self.a.questionnaire.id} » et « {self.b.questionnaire.id} »"
            + (f" ; correspondance « {path.name} »." if path else " ; mêmes identifiants.")
        ]
        if frame.empty:
            notes.insert(0, "Les deux questionnaires sont identiques.")
        table = simple_table(
            frame,
            caption=self._table_caption("changements du questionnaire"),
            note=notes,
        )
        return self._keep(table, "Changements du questionnaire")

    def frame_changes(self) -> Table:
        """What changed in the coding frame (codes added, merged, retired, redefined)."""
        d = self.frame_changes_table
        frame = pd.DataFrame(
            {
                "Code": d["code"],
                "Changement": d["change"].map(CODING_FRAME_CHANGES),
                f"{self.waves[0]}": d["old_text"].fillna(""),
                f"{self.waves[1]}": d["new_text"].fillna(""),
                "Note": d["note"].fillna(""),
            }
        )
        path = self.frame_mapping.path
        notes = [
            f"Grilles « {self.a.frame.id} » et « {self.b.frame.id} »"
            + (f" ; correspondance « {path.name} »." if path else " ; mêmes identifiants.")
        ]
        table = simple_table(
            frame, caption=self._table_caption("changements de la grille de codage"), note=notes
        )
        return self._keep(table, "Changements de la grille")

    # -- questionnaire -----------------------------------------------------------------------
    def questions_of(self, section: str) -> Block:
        """Every comparable question of a questionnaire section: a table and a chart each."""
        if section not in SECTIONS:
            raise SurveyError(f"Section « {section} » inconnue ; sections : {', '.join(SECTIONS)}.")
        q = self.questions
        ids = [i for i in dict.fromkeys(q["question"]) if self._section(i) == section]
        parts = []
        for question in ids:
            rows = q[q["question"] == question]
            if rows["status"].iloc[0] != "comparable":
                continue
            parts.append(self._question_block(question, rows))
        if not parts:
            return Block("<p>Aucune question comparable dans cette partie.</p>")
        return Block("".join(parts))

    def _section(self, question: str) -> str | None:
        for questionnaire in (self.b.questionnaire, self.a.questionnaire):
            try:
                return questionnaire.question(question).section
            except KeyError:
                continue
        return None

    def _question_block(self, question: str, rows: pd.DataFrame) -> str:
        cats = rows[rows["kind"] == "category"]
        homogeneity = rows[rows["kind"] == "question"]
        first = cats.iloc[0]
        label = str(first["question_label"])
        tested = cats[cats["category_status"] == "comparable"]
        base_a = tested["base_a"].iloc[0] if len(tested) else np.nan
        base_b = tested["base_b"].iloc[0] if len(tested) else np.nan
        status_text = {
            "added": f"ajoutée en {self.waves[1]}",
            "removed": f"absente en {self.waves[1]}",
        }
        frame = pd.DataFrame(
            {
                "Modalité": [
                    f"{r.label} (option {status_text[r.category_status]}, non comparée)"
                    if r.category_status in status_text
                    else str(r.label)
                    for r in cats.itertuples()
                ],
                f"% {self.waves[0]}": cats["percent_a"],
                f"% {self.waves[1]}": cats["percent_b"],
                "Écart (points)": [signed_points(d) for d in cats["difference"]],
                "Test": cats["test"].map(TEST_NAMES),
                "p": [_p(v) for v in cats["p_value"]],
                "p ajustée": [_p(v) for v in cats["p_adjusted"]],
                "Significatif": cats["significant"]
                .map({True: "oui", False: "non"})
                .where(cats["test"] != "none", "–"),
            }
        )
        notes = [self._bases(base_a, base_b)]
        notes += self._wording_notes(first)
        if bool(first["options_changed"]) or bool(first["type_changed"]):
            notes += self._option_notes(question)
        if isinstance(first["note"], str) and first["note"]:
            notes.append(f"Correspondance{COLON}{first['note']}")
        if not homogeneity.empty:
            h = homogeneity.iloc[0]
            notes.append(
                f"Ensemble de la question (khi-deux d'homogénéité"
                f"{', p de Monte-Carlo' if h['test'] == 'pearson_monte_carlo' else ''})"
                f"{COLON}χ² = {french.decimal(h['statistic'])}, ddl = {french.integer(h['dof'])}, "
                f"p {_p_sentence(h['p_value'])}, p ajustée {_p_sentence(h['p_adjusted'])}"
                f"{' : différence significative' if h['significant'] else ''}."
            )
        if self._multiple(question):
            notes.append(
                f"Plusieurs réponses possibles{COLON}pourcentage des répondants ayant coché "
                "chaque option, testé option par option."
            )
        if bool(cats["small_base"].any()):
            notes.append(
                f"Effectif faible{COLON}moins de {self.settings.small_base} répondants dans une "
                "vague ; test exact de Fisher, à lire avec prudence."
            )
        notes.append(
            "Test z de comparaison de deux proportions (test exact de Fisher quand un effectif "
            f"théorique est inférieur à {french.integer(self.settings.min_expected)}) ; "
            f"« Significatif » : {self._significance()}"
        )
        caption = self._table_caption(_lower_first(label))
        table = simple_table(
            frame,
            caption=caption,
            formats={f"% {self.waves[0]}": "percent", f"% {self.waves[1]}": "percent"},
            note=notes,
            row_headers=True,
        )
        self._keep(table, caption.split(COLON, 1)[-1])
        heading = f"<h4>{html.escape(label)}</h4>"
        chart = ""
        if 1 < len(cats) <= _CHART_MAX_CATEGORIES:
            chart = paired_bar_chart(
                cats,
                number=self._chart_number(),
                title=_lower_first(label),
                waves=self.waves,
                source=self._source,
                base_note=self._bases(base_a, base_b),
                significance_note=self._significance(),
            ).html()
        return heading + chart + str(table)

    def _multiple(self, question: str) -> bool:
        for questionnaire in (self.a.questionnaire, self.b.questionnaire):
            try:
                if questionnaire.question(question).type == "multiple":
                    return True
            except KeyError:
                continue
        return False

    def _bases(self, base_a: float, base_b: float) -> str:
        return (
            f"Bases{COLON}{french.plural(base_a, 'répondant')} en {self.waves[0]}, "
            f"{french.integer(base_b)} en {self.waves[1]} (répondants à la question)."
        )

    def _wording_notes(self, first: pd.Series) -> list[str]:
        notes = []
        old = self.a.questionnaire.question(first["old_question"])
        new = self.b.questionnaire.question(first["new_question"])
        if bool(first["wording_changed"]):
            notes.append(
                f"Question reformulée{COLON}« {old.label} » ({self.waves[0]}) ; "
                f"« {new.label} » ({self.waves[1]})."
            )
        else:
            notes.append(f"Question{COLON}« {new.label} »")
        if old.id != new.id:
            notes.append(f"Identifiant {self.waves[0]}{COLON}{old.id}.")
        if bool(first["type_changed"]):
            notes.append(
                f"Type de question modifié{COLON}{QUESTION_TYPES[old.type]} en "
                f"{self.waves[0]}, {QUESTION_TYPES[new.type]} en {self.waves[1]}."
            )
        return notes

    def _option_notes(self, question: str) -> list[str]:
        d = self.questionnaire_changes_table
        mine = d[d["question"] == question]
        rows = mine[mine["old_option"].notna() | mine["new_option"].notna()]
        notes = []
        for r in rows.itertuples():
            change = QUESTIONNAIRE_CHANGES[r.change]
            before = f"« {r.old_text} »" if r.old_text else ""
            after = f"« {r.new_text} »" if r.new_text else ""
            text = " → ".join(t for t in (before, after) if t)
            notes.append(f"Option modifiée ({change}){COLON}{text}.")
        return notes

    def not_comparable(self) -> Table:
        """The questions asked in one wave only (or declared not comparable), with the reason."""
        q = self.questions
        rows = q[q["kind"] == "not_comparable"]
        status = {
            "removed": f"{self.waves[0]} seulement",
            "added": f"{self.waves[1]} seulement (nouvelle question)",
            "not_comparable": "les deux vagues",
        }
        frame = pd.DataFrame(
            {
                "Question": rows["question_label"],
                "Posée en": rows["status"].map(status),
                "Raison": rows["reason"].map(french.sentence),
            }
        )
        notes = ["Ces questions ne sont pas comparées : ce ne sont pas des évolutions."]
        table = simple_table(
            frame, caption=self._table_caption("questions sans comparaison"), note=notes
        )
        return self._keep(table, "Questions non comparables")

    # -- interviews --------------------------------------------------------------------------
    def codes_table(self) -> Block:
        """Interviews in which each code is present, in each wave: one table per theme."""
        c = self.codes
        a, b = self.waves
        parts = []
        for theme, rows in c.groupby("theme_label", sort=False):
            frame = pd.DataFrame(
                {
                    "Code": rows["label"],
                    "Statut": rows["status"].map(CODE_STATUSES),
                    f"Entretiens {a}": [_count(v) for v in rows["count_a"]],
                    f"% {a}": [_or_missing(v) for v in rows["percent_a"]],
                    f"Entretiens {b}": [_count(v) for v in rows["count_b"]],
                    f"% {b}": [_or_missing(v) for v in rows["percent_b"]],
                    "Présence": rows["presence"].map(self._presence_labels()),
                }
            )
            table = simple_table(
                frame,
                caption=self._table_caption(f"codes des entretiens, {_lower_first(theme)}"),
                formats={
                    f"% {a}": "percent",
                    f"% {b}": "percent",
                    f"Entretiens {a}": "integer",
                    f"Entretiens {b}": "integer",
                },
                note=[self._interview_bases()],
                row_headers=True,
            )
            self._keep(table, f"Codes - {theme}")
            parts.append(str(table))
        notes = "".join(
            f'<p class="survey-table-note">{html.escape(n)}</p>' for n in self._interview_notes()
        )
        return Block(notes + "".join(parts))

    def _presence_labels(self) -> dict[str, str]:
        return {
            "both": "les deux vagues",
            "a_only": f"{self.waves[0]} seulement",
            "b_only": f"{self.waves[1]} seulement",
            "neither": "aucune",
        }

    def _interview_bases(self) -> str:
        return (
            f"Bases{COLON}{french.plural(len(self.a.documents), 'entretien')} en "
            f"{self.waves[0]}, {french.integer(len(self.b.documents))} en {self.waves[1]} ; "
            "un code compte une fois par entretien."
        )

    def _interview_notes(self) -> list[str]:
        origin = {
            True: "codage validé par l'analyste",
            False: "propositions du codage automatique, non validées",
        }
        return [
            f"Codage{COLON}{origin[self.a.validated]} ({self.waves[0]}) ; "
            f"{origin[self.b.validated]} ({self.waves[1]}).",
            "Lecture descriptive : avec quelques dizaines d'entretiens choisis parmi des "
            "volontaires, les écarts ne se testent pas comme ceux du questionnaire.",
            "Codes fusionnés : présents dans un entretien si l'un des codes anciens l'est ; "
            f"codes ajoutés ou retirés : « {french.MISSING} » dans la vague où ils n'existent "
            "pas.",
        ]

    def codes_in_one_wave(self) -> Table:
        """Codes present in one wave only (added, retired, or simply absent)."""
        c = self.codes
        rows = c[c["presence"].isin(["a_only", "b_only"])]
        frame = pd.DataFrame(
            {
                "Code": rows["label"],
                "Présent en": rows["presence"].map(self._presence_labels()),
                "Statut dans la grille": rows["status"].map(CODE_STATUSES),
                "Entretiens": [
                    _count(a if p == "a_only" else b)
                    for a, b, p in zip(
                        rows["count_a"], rows["count_b"], rows["presence"], strict=True
                    )
                ],
                "Note": rows["note"].fillna(""),
            }
        )
        table = simple_table(
            frame,
            caption=self._table_caption("codes présents dans une seule vague"),
            formats={"Entretiens": "integer"},
            note=[self._interview_bases()],
        )
        return self._keep(table, "Codes d'une seule vague")

    def _dimension(self) -> tuple[str, pd.DataFrame] | None:
        ids_a = [d.id for d in self.a.frame.dimensions]
        common = [d.id for d in self.b.frame.dimensions if d.id in ids_a]
        if not common:
            return None
        dim = common[0]
        table = compare_dimension(
            self.a.dimension(dim),
            self.b.dimension(dim),
            dimension_a=self.a.frame.dimension(dim),
            dimension_b=self.b.frame.dimension(dim),
        )
        return dim, table

    def belonging(self) -> Block:
        """The interview-level belonging dimension in both waves: a chart and a table."""
        found = self._dimension()
        if found is None:
            return Block(
                "<p>Les grilles n'ont pas de dimension commune au niveau de l'entretien.</p>"
            )
        dim, table = found
        values = table[table["kind"] == "value"]
        test = table[table["kind"] == "dimension"].iloc[0]
        label = self.b.frame.dimension(dim).label
        bases = (
            f"Bases{COLON}{french.plural(test['base_a'], 'entretien')} en {self.waves[0]}, "
            f"{french.integer(test['base_b'])} en {self.waves[1]}."
        )
        chart = paired_bar_chart(
            values,
            number=self._chart_number(),
            title=_lower_first(label) + " dans les entretiens",
            waves=self.waves,
            source=self._source,
            base_note=bases,
        )
        frame = pd.DataFrame(
            {
                "Valeur": values["label"],
                f"Entretiens {self.waves[0]}": [_count(v) for v in values["count_a"]],
                f"% {self.waves[0]}": values["percent_a"],
                f"Entretiens {self.waves[1]}": [_count(v) for v in values["count_b"]],
                f"% {self.waves[1]}": values["percent_b"],
            }
        )
        notes = [bases, "Une valeur par entretien (codage de l'analyste)."]
        if test["test"] != "none":
            notes.append(
                "À titre indicatif, test exact de Fisher (simulation de Monte-Carlo) : "
                f"p {_p_sentence(test['p_value'])} ; avec si peu d'entretiens, l'écart n'est "
                "pas une évolution établie."
            )
        shown = simple_table(
            frame,
            caption=self._table_caption(_lower_first(label)),
            formats={
                f"% {self.waves[0]}": "percent",
                f"% {self.waves[1]}": "percent",
                f"Entretiens {self.waves[0]}": "integer",
                f"Entretiens {self.waves[1]}": "integer",
            },
            note=notes,
            row_headers=True,
        )
        self._keep(shown, "Sentiment d'appartenance")
        return Block(chart.html() + str(shown))

    def keyword_clouds(self) -> Block:
        """The "3 mots clés" clouds of both waves side by side, and their table."""
        s = self.settings
        figures = []
        for material, keywords, wave in (
            (self.a, self.keywords_a, self.waves[0]),
            (self.b, self.keywords_b, self.waves[1]),
        ):
            number = self._chart_number()
            shown = keywords[
                (keywords["people"] >= s.min_people_cloud)
                & ~keywords["key"].astype(str).str.startswith("[")
            ]
            n = len(material.grid)
            title = f"Le SPRO en 3 mots clés, {wave}"
            if shown.empty:
                figures.append(
                    f"<p>{html.escape(title)} : aucun mot cité par au moins "
                    f"{s.min_people_cloud} personnes.</p>"
                )
                continue
            with tempfile.TemporaryDirectory() as tmp:
                png = Path(tmp) / "nuage.png"
                word_cloud(keywords, png=png, min_people=s.min_people_cloud, seed=s.seed)
                data = base64.b64encode(png.read_bytes()).decode("ascii")
            top = ", ".join(
                f"{d} ({c})" for d, c in zip(shown["display"], shown["count"], strict=True)
            )
            alt = (
                f"Graphique {number} : {title}. Mots les plus cités : {top}. Base : {n} entretiens."
            )
            figures.append(
                f'<figure class="graphique nuage"><img src="data:image/png;base64,{data}" '
                f'alt="{html.escape(alt)}"><figcaption>Graphique {number} : '
                f"{html.escape(title)}. Base : {n} entretiens. Source : enquête SPRO {wave}."
                "</figcaption></figure>"
            )
        both = compare_keywords(self.keywords_a, self.keywords_b, min_people=s.min_people_cloud)
        frame = pd.DataFrame(
            {
                "Mot clé": both["display"],
                f"Personnes {self.waves[0]}": both["people_a"],
                f"Personnes {self.waves[1]}": both["people_b"],
            }
        )
        table = simple_table(
            frame,
            caption=self._table_caption("mots clés des deux vagues (alternative textuelle)"),
            note=[
                f"Mots cités par au moins {s.min_people_cloud} personnes dans l'une des vagues ; "
                "réponses pseudonymisées avant d'être comptées.",
                self._interview_bases().split(" ; ")[0] + ".",
            ],
        )
        self._keep(table, "Mots clés")
        return Block(f'<div class="nuages-compares">{"".join(figures)}</div>{table}')

    # -- methods -----------------------------------------------------------------------------
    def methods(self) -> Block:
        """Tests, correction, thresholds, correspondences and privacy."""
        s = self.settings
        params = self.questions.attrs["params"]
        correction = CORRECTIONS[s.correction]
        qpath, fpath = self.questionnaire_mapping.path, self.frame_mapping.path
        parts = [
            f"<p>Questionnaire : {french.integer(len(self.a.responses))} réponses analysées en "
            f"{self.waves[0]}, {french.integer(len(self.b.responses))} en {self.waves[1]} "
            "(brouillons et doublons écartés à la lecture). Chaque pourcentage est calculé sur "
            "les répondants à la question ; pour une question à choix multiples, c'est la part "
            "des répondants qui ont coché l'option.</p>",
            "<p>Correspondance des questionnaires : une question se compare à la question de "
            "même identifiant, chaque option à l'option de même code, sauf exceptions notées "
            f"dans {html.escape(qpath.name) if qpath else 'aucun fichier'} (options scindées ou "
            "regroupées comparées sur une base commune, question renommée). Une question posée "
            "dans une seule vague est signalée « sans comparaison », jamais comme une "
            "évolution ; une reformulation ou un changement d'options est signalé sous le "
            "tableau.</p>",
            "<p>Tests : pour chaque modalité, test z de comparaison de deux proportions (variance "
            "commune, sans correction de continuité, comme <code>prop.test(correct = FALSE)</code>"
            " de R), ou test exact de Fisher quand un effectif théorique est inférieur à "
            f"{french.integer(s.min_expected)} ou une base inférieure à {s.small_base} ; pour "
            "chaque question à choix unique d'au moins trois modalités, test du khi-deux "
            "d'homogénéité des deux distributions (p-value de Monte-Carlo pour de petits "
            "effectifs théoriques). Une question à deux modalités compte pour un seul test. "
            f"Correction de {correction} pour les comparaisons multiples, appliquée ensemble "
            f"aux {french.integer(params['tests'])} tests du rapport ; seuil α = "
            f"{french.decimal(s.alpha, 2)}.</p>",
            "<p>Entretiens : présence de chaque code dans chaque entretien, à travers la "
            "correspondance des grilles "
            f"({html.escape(fpath.name) if fpath else 'mêmes identifiants'}) ; un code qui en "
            "fusionne plusieurs est présent si l'un d'eux l'était. Les entretiens, peu nombreux "
            "et choisis parmi des volontaires, sont comparés de façon descriptive.</p>",
            "<p>Confidentialité : les courriels et autres données de contact sont séparés des "
            "réponses dès la lecture et ne figurent nulle part ; aucun verbatim n'est cité ; les "
            "mots clés sont pseudonymisés avant d'être comptés et dessinés, et les nuages ne "
            f"gardent que les mots cités par au moins {s.min_people_cloud} personnes.</p>",
        ]
        return Block("".join(parts))

    def provenance(self) -> Table:
        """Versions, correspondence files, input hashes and parameters."""
        rows = []
        for package in ("survey", "pandas", "scipy", "statsmodels", "spacy", "wordcloud"):
            rows.append(("Version", package, _version(package)))
        for wave, material in zip(self.waves, (self.a, self.b), strict=True):
            rows.append(("Questionnaire", wave, material.questionnaire.id))
            rows.append(("Grille de codage", wave, material.frame.id))
            for path in [*material.wave.export_paths, material.wave.folder / "wave.yaml"]:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
                rows.append(
                    ("Empreinte SHA-256 (16 premiers caractères)", f"{wave} : {path.name}", digest)
                )
        for name, path in (
            ("questionnaires", self.questionnaire_mapping.path),
            ("grilles", self.frame_mapping.path),
        ):
            rows.append(
                (
                    f"Correspondance des {name}",
                    path.name if path else "aucune",
                    hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path else "",
                )
            )
        for name, value in vars(self.settings).items():
            rows.append(("Paramètre", name, str(value)))
        frame = pd.DataFrame(rows, columns=["Nature", "Élément", "Valeur"])
        return self._keep(simple_table(frame, caption="Provenance de la comparaison"), "Provenance")

    def save_workbook(self, name: str = "comparaison.xlsx") -> Path:
        """Write every table collected so far, then the full comparison data, one sheet each."""
        self.output.mkdir(parents=True, exist_ok=True)
        return write_workbook(self.output / name, [*self.sheets, *self._data_sheets()])

    def _data_sheets(self) -> list[tuple[str, pd.DataFrame, list[str]]]:
        q = self.questions
        a, b = self.waves
        questions = pd.DataFrame(
            {
                "Question": q["question"],
                "Libellé court": q["question_label"],
                "Ligne": q["kind"].map(
                    {
                        "category": "modalité",
                        "question": "ensemble",
                        "not_comparable": "sans comparaison",
                    }
                ),
                "Modalité": q["label"],
                f"Effectif {a}": q["count_a"],
                f"Base {a}": q["base_a"],
                f"% {a}": q["percent_a"],
                f"Effectif {b}": q["count_b"],
                f"Base {b}": q["base_b"],
                f"% {b}": q["percent_b"],
                "Écart (points)": 100 * q["difference"],
                "Test": q["test"].map(TEST_NAMES),
                "Statistique": q["statistic"],
                "ddl": q["dof"],
                "p": q["p_value"],
                "p ajustée": q["p_adjusted"],
                "Significatif": q["significant"].map({True: "oui", False: "non"}),
                "Question reformulée": q["wording_changed"].map({True: "oui", False: "non"}),
                "Options modifiées": q["options_changed"].map({True: "oui", False: "non"}),
                "Type modifié": q["type_changed"].map({True: "oui", False: "non"}),
                "Effectif faible": q["small_base"].map({True: "oui", False: "non"}),
                "Raison": q["reason"],
            }
        )
        questions.attrs["formats"] = {
            f"Effectif {a}": "integer",
            f"Base {a}": "integer",
            f"% {a}": "percent",
            f"Effectif {b}": "integer",
            f"Base {b}": "integer",
            f"% {b}": "percent",
            "Écart (points)": "decimal",
            "Statistique": "decimal",
            "ddl": "integer",
            "p": "text",
            "p ajustée": "text",
        }
        c = self.codes
        codes = pd.DataFrame(
            {
                "Code": c["code"],
                "Libellé": c["label"],
                "Thème": c["theme_label"],
                "Statut": c["status"].map(CODE_STATUSES),
                f"Codes {a}": c["old_codes"].map(" + ".join),
                f"Codes {b}": c["new_codes"].map(" + ".join),
                f"Entretiens {a}": c["count_a"],
                f"Base {a}": c["base_a"],
                f"% {a}": c["percent_a"],
                f"Entretiens {b}": c["count_b"],
                f"Base {b}": c["base_b"],
                f"% {b}": c["percent_b"],
                "Écart (points)": 100 * c["difference"],
                "p (Fisher, indicatif)": c["p_value"],
            }
        )
        codes.attrs["formats"] = {
            f"Entretiens {a}": "integer",
            f"Base {a}": "integer",
            f"% {a}": "percent",
            f"Entretiens {b}": "integer",
            f"Base {b}": "integer",
            f"% {b}": "percent",
            "Écart (points)": "decimal",
            "p (Fisher, indicatif)": "text",
        }
        return [
            (
                "Données questionnaire",
                questions,
                ["Toutes les comparaisons du questionnaire, nombres bruts.", self._significance()],
            ),
            (
                "Données entretiens",
                codes,
                [
                    "Présence des codes par entretien ; test de Fisher à titre indicatif, sans "
                    "correction."
                ],
            ),
        ]


# ----------------------------------------------------------------------------- helpers


def _p(value: float) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return french.MISSING
    return f"<{french.NBSP}0,001" if value < 0.001 else french.decimal(value, 3)


def _p_sentence(value: float) -> str:
    text = _p(value)
    return text if text.startswith("<") else f"= {text}"


def _count(value: float) -> object:
    """An integer count, or « – » where the code (or value) does not exist in that wave."""
    return french.MISSING if value is None or np.isnan(value) else int(value)


def _or_missing(value: float) -> object:
    return french.MISSING if value is None or np.isnan(value) else value


def _flags(row: pd.Series) -> str:
    flags = []
    if row["wording_changed"]:
        flags.append("question reformulée")
    if row["options_changed"]:
        flags.append("options modifiées")
    if row["type_changed"]:
        flags.append("type modifié")
    if row.get("grouped"):
        flags.append("modalités regroupées")
    if row["small_base"]:
        flags.append("effectif faible")
    return ", ".join(flags)


def _lower_first(text: str) -> str:
    """``Niveau de connaissance du SPRO`` → ``niveau de connaissance du SPRO`` (acronyms kept)."""
    first = text.split(" ", 1)[0]
    return text if first.isupper() and len(first) > 1 else text[:1].lower() + text[1:]


def _digits(proportion: float) -> int:
    percent = 100 * float(proportion)
    return 0 if percent == round(percent) else 1


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "non installé"
