"""Reading the material of a wave: Framaforms downloads, transcripts, profiles, the grid."""

from survey.ingest.accounting import Accounting
from survey.ingest.framaforms import FramaformsResult, read_framaforms
from survey.ingest.transcripts import (
    TURN_COLUMNS,
    check_interviews,
    read_grid,
    read_interviews,
    read_profiles,
    read_transcript,
)

__all__ = [
    "TURN_COLUMNS",
    "Accounting",
    "FramaformsResult",
    "check_interviews",
    "read_framaforms",
    "read_grid",
    "read_interviews",
    "read_profiles",
    "read_transcript",
]
