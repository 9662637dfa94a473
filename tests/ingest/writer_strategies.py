"""Hypothesis strategies: random submissions for a questionnaire, and export settings."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import strategies as st

from survey.ingest.framaforms_writer import INFO_KEYS, ExportSettings
from survey.questionnaire import Questionnaire

# Text a respondent may type: accents, typography, delimiters, quotes, formula-like starts.
ALPHABET = "abcdeéèàçôîAZ 0123456789,;:|.\t\"'’«»-=+@!?()\n"
_XLSX_DATE_LIKE = re.compile(r"^(\d{4}-\d{2}-\d{2})?([T ]?\d{2}:\d{2}(:\d{2})?)?$")


def free_text():
    """Free text, as exported: never "0" (exported as ""), never blank, no outer spaces."""
    return (
        st.text(alphabet=ALPHABET, min_size=1, max_size=40)
        .map(lambda s: s.strip())
        .filter(lambda s: s not in ("", "0") and not _XLSX_DATE_LIKE.match(s))
    )


@st.composite
def submissions(draw, questionnaire: Questionnaire, *, max_size: int = 12):
    n = draw(st.integers(min_value=1, max_value=max_size))
    start = dt.datetime(2025, 3, 31, 8, 0)
    subs = []
    sid = draw(st.integers(min_value=9_000_000, max_value=9_100_000))
    for serial in range(1, n + 1):
        sid += draw(st.integers(min_value=1, max_value=500))
        submitted = start + dt.timedelta(minutes=37 * serial + draw(st.integers(0, 30)))
        sub = {
            "serial": serial,
            "sid": sid,
            "submitted": submitted,
            "completed": submitted,
            "modified": submitted + dt.timedelta(minutes=draw(st.integers(0, 5))),
            "draft": draw(st.booleans()) if serial > 1 else False,
        }
        for q in questionnaire.questions:
            if q.type == "multiple":
                sub[q.id] = draw(st.lists(st.sampled_from(q.codes), unique=True, max_size=3))
            elif q.is_choice:
                sub[q.id] = draw(st.none() | st.sampled_from(q.codes))
            elif q.type == "email":
                sub[q.id] = draw(
                    st.none()
                    | st.from_regex(r"[a-z]{1,8}\.[a-z]{1,8}@example\.org", fullmatch=True)
                )
            else:
                sub[q.id] = draw(st.none() | free_text())
        subs.append(sub)
    return subs


def settings():
    """Every variant of the download page (and of the session language)."""
    info = st.sampled_from(
        [
            INFO_KEYS,
            INFO_KEYS[:6],
            ("webform_serial", "webform_sid", "webform_time", "webform_completed_time"),
        ]
    )
    return st.builds(
        ExportSettings,
        format=st.sampled_from(["delimited", "delimited", "xlsx", "excel_legacy"]),
        delimiter=st.sampled_from(["\t", ",", ";", ":", "|", ".", " "]),
        header=st.sampled_from(["label", "key", "none"]),
        select_keys=st.booleans(),
        select_format=st.sampled_from(["separate", "compact"]),
        language=st.sampled_from(["fr", "en"]),
        info_columns=info,
        date_format=st.sampled_from(["%m/%d/%Y - %H:%M", "%d/%m/%Y - %H:%M"]),
    )
