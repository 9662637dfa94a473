"""Agreement between coders: Cohen's kappa, Fleiss' kappa, Krippendorff's alpha, per-code agreement.

Computation only: labels, tables or arrays in, floats or a tidy DataFrame out. A
coefficient that is undefined on the data (for example when both coders give the
same answer to every unit, so that chance agreement is already perfect) is NaN,
never an error and never a warning; an input that cannot be read raises
:class:`~survey.errors.SurveyError` with a French message.

Which coefficient for which question:

- :func:`cohen_kappa`: two coders, every unit coded by both (pairs with a missing
  value are dropped), nominal or, with ``weights``, ordinal categories (Cohen 1960,
  1968). The statistic NVivo and MAXQDA report.
- :func:`fleiss_kappa`: several raters, the same number per subject, raters not
  necessarily the same people (Fleiss 1971).
- :func:`krippendorff_alpha`: any number of coders, missing values allowed, nominal,
  ordinal, interval or ratio data (Krippendorff 2011). The statistic ATLAS.ti reports.
- :func:`agreement_by_code`: two coders (or auto-coding against a reviewer) who put
  zero, one or several codes on each unit: one yes/no decision per code and unit.

References
----------
Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and
Psychological Measurement*, 20(1), 37-46.

Cohen, J. (1968). Weighted kappa. *Psychological Bulletin*, 70(4), 213-220.

Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters.
*Psychological Bulletin*, 76(5), 378-382.

Krippendorff, K. (2011). *Computing Krippendorff's Alpha-Reliability*. Annenberg
School for Communication, University of Pennsylvania, https://repository.upenn.edu/asc_papers/43
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from survey.errors import SurveyError

__all__ = [
    "agreement_by_code",
    "cohen_kappa",
    "fleiss_kappa",
    "krippendorff_alpha",
]

KappaWeights = Literal["linear", "quadratic"]
Level = Literal["nominal", "ordinal", "interval", "ratio"]
_LEVELS = ("nominal", "ordinal", "interval", "ratio")
_WEIGHTS = ("linear", "quadratic")

# Columns of the codings tables and of the agreement_by_code output.
UNIT = "unit"
CODE = "code"
UNITS = "units"
BOTH = "both"
ONLY_A = "only_a"
ONLY_B = "only_b"
NEITHER = "neither"
PERCENT_AGREEMENT = "percent_agreement"
COHEN_KAPPA = "cohen_kappa"
KRIPPENDORFF_ALPHA = "krippendorff_alpha"
OVERALL_CODE = "_overall"
_AGREEMENT_COLUMNS = [
    CODE,
    UNITS,
    BOTH,
    ONLY_A,
    ONLY_B,
    NEITHER,
    PERCENT_AGREEMENT,
    COHEN_KAPPA,
    KRIPPENDORFF_ALPHA,
]


# --------------------------------------------------------------------------- Cohen


def cohen_kappa(
    a: Sequence[Hashable] | pd.Series | np.ndarray,
    b: Sequence[Hashable] | pd.Series | np.ndarray,
    *,
    labels: Sequence[Hashable] | None = None,
    weights: KappaWeights | None = None,
) -> float:
    """Cohen's kappa between two coders, optionally weighted for ordered categories.

    ``kappa = 1 - sum(d * O) / sum(d * E)``, where ``O`` is the observed table of
    pairs, ``E`` the table expected from the two coders' margins and ``d`` the
    disagreement weight of each cell: 0 on the diagonal and 1 off it (Cohen 1960),
    ``|i - j|`` (``weights="linear"``, Cicchetti-Allison) or ``(i - j)**2``
    (``weights="quadratic"``, Fleiss-Cohen), ``i`` and ``j`` being the ranks of the
    categories in ``labels`` (Cohen 1968). Unweighted, this is ``(po - pe) / (1 - pe)``.
    These are the weights of R ``irr::kappa2`` (``weight="equal"``, ``"squared"``) and of
    Stata ``kap`` (``wgt(w)``, ``wgt(w2)``).

    Parameters
    ----------
    a, b : sequence, pandas.Series or numpy.ndarray
        The category each coder gave to each unit, in the same unit order (by
        position; a Series index is ignored). A pair where either value is missing
        (None, NaN, <NA>) is dropped.
    labels : sequence, optional
        The categories, in order (the order matters only with ``weights``).
        Default: the values observed, sorted. A value outside ``labels`` is an error.
    weights : {"linear", "quadratic"}, optional
        Weight the disagreements by the distance between ranks, for ordered
        categories. Default: unweighted kappa (nominal categories).

    Returns
    -------
    float
        Kappa, at most 1 (perfect agreement), 0 when agreement is what the margins
        alone would give, negative below. NaN when chance agreement is already
        perfect (both coders used one and the same category for every unit).

    Raises
    ------
    SurveyError
        Sequences of different lengths, no complete pair, a value outside
        ``labels``, unknown ``weights``, or unsortable categories with ``weights``.

    Examples
    --------
    Wikipedia's example (50 grant proposals, yes/no): 20 yes-yes, 5 yes-no, 10 no-yes
    and 15 no-no give ``po = 0.7``, ``pe = 0.5`` and kappa 0.4.

    >>> a = ["yes"] * 25 + ["no"] * 25
    >>> b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    >>> round(cohen_kappa(a, b), 3)
    0.4
    """
    if weights is not None and weights not in _WEIGHTS:
        raise SurveyError(
            f"Pondération « {weights} » inconnue pour le kappa de Cohen : choisissez "
            "weights='linear', weights='quadratic' ou aucune (None)."
        )
    first = _as_series(a)
    second = _as_series(b)
    if len(first) != len(second):
        raise SurveyError(
            f"Kappa de Cohen : les deux codeurs n'ont pas le même nombre d'unités "
            f"({len(first)} et {len(second)}). Passez les codes des mêmes unités, dans le "
            "même ordre (une valeur manquante pour une unité non codée)."
        )
    complete = first.notna().to_numpy() & second.notna().to_numpy()
    first = first[complete]
    second = second[complete]
    if len(first) == 0:
        raise SurveyError(
            "Kappa de Cohen : aucune unité n'est codée par les deux codeurs ; "
            "impossible de mesurer l'accord."
        )
    categories = _categories(
        pd.concat([first, second], ignore_index=True),
        labels,
        ordered=weights is not None,
        what="Kappa de Cohen",
    )
    k = len(categories)
    i = _positions(first, categories, "Kappa de Cohen")
    j = _positions(second, categories, "Kappa de Cohen")
    observed = np.zeros((k, k))
    np.add.at(observed, (i, j), 1.0)
    rows, cols = np.indices((k, k))
    if weights is None:
        disagreement = (rows != cols).astype(float)
    elif weights == "linear":
        disagreement = np.abs(rows - cols).astype(float)
    else:
        disagreement = ((rows - cols) ** 2).astype(float)
    n = observed.sum()
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / n
    expected_disagreement = float((disagreement * expected).sum())
    if expected_disagreement == 0:
        return float("nan")
    return float(1.0 - (disagreement * observed).sum() / expected_disagreement)


# --------------------------------------------------------------------------- Fleiss


def fleiss_kappa(table: pd.DataFrame | np.ndarray | Sequence[Sequence[float]]) -> float:
    """Fleiss' kappa for several raters per subject, from a subjects x categories count table.

    Each row is a subject, each column a category, each cell the number of raters
    who put that subject in that category; every subject has the same number ``m``
    of raters (not necessarily the same people). With ``p_j`` the share of all
    assignments to category ``j`` and ``P_i = (sum_j n_ij**2 - m) / (m (m - 1))`` the
    agreement on subject ``i``, ``kappa = (mean(P_i) - sum(p_j**2)) / (1 - sum(p_j**2))``
    (Fleiss 1971). Matches R ``irr::kappam.fleiss`` and statsmodels ``fleiss_kappa``.

    Parameters
    ----------
    table : pandas.DataFrame or array-like
        Subjects x categories table of non-negative integer counts with equal row
        sums of at least 2.

    Returns
    -------
    float
        Kappa, at most 1; NaN when every assignment falls in one category.

    Raises
    ------
    SurveyError
        A table that is not two-dimensional, empty, with negative, non-integer or
        missing counts, with unequal row sums, or with fewer than two raters.

    Examples
    --------
    Two subjects, three raters, perfect agreement on different categories:

    >>> fleiss_kappa([[3, 0], [0, 3]])
    1.0
    """
    counts = _count_table(table)
    m = counts[0].sum()
    n_subjects = counts.shape[0]
    shares = counts.sum(axis=0) / (n_subjects * m)
    chance = float((shares**2).sum())
    if chance == 1.0:
        return float("nan")
    per_subject = ((counts**2).sum(axis=1) - m) / (m * (m - 1))
    return float((per_subject.mean() - chance) / (1.0 - chance))


def _count_table(table: pd.DataFrame | np.ndarray | Sequence[Sequence[float]]) -> np.ndarray:
    what = "Kappa de Fleiss"
    try:
        counts = np.asarray(table, dtype="float64")
    except (TypeError, ValueError) as error:
        raise SurveyError(
            f"{what} : le tableau doit contenir des effectifs numériques (une ligne par "
            "sujet, une colonne par catégorie)."
        ) from error
    if counts.ndim != 2 or counts.shape[0] == 0 or counts.shape[1] == 0:
        raise SurveyError(
            f"{what} : il faut un tableau à deux dimensions, une ligne par sujet et une "
            f"colonne par catégorie (reçu : forme {counts.shape})."
        )
    if not np.isfinite(counts).all():
        raise SurveyError(f"{what} : le tableau contient des valeurs manquantes ou infinies.")
    if (counts < 0).any() or (counts != np.round(counts)).any():
        raise SurveyError(
            f"{what} : chaque case doit être un nombre entier positif ou nul de codeurs."
        )
    totals = counts.sum(axis=1)
    if (totals != totals[0]).any():
        shown = ", ".join(f"ligne {i + 1} : {t:g}" for i, t in enumerate(totals) if t != totals[0])
        raise SurveyError(
            f"{what} : chaque sujet doit avoir le même nombre de codeurs ; la ligne 1 en a "
            f"{totals[0]:g}, mais {shown}. Avec des nombres inégaux, utilisez "
            "krippendorff_alpha."
        )
    if totals[0] < 2:
        raise SurveyError(f"{what} : il faut au moins deux codeurs par sujet.")
    return counts


# --------------------------------------------------------------------------- Krippendorff


def krippendorff_alpha(
    reliability_data: pd.DataFrame | np.ndarray | Sequence[Sequence[object]],
    *,
    level: Level = "nominal",
) -> float:
    """Krippendorff's alpha for any number of coders, with missing values.

    Computed with the coincidence-matrix method of Krippendorff (2011): every unit
    coded by ``m_u >= 2`` coders adds its ``m_u (m_u - 1)`` ordered pairs of values,
    each weighted ``1 / (m_u - 1)``, to the coincidence matrix ``o``; with ``n_c`` its
    margins and ``n`` its total, ``alpha = 1 - (n - 1) sum(o_ck d_ck) / sum(n_c n_k d_ck)``.
    The difference function ``d`` depends on ``level``:

    - ``"nominal"``: 0 for equal values, 1 otherwise;
    - ``"ordinal"``: ``(sum_{g=c..k} n_g - (n_c + n_k) / 2) ** 2`` (ranks weighted by
      the frequencies of the values);
    - ``"interval"``: ``(c - k) ** 2``;
    - ``"ratio"``: ``((c - k) / (c + k)) ** 2``.

    Units coded by a single coder cannot be paired and do not count.

    Parameters
    ----------
    reliability_data : pandas.DataFrame or array-like
        Coders x units: one row per coder, one column per unit; a missing value
        (NaN, None, <NA>) is a unit the coder did not code. Values can be any labels
        for ``"nominal"``; numbers otherwise (non-negative for ``"ratio"``). For
        ``"ordinal"`` only the order of the values matters.
    level : {"nominal", "ordinal", "interval", "ratio"}, default "nominal"
        Level of measurement of the values.

    Returns
    -------
    float
        Alpha, at most 1 (perfect reliability), 0 when disagreement is what chance
        would give. NaN when the pairable values show no variation at all (a single
        value used throughout), where alpha is undefined.

    Raises
    ------
    SurveyError
        Data that are not two-dimensional, no unit coded by two coders, an unknown
        ``level``, non-numeric values for a numeric level, negative values for
        ``"ratio"``.

    Examples
    --------
    Two coders, four units, one disagreement:

    >>> data = [["a", "a", "b", "b"], ["a", "a", "b", "a"]]
    >>> round(krippendorff_alpha(data), 3)
    0.533
    """
    if level not in _LEVELS:
        raise SurveyError(
            f"Niveau de mesure « {level} » inconnu pour l'alpha de Krippendorff : choisissez "
            "'nominal', 'ordinal', 'interval' ou 'ratio'."
        )
    what = "Alpha de Krippendorff"
    frame = _reliability_frame(reliability_data)
    if level != "nominal":
        frame = _numeric_frame(frame, level)
    missing = frame.isna().to_numpy()
    pairable = (~missing).sum(axis=0) >= 2
    if not pairable.any():
        raise SurveyError(
            f"{what} : aucune unité n'est codée par au moins deux codeurs ; vérifiez "
            "l'orientation des données (une ligne par codeur, une colonne par unité)."
        )
    frame = frame.loc[:, pairable]
    values = pd.Series(frame.to_numpy().ravel(order="F"))
    values = values[values.notna()]
    categories = _categories(values, None, ordered=level != "nominal", what=what)
    k = len(categories)

    # Units x values table of how many coders gave each value to each unit.
    unit_of = np.repeat(np.arange(frame.shape[1]), frame.shape[0])
    present = frame.notna().to_numpy().ravel(order="F")
    unit_of = unit_of[present]
    value_of = _positions(values, categories, what)
    per_unit = np.zeros((frame.shape[1], k))
    np.add.at(per_unit, (unit_of, value_of), 1.0)
    m_u = per_unit.sum(axis=1)

    # Coincidence matrix: sum over units of (n_uc n_uk - [c == k] n_uc) / (m_u - 1).
    scaled = per_unit / (m_u - 1)[:, None]
    coincidences = scaled.T @ per_unit - np.diag(scaled.sum(axis=0))
    n_c = coincidences.sum(axis=1)
    n = n_c.sum()
    delta = _difference(level, categories, n_c)
    expected = float((np.outer(n_c, n_c) * delta).sum())
    if expected == 0:
        return float("nan")
    return float(1.0 - (n - 1) * float((coincidences * delta).sum()) / expected)


def _reliability_frame(
    data: pd.DataFrame | np.ndarray | Sequence[Sequence[object]],
) -> pd.DataFrame:
    if isinstance(data, pd.DataFrame):
        frame = data.reset_index(drop=True)
        frame.columns = range(frame.shape[1])
        return frame.astype(object)
    array = np.asarray(data, dtype=object)
    if array.ndim != 2:
        raise SurveyError(
            "Alpha de Krippendorff : il faut un tableau à deux dimensions, une ligne par "
            f"codeur et une colonne par unité (reçu : forme {array.shape})."
        )
    return pd.DataFrame(array)


def _numeric_frame(frame: pd.DataFrame, level: str) -> pd.DataFrame:
    what = "Alpha de Krippendorff"
    flat = pd.Series(frame.to_numpy().ravel())
    present = flat[flat.notna()]
    numeric = pd.to_numeric(present, errors="coerce")
    is_bool = present.map(lambda v: isinstance(v, bool | np.bool_))
    bad = present[numeric.isna() | is_bool | ~np.isfinite(numeric.astype(float))]
    if len(bad):
        shown = ", ".join(f"« {v} »" for v in pd.unique(bad)[:5])
        raise SurveyError(
            f"{what} : au niveau « {level} », les valeurs doivent être des nombres ; "
            f"valeurs refusées : {shown}. Recodez-les en nombres ou utilisez level='nominal'."
        )
    result = frame.apply(lambda column: pd.to_numeric(column, errors="coerce")).astype(float)
    if level == "ratio" and (result.to_numpy()[~np.isnan(result.to_numpy())] < 0).any():
        raise SurveyError(
            f"{what} : au niveau « ratio », les valeurs doivent être positives ou nulles "
            "(échelle avec un zéro absolu) ; utilisez level='interval'."
        )
    return result


def _difference(level: str, categories: list[Hashable], n_c: np.ndarray) -> np.ndarray:
    """Squared difference d_ck between the values, by level of measurement."""
    k = len(categories)
    rows, cols = np.indices((k, k))
    if level == "nominal":
        return (rows != cols).astype(float)
    if level == "ordinal":
        cumulative = np.cumsum(n_c)
        low = np.minimum(rows, cols)
        high = np.maximum(rows, cols)
        between = cumulative[high] - cumulative[low] + n_c[low]
        return (between - (n_c[rows] + n_c[cols]) / 2.0) ** 2
    values = np.asarray(categories, dtype=float)
    diff = values[rows] - values[cols]
    if level == "interval":
        return diff**2
    total = values[rows] + values[cols]
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(total != 0, diff / np.where(total != 0, total, 1.0), 0.0)
    return ratio**2


# --------------------------------------------------------------------------- per code


def agreement_by_code(
    coder_a: pd.DataFrame,
    coder_b: pd.DataFrame,
    *,
    units: Sequence[Hashable],
    codes: Sequence[Hashable],
) -> pd.DataFrame:
    """Agreement of two coders on each code, when a unit may carry several codes.

    Each code is treated as a yes/no decision on every unit (was the code applied to
    this unit?), as in NVivo's coding comparison and MAXQDA's code-level intercoder
    agreement. A unit without any coding from a coder counts as "code absent" for
    that coder. Use it between two human coders, or between auto-coding (coder A)
    and the human reviewer (coder B).

    Parameters
    ----------
    coder_a, coder_b : pandas.DataFrame
        The codings of each coder, one row per (unit, code) with columns ``unit`` and
        ``code``; other columns are ignored and repeated rows count once.
    units : sequence
        Every unit both coders examined (for example interview ids, or segment ids),
        including units neither coded. A coding on a unit outside ``units`` is an error.
    codes : sequence
        The codes to compare, in the order of the output rows. A coding with a code
        outside ``codes`` is an error.

    Returns
    -------
    pandas.DataFrame
        One row per code, in the order of ``codes``, then a row ``_overall`` pooling
        all code x unit decisions, with columns:

        - ``code``: the code (``"_overall"`` for the pooled row);
        - ``units``: the number of decisions in the row: the number of units for a
          code, units x codes for ``_overall`` (so ``both + only_a + only_b + neither
          == units``);
        - ``both``: decisions where both coders applied the code;
        - ``only_a``: decisions where only coder A applied it;
        - ``only_b``: decisions where only coder B applied it;
        - ``neither``: decisions where neither applied it;
        - ``percent_agreement``: ``(both + neither) / units``, a fraction in [0, 1];
        - ``cohen_kappa``: Cohen's kappa on the yes/no decisions (:func:`cohen_kappa`);
          NaN when it is undefined, e.g. for a code neither coder used;
        - ``krippendorff_alpha``: nominal Krippendorff's alpha on the same decisions
          (:func:`krippendorff_alpha`); NaN when undefined.

    Raises
    ------
    SurveyError
        A table without ``unit`` or ``code`` columns or with missing values, a unit
        or a code outside ``units`` / ``codes``, repeated or missing ``units`` /
        ``codes``, or no units or codes.

    Notes
    -----
    Percent agreement grows with the number of units where a code is absent; kappa
    and alpha correct for that. The pooled row is dominated by the frequent
    "neither" decisions when codes are sparse: read the per-code rows first (the
    QualCoder users' complaint about character-level kappa, issue #667, is the same
    effect).

    Examples
    --------
    >>> a = pd.DataFrame({"unit": ["i1", "i1", "i2"], "code": ["x", "y", "x"]})
    >>> b = pd.DataFrame({"unit": ["i1", "i3"], "code": ["x", "y"]})
    >>> table = agreement_by_code(a, b, units=["i1", "i2", "i3"], codes=["x", "y"])
    >>> table[["code", "units", "both", "only_a", "only_b", "neither"]]
           code  units  both  only_a  only_b  neither
    0         x      3     1       1       0        1
    1         y      3     0       1       1        1
    2  _overall      6     1       2       1        2
    """
    unit_index = _universe(units, "units", "unités")
    code_index = _universe(codes, "codes", "codes")
    present_a = _presence(coder_a, "coder_a", unit_index, code_index)
    present_b = _presence(coder_b, "coder_b", unit_index, code_index)
    rows = [
        _binary_agreement(code, present_a[:, j], present_b[:, j])
        for j, code in enumerate(code_index)
    ]
    rows.append(_binary_agreement(OVERALL_CODE, present_a.ravel(), present_b.ravel()))
    table = pd.DataFrame(rows, columns=_AGREEMENT_COLUMNS)
    for column in (UNITS, BOTH, ONLY_A, ONLY_B, NEITHER):
        table[column] = table[column].astype("int64")
    return table


def _universe(items: Sequence[Hashable], name: str, french: str) -> pd.Index:
    if isinstance(items, str):
        raise SurveyError(
            f"« {name} » doit être une liste de {french}, pas une chaîne de caractères."
        )
    index = pd.Index(list(items))
    if len(index) == 0:
        raise SurveyError(f"La liste « {name} » est vide : il faut au moins un élément.")
    if index.hasnans:
        raise SurveyError(f"La liste « {name} » contient des valeurs manquantes.")
    if index.has_duplicates:
        shown = ", ".join(f"« {v} »" for v in index[index.duplicated()].unique()[:6])
        raise SurveyError(f"La liste « {name} » contient des doublons : {shown}.")
    return index


def _presence(codings: pd.DataFrame, name: str, units: pd.Index, codes: pd.Index) -> np.ndarray:
    """Units x codes boolean array: did this coder apply the code to the unit?"""
    if not isinstance(codings, pd.DataFrame):
        raise SurveyError(
            f"« {name} » doit être un DataFrame avec les colonnes « unit » et « code » "
            "(une ligne par code appliqué à une unité)."
        )
    absent = [c for c in (UNIT, CODE) if c not in codings.columns]
    if absent:
        raise SurveyError(
            f"« {name} » : colonne(s) manquante(s) {', '.join(f'« {c} »' for c in absent)} ; "
            f"colonnes présentes : {', '.join(f'« {c} »' for c in codings.columns)}."
        )
    pairs = codings[[UNIT, CODE]]
    if pairs.isna().any().any():
        rows = list(pairs.index[pairs.isna().any(axis=1)][:10])
        raise SurveyError(
            f"« {name} » : unité ou code manquant aux lignes {', '.join(map(str, rows))}."
        )
    unit_pos = units.get_indexer(pairs[UNIT])
    code_pos = codes.get_indexer(pairs[CODE])
    if (unit_pos < 0).any():
        unknown = pd.unique(pairs[UNIT][unit_pos < 0])
        raise SurveyError(
            f"« {name} » : unité(s) absente(s) de la liste « units » : "
            f"{_listing(unknown)}. Ajoutez-les à « units » ou vérifiez les identifiants "
            "(type texte ou nombre, espaces)."
        )
    if (code_pos < 0).any():
        unknown = pd.unique(pairs[CODE][code_pos < 0])
        raise SurveyError(
            f"« {name} » : code(s) absent(s) de la liste « codes » : {_listing(unknown)}. "
            "Ajoutez-les à « codes » ou corrigez l'orthographe."
        )
    present = np.zeros((len(units), len(codes)), dtype=bool)
    present[unit_pos, code_pos] = True
    return present


def _binary_agreement(code: Hashable, a: np.ndarray, b: np.ndarray) -> list[object]:
    both = int((a & b).sum())
    only_a = int((a & ~b).sum())
    only_b = int((~a & b).sum())
    neither = int((~a & ~b).sum())
    total = len(a)
    kappa = cohen_kappa(a, b, labels=[False, True])
    alpha = krippendorff_alpha(np.vstack([a, b]).astype(float))
    return [code, total, both, only_a, only_b, neither, (both + neither) / total, kappa, alpha]


# --------------------------------------------------------------------------- helpers


def _as_series(values: Sequence[Hashable] | pd.Series | np.ndarray) -> pd.Series:
    if isinstance(values, pd.Series):
        return values.reset_index(drop=True).astype(object)
    if isinstance(values, str):
        raise SurveyError(
            "Kappa de Cohen : passez une liste de codes, pas une chaîne de caractères."
        )
    array = np.asarray(values, dtype=object)
    if array.ndim != 1:
        raise SurveyError(
            "Kappa de Cohen : chaque codeur doit fournir une liste à une dimension "
            f"(reçu : forme {array.shape})."
        )
    return pd.Series(array, dtype=object)


def _categories(
    values: pd.Series, labels: Sequence[Hashable] | None, *, ordered: bool, what: str
) -> list[Hashable]:
    """The categories in order: ``labels`` if given, else the values observed, sorted."""
    if labels is not None:
        categories = list(labels)
        index = pd.Index(categories)
        if index.has_duplicates or index.hasnans:
            raise SurveyError(
                f"{what} : « labels » ne doit contenir ni doublon ni valeur manquante."
            )
        return categories
    observed = list(pd.unique(values))
    try:
        return sorted(observed)
    except TypeError as error:
        if ordered:
            raise SurveyError(
                f"{what} : les catégories ne peuvent pas être triées (types mélangés) ; "
                "donnez leur ordre avec « labels »."
            ) from error
        return observed


def _positions(values: pd.Series, categories: list[Hashable], what: str) -> np.ndarray:
    positions = pd.Index(categories).get_indexer(values.to_numpy())
    if (positions < 0).any():
        unknown = pd.unique(values.to_numpy()[positions < 0])
        raise SurveyError(
            f"{what} : valeur(s) absente(s) de « labels » : {_listing(unknown)}. "
            "Ajoutez-les à « labels » ou corrigez les codes."
        )
    return positions


def _listing(items: Sequence[object] | np.ndarray, limit: int = 6) -> str:
    items = list(items)
    shown = ", ".join(f"« {i} »" for i in items[:limit])
    return shown + (f"… ({len(items)} au total)" if len(items) > limit else "")
