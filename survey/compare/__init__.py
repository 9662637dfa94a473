"""Comparing two waves: the questionnaire question by question, the interviews code by code.

Computation only: every function returns tidy DataFrames of raw numbers (proportions in
[0, 1], differences as proportions); :mod:`survey.report.comparison` formats them into the
French comparison report (``survey compare``). Questions and codes are matched through the
correspondences of :mod:`survey.versions`.

Public API
----------
compare_questions
    Distributions of every comparable choice question in both waves, differences,
    two-proportion and homogeneity tests corrected across the whole table; questions
    present in one wave only reported as not comparable.
compare_codes, compare_dimension, compare_keywords
    Interviews: presence of each code (through the coding-frame versions), the belonging
    dimension, the "3 mots clés" keywords; descriptive.
correct_p_values, CORRECTIONS
    The multiple-comparison correction (Holm, Benjamini–Hochberg, Bonferroni).
open_wave_material, WaveMaterial
    A wave read and coded once for a comparison.
"""

from survey.compare.correction import CORRECTIONS, correct_p_values
from survey.compare.interviews import compare_codes, compare_dimension, compare_keywords
from survey.compare.questions import compare_questions
from survey.compare.waves import WaveMaterial, open_wave_material

__all__ = [
    "CORRECTIONS",
    "WaveMaterial",
    "compare_codes",
    "compare_dimension",
    "compare_keywords",
    "compare_questions",
    "correct_p_values",
    "open_wave_material",
]
