"""Survey statistics: frequencies, cross-tabs, tests, intervals, letters, disclosure control.

Computation only: every function takes the responses table (or a table of counts)
and returns tidy pandas DataFrames of raw numbers (proportions in [0, 1]); the
presentation layer formats them. Output column names come from one vocabulary,
:data:`OUTPUT_COLUMNS` (``survey/stats/_columns.py``).

Layout of the responses (as the reader produces it):

- one row per respondent;
- a single-choice or yes/no question is one ordered ``Categorical`` column named
  after the question id, whose categories are the option codes in questionnaire
  order; a missing answer is NaN;
- a multiple-choice question is one nullable boolean column per option,
  ``<question_id>__<option_code>``; a respondent who ticked nothing has <NA> in all
  of them (out of the base);
- derived variables (``cercle``) are ordinary categorical columns.

With a questionnaire (:func:`survey.questionnaire.load_questionnaire`) options,
labels and nets come from it; without one (or for a variable the questionnaire does
not know, such as a break computed on the fly) they are inferred from the data: the
categories of the categorical (or its sorted values), labels equal to codes, and a
multiple-choice question detected from its ``<id>__`` columns. A multiple-choice
respondent with no box ticked (all <NA>, or all False) is out of the base.

Public API
----------
frequencies, crosstab
    One-way and two-way tables (with nets, non-response, bases, Kish effective bases).
chi2_test, chi2_table, adjusted_residuals, goodness_of_fit
    Tests of independence (Pearson, Fisher, Monte-Carlo, Rao–Scott), residuals,
    goodness of fit.
column_letters, ColumnLetters
    Column-proportion tests with letters and multiple-comparison correction.
proportion_ci, two_proportion_test
    Intervals for a proportion (Wilson, Clopper–Pearson, Agresti–Coull) and the
    pooled two-proportion z-test.
suppress_small_cells
    Disclosure control for presentation.
OUTPUT_COLUMNS
    The vocabulary of output columns.
"""

from survey.stats._columns import OUTPUT_COLUMNS
from survey.stats.crosstab import crosstab
from survey.stats.disclosure import suppress_small_cells
from survey.stats.frequencies import frequencies
from survey.stats.intervals import proportion_ci
from survey.stats.letters import ColumnLetters, column_letters
from survey.stats.significance import (
    adjusted_residuals,
    chi2_table,
    chi2_test,
    goodness_of_fit,
    two_proportion_test,
)

__all__ = [
    "OUTPUT_COLUMNS",
    "ColumnLetters",
    "adjusted_residuals",
    "chi2_table",
    "chi2_test",
    "column_letters",
    "crosstab",
    "frequencies",
    "goodness_of_fit",
    "proportion_ci",
    "suppress_small_cells",
    "two_proportion_test",
]
