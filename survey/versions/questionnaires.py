"""What changed between two questionnaire versions, and what still compares.

:func:`questionnaire_diff` lists the changes (one row per change) and
:func:`question_correspondence` gives, for every choice question, the categories on which
the two versions compare: an option split in the new version (2026 « mensuelles » and
« hebdomadaires ») is compared, summed, with the old option it came from (2025
« régulières »).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from survey._fold import fold
from survey.errors import VersionMappingError
from survey.questionnaire import Question, Questionnaire, load_questionnaire
from survey.versions._graph import Group, groups
from survey.versions._mapping import (
    QuestionnaireMapping,
    check_ends,
    load_questionnaire_mapping,
    resolve,
)

__all__ = [
    "QUESTIONNAIRE_CHANGES",
    "QUESTION_TYPES",
    "question_correspondence",
    "questionnaire_diff",
    "resolve_questionnaire_mapping",
]

QUESTIONNAIRE_CHANGES: dict[str, str] = {
    "question_added": "question ajoutée",
    "question_removed": "question supprimée",
    "id_changed": "identifiant modifié",
    "wording_changed": "question reformulée",
    "type_changed": "type de question modifié",
    "option_added": "option ajoutée",
    "option_removed": "option supprimée",
    "option_relabelled": "option renommée (même code)",
    "option_recoded": "code d'option modifié",
    "options_merged": "options regroupées",
    "option_split": "option scindée",
    "options_regrouped": "options redécoupées",
    "not_comparable": "déclarée non comparable",
}
"""French wording of each kind of change (the ``change`` column of :func:`questionnaire_diff`)."""

QUESTION_TYPES: dict[str, str] = {
    "single": "choix unique",
    "multiple": "choix multiple",
    "yesno": "oui / non",
    "text": "texte libre",
    "email": "courriel",
}
"""French names of the question types."""

_OPTION_CHANGES = {
    "added": "option_added",
    "removed": "option_removed",
    "recoded": "option_recoded",
    "merged": "options_merged",
    "split": "option_split",
    "regrouped": "options_regrouped",
}

DIFF_COLUMNS = [
    "question",
    "change",
    "old_question",
    "new_question",
    "old_option",
    "new_option",
    "old_text",
    "new_text",
    "comparable",
    "note",
]

CORRESPONDENCE_COLUMNS = [
    "question",
    "old_question",
    "new_question",
    "status",
    "reason",
    "old_type",
    "new_type",
    "wording_changed",
    "options_changed",
    "type_changed",
    "category",
    "label",
    "old_label",
    "category_status",
    "old_codes",
    "new_codes",
    "grouped",
    "note",
]

QuestionnaireLike = Questionnaire | str | Path


@dataclass(frozen=True)
class _Pair:
    """One question of either version and what it compares with."""

    old: Question | None
    new: Question | None
    note: str | None
    not_comparable: str | None
    groups: tuple[Group, ...]

    @property
    def id(self) -> str:
        return (self.new or self.old).id  # type: ignore[union-attr]


# ------------------------------------------------------------------------ public functions


def questionnaire_diff(
    old: QuestionnaireLike,
    new: QuestionnaireLike,
    mapping: QuestionnaireMapping | str | Path | None = None,
) -> pd.DataFrame:
    """The changes from questionnaire ``old`` to questionnaire ``new``, one row per change.

    Parameters
    ----------
    old, new : Questionnaire, str or Path
        The two versions (loaded, a YAML path or a bundled name such as ``"spro-2025"``).
    mapping : QuestionnaireMapping, str or Path, optional
        The correspondence from ``old`` to ``new``; by default the one found next to the new
        version or among the bundled ones (``questionnaires/spro-2026.mapping.yaml``), else
        « same id, same code ».

    Returns
    -------
    pandas.DataFrame
        In the new version's order (removed questions after the question that preceded
        them), columns:

        - ``question``: the new id (the old id for a removed question);
        - ``change``: a key of :data:`QUESTIONNAIRE_CHANGES` (``question_added``,
          ``question_removed``, ``id_changed``, ``wording_changed``, ``type_changed``,
          ``option_added``, ``option_removed``, ``option_relabelled``, ``option_recoded``,
          ``options_merged``, ``option_split``, ``options_regrouped``, ``not_comparable``);
        - ``old_question``, ``new_question``: the ids on each side (None when absent);
        - ``old_option``, ``new_option``: option codes for option changes (several joined
          by ``" + "``);
        - ``old_text``, ``new_text``: the wording, the option labels or the types before
          and after;
        - ``comparable``: whether the question still compares across the two versions;
        - ``note``: the correspondence's note or the reason it does not compare.

    Raises
    ------
    VersionMappingError
        The correspondence links other versions, or names a question or an option that
        does not exist.
    """
    old_q, new_q, resolved = _prepare(old, new, mapping)
    rows = []
    for pair in _pairs(old_q, new_q, resolved):
        rows += _changes(pair, old_q, new_q)
    return pd.DataFrame(rows, columns=DIFF_COLUMNS)


def question_correspondence(
    old: QuestionnaireLike,
    new: QuestionnaireLike,
    mapping: QuestionnaireMapping | str | Path | None = None,
) -> pd.DataFrame:
    """The categories on which each choice question compares across two versions.

    Parameters
    ----------
    old, new, mapping
        As in :func:`questionnaire_diff`.

    Returns
    -------
    pandas.DataFrame
        One row per comparison category of a comparable question (one row, without
        category, for a question that does not compare), in the new version's order.
        Personal and free-text questions are left out. Columns:

        - ``question``, ``old_question``, ``new_question``: as in :func:`questionnaire_diff`;
        - ``status``: ``comparable``, ``removed`` (only in the old version), ``added``
          (only in the new one) or ``not_comparable`` (declared so, or a choice question
          that became free text); ``reason``: why it does not compare;
        - ``old_type``, ``new_type``: question types;
        - ``wording_changed``, ``options_changed``, ``type_changed``: the change flags;
        - ``category``: the category code (the new code; for options merged or split the
          old code, or the new codes joined by ``+``); ``label``: its label (the new
          label; for a split the new net grouping the same options, if any);
          ``old_label``: the old label;
        - ``category_status``: ``comparable``, ``added`` (an option only in the new
          version) or ``removed`` (only in the old one);
        - ``old_codes``, ``new_codes``: tuples of the option codes counted on each side;
        - ``grouped``: the category gathers several options on one side;
        - ``note``: the correspondence's note.
    """
    old_q, new_q, resolved = _prepare(old, new, mapping)
    rows = []
    for pair in _pairs(old_q, new_q, resolved):
        rows += _categories(pair, old_q.id, new_q.id)
    return pd.DataFrame(rows, columns=CORRESPONDENCE_COLUMNS)


def resolve_questionnaire_mapping(
    old: QuestionnaireLike,
    new: QuestionnaireLike,
    mapping: QuestionnaireMapping | str | Path | None = None,
) -> QuestionnaireMapping:
    """The correspondence to use from ``old`` to ``new``, checked against both versions.

    ``mapping`` as in :func:`questionnaire_diff`. Without a file, the default
    correspondence (same id, same code) with ``path`` None.
    """
    return _prepare(old, new, mapping)[2]


# ------------------------------------------------------------------------------ internals


def _prepare(old, new, mapping) -> tuple[Questionnaire, Questionnaire, QuestionnaireMapping]:
    old_q, new_q, resolved = resolve(
        "questionnaires",
        old,
        new,
        mapping,
        definition=Questionnaire,
        load_definition=load_questionnaire,
        load_mapping=load_questionnaire_mapping,
        empty=QuestionnaireMapping,
    )
    _check(resolved, old_q, new_q)
    return old_q, new_q, resolved


def _check(mapping: QuestionnaireMapping, old: Questionnaire, new: Questionnaire) -> None:
    path = mapping.path
    check_ends(mapping, old.id, new.id, "versions")
    old_ids = {q.id: q for q in old.questions}
    new_ids = {q.id: q for q in new.questions}
    claimed: dict[str, str] = {}
    for new_id, link in mapping.questions.items():
        if new_id not in new_ids:
            raise VersionMappingError(
                path,
                f"question inconnue de « {new.id} » ; sous « questions », chaque clé est un "
                f"identifiant de la nouvelle version ({_listing(new_ids)}).",
                item=new_id,
            )
        if link.old not in old_ids:
            raise VersionMappingError(
                path,
                f"« from: {link.old} » : question inconnue de « {old.id} » ; donnez un "
                f"identifiant de l'ancienne version ({_listing(old_ids)}).",
                item=new_id,
            )
        if link.old in claimed:
            raise VersionMappingError(
                path,
                f"la question « {link.old} » de « {old.id} » est déjà reprise par "
                f"« {claimed[link.old]} » ; une question ancienne se compare à une seule "
                "question nouvelle.",
                item=new_id,
            )
        claimed[link.old] = new_id
        new_codes = new_ids[new_id].codes
        old_codes = old_ids[link.old].codes
        for code, olds in link.options.items():
            if code not in new_codes:
                raise VersionMappingError(
                    path,
                    f"option « {code} » inconnue de cette question dans « {new.id} » "
                    f"(options : {_listing(new_codes)}).",
                    item=new_id,
                )
            for old_code in olds:
                if old_code not in old_codes:
                    raise VersionMappingError(
                        path,
                        f"option « {code} » : l'option « {old_code} » n'existe pas dans la "
                        f"question « {link.old} » de « {old.id} » (options : "
                        f"{_listing(old_codes)}).",
                        item=new_id,
                    )
    for new_id in mapping.not_comparable:
        if new_id not in new_ids:
            raise VersionMappingError(
                path,
                f"« not_comparable » : question inconnue de « {new.id} » ({_listing(new_ids)}).",
                item=new_id,
            )


def _listing(items, limit: int = 12) -> str:
    items = list(items)
    shown = ", ".join(items[:limit])
    return shown + (f"… ({len(items)} en tout)" if len(items) > limit else "") if items else "—"


def _pairs(old: Questionnaire, new: Questionnaire, mapping: QuestionnaireMapping) -> list[_Pair]:
    """Every question of either version, paired, in the new order (removed ones in place)."""
    old_by_id = {q.id: q for q in old.questions}
    explicit_old = {link.old for link in mapping.questions.values()}
    partner: dict[str, str] = {}
    for q in new.questions:
        if q.id in mapping.questions:
            partner[q.id] = mapping.questions[q.id].old  # type: ignore[assignment]
        elif q.id in old_by_id and q.id not in explicit_old:
            partner[q.id] = q.id
    taken = set(partner.values())
    new_position = {q.id: i for i, q in enumerate(new.questions)}
    placed: list[tuple[float, _Pair]] = []
    for q in new.questions:
        old_q = old_by_id.get(partner[q.id]) if q.id in partner else None
        link = mapping.questions.get(q.id)
        explicit = dict(link.options) if link else {}
        grouping = tuple(groups(old_q.codes, q.codes, explicit) if old_q is not None else ())
        pair = _Pair(
            old_q, q, link.note if link else None, mapping.not_comparable.get(q.id), grouping
        )
        placed.append((new_position[q.id], pair))
    previous = -0.5
    old_to_new = {v: k for k, v in partner.items()}
    for q in old.questions:
        if q.id in old_to_new:
            previous = new_position[old_to_new[q.id]]
        elif q.id not in taken:
            placed.append((previous + 0.5, _Pair(q, None, None, None, ())))
    placed.sort(key=lambda item: item[0])
    return [pair for _, pair in placed]


def _same_text(a: str, b: str) -> bool:
    return " ".join(fold(a).split()) == " ".join(fold(b).split())


def _flags(pair: _Pair) -> dict[str, bool]:
    old, new = pair.old, pair.new
    if old is None or new is None:
        return {"wording_changed": False, "options_changed": False, "type_changed": False}
    options_changed = any(g.kind != "same" for g in pair.groups) or any(
        not _same_text(_label(old, g.old[0]), _label(new, g.new[0]))
        for g in pair.groups
        if g.kind == "same"
    )
    return {
        "wording_changed": not _same_text(old.label, new.label),
        "options_changed": bool(options_changed),
        "type_changed": old.type != new.type,
    }


def _reason(pair: _Pair, old_id: str, new_id: str) -> str | None:
    """Why a pair does not compare (None when it does)."""
    if pair.new is None:
        return f"question absente de « {new_id} »"
    if pair.old is None:
        return f"nouvelle question, absente de « {old_id} »"
    if pair.not_comparable:
        return pair.not_comparable
    if pair.old.is_choice != pair.new.is_choice:
        return (
            f"type modifié ({QUESTION_TYPES[pair.old.type]} → {QUESTION_TYPES[pair.new.type]}) : "
            "les réponses ne se comparent plus"
        )
    return None


def _label(question: Question, code: str) -> str:
    return question.labels()[code]


def _changes(pair: _Pair, old_q: Questionnaire, new_q: Questionnaire) -> list[dict]:
    old, new = pair.old, pair.new
    reason = _reason(pair, old_q.id, new_q.id)
    comparable = reason is None
    base = {
        "question": pair.id,
        "old_question": old.id if old else None,
        "new_question": new.id if new else None,
        "old_option": None,
        "new_option": None,
        "comparable": comparable,
        "note": pair.note,
    }
    if new is None:
        return [
            {
                **base,
                "change": "question_removed",
                "old_text": old.label,
                "new_text": None,
                "note": reason,
            }
        ]
    if old is None:
        return [
            {
                **base,
                "change": "question_added",
                "old_text": None,
                "new_text": new.label,
                "note": reason,
            }
        ]
    rows = []
    if pair.not_comparable:
        rows.append(
            {
                **base,
                "change": "not_comparable",
                "old_text": None,
                "new_text": None,
                "note": pair.not_comparable,
            }
        )
    if old.id != new.id:
        rows.append({**base, "change": "id_changed", "old_text": old.id, "new_text": new.id})
    if old.type != new.type:
        rows.append(
            {
                **base,
                "change": "type_changed",
                "old_text": QUESTION_TYPES[old.type],
                "new_text": QUESTION_TYPES[new.type],
                "note": pair.note if comparable else reason,
            }
        )
    if not _same_text(old.label, new.label):
        rows.append(
            {**base, "change": "wording_changed", "old_text": old.label, "new_text": new.label}
        )
    for group in pair.groups:
        kind = group.kind
        olds = [_label(old, c) for c in group.old]
        news = [_label(new, c) for c in group.new]
        option = {
            **base,
            "old_option": " + ".join(group.old) or None,
            "new_option": " + ".join(group.new) or None,
            "old_text": " ; ".join(olds) or None,
            "new_text": " ; ".join(news) or None,
        }
        if kind == "same":
            if not _same_text(olds[0], news[0]):
                rows.append({**option, "change": "option_relabelled"})
        else:
            rows.append({**option, "change": _OPTION_CHANGES[kind]})
    return rows


def _categories(pair: _Pair, old_version: str, new_version: str) -> list[dict]:
    old, new = pair.old, pair.new
    question = new if new is not None else old
    if question is None or question.personal:
        return []
    if not ((old is not None and old.is_choice) or (new is not None and new.is_choice)):
        return []
    old_id = old.id if old else None
    new_id = new.id if new else None
    reason = _reason(pair, old_version, new_version)
    status = (
        "removed"
        if new is None
        else "added"
        if old is None
        else "not_comparable"
        if reason
        else "comparable"
    )
    base = {
        "question": pair.id,
        "old_question": old_id,
        "new_question": new_id,
        "status": status,
        "reason": reason,
        "old_type": old.type if old else None,
        "new_type": new.type if new else None,
        **_flags(pair),
        "note": pair.note,
    }
    empty = {
        "category": None,
        "label": None,
        "old_label": None,
        "category_status": None,
        "old_codes": (),
        "new_codes": (),
        "grouped": False,
    }
    if status != "comparable":
        return [{**base, **empty}]
    assert old is not None and new is not None
    nets = {tuple(n.options): n.label for n in new.nets}
    rows = []
    for group in pair.groups:
        kind = group.kind
        if len(group.new) == 1:
            code, label = group.new[0], _label(new, group.new[0])
        elif len(group.old) == 1:
            code = group.old[0]
            label = nets.get(group.new, " + ".join(_label(new, c) for c in group.new))
        else:
            code = "+".join(group.new)
            label = nets.get(group.new, " + ".join(_label(new, c) for c in group.new))
        if not group.new:
            code, label = group.old[0], _label(old, group.old[0])
        old_label = " + ".join(_label(old, c) for c in group.old) or None
        rows.append(
            {
                **base,
                "category": code,
                "label": label,
                "old_label": old_label,
                "category_status": {"added": "added", "removed": "removed"}.get(kind, "comparable"),
                "old_codes": group.old,
                "new_codes": group.new,
                "grouped": len(group.old) > 1 or len(group.new) > 1,
            }
        )
    return rows
