"""Auto-coding: segments of interviewee speech and free-text answers matched to codes.

Auto-coding only proposes: the analyst validates through the review workbook
(:mod:`survey.coding.review`), and the validated coding is what tables use.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from survey._fold import fold
from survey.coding.frame import CodingFrame, Rule

SEGMENT_COLUMNS = ["segment_id", "document", "turn", "sentence", "char_start", "char_end", "text"]
CODED_COLUMNS = [*SEGMENT_COLUMNS, "code", "theme", "evidence", "negated"]
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_CLAUSE_BREAK = re.compile(r"[,;:.!?()]|\bmais\b|\bpar contre\b")
_WORD = re.compile(r"\w+'?|'")
NEGATION_WINDOW = 5  # words before the match (and 3 after) searched for a negation

Lemmatizer = Callable[[list[str]], list[list[str]]]


def segments(turns: pd.DataFrame) -> pd.DataFrame:
    """Interviewee turns cut into sentences.

    Parameters
    ----------
    turns
        Interview turns (``interview_id, turn, role, text``, as :func:`read_transcript`
        returns them). Interviewer turns are left out.

    Returns
    -------
    DataFrame
        ``segment_id`` (``E01-012-03``: interview, turn, sentence), ``document``
        (the interview id), ``turn``, ``sentence``, ``char_start``/``char_end``
        (offsets of the sentence in its turn's text) and ``text``.
    """
    speech = turns[turns["role"] == "interviewee"]
    rows = []
    for interview, turn, text in speech[["interview_id", "turn", "text"]].itertuples(index=False):
        rows.extend(_sentences(str(interview), int(turn), str(text)))
    return pd.DataFrame(rows, columns=SEGMENT_COLUMNS)


def answer_segments(answers: pd.Series, *, question: str) -> pd.DataFrame:
    """Free-text answers of one question as segments (one per sentence)."""
    rows = []
    for serial, text in answers.dropna().items():
        for row in _sentences(f"R{serial}", 0, str(text)):
            row["segment_id"] = f"R{serial}-{question}-{row['sentence']:02d}"
            rows.append(row)
    return pd.DataFrame(rows, columns=SEGMENT_COLUMNS)


def _sentences(document: str, turn: int, text: str) -> list[dict]:
    out, start = [], 0
    pieces = _SENTENCE_END.split(text)
    for n, piece in enumerate(pieces, start=1):
        begin = text.index(piece, start) if piece else start
        start = begin + len(piece)
        if piece.strip():
            out.append(
                {
                    "segment_id": f"{document}-{turn:03d}-{n:02d}",
                    "document": document,
                    "turn": turn,
                    "sentence": n,
                    "char_start": begin,
                    "char_end": begin + len(piece),
                    "text": piece,
                }
            )
    return out


@dataclass(frozen=True)
class _CompiledRule:
    code: str
    regexes: tuple[re.Pattern, ...]
    lemmas: frozenset[str]
    negated: bool | None


def _phrase_regex(phrase: str) -> str:
    words = [re.escape(w) for w in re.split(r"[\s']+", fold(phrase).strip()) if w]
    return r"(?<!\w)" + r"[\s']*".join(words) + r"(?!\w)"


def _compile(frame: CodingFrame, kind: str) -> list[_CompiledRule]:
    compiled = []
    for code in frame.codes.values():
        if kind not in code.applies_to:
            continue
        for rule in code.rules:
            compiled.append(_compile_rule(code.id, rule))
    return compiled


def _compile_rule(code: str, rule: Rule) -> _CompiledRule:
    regexes = [re.compile(_phrase_regex(p)) for p in rule.phrases]
    regexes += [re.compile(p) for p in rule.patterns]
    lemmas = frozenset(fold(lemma) for lemma in rule.lemmas)
    return _CompiledRule(code, tuple(regexes), lemmas, rule.negated)


def is_negated(folded: str, start: int, end: int, negations: Iterable[str]) -> bool:
    """Whether the match ``[start, end)`` of a folded text is negated within its clause."""
    neg = {fold(n) for n in negations}
    before = folded[:start]
    cut = max((m.end() for m in _CLAUSE_BREAK.finditer(before)), default=0)
    words_before = _WORD.findall(before[cut:])[-NEGATION_WINDOW:]
    after = folded[end:]
    stop = _CLAUSE_BREAK.search(after)
    words_after = _WORD.findall(after[: stop.start() if stop else len(after)])[:3]
    return any(w in neg or w.rstrip("'") + "'" in neg for w in words_before + words_after)


def autocode(
    segs: pd.DataFrame,
    frame: CodingFrame,
    *,
    kind: str = "interviews",
    lemmatizer: Lemmatizer | None = None,
) -> pd.DataFrame:
    """Propose codes for segments.

    Parameters
    ----------
    segs
        Segments from :func:`segments` or :func:`answer_segments`.
    frame
        The coding frame; only codes that apply to ``kind`` (``"interviews"`` or
        ``"answers"``) are used.
    lemmatizer
        Needed only by rules with ``lemmas``: a function from a list of texts to
        their lemma lists (e.g. built on :mod:`survey.text`).

    Returns
    -------
    DataFrame
        One row per (segment, code): the segment columns plus ``code``, ``theme``,
        ``evidence`` (the text that matched) and ``negated`` (whether the evidence
        was negated in its clause). A segment matched by several rules of one code
        appears once, with its first evidence.
    """
    rules = _compile(frame, kind)
    lemma_lists: list[set[str]] = [set()] * len(segs)
    if any(r.lemmas for r in rules):
        if lemmatizer is None:
            raise ValueError("rules with lemmas need a lemmatizer")
        lemma_lists = [{fold(x) for x in lemmas} for lemmas in lemmatizer(segs["text"].tolist())]
    rows = []
    for i, seg in enumerate(segs.itertuples(index=False)):
        folded = fold(seg.text)
        seen: set[str] = set()
        for rule in rules:
            if rule.code in seen:
                continue
            hit = _match(rule, seg.text, folded, lemma_lists[i], frame.negations)
            if hit is not None:
                seen.add(rule.code)
                rows.append(
                    {
                        **seg._asdict(),
                        "code": rule.code,
                        "theme": frame.theme_of[rule.code],
                        "evidence": hit[0],
                        "negated": hit[1],
                    }
                )
    return pd.DataFrame(rows, columns=CODED_COLUMNS)


def _match(rule, text, folded, lemmas, negations) -> tuple[str, bool] | None:
    for regex in rule.regexes:
        for m in regex.finditer(folded):
            negated = is_negated(folded, m.start(), m.end(), negations)
            if rule.negated is None or negated == rule.negated:
                return text[m.start() : m.end()], negated
    if rule.lemmas and rule.lemmas & lemmas:
        return ", ".join(sorted(rule.lemmas & lemmas)), False
    return None


def code_presence(coded: pd.DataFrame, *, documents: Iterable[str], codes: Iterable[str]):
    """Documents × codes table of booleans (code present at least once), in the given orders."""
    table = pd.crosstab(coded["document"], coded["code"]).gt(0)
    return table.reindex(index=list(documents), columns=list(codes), fill_value=False)


def propose_dimension(coded: pd.DataFrame, frame: CodingFrame, dimension: str) -> pd.Series:
    """One proposed value per document for an interview-level dimension.

    The value whose codes were matched in the most segments wins; ties go to the
    value listed first in the frame. Documents with none of those codes get no value.
    """
    dim = frame.dimension(dimension)
    hits = coded[coded["code"].isin(list(dim.proposed_from))].copy()
    hits["value"] = hits["code"].map(dim.proposed_from)
    order = {v: i for i, v in enumerate(dim.values)}
    counts = hits.groupby(["document", "value"]).size().reset_index(name="n")
    counts["rank"] = counts["value"].map(order)
    counts = counts.sort_values(["document", "n", "rank"], ascending=[True, False, True])
    return counts.drop_duplicates("document").set_index("document")["value"].rename(dimension)
