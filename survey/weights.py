"""Weights and representativeness: raking, post-stratification, trimming, Kish diagnostics.

Weights are returned as a pandas Series named ``weight`` on the index of the
responses, ready to pass as ``weight=`` to the functions of :mod:`survey.stats`.

Margins are given per variable as ``{category code: population total or share}``;
each variable's margin is rescaled to shares, so totals from different sources
(professionals per cercle, active population per département) can be combined.
The weights sum to ``total`` (by default the number of respondents, so that the
mean weight is 1); pass the population size as ``total`` to get expansion weights
as R ``survey::rake`` / ``postStratify`` do with population totals.

Population margins of the SPRO study are bundled: :func:`load_margins` (``"spro-2024"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import yaml

from survey.errors import SurveyError
from survey.stats import _columns as C
from survey.stats._common import with_params
from survey.stats._variables import WeightLike, check_weights, resolve, resolve_weights
from survey.stats.significance import goodness_of_fit

if TYPE_CHECKING:
    from survey.questionnaire import Questionnaire

__all__ = [
    "design_effect",
    "effective_sample_size",
    "load_margins",
    "poststratify",
    "rake",
    "representativeness",
    "trim_weights",
]

_MARGINS_DIR = Path(__file__).resolve().parent / "stats"
_MAX_TRIM_ROUNDS = 10_000


# ----------------------------------------------------------------------- diagnostics


def design_effect(weights: pd.Series | np.ndarray) -> float:
    """Kish design effect due to unequal weights, ``1 + CV²`` = ``n Σw² / (Σw)²``.

    Parameters
    ----------
    weights : pandas.Series or array-like
        Non-negative weights.

    Returns
    -------
    float
        1 for equal weights; NaN for no positive weight.

    Examples
    --------
    >>> design_effect([1, 1, 2, 2])  # 4 × 10 / 36
    1.1111111111111112
    """
    w = _weights_array(weights)
    total = w.sum()
    return float(len(w) * (w * w).sum() / (total * total)) if total > 0 else float("nan")


def effective_sample_size(weights: pd.Series | np.ndarray) -> float:
    """Kish effective sample size ``(Σw)² / Σw²``.

    Parameters
    ----------
    weights : pandas.Series or array-like
        Non-negative weights.

    Returns
    -------
    float
        The number of respondents of an unweighted sample with the same precision
        (``n / design_effect``); NaN for no positive weight.

    Examples
    --------
    >>> effective_sample_size([1, 1, 2, 2])  # 36 / 10
    3.6
    """
    w = _weights_array(weights)
    sq = (w * w).sum()
    return float(w.sum() ** 2 / sq) if sq > 0 else float("nan")


def _weights_array(weights: pd.Series | np.ndarray) -> np.ndarray:
    w = np.asarray(weights, dtype="float64").ravel()
    check_weights(w, getattr(weights, "name", None) or "poids")
    return w


# -------------------------------------------------------------------------- trimming


def trim_weights(
    weights: pd.Series | np.ndarray,
    *,
    lower: float | None = None,
    upper: float | None = None,
    strict: bool = False,
) -> pd.Series | np.ndarray:
    """Trim weights to ``[lower, upper]`` and share the trimmed amount equally.

    As R ``survey::trimWeights``: weights outside the bounds are set to the bound,
    and the total trimmed (``Σ (w - w_trimmed)``) is added in equal parts to the
    weights that were inside, so the sum of weights is unchanged. With ``strict``
    the operation repeats until no weight is outside (the redistribution can push
    weights past a bound), as R's recursive ``strict = TRUE``; weights within 1e-12
    (relative) of a bound count as inside.

    Parameters
    ----------
    weights : pandas.Series or array-like
        Weights.
    lower, upper : float, optional
        Bounds in the units of the weights (no bound when None).
    strict : bool
        Repeat until every weight is within the bounds (default False, as R).

    Returns
    -------
    pandas.Series or numpy.ndarray
        Same type (and index) as ``weights``.
    """
    w = _weights_array(weights)
    low = -np.inf if lower is None else float(lower)
    high = np.inf if upper is None else float(upper)
    if low > high:
        raise SurveyError(
            f"Bornes de troncature incohérentes : inférieure {low} > supérieure {high}."
        )
    if np.isfinite(low) and np.isfinite(high) and w.sum() > 0:
        mean = w.mean()
        if not low <= mean <= high:
            raise SurveyError(
                f"Impossible de tronquer dans [{low}, {high}] en gardant la somme des poids : "
                f"le poids moyen vaut {mean:g}. Élargissez les bornes."
            )
    slack_low = 1e-12 * max(1.0, abs(low)) if np.isfinite(low) else 0.0
    slack_high = 1e-12 * max(1.0, abs(high)) if np.isfinite(high) else 0.0
    for _ in range(_MAX_TRIM_ROUNDS):
        outside = (w < low - slack_low) | (w > high + slack_high)
        if not outside.any():
            break
        trimmed = np.clip(w, low, high)
        gap = (w - trimmed).sum()
        inside = ~outside
        if not inside.any():
            raise SurveyError("Tous les poids sont hors des bornes de troncature : élargissez-les.")
        trimmed[inside] += gap / inside.sum()
        w = trimmed
        if not strict:
            break
    else:
        raise SurveyError(
            f"La troncature stricte n'a pas abouti en {_MAX_TRIM_ROUNDS} tours : "
            "élargissez les bornes."
        )
    if isinstance(weights, pd.Series):
        return pd.Series(w, index=weights.index, name=weights.name)
    return w


# ------------------------------------------------------------------ raking, strata


def poststratify(
    responses: pd.DataFrame,
    variable: str,
    population: Mapping[str, float],
    *,
    base_weight: WeightLike = None,
    total: float | None = None,
) -> pd.Series:
    """Post-stratification weights: each category gets its population share.

    ``w_i = b_i × total × P_h / Σ_{j∈h} b_j`` for respondent ``i`` of category ``h``,
    with ``b`` the base weights and ``P_h`` the population share. As R
    ``survey::postStratify`` (with ``total`` the population size).

    Parameters
    ----------
    responses : pandas.DataFrame
        One row per respondent.
    variable : str
        Column holding the post-strata (e.g. ``"cercle"``).
    population : mapping
        ``{category: population total or share}``; rescaled to shares.
    base_weight : str, pandas.Series or array, optional
        Design weights to start from (default: equal weights).
    total : float, optional
        Sum of the returned weights (default: number of respondents).

    Returns
    -------
    pandas.Series
        Named ``weight``, on the index of ``responses``.

    Raises
    ------
    SurveyError
        A category of the data has no population figure, a population category has
        no respondent, or a value is missing.
    """
    return _rake(
        responses,
        {variable: population},
        max_iter=1,
        tol=1e-9,
        bounds=None,
        base_weight=base_weight,
        total=total,
        function="poststratify",
    )


def rake(
    responses: pd.DataFrame,
    margins: Mapping[str, Mapping[str, float]],
    *,
    max_iter: int = 100,
    tol: float = 1e-6,
    bounds: tuple[float, float] | None = None,
    base_weight: WeightLike = None,
    total: float | None = None,
) -> pd.Series:
    """Rake (iterative proportional fitting) weights to known population margins.

    Each pass multiplies the weights so that the weighted distribution of one
    variable matches its margin, variable after variable, until every weighted share
    is within ``tol`` of its target (Deming & Stephan 1940; R ``survey::rake``).

    Parameters
    ----------
    responses : pandas.DataFrame
        One row per respondent; each margin variable is a column (e.g. ``cercle``,
        ``departement``) with no missing value.
    margins : mapping
        ``{variable: {category code: population total or share}}``. Each variable's
        margin is rescaled to shares; categories must match the data exactly.
    max_iter : int
        Maximum number of passes over the variables (default 100).
    tol : float
        Convergence: largest absolute difference between a weighted share and its
        target (default 1e-6).
    bounds : (float, float), optional
        ``(low, high)`` bounds on the ratio of the final to the starting weight
        (``g = w / w0``, with ``w0`` the base weights rescaled to ``total``), e.g.
        ``(0.3, 3)``: no weight ends more than ``high`` (or less than ``low``) times
        its starting value. The weights are then ``w0 × clip(exp(Σ λ), low, high)``
        with one factor ``λ`` per category, the bounded raking of R
        ``calibrate(calfun="raking", bounds=)`` (Deville & Särndal 1992); each pass
        solves one variable's margins exactly for its factors (by bisection).
    base_weight : str, pandas.Series or array, optional
        Design weights to start from (default: equal weights).
    total : float, optional
        Sum of the returned weights (default: the number of respondents, so the mean
        weight is 1). Give the population size for expansion weights.

    Returns
    -------
    pandas.Series
        Named ``weight``, on the index of ``responses``. ``attrs`` holds
        ``iterations``, ``max_error`` (largest share difference reached),
        ``design_effect`` and ``params``.

    Raises
    ------
    SurveyError
        Unknown variable, missing values, a category in the data with no margin, a
        margin category with no respondent, invalid bounds, or no convergence within
        ``max_iter`` passes (the message gives the largest remaining difference).
    """
    return _rake(
        responses,
        margins,
        max_iter=max_iter,
        tol=tol,
        bounds=bounds,
        base_weight=base_weight,
        total=total,
        function="rake",
    )


def _rake(responses, margins, *, max_iter, tol, bounds, base_weight, total, function) -> pd.Series:
    n = len(responses)
    if n == 0:
        raise SurveyError("Aucun répondant : impossible de calculer des poids.")
    if not margins:
        raise SurveyError("Aucune marge donnée : passez {variable: {catégorie: effectif}}.")
    if max_iter < 1:
        raise SurveyError(f"max_iter doit être au moins 1 (reçu : {max_iter}).")
    w0, base_name = resolve_weights(responses, base_weight)
    if w0 is None:
        w0 = np.ones(n)
    target_total = float(n if total is None else total)
    if not np.isfinite(target_total) or target_total <= 0:
        raise SurveyError(f"Le total des poids doit être positif (reçu : {total}).")
    if w0.sum() <= 0:
        raise SurveyError("Les poids de départ sont tous nuls.")
    low, high = _check_bounds(bounds)

    plans = [_margin_plan(responses, var, margin, w0) for var, margin in margins.items()]
    start = w0 * (target_total / w0.sum())
    if bounds is not None:
        _check_feasible(plans, start, target_total, low, high)
    # w_i = start_i × clip(exp(Σ_v λ_v[category of i]), low, high); each step solves
    # the margin equations of one variable exactly for its λ_v (coordinate-wise IPF).
    log_factors = [np.zeros(len(plan[1])) for plan in plans]
    eta = np.zeros(len(start))
    w = start.copy()
    error, where = np.inf, ""
    iterations = 0
    for iterations in range(1, max_iter + 1):  # noqa: B007 - reported after the loop
        for v, (codes, shares, _, _) in enumerate(plans):
            other = eta - log_factors[v][codes]
            targets = shares * target_total
            if bounds is None:
                current = np.bincount(codes, weights=start * np.exp(other), minlength=len(shares))
                solved = np.log(targets / current)
            else:
                solved = _solve_bounded(codes, start, other, targets, low, high)
            log_factors[v] = solved
            eta = other + solved[codes]
        g = np.exp(eta)
        w = start * (g if bounds is None else np.clip(g, low, high))
        error, where = _max_error(plans, w, target_total)
        if error < tol:
            break
    if error >= tol:
        names = ", ".join(f"« {v} »" for v in margins)
        raise SurveyError(
            f"Le calage sur {names} n'a pas convergé en {max_iter} itération(s) : écart "
            f"maximal de {error:.2e} entre part pondérée et part visée, pour {where}. Les "
            "répondants de cette catégorie sont sans doute trop concentrés dans des catégories "
            "des autres variables pour atteindre toutes les marges à la fois : regroupez les "
            "catégories trop petites, calez sur moins de variables, élargissez les bornes ou "
            "augmentez max_iter."
        )
    result = pd.Series(w, index=responses.index, name=C.WEIGHT)
    result.attrs = {
        "iterations": iterations,
        "max_error": float(error),
        "design_effect": design_effect(w),
        "params": {
            "function": function,
            "variables": list(margins),
            "max_iter": max_iter,
            "tol": tol,
            "bounds": None if bounds is None else [low, high],
            "base_weight": base_name,
            "total": target_total,
        },
    }
    return result


def _check_bounds(bounds: tuple[float, float] | None) -> tuple[float, float]:
    if bounds is None:
        return 0.0, np.inf
    try:
        low, high = (float(b) for b in bounds)
    except (TypeError, ValueError) as exc:
        raise SurveyError(
            "bounds doit être un couple (borne basse, borne haute), par exemple (0.3, 3)."
        ) from exc
    if not (0 <= low <= 1 <= high):
        raise SurveyError(
            f"Bornes de calage ({low}, {high}) invalides : il faut 0 ≤ basse ≤ 1 ≤ haute "
            "(rapport entre poids final et poids de départ)."
        )
    return low, high


def _margin_plan(
    responses: pd.DataFrame, variable: str, margin: Mapping[str, float], w0: np.ndarray
) -> tuple[np.ndarray, np.ndarray, str, list[str]]:
    """Codes of each respondent in the margin's order, and the target shares."""
    if variable not in responses.columns:
        raise SurveyError(
            f"Variable de calage « {variable} » absente des réponses ; ajoutez la colonne "
            "(par exemple la variable dérivée « cercle ») avant de calculer les poids."
        )
    keys = [str(k) for k in margin]
    values = np.array([_positive(variable, k, v) for k, v in margin.items()], dtype="float64")
    series = responses[variable]
    missing = series.isna().to_numpy()
    if missing.any():
        raise SurveyError(
            f"La variable de calage « {variable} » a {int(missing.sum())} valeur(s) manquante(s) ; "
            "le calage demande une catégorie pour chaque répondant (imputez ou retirez-les)."
        )
    raw_codes, uniques = pd.factorize(series)
    position = {k: j for j, k in enumerate(keys)}
    names = [str(u) for u in uniques]
    unknown = [u for u in names if u not in position]
    if unknown:
        raise SurveyError(
            f"Catégorie(s) de « {variable} » présentes dans les réponses mais absentes des "
            f"marges : {', '.join(unknown)}. Ajoutez leur effectif de population ou recodez-les."
        )
    lookup = np.array([position[u] for u in names], dtype=np.int64)
    codes = lookup[raw_codes]
    weight_in = np.bincount(codes, weights=w0, minlength=len(keys))
    empty = [k for k, s in zip(keys, weight_in, strict=True) if s <= 0]
    if empty:
        raise SurveyError(
            f"Catégorie(s) de « {variable} » sans aucun répondant : {', '.join(empty)}. "
            "Regroupez-les avec une catégorie voisine (dans les marges et les réponses) "
            "ou retirez-les des marges."
        )
    return codes, values / values.sum(), variable, keys


