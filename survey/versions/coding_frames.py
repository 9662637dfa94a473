"""What changed between two coding-frame versions, and which codes still compare.

:func:`coding_frame_diff` lists the changes (codes added, merged, split, retired, renamed;
labels, definitions and coding guidance modified) and :func:`code_correspondence` the
groups of codes that compare across the versions: a 2026 code that merges two 2025 codes
compares with the interviews in which either 2025 code was present.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from survey._fold import fold
from survey._resources import bundled_path
from survey.coding.frame import CodingFrame, load_coding_frame
from survey.errors import VersionMappingError
from survey.versions._graph import Group, groups
from survey.versions._mapping import (
    MAPPING_SUFFIX,
    CodingFrameMapping,
    check_ends,
    load_coding_frame_mapping,
    resolve,
)

__all__ = [
    "CODE_STATUSES",
    "CODING_FRAME_CHANGES",
    "code_correspondence",
    "coding_frame_diff",
    "current_codes",
    "resolve_coding_frame_mapping",
]

CODING_FRAME_CHANGES: dict[str, str] = {
    "code_added": "code ajouté",
    "code_retired": "code retiré",
    "code_renamed": "code renommé",
    "codes_merged": "codes fusionnés",
    "code_split": "code scindé",
    "codes_regrouped": "codes redécoupés",
    "label_changed": "libellé modifié",
    "definition_changed": "définition modifiée",
    "guidance_changed": "consignes modifiées (inclure / exclure)",
    "theme_changed": "thème modifié",
}
"""French wording of each kind of change (the ``change`` column of :func:`coding_frame_diff`)."""

CODE_STATUSES: dict[str, str] = {
    "same": "inchangé",
    "renamed": "renommé",
    "merged": "fusionné",
    "split": "scindé",
    "regrouped": "redécoupé",
    "added": "ajouté",
    "retired": "retiré",
}
"""French wording of the ``status`` column of :func:`code_correspondence`."""

_GROUP_CHANGES = {
    "added": "code_added",
    "removed": "code_retired",
    "recoded": "code_renamed",
    "merged": "codes_merged",
    "split": "code_split",
    "regrouped": "codes_regrouped",
}
_GROUP_STATUS = {"recoded": "renamed", "removed": "retired"}

DIFF_COLUMNS = ["code", "change", "old_code", "new_code", "old_text", "new_text", "theme", "note"]
CORRESPONDENCE_COLUMNS = [
    "code",
    "label",
    "theme",
    "theme_label",
    "status",
    "old_codes",
    "new_codes",
    "old_label",
    "note",
]

FrameLike = CodingFrame | str | Path


def coding_frame_diff(
    old: FrameLike,
    new: FrameLike,
    mapping: CodingFrameMapping | str | Path | None = None,
) -> pd.DataFrame:
    """The changes from coding frame ``old`` to coding frame ``new``, one row per change.

    Parameters
    ----------
    old, new : CodingFrame, str or Path
        The two versions (loaded, a YAML path, or a bundled name such as ``"spro-2025"``).
    mapping : CodingFrameMapping, str or Path, optional
        The correspondence from ``old`` to ``new``; by default the one found next to the
        new frame or among the bundled ones (``coding_frames/spro-2026.mapping.yaml``),
        else « same id ».

    Returns
    -------
    pandas.DataFrame
        In the new frame's order (retired codes last), columns ``code`` (the new code, or
        the old one when retired), ``change`` (a key of :data:`CODING_FRAME_CHANGES`),
        ``old_code`` and ``new_code`` (several joined by ``" + "``), ``old_text`` and
        ``new_text`` (labels, definitions or guidance before and after), ``theme`` (the
        new theme id, else the old one) and ``note`` (the reason a code was retired).

    Raises
    ------
    VersionMappingError
        The correspondence links other versions, or names a code that does not exist.
    """
    old_f, new_f, resolved = _prepare(old, new, mapping)
    rows = []
    for group in _groups(old_f, new_f, resolved):
        rows += _changes(group, old_f, new_f, resolved)
    return pd.DataFrame(rows, columns=DIFF_COLUMNS)


def code_correspondence(
    old: FrameLike,
    new: FrameLike,
    mapping: CodingFrameMapping | str | Path | None = None,
) -> pd.DataFrame:
    """The groups of codes that compare across two coding-frame versions.

    Parameters
    ----------
    old, new, mapping
        As in :func:`coding_frame_diff`.

    Returns
    -------
    pandas.DataFrame
        One row per group, new frame order, retired codes last: ``code`` (the new code; the
        new codes joined by ``+`` for a split; the old code when retired), ``label``,
        ``theme``, ``theme_label`` (new frame, else old), ``status`` (a key of
        :data:`CODE_STATUSES`), ``old_codes`` and ``new_codes`` (tuples), ``old_label`` and
        ``note`` (reason of a retirement).
    """
    old_f, new_f, resolved = _prepare(old, new, mapping)
    rows = []
    for group in _groups(old_f, new_f, resolved):
        frame, codes = (new_f, group.new) if group.new else (old_f, group.old)
        kind = group.kind
        themes = dict.fromkeys(frame.theme_of[c] for c in codes)
        theme_labels = {t.id: t.label for t in frame.themes}
        rows.append(
            {
                "code": codes[0] if len(codes) == 1 else "+".join(codes),
                "label": " + ".join(frame.codes[c].label for c in codes),
                "theme": " + ".join(themes),
                "theme_label": " + ".join(theme_labels[t] for t in themes),
                "status": _GROUP_STATUS.get(kind, kind),
                "old_codes": group.old,
                "new_codes": group.new,
                "old_label": " + ".join(old_f.codes[c].label for c in group.old) or None,
                "note": _retired_note(group, resolved, new_f) if kind == "removed" else None,
            }
        )
    return pd.DataFrame(rows, columns=CORRESPONDENCE_COLUMNS)


def resolve_coding_frame_mapping(
    old: FrameLike,
    new: FrameLike,
    mapping: CodingFrameMapping | str | Path | None = None,
) -> CodingFrameMapping:
    """The correspondence to use from ``old`` to ``new``, checked against both frames."""
    return _prepare(old, new, mapping)[2]


def current_codes(frame: CodingFrame, codes: list[str]) -> list[str]:
    """``codes`` as ``frame`` names them: earlier codes become the code that took them over.

    A notebook written for one version of the frame asks for codes by name; on the next
    version a merged code (``obstacle_dispersion``) becomes its successor
    (``obstacle_information``) through the bundled correspondence that leads to ``frame``,
    and a retired or unknown code is left out. Order is kept, duplicates dropped.

    Examples
    --------
    >>> current_codes(
    ...     load_coding_frame("spro-2026"),
    ...     ["obstacle_dispersion", "proposition_newsletter", "levier_matinales"],
    ... )
    ['obstacle_information', 'levier_matinales']
    """
    successor: dict[str, str] = {}
    path = bundled_path("coding_frames") / f"{frame.id}{MAPPING_SUFFIX}"
    if path.exists():
        mapping = load_coding_frame_mapping(path)
        if mapping.new == frame.id:
            successor = {old: new for new, olds in mapping.codes.items() for old in olds}
    known = set(frame.codes)
    found = (successor.get(code, code) for code in codes)
    return list(dict.fromkeys(code for code in found if code in known))


# ------------------------------------------------------------------------------ internals


def _prepare(old, new, mapping) -> tuple[CodingFrame, CodingFrame, CodingFrameMapping]:
    old_f, new_f, resolved = resolve(
        "coding_frames",
        old,
        new,
        mapping,
        definition=CodingFrame,
        load_definition=load_coding_frame,
        load_mapping=load_coding_frame_mapping,
        empty=CodingFrameMapping,
    )
    _check(resolved, old_f, new_f)
    return old_f, new_f, resolved


def _check(mapping: CodingFrameMapping, old: CodingFrame, new: CodingFrame) -> None:
    path = mapping.path
    check_ends(mapping, old.id, new.id, "grilles")
    for new_code, olds in mapping.codes.items():
        if new_code not in new.codes:
            raise VersionMappingError(
                path,
                f"code inconnu de « {new.id} » ; sous « codes », chaque clé est un code de la "
                "nouvelle grille.",
                item=new_code,
                kind="code",
            )
        for old_code in olds:
            if old_code not in old.codes:
                raise VersionMappingError(
                    path,
                    f"le code « {old_code} » qu'il reprend n'existe pas dans « {old.id} » ; "
                    "corrigez l'identifiant.",
                    item=new_code,
                    kind="code",
                )
            if old_code in mapping.retired:
                raise VersionMappingError(
                    path,
                    f"le code « {old_code} » est à la fois repris et retiré ; choisissez.",
                    item=new_code,
                    kind="code",
                )
    for old_code in mapping.retired:
        if old_code not in old.codes:
            raise VersionMappingError(
                path,
                f"« retired » : code inconnu de « {old.id} ».",
                item=old_code,
                kind="code",
            )
        if old_code in new.codes:
            raise VersionMappingError(
                path,
                f"« retired » : ce code existe toujours dans « {new.id} » ; retirez-le de la "
                "grille ou de la liste des codes retirés.",
                item=old_code,
                kind="code",
            )


def _groups(old: CodingFrame, new: CodingFrame, mapping: CodingFrameMapping) -> list[Group]:
    return groups(
        list(old.codes), list(new.codes), mapping.codes, excluded_old=list(mapping.retired)
    )


def _retired_note(group: Group, mapping: CodingFrameMapping, new: CodingFrame) -> str:
    reason = mapping.retired.get(group.old[0])
    return reason or f"absent de « {new.id} », sans correspondance"


def _same(a: str | None, b: str | None) -> bool:
    return " ".join(fold(a or "").split()) == " ".join(fold(b or "").split())


def _changes(
    group: Group, old: CodingFrame, new: CodingFrame, mapping: CodingFrameMapping
) -> list[dict]:
    kind = group.kind
    code = group.new[0] if len(group.new) == 1 else "+".join(group.new or group.old)
    theme = (new.theme_of[group.new[0]] if group.new else old.theme_of[group.old[0]]) or None
    base = {
        "code": code,
        "old_code": " + ".join(group.old) or None,
        "new_code": " + ".join(group.new) or None,
        "theme": theme,
        "note": None,
    }
    olds = [old.codes[c] for c in group.old]
    news = [new.codes[c] for c in group.new]
    rows = []
    if kind != "same":
        rows.append(
            {
                **base,
                "change": _GROUP_CHANGES[kind],
                "old_text": " ; ".join(c.label for c in olds) or None,
                "new_text": " ; ".join(c.label for c in news) or None,
                "note": _retired_note(group, mapping, new) if kind == "removed" else None,
            }
        )
    if kind not in ("same", "recoded"):
        return rows
    before, after = olds[0], news[0]
    if not _same(before.label, after.label):
        rows.append(
            {**base, "change": "label_changed", "old_text": before.label, "new_text": after.label}
        )
    if not _same(before.definition, after.definition):
        rows.append(
            {
                **base,
                "change": "definition_changed",
                "old_text": before.definition,
                "new_text": after.definition,
            }
        )
    if not (_same(before.include, after.include) and _same(before.exclude, after.exclude)):
        rows.append(
            {
                **base,
                "change": "guidance_changed",
                "old_text": _guidance(before),
                "new_text": _guidance(after),
            }
        )
    if old.theme_of[before.id] != new.theme_of[after.id]:
        rows.append(
            {
                **base,
                "change": "theme_changed",
                "old_text": old.theme_of[before.id],
                "new_text": new.theme_of[after.id],
            }
        )
    return rows


def _guidance(code) -> str:
    parts = []
    if code.include:
        parts.append(f"Inclure : {code.include}")
    if code.exclude:
        parts.append(f"Exclure : {code.exclude}")
    return "\n".join(parts)
