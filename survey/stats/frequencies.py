"""Frequency tables: one question, one row per option, per net and for non-response."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from survey.stats import _columns as C
from survey.stats._common import check_threshold, kish, safe_divide, warn_small_bases, with_params
from survey.stats._variables import (
    WeightLike,
    add_nets,
    indicators,
    resolve,
    resolve_weights,
)
from survey.stats.intervals import CIMethod, proportion_ci

if TYPE_CHECKING:
    from survey.questionnaire import Questionnaire

__all__ = ["frequencies"]

_ORDER = [
    C.QUESTION,
    C.KIND,
    C.OPTION,
    C.LABEL,
    C.COUNT,
    C.BASE,
    C.PERCENT,
    C.CI_LOW,
    C.CI_HIGH,
    C.PERCENT_RESPONSES,
    C.UNWEIGHTED_COUNT,
    C.UNWEIGHTED_BASE,
    C.EFFECTIVE_BASE,
    C.DEFF,
    C.SMALL_BASE,
]


def frequencies(
    responses: pd.DataFrame,
    question: str,
    *,
    questionnaire: Questionnaire | None = None,
    weight: WeightLike = None,
    level: float = 0.95,
    ci_method: CIMethod = "wilson",
    small_base: float = 30,
) -> pd.DataFrame:
    """Frequency table of one choice question (single, yes/no, multiple or derived).

    Parameters
    ----------
    responses : pandas.DataFrame
        One row per respondent, in the reader's layout (see :mod:`survey.stats`).
    question : str
        Question or derived-variable id (e.g. ``"collaboration"``, ``"publics"``).
    questionnaire : Questionnaire, optional
        Gives option order, labels and nets. Without it, options are the categories
        of the column (or its sorted values; for multiple choice, the ``<id>__<code>``
        columns) and labels are the codes.
    weight : str, pandas.Series or numpy array, optional
        Column name or vector of weights (e.g. from :func:`survey.weights.rake`).
    level : float
        Confidence level of the intervals (default 0.95).
    ci_method : {"wilson", "clopper-pearson", "agresti-coull"}
        Interval method (see :func:`proportion_ci`).
    small_base : float
        Unweighted bases below this are flagged (default 30).

    Returns
    -------
    pandas.DataFrame
        One row per option (questionnaire order), then one per net, then one
        non-response row. Columns:

        - ``question``: the question id;
        - ``kind``: ``"option"``, ``"net"`` or ``"nonresponse"``;
        - ``option``: option or net code (``"_nonresponse"`` for the non-response row);
        - ``label``: option or net label (codes without a questionnaire);
        - ``count``: number of respondents choosing it (sum of weights when weighted);
        - ``base``: respondents who answered the question (ticked at least one box
          for multiple choice); for the non-response row, all respondents;
        - ``percent``: ``count / base``, a proportion in [0, 1];
        - ``ci_low``, ``ci_high``: confidence interval of ``percent`` (computed on the
          effective base when weighted);
        - ``percent_responses``: share of all answers given (ticks); for multiple
          choice it sums to 1 over options, for single choice it equals ``percent``;
          NaN for the non-response row;
        - ``unweighted_count``, ``unweighted_base``: the same without weights;
        - ``effective_base``: Kish effective base ``(Σw)² / Σw²`` of the base;
        - ``deff``: Kish design effect ``unweighted_base / effective_base`` (1 unweighted);
        - ``small_base``: ``unweighted_base < small_base``.

        ``attrs["params"]`` records the parameters, including ``small_base``.

    Warns
    -----
    SmallBaseWarning
        Once, when the base of the question is under ``small_base``.

    Raises
    ------
    SurveyError
        Unknown variable, value outside the options, text question, bad weights.

    Notes
    -----
    Non-response is never dropped silently: it is its own row, out of the base of
    the options (as the "valid percent" of SPSS Frequencies). Multiple choice gives
    both the percentage of respondents (``percent``, may sum over 1) and of
    responses (``percent_responses``), as expss ``cross_cpct`` and
    ``cross_cpct_responses`` do.
    """
    check_threshold("small_base", small_base)
    var = resolve(responses, question, questionnaire)
    ind = indicators(responses, var)
    w, weight_name = resolve_weights(responses, weight)
    n = len(responses)
    if w is None:
        w = np.ones(n)
    positive = w > 0
    answered = ind.answered & positive
    codes, labels, kinds = ind.rows()
    k = len(var.codes)
    wa = np.where(answered, w, 0.0)
    if ind.single:
        keep = np.flatnonzero(answered)
        counts = np.bincount(ind.codes[keep], weights=w[keep], minlength=k)
        unweighted = np.bincount(ind.codes[keep], minlength=k).astype("float64")
        counts = add_nets(counts, ind.net_members())
        unweighted = add_nets(unweighted, ind.net_members())
    else:
        matrix = ind.matrix_with_nets()
        counts = wa @ matrix
        unweighted = answered.astype("float64") @ matrix
    base = wa.sum()
    unweighted_base = float(answered.sum())
    effective = float(kish(base, (wa * wa).sum()))
    percent = safe_divide(counts, np.full_like(counts, base))
    low, high = proportion_ci(
        np.nan_to_num(percent) * effective,
        np.full_like(counts, effective),
        method=ci_method,
        level=level,
    )
    ticks = counts[:k].sum()
    net_ticks = [counts[members].sum() for members in ind.net_members()]
    responses_share = safe_divide(np.concatenate([counts[:k], net_ticks]), ticks)

    # Non-response: everyone with a positive weight who did not answer.
    w_all = np.where(positive, w, 0.0)
    total = w_all.sum()
    nonresp = total - base
    unweighted_total = float(positive.sum())
    effective_total = float(kish(total, (w_all * w_all).sum()))
    nr_percent = float(safe_divide(nonresp, total))
    nr_low, nr_high = proportion_ci(
        np.nan_to_num(nr_percent) * effective_total, effective_total, method=ci_method, level=level
    )

    rows = len(codes)
    table = pd.DataFrame(
        {
            C.QUESTION: [var.id] * (rows + 1),
            C.KIND: [*kinds, "nonresponse"],
            C.OPTION: [*codes, C.NONRESPONSE_CODE],
            C.LABEL: [*labels, C.NONRESPONSE_LABEL],
            C.COUNT: [*counts, nonresp],
            C.BASE: [base] * rows + [total],
            C.PERCENT: [*percent, nr_percent],
            C.CI_LOW: [*low, nr_low],
            C.CI_HIGH: [*high, nr_high],
            C.PERCENT_RESPONSES: [*responses_share, np.nan],
            C.UNWEIGHTED_COUNT: [*unweighted, unweighted_total - unweighted_base],
            C.UNWEIGHTED_BASE: [unweighted_base] * rows + [unweighted_total],
            C.EFFECTIVE_BASE: [effective] * rows + [effective_total],
            C.DEFF: [
                *safe_divide(np.full(rows, unweighted_base), effective),
                float(safe_divide(unweighted_total, effective_total)),
            ],
            C.SMALL_BASE: [unweighted_base < small_base] * rows + [unweighted_total < small_base],
        },
        columns=_ORDER,
    )
    if unweighted_base < small_base:
        warn_small_bases(f"Question « {var.id} »", [(var.id, unweighted_base)], small_base)
    return with_params(
        table,
        function="frequencies",
        question=var.id,
        weight=weight_name,
        level=level,
        ci_method=ci_method,
        small_base=small_base,
    )
