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
from survey.coding.refiqda import write_qdpx
from survey.coding.reliability import (
    agreement_by_code,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
)
from survey.coding.review import Review, ReviewError, read_review, write_review
from survey.coding.saturation import saturation, saturation_order

__all__ = [
    "CodingFrame",
    "CodingFrameError",
    "Review",
    "ReviewError",
    "agreement_by_code",
    "answer_segments",
    "autocode",
    "best_quotes",
    "code_by_attribute",
    "code_counts",
    "code_presence",
    "cohen_kappa",
    "cooccurrence",
    "fleiss_kappa",
    "krippendorff_alpha",
    "load_coding_frame",
    "propose_dimension",
    "read_review",
    "saturation",
    "saturation_order",
    "segments",
    "write_qdpx",
    "write_review",
]
