"""Thematic coding: coding frames as data, auto-coding, human review, reliability, exports."""

from survey.coding.analysis import best_quotes, code_by_attribute, code_counts, cooccurrence
from survey.coding.autocode import (
    answer_segments,
    autocode,
    code_presence,
    propose_dimension,
    segments,
)
from survey.coding.frame import CodingFrame, CodingFrameError, load_coding_frame
from survey.coding.review import Review, ReviewError, read_review, write_review

__all__ = [
    "CodingFrame",
    "CodingFrameError",
    "Review",
    "ReviewError",
    "answer_segments",
    "autocode",
    "best_quotes",
    "code_by_attribute",
    "code_counts",
    "code_presence",
    "cooccurrence",
    "load_coding_frame",
    "propose_dimension",
    "read_review",
    "segments",
    "write_review",
]
