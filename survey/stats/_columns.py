"""The one vocabulary of output column names used by :mod:`survey.stats` and :mod:`survey.weights`.

Every tidy table returned by a public statistics function uses only the names
defined here (``tests/stats/test_columns.py`` checks it). Names are snake_case
English identifiers; French headers are applied by the presentation layer.
Proportions are always fractions in [0, 1], never formatted strings.
"""

from __future__ import annotations

# --- what a row is about --------------------------------------------------------
QUESTION = "question"  # question (or derived variable) id, in frequencies / representativeness
KIND = "kind"  # "option", "net" or "nonresponse" (frequencies)
OPTION = "option"  # option code (or net code)
LABEL = "label"  # option label (the code when no questionnaire is given)
ROW_QUESTION = "row_question"  # id of the variable shown in rows (cross-tabs)
COL_QUESTION = "col_question"  # id of the variable shown in columns (cross-tabs)
ROW = "row"  # row option code (cross-tabs)
ROW_KIND = "row_kind"  # "option", "net" or "total"
ROW_LABEL = "row_label"
COL = "col"  # column option code (cross-tabs)
COL_KIND = "col_kind"  # "option" or "total"
COL_LABEL = "col_label"
VERSUS = "versus"  # the other column of a pairwise comparison
LETTER = "letter"  # the letter given to a column (A, B, C, ...)
EXCEEDS = "exceeds"  # letters of the columns a cell significantly exceeds, space-separated

# --- counts and bases -------------------------------------------------------------
COUNT = "count"  # (weighted) count
UNWEIGHTED_COUNT = "unweighted_count"
BASE = "base"  # (weighted) base of a percentage
UNWEIGHTED_BASE = "unweighted_base"
EFFECTIVE_BASE = "effective_base"  # Kish effective base (sum w)^2 / sum w^2
DEFF = "deff"  # Kish design effect 1 + CV^2 of the weights in the base
COL_BASE = "col_base"
ROW_BASE = "row_base"
TOTAL_BASE = "total_base"
UNWEIGHTED_COL_BASE = "unweighted_col_base"
EFFECTIVE_COL_BASE = "effective_col_base"
EXPECTED = "expected"  # count expected under the population shares

# --- proportions (fractions in [0, 1]) ---------------------------------------------
PERCENT = "percent"
PERCENT_RESPONSES = "percent_responses"  # share of all ticks (multiple choice)
COL_PERCENT = "col_percent"
ROW_PERCENT = "row_percent"
TOTAL_PERCENT = "total_percent"
CI_LOW = "ci_low"
CI_HIGH = "ci_high"
POPULATION = "population"  # population margin as given (total or share)
POPULATION_PERCENT = "population_percent"
DIFFERENCE = "difference"  # sample share minus population share
ADJUSTED_RESIDUAL = "adjusted_residual"  # Haberman's adjusted standardized residual

# --- flags -----------------------------------------------------------------------
SMALL_BASE = "small_base"  # the unweighted base is under the small-base threshold
TESTED = "tested"  # the column entered the significance tests
SIGNIFICANT = "significant"
SUPPRESSED = "suppressed"  # masked by disclosure control

# --- tests -----------------------------------------------------------------------
TEST = "test"  # name of the test actually run
STATISTIC = "statistic"
DOF = "dof"  # degrees of freedom (numerator degrees for an F test)
DOF_DENOMINATOR = "dof_denominator"  # denominator degrees of freedom of an F test
P_VALUE = "p_value"
P_ADJUSTED = "p_adjusted"  # p-value corrected for multiple comparisons
CRAMER_V = "cramer_v"
N = "n"  # unweighted number of respondents in the test
MIN_EXPECTED = "min_expected"  # smallest expected count under independence

# --- weights ---------------------------------------------------------------------
WEIGHT = "weight"  # name of a weights Series returned by survey.weights

OUTPUT_COLUMNS: frozenset[str] = frozenset(
    value
    for name, value in dict(globals()).items()
    if name.isupper() and name != "OUTPUT_COLUMNS" and isinstance(value, str)
)
"""Every column name a public statistics function may return."""

# Codes of the synthetic rows and columns (option codes cannot start with "_").
TOTAL_CODE = "_total"
NONRESPONSE_CODE = "_nonresponse"
TOTAL_LABEL = "Total"
NONRESPONSE_LABEL = "Non-réponse"
