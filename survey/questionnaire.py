"""Questionnaire definitions kept as data (YAML), loaded and validated.

A questionnaire lists its questions in form order. Each question has a stable
snake_case ``id`` (the variable name used everywhere else), the French wording
shown on the form (``label``, which is what a label-mode export carries in its
header), the Framaforms form key when known (``key``), a ``section``, a
``type``, its ordered ``options`` and ``nets``, the free-text field tied to its
"Autre (préciser)" option (``other_field``), and whether it is personal data.
The format is documented in ``questionnaires/README.md``.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from survey._resources import bundled_path
from survey.errors import QuestionnaireError

QuestionType = Literal["single", "multiple", "text", "email", "yesno"]
CHOICE_TYPES = ("single", "multiple", "yesno")
SECTIONS = ("profil", "connaissance", "appartenance", "acteurs", "suites")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_YESNO = [{"code": "oui", "label": "Oui"}, {"code": "non", "label": "Non"}]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Model):
    """One answer option: a stable ``code``, the ``label`` shown on the form."""

    code: str
    label: str
    key: str | None = None
    other: bool = False
    attributes: dict[str, str] = Field(default_factory=dict)

    @field_validator("code")
    @classmethod
    def _snake_case(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError(f"le code d'option « {v} » doit être en snake_case (a-z, 0-9, _)")
        return v

    @field_validator("key", mode="before")
    @classmethod
    def _key_as_text(cls, v: object) -> object:
        return None if v is None else str(v)


class Net(_Model):
    """A grouping of options reported as one line (e.g. "suffisamment ou très bien")."""

    code: str
    label: str
    options: list[str]


class Question(_Model):
    """One question (one form component) of the questionnaire."""

    id: str
    label: str
    type: QuestionType
    section: str
    key: str | None = None
    short_label: str | None = None
    options: list[Option] = Field(default_factory=list)
    nets: list[Net] = Field(default_factory=list)
    other_field: str | None = None
    personal: bool = False
    note: str | None = None

    @field_validator("id")
    @classmethod
    def _snake_case(cls, v: str) -> str:
        if not _ID.match(v) or "__" in v:
            raise ValueError(f"l'identifiant « {v} » doit être en snake_case, sans « __ »")
        return v

    @field_validator("section")
    @classmethod
    def _known_section(cls, v: str) -> str:
        if v not in SECTIONS:
            raise ValueError(f"section « {v} » inconnue (attendu : {', '.join(SECTIONS)})")
        return v

    @model_validator(mode="before")
    @classmethod
    def _yesno_defaults(cls, data: object) -> object:
        if isinstance(data, dict):
            if data.get("type") == "yesno" and not data.get("options"):
                data = {**data, "options": _YESNO}
            if data.get("type") == "email" and "personal" not in data:
                data = {**data, "personal": True}
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        if self.type in CHOICE_TYPES and not self.options:
            raise ValueError("une question à choix doit lister ses options")
        if self.type not in CHOICE_TYPES and self.options:
            raise ValueError(f"une question de type « {self.type} » n'a pas d'options")
        codes = [o.code for o in self.options]
        dup = sorted({c for c in codes if codes.count(c) > 1})
        if dup:
            raise ValueError(f"codes d'option en double : {', '.join(dup)}")
        labels = [_fold(o.label) for o in self.options]
        dup = sorted({o.label for o in self.options if labels.count(_fold(o.label)) > 1})
        if dup:
            raise ValueError(f"libellés d'option en double : {', '.join(dup)}")
        for net in self.nets:
            missing = [c for c in net.options if c not in codes]
            if missing:
                raise ValueError(
                    f"le regroupement « {net.code} » cite des options inconnues : "
                    + ", ".join(missing)
                )
            if net.code in codes:
                raise ValueError(f"le regroupement « {net.code} » porte le code d'une option")
        return self

    @property
    def is_choice(self) -> bool:
        return self.type in CHOICE_TYPES

    @property
    def codes(self) -> list[str]:
        return [o.code for o in self.options]

    def labels(self) -> dict[str, str]:
        """Option code → label, in questionnaire order."""
        return {o.code: o.label for o in self.options}

    def columns(self) -> list[str]:
        """Names of the response columns holding this question."""
        if self.type == "multiple":
            return [f"{self.id}__{o.code}" for o in self.options]
        return [self.id]


class Derived(_Model):
    """A variable computed from a question through a code mapping (e.g. cercle)."""

    id: str
    label: str
    source: str
    options: list[Option]
    mapping: dict[str, str]

    def labels(self) -> dict[str, str]:
        return {o.code: o.label for o in self.options}

    @property
    def codes(self) -> list[str]:
        return [o.code for o in self.options]


class Questionnaire(_Model):
    """A validated questionnaire. Load it with :func:`load_questionnaire`."""

    id: str
    title: str
    form_title: str | None = None
    year: int | None = None
    option_lists: dict[str, list[Option]] = Field(default_factory=dict)
    questions: list[Question]
    derived: list[Derived] = Field(default_factory=list)

    @model_validator(mode="after")
    def _references(self) -> Questionnaire:
        ids = [q.id for q in self.questions] + [d.id for d in self.derived]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"identifiants de question en double : {', '.join(dup)}")
        by_id = {q.id: q for q in self.questions}
        for q in self.questions:
            if q.other_field is not None:
                target = by_id.get(q.other_field)
                if target is None or target.type != "text":
                    raise ValueError(
                        f"question « {q.id} » : le champ « Autre » « {q.other_field} » "
                        "doit être une question de type text"
                    )
        for d in self.derived:
            src = by_id.get(d.source)
            if src is None or src.type not in CHOICE_TYPES:
                raise ValueError(f"variable dérivée « {d.id} » : source « {d.source} » inconnue")
            unknown = sorted(set(d.mapping) - set(src.codes))
            if unknown:
                raise ValueError(
                    f"variable dérivée « {d.id} » : codes inconnus de « {d.source} » : "
                    + ", ".join(unknown)
                )
            bad = sorted(set(d.mapping.values()) - set(d.codes))
            if bad:
                raise ValueError(
                    f"variable dérivée « {d.id} » : valeurs hors de ses options : " + ", ".join(bad)
                )
        return self

    @cached_property
    def _by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    def question(self, question_id: str) -> Question:
        """The question with this id; :class:`KeyError` with the known ids otherwise."""
        if question_id not in self._by_id:
            raise KeyError(
                f"question « {question_id} » inconnue ; questions : {', '.join(self._by_id)}"
            )
        return self._by_id[question_id]

    def derived_variable(self, variable_id: str) -> Derived:
        for d in self.derived:
            if d.id == variable_id:
                return d
        raise KeyError(f"variable dérivée « {variable_id} » inconnue")

    def variable(self, variable_id: str) -> Question | Derived:
        """A question or a derived variable, by id."""
        if variable_id in self._by_id:
            return self._by_id[variable_id]
        return self.derived_variable(variable_id)

    @property
    def personal_questions(self) -> list[Question]:
        return [q for q in self.questions if q.personal]

    @property
    def analysis_questions(self) -> list[Question]:
        return [q for q in self.questions if not q.personal]


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def load_questionnaire(source: str | Path) -> Questionnaire:
    """Load and validate a questionnaire.

    Parameters
    ----------
    source
        A path to a YAML file, or the name of a bundled questionnaire
        (``"spro-2025"``).

    Raises
    ------
    QuestionnaireError
        The file is missing, is not YAML, or does not follow the format; the
        message names the file, the question and the problem.
    """
    path = Path(source)
    if not path.exists() and path.suffix == "" and path.parent == Path("."):
        path = bundled_path("questionnaires") / f"{source}.yaml"
    if not path.exists():
        raise QuestionnaireError(path, "fichier introuvable ; vérifiez le chemin.")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise QuestionnaireError(path, f"le fichier n'est pas un YAML lisible ({exc}).") from exc
    if not isinstance(raw, dict):
        raise QuestionnaireError(path, "le fichier doit décrire un dictionnaire YAML.")
    try:
        return Questionnaire.model_validate(raw)
    except ValidationError as exc:
        raise _explain(path, raw, exc) from exc


def _explain(path: Path, raw: dict, exc: ValidationError) -> QuestionnaireError:
    """Turn the first pydantic error into a French message naming the question."""
    err = exc.errors()[0]
    loc = list(err["loc"])
    question = None
    if len(loc) >= 2 and loc[0] in ("questions", "derived") and isinstance(loc[1], int):
        items = raw.get(loc[0]) or []
        item = items[loc[1]] if loc[1] < len(items) else {}
        question = str(item.get("id", f"n° {loc[1] + 1}")) if isinstance(item, dict) else None
        loc = loc[2:]
    field = ".".join(str(p) for p in loc)
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] == "missing":
        message = "champ obligatoire manquant"
    elif err["type"] == "extra_forbidden":
        message = "champ inconnu (voir questionnaires/README.md)"
    elif err["type"] == "literal_error":
        message = f"valeur non permise ({message})"
    problem = f"{field} : {message}" if field else message
    return QuestionnaireError(path, problem + ".", question=question)