def _check_feasible(plans, start, target_total, low, high) -> None:
    """Each category's target must be reachable with ratios in [low, high]."""
    for codes, shares, variable, keys in plans:
        available = np.bincount(codes, weights=start, minlength=len(shares))
        ratio = shares * target_total / available
        bad = [(k, r) for k, r in zip(keys, ratio, strict=True) if not low <= r <= high]
        if bad:
            shown = ", ".join(f"« {k} » ({r:.2f})" for k, r in bad)
            raise SurveyError(
                f"Bornes de calage [{low:g}, {high:g}] trop étroites pour « {variable} » : "
                f"la ou les catégories {shown} demandent en moyenne un rapport de poids hors "
                "des bornes. Élargissez les bornes ou regroupez ces catégories."
            )


def _solve_bounded(codes, start, other, targets, low, high) -> np.ndarray:
    """Per category k, the x with Σ_{i∈k} s_i clip(exp(x + o_i), low, high) = T_k (bisection).

    The left side is non-decreasing in x; brackets: every unit at ``low`` (or the
    unbounded solution when low = 0) and every unit at ``high`` (or the unbounded
    solution when high = ∞).
    """
    k = len(targets)
    unbounded = np.log(targets / np.bincount(codes, weights=start * np.exp(other), minlength=k))
    o_max = np.full(k, -np.inf)
    o_min = np.full(k, np.inf)
    np.maximum.at(o_max, codes, other)
    np.minimum.at(o_min, codes, other)
    lo = np.log(low) - o_max if low > 0 else unbounded
    hi = np.log(high) - o_min if np.isfinite(high) else unbounded
    lo, hi = np.minimum(lo, hi), np.maximum(lo, hi)
    for _ in range(80):
        mid = (lo + hi) / 2
        reached = np.bincount(
            codes, weights=start * np.clip(np.exp(mid[codes] + other), low, high), minlength=k
        )
        below = reached < targets
        lo = np.where(below, mid, lo)
        hi = np.where(below, hi, mid)
    return (lo + hi) / 2


