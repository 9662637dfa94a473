"""Reading the material of a wave: Framaforms downloads (and, later, interviews)."""

from survey.ingest.accounting import Accounting
from survey.ingest.framaforms import FramaformsResult, read_framaforms

__all__ = ["Accounting", "FramaformsResult", "read_framaforms"]
