"""The report, piece by piece: what the notebooks call, one public method per kind of block.

Every method returns a :class:`Block` (or a chart or a table) that a notebook displays as
HTML; tables and charts are also collected for the workbook (``tableaux.xlsx``).
"""

from __future__ import annotations

import base64
import dataclasses
import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from survey.cache import code_fingerprint, fingerprint
from survey.coding import best_quotes, code_presence, saturation
from survey.report import french
from survey.report.charts import Chart, bar_chart, curve_chart
from survey.report.commentary import Commentary
from survey.report.context import ReportContext
from survey.report.tables import crosstab_table, frequency_table, simple_table
from survey.report.workbook import write_workbook
from survey.stats import chi2_test, column_letters, crosstab, frequencies
from survey.versions import current_codes
from survey.weights import representativeness

CORRECTIONS = {"holm": "Holm", "fdr_bh": "Benjamini-Hochberg", "bonferroni": "Bonferroni"}


@dataclass(frozen=True)
class Block:
    """A piece of HTML for the report."""

    markup: str

    def _repr_html_(self) -> str:
        return self.markup


class Report:
    """Open a wave and produce the blocks of its report.

    Parameters
    ----------
    wave
        A wave folder (``wave.yaml``); the bundled 2025 example by default.
    output
        Where the workbook (``tableaux.xlsx``) is written.
    small_base, disclosure, alpha, correction
        Small-base flag, disclosure threshold, significance level and multiple-comparison
        correction of the column letters; all recorded in the methods appendix.
    """

    def __init__(self, wave=None, *, output: str | Path = "reports", **settings):
        self.context = ReportContext.open(wave, **settings)
        self.output = Path(output)
        self.sheets: list[tuple[str, pd.DataFrame, list[str]]] = []
        c = self.context
        commentary = c.wave.spec.commentary
        self.commentary = Commentary(c.wave.path(commentary), c.figures) if commentary else None

    # -- text -------------------------------------------------------------------------------
    def title(self, *, subtitle: str | None = None) -> Block:
        """The title of the study (from wave.yaml), with the collection period."""
        spec = self.context.wave.spec
        sub = f'<p class="sous-titre">{html.escape(subtitle)}</p>' if subtitle else ""
        return Block(
            f"<h1>{html.escape(spec.title)}</h1>{sub}<p>Étude mixte par questionnaire et "
            f"entretiens, {spec.year}. Collecte {self.context.figures['periode']}.</p>"
        )

    def text(self, section: str) -> Block:
        """A section of the analyst's commentary, figures filled in."""
        return Block(f'<div class="commentaire">{self._commentary(section)}</div>')

    def retain(self, section: str, *, title: str = "À retenir") -> Block:
        """An "À retenir" box from a commentary section."""
        body = self._commentary(section)
        return Block(f'<div class="a-retenir" role="note"><h4>{title}</h4>{body}</div>')

    def _commentary(self, section: str) -> str:
        if self.commentary is None:
            return ""
        return self.commentary.html(section)

    def key_figures(self) -> Block:
        """The key figures of the survey, as a list of boxes."""
        f = self.context.figures
        items = [
            (f["n:repondants"], "répondants au questionnaire"),
            (f["periode"], "période de collecte"),
            (f["n:volontaires"], "volontaires pour un entretien"),
            (f["n:entretiens"], "entretiens réalisés"),
            (f["pct:membre.net_moyennement_ou_pas"], "se sentent moyennement ou pas membres"),
            (f["pct:kit.oui"], "souhaitent recevoir le kit SPRO"),
        ]
        boxes = "".join(
            f'<li><span class="chiffre">{html.escape(v)}</span> {html.escape(t)}</li>'
            for v, t in items
        )
        return Block(f'<ul class="chiffres-cles" aria-label="Chiffres clés">{boxes}</ul>')

    # -- questionnaire ----------------------------------------------------------------------
    def chart(self, question: str, *, number: int, title: str, sort: bool = False):
        """A bar chart of a question's distribution, with its table for the workbook."""
        c = self.context
        freq = frequencies(
            c.responses, question, questionnaire=c.questionnaire, small_base=c.settings.small_base
        )
        chart = bar_chart(freq, number=number, title=title, source=c.source, sort=sort)
        chart = self._stored(chart, "chart", question, number, title, sort)
        table = frequency_table(
            freq, caption=f"Graphique {number} : {title}", questionnaire=c.questionnaire
        )
        self.sheets.append(table.sheet(f"G{number} {title}"))
        return chart

    def table(self, question: str, *, caption: str):
        """A question's distribution as a table (counts, %, intervals, base)."""
        c = self.context
        freq = frequencies(c.responses, question, questionnaire=c.questionnaire)
        table = frequency_table(freq, caption=caption, questionnaire=c.questionnaire)
        self.sheets.append(table.sheet(caption))
        return table

    def crosstab(self, row: str, col: str, *, caption: str):
        """A cross-tab with column letters and the independence test named in a note."""
        c = self.context
        s = c.settings
        ct = crosstab(c.responses, row, col, questionnaire=c.questionnaire, small_base=s.small_base)
        letters = column_letters(
            c.responses,
            row,
            col,
            questionnaire=c.questionnaire,
            alpha=s.alpha,
            correction=s.correction,
        )
        test = chi2_test(c.responses, row, col, questionnaire=c.questionnaire).iloc[0]
        note = _test_note(test)
        table = crosstab_table(
            ct, letters, caption=caption, note=note, suppress_threshold=s.disclosure
        )
        self.sheets.append(table.sheet(caption))
        return table

    # -- interviews -------------------------------------------------------------------------
    def profile_chart(self, attribute: str, *, number: int, title: str):
        """A one-way distribution of the interviewees (graphs 14–17)."""
        c = self.context
        profiles = c.profiles.copy()
        q = c.questionnaire
        if attribute in {x.id for x in q.questions}:
            profiles[attribute] = pd.Categorical(
                profiles[attribute], categories=q.question(attribute).codes, ordered=True
            )
        freq = frequencies(
            profiles, attribute, questionnaire=q if attribute in profiles else None, small_base=0
        )
        freq = freq[(freq["kind"] != "option") | (freq["count"] > 0)]
        n = len(profiles)
        chart = bar_chart(
            freq,
            number=number,
            title=title,
            source=c.source,
            base_note=f"Base : {n} personnes interviewées.",
            sort=True,
        )
        chart = self._stored(chart, "profile_chart", attribute, number, title)
        self.sheets.append(
            frequency_table(
                freq, caption=f"Graphique {number} : {title}", questionnaire=q, ci=False
            ).sheet(f"G{number} {title}")
        )
        return chart

    def keyword_cloud(self, *, number: int, title: str = "Le SPRO en 3 mots clés") -> Block:
        """The keyword cloud (grid's "3 mots clés"), with its frequency table beside it."""
        c = self.context
        min_people = c.settings.min_people_cloud
        freq, png = c.keyword_cloud()
        data = base64.b64encode(png).decode("ascii")
        shown = freq[freq["people"] >= min_people]
        top = ", ".join(f"{d} ({n})" for d, n in zip(shown["display"], shown["count"], strict=True))
        alt = (
            f"Graphique {number} : {title}. Mots les plus cités : {top}. "
            f"Base : {len(c.grid)} entretiens."
        )
        table = simple_table(
            shown,
            caption=f"Graphique {number} : fréquence des mots clés (alternative textuelle)",
            columns={"display": "Mot clé", "count": "Citations", "people": "Personnes"},
            note=f"Mots cités par au moins {c.settings.min_people_cloud} personnes.",
        )
        self.sheets.append(table.sheet(f"G{number} mots clés"))
        figure = (
            f'<figure class="graphique nuage"><img src="data:image/png;base64,{data}" '
            f'alt="{html.escape(alt)}"><figcaption>Graphique {number} : {html.escape(title)}. '
            f"Base : {len(c.grid)} entretiens. Source : {c.source}.</figcaption></figure>"
        )
        return Block(f'<div class="nuage-et-table">{figure}{table}</div>')

    def belonging_table(self) -> object:
        """ "Sentiment / nombre d'occurrences / extraits types" from the validated coding."""
        c = self.context
        dim = c.coding.frame.dimension("appartenance")
        counts = c.coding.dimension("appartenance").value_counts()
        code_of = {v: k for k, v in dim.proposed_from.items()}
        rows = []
        for value, label in dim.values.items():
            quotes = best_quotes(
                c.coding.validated, code_of[value], n=3, min_chars=15, max_chars=140
            )["quote"].tolist()
            rows.append(
                {
                    "Sentiment exprimé": label,
                    "Nombre d'entretiens": int(counts.get(value, 0)),
                    "Extraits types": [f"« {q} »" for q in quotes],
                }
            )
        n = c.coding.turns["interview_id"].nunique()
        table = simple_table(
            pd.DataFrame(rows),
            caption=f"Répartition des sentiments d'appartenance ({n} entretiens)",
            note="Codage automatique validé par l'analyste ; une valeur par entretien.",
        )
        self.sheets.append(table.sheet("Sentiment d'appartenance"))
        return table

    def quotes(self, codes: list[str], *, title: str = "Paroles de professionnels") -> Block:
        """A block of short quotes for some codes, redacted, attributed to pseudonyms only.

        Codes of an earlier version of the frame are read as this wave's frame names them
        (a merged code becomes its successor, a retired one is left out), so that the same
        notebook serves every wave.
        """
        c = self.context
        seen: set[str] = set()
        items = []
        for code in current_codes(c.coding.frame, codes):
            for q in best_quotes(
                c.coding.validated, code, n=2, min_chars=40, max_chars=220
            ).itertuples():
                if q.document not in seen and len(items) < 4:
                    seen.add(q.document)
                    items.append(f"<blockquote><p>« {html.escape(q.quote)} »</p></blockquote>")
        return Block(f'<section class="paroles"><h4>{title}</h4>{"".join(items)}</section>')

    # -- methods appendix -------------------------------------------------------------------
    def methods(self) -> Block:
        """Bases, tests, thresholds, pseudonymisation and suppression records."""
        c = self.context
        s = c.settings
        counts = c.redactor.counts
        kinds = {
            "PERSON": "noms de personnes",
            "EMAIL": "courriels",
            "PHONE": "téléphones",
            "URL": "liens portant un nom",
            "PLACE": "communes",
        }
        redacted = ", ".join(f"{french.integer(counts.get(k, 0))} {v}" for k, v in kinds.items())
        suppressed = ", ".join(f"{v} : {k}" for k, v in c.disclosure.counts.items()) or "aucun"
        acc = c.reading.accounting
        parts = [
            f"<p>Questionnaire : {french.integer(acc.rows_read)} lignes lues, "
            f"{french.integer(acc.drafts)} brouillons et {french.integer(acc.duplicates)} "
            f"doublon(s) écartés, {french.integer(acc.kept)} réponses analysées. Chaque "
            "pourcentage est calculé sur les répondants à la question (la base est indiquée "
            "sous chaque graphique) ; "
            f"une base inférieure à {s.small_base} est signalée « effectif faible ».</p>",
            "<p>Intervalles de confiance à 95 % : méthode de Wilson. Tableaux croisés : test du "
            "khi-deux de Pearson (test exact de Fisher ou p-value de Monte-Carlo quand un effectif "
            "théorique est inférieur à 5) ; comparaisons des proportions colonne par colonne "
            f"(test z), correction de {CORRECTIONS.get(s.correction, s.correction)} pour les "
            f"comparaisons multiples, seuil α = {french.decimal(s.alpha, 2)}.</p>",
            "<p>Confidentialité : les courriels sont séparés des réponses dès la lecture et ne "
            "figurent dans aucun tableau. Tous les verbatims sont pseudonymisés avant d'être "
            f"cités, comptés ou dessinés ; remplacements effectués : {redacted}. Les interviewés "
            f"sont désignés par un pseudonyme. Les cases de moins de {s.disclosure} personnes des "
            f"tableaux croisés sont masquées ; les mots des nuages sont cités par au moins "
            f"{s.min_people_cloud} personnes. Masquages et regroupements : {suppressed}.</p>",
        ]
        return Block("".join(parts))

    def coding_frame(self):
        """The coding frame with definitions, and which codes the analyst validated."""
        c = self.context
        book = c.coding.frame.table()
        validated = set(c.coding.validated["code"])
        book["validé"] = book["code"].map(lambda x: "oui" if x in validated else "non")
        table = simple_table(
            book,
            caption="Grille de codage des entretiens",
            columns={
                "theme_label": "Thème",
                "label": "Code",
                "definition": "Définition",
                "validé": "Codes validés par l'analyste",
            },
        )
        self.sheets.append(table.sheet("Grille de codage"))
        return table

    def reliability(self):
        """Agreement between the auto-coding and the analyst's validated coding."""
        c = self.context
        table = c.coding_agreement()
        labels = {k: v.label for k, v in c.coding.frame.codes.items()} | {"_overall": "Ensemble"}
        table = table.assign(code=table["code"].map(labels))
        shown = simple_table(
            table,
            caption="Accord entre le codage automatique et le codage validé",
            columns={
                "code": "Code",
                "both": "Les deux",
                "only_a": "Automatique seul",
                "only_b": "Analyste seul",
                "percent_agreement": "Accord",
                "cohen_kappa": "Kappa de Cohen",
                "krippendorff_alpha": "Alpha de Krippendorff",
            },
            formats={"Accord": "percent"},
            note="Unité : la phrase d'interviewé ; un code par décision.",
        )
        self.sheets.append(shown.sheet("Fiabilité du codage"))
        return shown

    def saturation_curve(self, *, number: int):
        """New codes per interview, cumulated, in interview order."""
        c = self.context
        docs = sorted(c.coding.segments["document"].unique())
        presence = code_presence(
            c.coding.validated, documents=docs, codes=list(c.coding.frame.codes)
        )
        curve = saturation(presence, k=3)
        after = curve.attrs.get("saturation_after")
        chart = curve_chart(
            list(range(1, len(curve) + 1)),
            curve["cumulative_codes"].tolist(),
            number=number,
            title="Courbe de saturation des codes",
            x_label="Entretiens (ordre de réalisation)",
            y_label="Codes distincts rencontrés",
            source=c.source,
            base_note=f"Base : {len(curve)} entretiens.",
        )
        chart = self._stored(chart, "saturation_curve", number)
        self.sheets.append(("Saturation", curve.drop(columns=["new_code_list"]), []))
        if after is None:
            verdict = (
                "La saturation n'est pas atteinte : des codes nouveaux apparaissent jusqu'au bout."
            )
        else:
            position = curve["interview"].tolist().index(after) + 1
            verdict = (
                f"Saturation : après le {position}e entretien, trois entretiens consécutifs "
                "n'apportent aucun code nouveau."
            )
        return Block(f"{chart.html()}<p>{verdict}</p>")

    def representativeness(self, variable: str, *, caption: str):
        """Sample against population shares, with a goodness-of-fit test."""
        c = self.context
        margins = c.wave.spec.margins.get(variable)
        table = representativeness(c.responses, variable, margins, questionnaire=c.questionnaire)
        test = table.attrs["test"]
        note = (
            f"Test d'ajustement du khi-deux : χ² = {french.decimal(test['statistic'])}, "
            f"ddl = {int(test['dof'])}, p {_p(test['p_value'])}."
        )
        shown = simple_table(
            table,
            caption=caption,
            columns={
                "label": "Catégorie",
                "count": "Répondants",
                "percent": "Part dans l'échantillon",
                "population_percent": "Part dans la population",
                "difference": "Écart",
            },
            formats={
                "Répondants": "integer",
                "Part dans l'échantillon": "percent",
                "Part dans la population": "percent",
                "Écart": "percent",
            },
            note=note,
        )
        self.sheets.append(shown.sheet(caption))
        return shown

    def provenance(self):
        """Versions, model, input hashes, parameters: to compare next year's re-run."""
        table = simple_table(self.context.provenance(), caption="Provenance du rapport")
        self.sheets.append(table.sheet("Provenance"))
        return table

    def _stored(self, chart: Chart, *call: str | int | bool) -> Chart:
        """The chart, its drawings kept in the cache under the wave's material, the settings,
        the code and the call that made it: the method and every argument it was given
        (``"chart", "membre", 9, title, sort``); an argument left out would let a changed
        chart be read back unchanged."""
        c = self.context
        settings = tuple(sorted(vars(c.settings).items()))
        key = fingerprint("chart", c.key, code_fingerprint(__name__), settings, call)
        return dataclasses.replace(chart, stored=(key, fingerprint(c.scope, "chart", call)))

    def save_workbook(self, name: str = "tableaux.xlsx") -> Path:
        """Write every table collected so far, one sheet each."""
        self.output.mkdir(parents=True, exist_ok=True)
        return write_workbook(self.output / name, self.sheets)


def _p(value: float) -> str:
    return "< 0,001" if value < 0.001 else f"= {french.decimal(value, 3)}"


TEST_NAMES = {
    "pearson": "khi-deux de Pearson",
    "pearson_monte_carlo": "khi-deux de Pearson, p-value de Monte-Carlo (petits effectifs)",
    "fisher": "test exact de Fisher",
    "fisher_monte_carlo": "test exact de Fisher par simulation de Monte-Carlo",
    "smmi_bonferroni": "khi-deux option par option avec correction de Bonferroni (choix multiples)",
    "spmi_bonferroni": "khi-deux par paire d'options, correction de Bonferroni (choix multiples)",
    "rao_scott_f": "khi-deux avec correction de Rao-Scott (pondération)",
    "rao_scott_chisq": "khi-deux avec correction de Rao-Scott d'ordre 1 (pondération)",
}


def _test_note(test: pd.Series) -> str:
    name = TEST_NAMES.get(str(test["test"]), str(test["test"]).replace("_", " "))
    return (
        f"Test d'indépendance ({name}) : statistique = {french.decimal(test['statistic'])}, "
        f"p {_p(test['p_value'])} ; V de Cramér = {french.decimal(test['cramer_v'], 2)}."
    )