def _positive(variable: str, key: object, value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise SurveyError(
            f"Marge de « {variable} », catégorie « {key} » : « {value} » n'est pas un nombre."
        ) from exc
    if not np.isfinite(number) or number <= 0:
        raise SurveyError(
            f"Marge de « {variable} », catégorie « {key} » : l'effectif doit être positif "
            f"(reçu : {value})."
        )
    return number


def _max_error(plans, w: np.ndarray, target_total: float) -> tuple[float, str]:
    """Largest gap between a weighted share and its target, and where it is."""
    total = w.sum()
    error, where = abs(total - target_total) / target_total, "total des poids"
    for codes, targets, variable, keys in plans:
        gaps = np.abs(np.bincount(codes, weights=w, minlength=len(targets)) / total - targets)
        j = int(gaps.argmax())
        if gaps[j] > error:
            error, where = float(gaps[j]), f"« {variable} » = « {keys[j]} »"
    return error, where


# ------------------------------------------------------------------ representativeness


def representativeness(
    responses: pd.DataFrame,
    variable: str,
    population: Mapping[str, float],
    *,
    questionnaire: Questionnaire | None = None,
) -> pd.DataFrame:
    """Compare the sample's distribution of a variable with population margins.

    Parameters
    ----------
    responses : pandas.DataFrame
        One row per respondent.
    variable : str
        A single-choice or derived variable (e.g. ``"cercle"``, ``"departement"``).
    population : mapping
        ``{category: population total or share}``; every category of the variable
        must be listed (rescaled to shares).
    questionnaire : Questionnaire, optional
        Category order and labels.

    Returns
    -------
    pandas.DataFrame
        One row per category of the population margin: ``question``, ``option``,
        ``label``, ``count`` (respondents), ``percent`` (sample share among
        respondents who answered), ``population`` (the figure given),
        ``population_percent`` (population share), ``expected`` (count expected
        from the population share), ``difference`` (``percent - population_percent``).

        ``attrs["test"]``: Pearson goodness-of-fit test of the counts against the
        population shares (R ``chisq.test(x, p=, rescale.p=TRUE)``), a dict with
        ``test``, ``statistic``, ``dof``, ``p_value``, ``n``, ``min_expected``;
        ``attrs["nonresponse"]``: respondents without an answer (left out).

    Raises
    ------
    SurveyError
        A category of the data is missing from ``population``, or the variable is
        multiple choice.
    """
    from survey.stats._variables import indicators

    var = resolve(responses, variable, questionnaire)
    if var.kind != "single":
        raise SurveyError(
            f"« {variable} » est une question à choix multiples : la représentativité se "
            "mesure sur une variable à réponse unique (structure, cercle, département)."
        )
    ind = indicators(responses, var)
    keys = [str(k) for k in population]
    values = np.array([_positive(variable, k, v) for k, v in population.items()], dtype="float64")
    counts_by_code = np.bincount(ind.codes[ind.answered], minlength=len(var.codes))
    present = {c: float(n) for c, n in zip(var.code_strings, counts_by_code, strict=True) if n > 0}
    unknown = [c for c in present if c not in keys]
    if unknown:
        raise SurveyError(
            f"Catégorie(s) de « {variable} » présentes dans les réponses mais absentes des "
            f"chiffres de population : {', '.join(unknown)}. Complétez les marges."
        )
    labels = dict(zip(var.code_strings, var.labels, strict=True))
    order = [c for c in var.code_strings if c in keys] + [k for k in keys if k not in labels]
    position = {k: j for j, k in enumerate(keys)}
    population_values = values[[position[k] for k in order]]
    shares = population_values / population_values.sum()
    counts = np.array([present.get(k, 0.0) for k in order])
    n = counts.sum()
    percent = counts / n if n > 0 else np.full(len(counts), np.nan)
    table = pd.DataFrame(
        {
            C.QUESTION: [var.id] * len(order),
            C.OPTION: order,
            C.LABEL: [labels.get(k, k) for k in order],
            C.COUNT: counts,
            C.PERCENT: percent,
            C.POPULATION: population_values,
            C.POPULATION_PERCENT: shares,
            C.EXPECTED: n * shares,
            C.DIFFERENCE: percent - shares,
        }
    )
    test = goodness_of_fit(counts, shares).iloc[0].to_dict()
    table = with_params(table, function="representativeness", question=var.id)
    table.attrs["test"] = {k: (v if isinstance(v, str) else float(v)) for k, v in test.items()}
    table.attrs["nonresponse"] = int((~ind.answered).sum())
    return table


# -------------------------------------------------------------------------- margins


def load_margins(source: str | Path = "spro-2024") -> dict[str, dict[str, float]]:
    """Load population margins from a YAML file (or a bundled set by name).

    Parameters
    ----------
    source : str or Path
        A path, or the name of a bundled file: ``"spro-2024"``
        (``survey/stats/margins_spro_2024.yaml``: professionals per cercle and
        active population per département, SPRO Auvergne-Rhône-Alpes, Bilan 2024).

    Returns
    -------
    dict
        ``{variable: {category code: population figure}}``, ready for :func:`rake`,
        :func:`poststratify` and :func:`representativeness`.

    Raises
    ------
    SurveyError
        Missing file, not YAML, or a variable without a ``values`` mapping of numbers.
    """
    path = Path(source)
    if not path.exists() and path.suffix == "" and path.parent == Path("."):
        path = _MARGINS_DIR / f"margins_{str(source).replace('-', '_')}.yaml"
    if not path.exists():
        raise SurveyError(f"Fichier de marges « {source} » introuvable ; vérifiez le chemin.")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SurveyError(f"Fichier de marges « {path} » illisible ({exc}).") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("margins"), dict):
        raise SurveyError(
            f"Fichier de marges « {path} » : il faut une clé « margins » donnant, pour chaque "
            "variable, ses « values »."
        )
    margins: dict[str, dict[str, float]] = {}
    for variable, spec in raw["margins"].items():
        values = spec.get("values") if isinstance(spec, dict) else None
        if not isinstance(values, dict) or not values:
            raise SurveyError(
                f"Fichier de marges « {path} », variable « {variable} » : « values » manquant."
            )
        margins[str(variable)] = {str(k): _positive(str(variable), k, v) for k, v in values.items()}
    return margins
