"""How a variable of the responses table is found, described and turned into indicators.

The reader's layout (see ``survey.stats`` docstring): a single-choice or yes/no
question is one categorical column named after the question; a multiple-choice
question is one nullable boolean column per option, ``<id>__<code>``. With a
questionnaire the options, labels and nets come from it; without one they are
inferred from the data (categories of the categorical, or sorted unique values;
labels are the codes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from survey.errors import SurveyError

if TYPE_CHECKING:
    from survey.questionnaire import Questionnaire

WeightLike = str | pd.Series | np.ndarray | None


@dataclass(frozen=True)
class NetSpec:
    """A net: a code, a label and the option codes it groups."""

    code: str
    label: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Variable:
    """A choice variable as the statistics see it."""

    id: str
    kind: Literal["single", "multiple"]
    codes: tuple[object, ...]
    labels: tuple[str, ...]
    nets: tuple[NetSpec, ...]
    columns: tuple[str, ...]

    @property
    def code_strings(self) -> list[str]:
        return [str(c) for c in self.codes]


@dataclass(frozen=True)
class Indicators:
    """Respondent-level answers of one variable.

    ``answered`` is True where the respondent answered (chose at least one option).
    A single-choice variable keeps ``codes``, the option index of each answer (-1 when
    missing), and no matrix; a multiple-choice variable keeps ``matrix``, (n, k)
    float64 with 1.0 where option j was ticked, and no codes.
    """

    variable: Variable
    answered: np.ndarray
    codes: np.ndarray | None = None
    matrix: np.ndarray | None = None

    @property
    def single(self) -> bool:
        return self.codes is not None

    def net_members(self) -> list[list[int]]:
        """Option indices grouped by each net."""
        index = {str(c): j for j, c in enumerate(self.variable.codes)}
        return [[index[m] for m in net.members if m in index] for net in self.variable.nets]

    def rows(self) -> tuple[list[str], list[str], list[str]]:
        """Codes, labels and kinds of the options followed by the nets."""
        var = self.variable
        codes = var.code_strings + [net.code for net in var.nets]
        labels = list(var.labels) + [net.label for net in var.nets]
        kinds = ["option"] * len(var.codes) + ["net"] * len(var.nets)
        return codes, labels, kinds

    def matrix_with_nets(self) -> np.ndarray:
        """Multiple choice: the option columns followed by one column per net (any ticked)."""
        if self.matrix is None:
            raise TypeError("matrix_with_nets() is for multiple-choice variables")
        blocks = [self.matrix]
        for members in self.net_members():
            column = self.matrix[:, members].max(axis=1) if members else np.zeros(len(self.matrix))
            blocks.append(column[:, None])
        return np.hstack(blocks) if len(blocks) > 1 else self.matrix


def add_nets(table: np.ndarray, members: list[list[int]], axis: int = 0) -> np.ndarray:
    """Append net rows (sums of member option rows) to a table of a single-choice variable."""
    if not members:
        return table
    nets = [np.take(table, m, axis=axis).sum(axis=axis, keepdims=True) for m in members]
    return np.concatenate([table, *nets], axis=axis)


def resolve(
    responses: pd.DataFrame, variable_id: str, questionnaire: Questionnaire | None
) -> Variable:
    """Describe ``variable_id`` from the questionnaire (when it knows it) or from the data."""
    if not isinstance(responses, pd.DataFrame):
        raise SurveyError(
            f"Les réponses doivent être un DataFrame pandas (reçu : {type(responses).__name__})."
        )
    if questionnaire is not None:
        found = _from_questionnaire(responses, variable_id, questionnaire)
        if found is not None:
            return found
    return _from_data(responses, variable_id)


def _from_questionnaire(
    responses: pd.DataFrame, variable_id: str, questionnaire: Questionnaire
) -> Variable | None:
    try:
        item = questionnaire.variable(variable_id)
    except KeyError:
        return None
    qtype = getattr(item, "type", "single")
    if qtype not in ("single", "multiple", "yesno"):
        raise SurveyError(
            f"La question « {variable_id} » est de type « {qtype} » : seules les questions "
            "à choix (single, multiple, yesno) se tabulent. Pour le texte libre, utilisez "
            "le module de traitement du texte."
        )
    codes = tuple(o.code for o in item.options)
    labels = tuple(o.label for o in item.options)
    nets = tuple(
        NetSpec(n.code, n.label, tuple(n.options)) for n in getattr(item, "nets", []) or []
    )
    if qtype == "multiple":
        columns = tuple(f"{variable_id}__{c}" for c in codes)
        missing = [c for c in columns if c not in responses.columns]
        if missing:
            raise SurveyError(
                f"La question à choix multiples « {variable_id} » n'a pas toutes ses colonnes "
                f"dans les réponses (manquantes : {', '.join(missing)}). Vérifiez que les "
                "réponses ont été lues avec ce questionnaire."
            )
        return Variable(variable_id, "multiple", codes, labels, nets, columns)
    if variable_id not in responses.columns:
        raise SurveyError(_missing_message(responses, variable_id))
    return Variable(variable_id, "single", codes, labels, nets, (variable_id,))


def _from_data(responses: pd.DataFrame, variable_id: str) -> Variable:
    if variable_id in responses.columns:
        series = responses[variable_id]
        if isinstance(series.dtype, pd.CategoricalDtype):
            codes = tuple(series.cat.categories)
        else:
            values = pd.unique(series.dropna())
            try:
                codes = tuple(sorted(values))
            except TypeError:
                codes = tuple(sorted(values, key=str))
        labels = tuple(str(c) for c in codes)
        return Variable(variable_id, "single", codes, labels, (), (variable_id,))
    prefix = f"{variable_id}__"
    columns = tuple(c for c in responses.columns if isinstance(c, str) and c.startswith(prefix))
    if columns:
        codes = tuple(c[len(prefix) :] for c in columns)
        return Variable(variable_id, "multiple", codes, codes, (), columns)
    raise SurveyError(_missing_message(responses, variable_id))


def _missing_message(responses: pd.DataFrame, variable_id: str) -> str:
    shown = sorted({str(c).split("__")[0] for c in responses.columns})
    listed = ", ".join(shown[:30]) + (" …" if len(shown) > 30 else "")
    return (
        f"Variable « {variable_id} » absente des réponses (ni colonne « {variable_id} », "
        f"ni colonnes « {variable_id}__<option> »). Variables disponibles : {listed}. "
        "Les noms sont sensibles à la casse."
    )


def indicators(responses: pd.DataFrame, var: Variable) -> Indicators:
    """Read the answers of ``var`` (codes for single choice, a 0/1 matrix for multiple)."""
    n = len(responses)
    if var.kind == "multiple":
        block = responses.loc[:, list(var.columns)]
        try:
            values = block.to_numpy(dtype="float64", na_value=np.nan)
        except (TypeError, ValueError) as exc:
            raise SurveyError(
                f"Les colonnes de la question à choix multiples « {var.id} » doivent être "
                "booléennes (True/False, vide pour « non répondu ») ; convertissez-les avant "
                "l'analyse."
            ) from exc
        matrix = np.where(values == 1.0, 1.0, 0.0)
        answered = matrix.max(axis=1) > 0 if len(var.codes) else np.zeros(n, dtype=bool)
        return Indicators(var, answered, matrix=matrix)
    codes = _single_codes(responses[var.id], var)
    return Indicators(var, codes >= 0, codes=codes)


def _single_codes(series: pd.Series, var: Variable) -> np.ndarray:
    """Option index of each answer (-1 when missing); unknown values raise."""
    wanted = list(var.codes)
    if isinstance(series.dtype, pd.CategoricalDtype):
        categories = list(series.cat.categories)
        raw = series.cat.codes.to_numpy()
        if categories == wanted:
            return raw.astype(np.int64)
        position = {c: j for j, c in enumerate(wanted)}
        lookup = np.array([position.get(c, -2) for c in categories] + [-1], dtype=np.int64)
        codes = lookup[raw]  # raw == -1 picks the trailing -1
        unknown = codes == -2
        if unknown.any():
            bad = sorted({str(categories[i]) for i in np.unique(raw[unknown])})
            raise SurveyError(_unknown_message(var, bad))
        return codes
    present = series.notna().to_numpy()
    cat = pd.Categorical(series, categories=wanted)
    codes = np.asarray(cat.codes, dtype=np.int64)
    unknown = present & (codes < 0)
    if unknown.any():
        bad = sorted({str(v) for v in series[unknown]})
        raise SurveyError(_unknown_message(var, bad))
    return codes


def _unknown_message(var: Variable, bad: list[str]) -> str:
    return (
        f"La variable « {var.id} » contient des valeurs qui ne sont pas des options "
        f"({', '.join(bad[:10])}) ; options attendues : {', '.join(var.code_strings)}. "
        "Recodez ces valeurs ou complétez le questionnaire."
    )


def resolve_weights(responses: pd.DataFrame, weight: WeightLike) -> tuple[np.ndarray | None, str]:
    """Return the weight vector aligned on ``responses`` (or None) and a name for the params."""
    if weight is None:
        return None, "none"
    if isinstance(weight, str):
        if weight not in responses.columns:
            raise SurveyError(
                f"Colonne de pondération « {weight} » absente des réponses ; passez le nom "
                "d'une colonne existante ou la série renvoyée par survey.weights.rake()."
            )
        values = pd.to_numeric(responses[weight], errors="coerce").to_numpy(dtype="float64")
        name = weight
    elif isinstance(weight, pd.Series):
        if not weight.index.equals(responses.index):
            missing = responses.index.difference(weight.index)
            if len(missing):
                raise SurveyError(
                    f"La série de pondération n'a pas de poids pour {len(missing)} "
                    "répondant(s) (index différents) ; calculez-la sur les mêmes réponses."
                )
            weight = weight.reindex(responses.index)
        values = pd.to_numeric(weight, errors="coerce").to_numpy(dtype="float64")
        name = str(weight.name) if weight.name is not None else "series"
    else:
        values = np.asarray(weight, dtype="float64")
        name = "array"
        if values.shape != (len(responses),):
            raise SurveyError(
                f"Le vecteur de pondération a {values.size} valeurs pour {len(responses)} "
                "répondants ; il faut un poids par répondant."
            )
    check_weights(values, name)
    return values, name


def check_weights(values: np.ndarray, name: str) -> None:
    """Raise a French SurveyError unless every weight is finite and non-negative."""
    bad = ~np.isfinite(values)
    if bad.any():
        raise SurveyError(
            f"La pondération « {name} » a {int(bad.sum())} valeur(s) manquante(s) ou non "
            "numérique(s) ; donnez un poids à chaque répondant (ou retirez-les des réponses)."
        )
    if (values < 0).any():
        raise SurveyError(
            f"La pondération « {name} » contient des poids négatifs ; les poids doivent être "
            "positifs ou nuls."
        )
