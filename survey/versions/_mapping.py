"""Correspondence files between two versions, loaded and checked.

A questionnaire correspondence (``questionnaires/<new>.mapping.yaml``) and a coding-frame
correspondence (``coding_frames/<new>.mapping.yaml``) are YAML files documented in the
French READMEs of those folders (« Versions et correspondances »). This module reads them
into frozen dataclasses and finds them automatically; the checks against the two versions
live with the diffs (:mod:`survey.versions.questionnaires`, :mod:`survey.versions.coding_frames`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from survey._resources import bundled_path
from survey.errors import VersionMappingError

MAPPING_SUFFIX = ".mapping.yaml"


# --------------------------------------------------------------------------- file models


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class _QuestionEntry(_Model):
    from_: str | None = Field(default=None, alias="from")
    options: dict[str, str | list[str]] = Field(default_factory=dict)
    note: str | None = None


class _QuestionnaireFile(_Model):
    from_: str = Field(alias="from")
    to: str
    questions: dict[str, _QuestionEntry | None] = Field(default_factory=dict)
    not_comparable: dict[str, str] = Field(default_factory=dict)


class _CodingFrameFile(_Model):
    from_: str = Field(alias="from")
    to: str
    codes: dict[str, str | list[str]] = Field(default_factory=dict)
    retired: dict[str, str | None] = Field(default_factory=dict)


# ------------------------------------------------------------------------ loaded mappings


@dataclass(frozen=True)
class QuestionLink:
    """How one question of the new version compares with the old version.

    ``old`` is the old question id; ``options`` maps new option codes to the old codes they
    compare with (several new codes on one old code: a split; several old codes: a merge).
    """

    new: str
    old: str | None
    options: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    note: str | None = None


@dataclass(frozen=True)
class QuestionnaireMapping:
    """The correspondence from questionnaire ``old`` to questionnaire ``new``.

    Questions and options not listed compare with the ones of the same id and code.
    ``path`` is None for the default correspondence (no file).
    """

    old: str
    new: str
    questions: Mapping[str, QuestionLink] = field(default_factory=dict)
    not_comparable: Mapping[str, str] = field(default_factory=dict)
    path: Path | None = None


@dataclass(frozen=True)
class CodingFrameMapping:
    """The correspondence from coding frame ``old`` to coding frame ``new``.

    ``codes`` maps a new code to the old codes it takes over (renamed, merged); ``retired``
    gives the reason an old code was retired. Codes not listed compare with the code of the
    same id; old codes absent from the new frame are retired, new codes without an old one
    are added.
    """

    old: str
    new: str
    codes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    retired: Mapping[str, str | None] = field(default_factory=dict)
    path: Path | None = None


# ------------------------------------------------------------------------------- loading


def load_questionnaire_mapping(source: str | Path) -> QuestionnaireMapping:
    """Read a questionnaire correspondence: a YAML path, or a bundled name (``"spro-2026"``).

    The file is checked for its format only; :func:`questionnaire_diff` checks it against
    the two questionnaires.

    Raises
    ------
    VersionMappingError
        Missing or unreadable file, or a field outside the format.
    """
    path = _locate(source, "questionnaires")
    raw = _read(path)
    try:
        parsed = _QuestionnaireFile.model_validate(raw)
    except ValidationError as exc:
        raise _explain(path, exc, "question") from exc
    links = {}
    for new_id, entry in parsed.questions.items():
        entry = entry or _QuestionEntry()
        options = {
            code: (old,) if isinstance(old, str) else tuple(old)
            for code, old in entry.options.items()
        }
        links[new_id] = QuestionLink(new_id, entry.from_ or new_id, options, entry.note)
    return QuestionnaireMapping(
        parsed.from_, parsed.to, links, dict(parsed.not_comparable), path=path
    )


def load_coding_frame_mapping(source: str | Path) -> CodingFrameMapping:
    """Read a coding-frame correspondence: a YAML path, or a bundled name (``"spro-2026"``).

    Raises
    ------
    VersionMappingError
        Missing or unreadable file, or a field outside the format.
    """
    path = _locate(source, "coding_frames")
    raw = _read(path)
    try:
        parsed = _CodingFrameFile.model_validate(raw)
    except ValidationError as exc:
        raise _explain(path, exc, "code") from exc
    codes = {
        new: (old,) if isinstance(old, str) else tuple(old) for new, old in parsed.codes.items()
    }
    return CodingFrameMapping(parsed.from_, parsed.to, codes, dict(parsed.retired), path=path)


def find_mapping_file(kind: str, old_id: str, new_id: str, *, near: Path | None = None):
    """The correspondence file from ``old_id`` to ``new_id``, or None when there is none.

    Looked for as ``<new_id>.mapping.yaml`` (or ``<stem>.mapping.yaml`` of the new
    version's file) next to the new version's file (``near``), then among the bundled
    definitions of ``kind`` (``"questionnaires"`` or ``"coding_frames"``). A file there that
    links other versions is ignored, except a correspondence in the other direction
    (``new`` → ``old``), which raises: the versions are given in the wrong order.
    """
    folders = []
    if near is not None:
        folders.append((near.parent, near.name.removesuffix(".yaml").removesuffix(".yml")))
    folders.append((bundled_path(kind), None))
    candidates = []
    for folder, stem in folders:
        for name in (stem, new_id):
            if name:
                candidates.append(folder / f"{name}{MAPPING_SUFFIX}")
    for path in dict.fromkeys(candidates):
        if path.exists() and _ends(path) == (old_id, new_id):
            return path
    for folder, _ in folders:
        reverse = folder / f"{old_id}{MAPPING_SUFFIX}"
        if reverse.exists() and _ends(reverse) == (new_id, old_id):
            raise VersionMappingError(
                reverse,
                f"cette correspondance va de « {new_id} » vers « {old_id} » : donnez "
                f"d'abord la version ancienne (« {new_id} »), puis la nouvelle.",
            )
    return None


def resolve(kind: str, old, new, mapping, *, definition, load_definition, load_mapping, empty):
    """Both definitions and the correspondence between them: given, read, found or empty.

    Shared by questionnaires and coding frames (``kind``): ``old`` and ``new`` are
    definitions (instances of ``definition``) or what ``load_definition`` reads; ``mapping``
    is a correspondence, a path or name for ``load_mapping``, or None to look for the file
    (:func:`find_mapping_file`) next to ``new`` then among the bundled ones, an empty
    correspondence (``empty(old_id, new_id)``: same ids compare) when there is none.
    """
    old_d, _ = _definition(old, definition, load_definition)
    new_d, new_path = _definition(new, definition, load_definition)
    if isinstance(mapping, QuestionnaireMapping | CodingFrameMapping):
        return old_d, new_d, mapping
    if mapping is not None:
        return old_d, new_d, load_mapping(mapping)
    found = (
        None if old_d.id == new_d.id else find_mapping_file(kind, old_d.id, new_d.id, near=new_path)
    )
    return old_d, new_d, load_mapping(found) if found else empty(old_d.id, new_d.id)


def check_ends(mapping, old_id: str, new_id: str, what: str) -> None:
    """A French error when ``mapping`` links other versions than ``old_id`` → ``new_id``."""
    if (mapping.old, mapping.new) != (old_id, new_id):
        raise VersionMappingError(
            mapping.path,
            f"cette correspondance relie « {mapping.old} » à « {mapping.new} », pas "
            f"« {old_id} » à « {new_id} » ; choisissez la correspondance entre ces deux "
            f"{what}.",
        )


def _definition(source, definition, load_definition):
    if isinstance(source, definition):
        return source, None
    path = Path(source)
    return load_definition(source), path if path.exists() else None


def _ends(path: Path) -> tuple[str, str] | None:
    raw = _read(path)
    if isinstance(raw, dict) and "from" in raw and "to" in raw:
        return str(raw["from"]), str(raw["to"])
    return None


def _locate(source: str | Path, kind: str) -> Path:
    path = Path(source)
    if not path.exists() and path.parent == Path("."):
        name = str(source).removesuffix(MAPPING_SUFFIX).removesuffix(".yaml")
        path = bundled_path(kind) / f"{name}{MAPPING_SUFFIX}"
    if not path.exists():
        raise VersionMappingError(path, "fichier introuvable ; vérifiez le chemin ou le nom.")
    return path


def _read(path: Path) -> object:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise VersionMappingError(path, f"le fichier n'est pas un YAML lisible ({exc}).") from exc
    if not isinstance(raw, dict):
        raise VersionMappingError(path, "le fichier doit décrire un dictionnaire YAML.")
    return raw


def _explain(path: Path, exc: ValidationError, kind: str) -> VersionMappingError:
    err = exc.errors()[0]
    loc = [str(p) for p in err["loc"]]
    item = loc[1] if len(loc) >= 2 and loc[0] in ("questions", "codes", "retired") else None
    readme = "questionnaires" if kind == "question" else "coding_frames"
    if err["type"] == "missing":
        problem = f"champ obligatoire « {loc[-1]} » manquant"
    elif err["type"] == "extra_forbidden":
        problem = f"champ « {loc[-1]} » inconnu"
    else:
        problem = f"valeur invalide pour « {'.'.join(loc)} » ({err['msg']})"
    return VersionMappingError(
        path,
        f"{problem} ; le format est décrit dans {readme}/README.md (« Versions et "
        "correspondances »).",
        item=item,
        kind=kind,
    )
