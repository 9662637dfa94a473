"""Export a coded corpus as a REFI-QDA Project (``.qdpx``) for NVivo, MAXQDA, ATLAS.ti, QualCoder.

A ``.qdpx`` file is a zip archive holding ``project.qde``, an XML document in the
namespace ``urn:QDA-XML:project:1.0`` (the REFI-QDA Project schema ``Project.xsd``,
QDA-XML version 1.0, 18 March 2019, https://www.qdasoftware.org), and the source
documents under ``sources/``. What :func:`write_qdpx` writes, in schema order:

- ``<Users>``: one user, named after ``origin``, who creates everything;
- ``<CodeBook>``: themes as parent codes (``isCodable="false"``: the coding is on the
  codes), codes as their children, definitions in ``<Description>``;
- ``<Variables>`` and ``<Cases>`` (with ``attributes``): one variable per column, one
  case per interview with its values and a reference to the interview's source;
- ``<Sources>``: one ``<TextSource>`` per interview, its text stored as
  ``sources/<guid>.txt`` (UTF-8, no byte-order mark, text unchanged) and referenced as
  ``plainTextPath="internal://<guid>.txt"``; one ``<PlainTextSelection>`` per coded
  span, with one ``<Coding>`` per code applied to that span.

Positions count Unicode code points from 0, ``endPosition`` excluded: exactly Python
string indices, so ``text[start:end]`` is the coded passage.

The output is reproducible: GUIDs are UUID 5 derived from the project name and the
ids, dates are fixed (``created``), zip entries carry a fixed date, and selections are
sorted; the same input gives the same bytes (with the same zlib).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import uuid
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Hashable, Mapping
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from survey.errors import SurveyError

__all__ = ["write_qdpx"]

NAMESPACE = "urn:QDA-XML:project:1.0"
SCHEMA_LOCATION = (
    "urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
)
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, NAMESPACE)
DEFAULT_CREATED = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
SOURCES_FOLDER = "sources"

# Input columns.
CODE = "code"
LABEL = "label"
THEME = "theme"
THEME_LABEL = "theme_label"
DEFINITION = "definition"
INTERVIEW_ID = "interview_id"
START = "start"
END = "end"

# Characters XML 1.0 cannot carry, even escaped.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def write_qdpx(
    path: str | Path,
    *,
    project_name: str,
    codes: pd.DataFrame,
    documents: Mapping[Hashable, str],
    codings: pd.DataFrame,
    attributes: pd.DataFrame | None = None,
    origin: str = "survey",
    created: dt.datetime | dt.date | None = None,
) -> Path:
    """Write a REFI-QDA Project file (``.qdpx``) with the codebook, interviews and codings.

    Parameters
    ----------
    path : str or pathlib.Path
        File to write (overwritten), conventionally ending in ``.qdpx``.
    project_name : str
        Name of the project, shown by the importing software; also the seed of every
        GUID, so keep it stable to get the same file.
    codes : pandas.DataFrame
        The codebook, one row per code, with columns ``code`` (id, unique) and
        optionally ``label`` (shown name; default the id), ``theme`` (id of the parent
        theme; missing for a top-level code), ``theme_label`` (shown name of the
        theme; default the theme id; the first label of a theme wins) and
        ``definition`` (written as the code's description). Codes keep the table
        order; themes come where they first appear.
    documents : mapping
        Interview id → full text of the interview (str). The text is stored
        unchanged; use ``\\n`` line ends if the file is to be opened on Windows
        software that rewrites ``\\r\\n`` (offsets would shift).
    codings : pandas.DataFrame
        One row per coded span, with columns ``interview_id`` (a key of
        ``documents``), ``start`` and ``end`` (character offsets into the text,
        ``text[start:end]`` being the passage, ``0 <= start < end <= len(text)``) and
        ``code`` (a code of ``codes``). Repeated rows count once; several codes on the
        same span share one selection.
    attributes : pandas.DataFrame, optional
        Interview attributes, indexed by interview id (ids of ``documents``), one
        column per attribute. Each column becomes a ``<Variable>`` typed from its
        dtype (boolean → Boolean, integer → Integer, float → Float, datetime → Date,
        or DateTime when a time of day is present, anything else → Text), each row a
        ``<Case>`` named after the interview, with the values (missing values are
        left out) and a reference to the interview's source.
    origin : str, default "survey"
        Name of the exporting software, written as the project ``origin`` and as the
        name of the single user.
    created : datetime.datetime or datetime.date, optional
        Creation date written on every element. Default 1980-01-01T00:00:00Z, so
        that repeated exports are byte-identical; pass the coding date to record it.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    SurveyError
        A missing column, repeated or unknown ids, offsets outside the text, a
        non-text document, a value XML cannot carry, or a missing output folder.

    Examples
    --------
    >>> import tempfile, zipfile
    >>> codes = pd.DataFrame({"code": ["stress"], "label": ["Stress"], "theme": ["travail"]})
    >>> documents = {"E1": "Le stress est constant."}
    >>> codings = pd.DataFrame(
    ...     {"interview_id": ["E1"], "start": [3], "end": [9], "code": ["stress"]}
    ... )
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write_qdpx(
    ...         f"{folder}/etude.qdpx",
    ...         project_name="Étude",
    ...         codes=codes,
    ...         documents=documents,
    ...         codings=codings,
    ...     )
    ...     names = zipfile.ZipFile(path).namelist()
    >>> names[0], names[1].startswith("sources/"), len(names)
    ('project.qde', True, 2)
    """
    target = Path(path)
    if not target.parent.is_dir():
        raise SurveyError(
            f"Export REFI-QDA : le dossier « {target.parent} » n'existe pas ; créez-le "
            "avant d'écrire le fichier .qdpx."
        )
    if not isinstance(project_name, str) or not project_name.strip():
        raise SurveyError("Export REFI-QDA : « project_name » doit être un nom non vide.")
    _check_text(project_name, "nom du projet")
    _check_text(origin, "origine")
    stamp = _stamp(created)
    guid = _GuidMaker(project_name)

    tree = _codebook(codes, guid)
    sources = _sources(documents, guid)
    selections = _selections(codings, sources, tree.code_guids)
    variables, cases = _attributes(attributes, sources, guid)

    user = guid("user", origin)
    root = ET.Element(
        "Project",
        {
            "xmlns": NAMESPACE,
            "xmlns:xsi": _XSI,
            "xsi:schemaLocation": SCHEMA_LOCATION,
            "name": project_name,
            "origin": origin,
            "creatingUserGUID": user,
            "creationDateTime": stamp,
        },
    )
    users = ET.SubElement(root, "Users")
    ET.SubElement(users, "User", {"guid": user, "name": origin})
    if tree.elements:
        codebook = ET.SubElement(root, "CodeBook")
        codebook.append(_codes_element(tree.elements))
    if variables:
        element = ET.SubElement(root, "Variables")
        for variable in variables:
            ET.SubElement(
                element,
                "Variable",
                {"guid": variable.guid, "name": variable.name, "typeOfVariable": variable.kind},
            )
    if cases:
        element = ET.SubElement(root, "Cases")
        for case in cases:
            case_element = ET.SubElement(element, "Case", {"guid": case.guid, "name": case.name})
            for variable, text in case.values:
                value = ET.SubElement(case_element, "VariableValue")
                ET.SubElement(value, "VariableRef", {"targetGUID": variable.guid})
                ET.SubElement(value, f"{variable.kind}Value").text = text
            ET.SubElement(case_element, "SourceRef", {"targetGUID": case.source_guid})
    if sources:
        element = ET.SubElement(root, "Sources")
        for source in sources.values():
            source_element = ET.SubElement(
                element,
                "TextSource",
                {
                    "guid": source.guid,
                    "name": source.name,
                    "plainTextPath": f"internal://{source.guid}.txt",
                    "creatingUser": user,
                    "creationDateTime": stamp,
                },
            )
            for (start, end), code_ids in selections.get(source.key, []):
                selection = ET.SubElement(
                    source_element,
                    "PlainTextSelection",
                    {
                        "guid": guid("selection", source.name, start, end),
                        "startPosition": str(start),
                        "endPosition": str(end),
                        "creatingUser": user,
                        "creationDateTime": stamp,
                    },
                )
                for code_id in code_ids:
                    coding = ET.SubElement(
                        selection,
                        "Coding",
                        {
                            "guid": guid("coding", source.name, start, end, code_id),
                            "creatingUser": user,
                            "creationDateTime": stamp,
                        },
                    )
                    ET.SubElement(coding, "CodeRef", {"targetGUID": tree.code_guids[code_id]})
    ET.indent(root)
    project = (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
    ).encode()

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        _add_entry(archive, "project.qde", project)
        for source in sources.values():
            _add_entry(archive, f"{SOURCES_FOLDER}/{source.guid}.txt", source.text.encode())
    target.write_bytes(buffer.getvalue())
    return target


# --------------------------------------------------------------------------- GUIDs, dates


class _GuidMaker:
    """Deterministic GUIDs: UUID 5 of the project name, the kind of element and its ids."""

    def __init__(self, project_name: str):
        self.project_name = project_name

    def __call__(self, kind: str, *ids: object) -> str:
        key = json.dumps([self.project_name, kind, *(str(i) for i in ids)], ensure_ascii=False)
        return str(uuid.uuid5(_GUID_NAMESPACE, key))


def _stamp(created: dt.datetime | dt.date | None) -> str:
    if created is None:
        created = DEFAULT_CREATED
    if isinstance(created, dt.datetime):
        if created.tzinfo is not None:
            created = created.astimezone(dt.UTC).replace(tzinfo=None)
            return created.isoformat(timespec="seconds") + "Z"
        return created.isoformat(timespec="seconds")
    if isinstance(created, dt.date):
        return dt.datetime(created.year, created.month, created.day).isoformat() + "Z"
    raise SurveyError(
        f"Export REFI-QDA : « created » doit être une date ou un datetime (reçu : {created!r})."
    )


def _add_entry(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, whatever the platform, for identical bytes
    info.external_attr = 0o100644 << 16
    archive.writestr(info, data, compresslevel=6)


def _check_text(value: str, what: str) -> None:
    if not isinstance(value, str):
        raise SurveyError(f"Export REFI-QDA : {what} doit être du texte (reçu : {value!r}).")
    found = _XML_ILLEGAL.search(value)
    if found:
        raise SurveyError(
            f"Export REFI-QDA : {what} contient, au caractère {found.start() + 1}, un "
            f"caractère de contrôle (U+{ord(found.group()):04X}) que le format XML ne peut "
            "pas contenir ; supprimez-le."
        )


# --------------------------------------------------------------------------- codebook


class _CodeNode:
    def __init__(self, guid: str, name: str, *, codable: bool, description: str | None):
        self.guid = guid
        self.name = name
        self.codable = codable
        self.description = description
        self.children: list[_CodeNode] = []


class _Codebook:
    def __init__(self) -> None:
        self.elements: list[_CodeNode] = []
        self.code_guids: dict[Hashable, str] = {}


def _codebook(codes: pd.DataFrame, guid: _GuidMaker) -> _Codebook:
    _require_frame(codes, "codes", [CODE])
    ids = codes[CODE]
    if ids.isna().any():
        raise SurveyError("Export REFI-QDA : « codes » a des lignes sans identifiant de code.")
    if ids.duplicated().any():
        raise SurveyError(
            f"Export REFI-QDA : codes en double dans « codes » : "
            f"{_listing(pd.unique(ids[ids.duplicated()]))}."
        )
    _unique_as_text(ids, "codes")
    book = _Codebook()
    themes: dict[str, _CodeNode] = {}
    for row in codes.to_dict("records"):  # per-column types, unlike iterrows
        code_id = row[CODE]
        name = _optional(row, LABEL) or str(code_id)
        description = _optional(row, DEFINITION)
        _check_text(name, f"le libellé du code « {code_id} »")
        if description is not None:
            _check_text(description, f"la définition du code « {code_id} »")
        node = _CodeNode(guid("code", code_id), name, codable=True, description=description)
        book.code_guids[code_id] = node.guid
        theme_id = _optional(row, THEME)
        if theme_id is None:
            book.elements.append(node)
            continue
        if theme_id not in themes:
            theme_name = _optional(row, THEME_LABEL) or theme_id
            _check_text(theme_name, f"le libellé du thème « {theme_id} »")
            themes[theme_id] = _CodeNode(
                guid("theme", theme_id), theme_name, codable=False, description=None
            )
            book.elements.append(themes[theme_id])
        themes[theme_id].children.append(node)
    return book


def _codes_element(nodes: list[_CodeNode]) -> ET.Element:
    element = ET.Element("Codes")
    for node in nodes:
        element.append(_code_element(node))
    return element


def _code_element(node: _CodeNode) -> ET.Element:
    element = ET.Element(
        "Code",
        {"guid": node.guid, "name": node.name, "isCodable": "true" if node.codable else "false"},
    )
    if node.description is not None:
        ET.SubElement(element, "Description").text = node.description
    for child in node.children:
        element.append(_code_element(child))
    return element


# --------------------------------------------------------------------------- sources


class _Source:
    def __init__(self, key: Hashable, name: str, text: str, guid: str):
        self.key = key
        self.name = name
        self.text = text
        self.guid = guid


def _sources(documents: Mapping[Hashable, str], guid: _GuidMaker) -> dict[Hashable, _Source]:
    if not isinstance(documents, Mapping):
        raise SurveyError(
            "Export REFI-QDA : « documents » doit être un dictionnaire identifiant "
            "d'entretien → texte."
        )
    sources: dict[Hashable, _Source] = {}
    names: dict[str, Hashable] = {}
    for key, text in documents.items():
        if not isinstance(text, str):
            raise SurveyError(
                f"Export REFI-QDA : le document « {key} » n'est pas du texte "
                f"(type {type(text).__name__})."
            )
        name = str(key)
        _check_text(name, "l'identifiant d'entretien")
        if name in names:
            raise SurveyError(
                f"Export REFI-QDA : les entretiens « {names[name]!r} » et « {key!r} » ont le "
                "même nom une fois écrits ; rendez les identifiants distincts."
            )
        names[name] = key
        sources[key] = _Source(key, name, text, guid("source", name))
    return sources


def _selections(
    codings: pd.DataFrame, sources: dict[Hashable, _Source], code_guids: dict[Hashable, str]
) -> dict[Hashable, list[tuple[tuple[int, int], list[Hashable]]]]:
    """Per interview: sorted (start, end) spans with the codes applied to each."""
    columns = [INTERVIEW_ID, START, END, CODE]
    _require_frame(codings, "codings", columns)
    table = codings[columns]
    if table.isna().any().any():
        rows = list(table.index[table.isna().any(axis=1)][:10])
        raise SurveyError(
            f"Export REFI-QDA : « codings » a des valeurs manquantes aux lignes "
            f"{', '.join(map(str, rows))}."
        )
    for column in (START, END):
        values = table[column]
        if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            raise SurveyError(
                f"Export REFI-QDA : la colonne « {column} » de « codings » doit contenir des "
                "positions entières (nombre de caractères depuis le début du texte)."
            )
        if (values != np.floor(values)).any():
            raise SurveyError(
                f"Export REFI-QDA : la colonne « {column} » de « codings » contient des "
                "positions non entières."
            )
    unknown_codes = [c for c in pd.unique(table[CODE]) if c not in code_guids]
    if unknown_codes:
        raise SurveyError(
            f"Export REFI-QDA : code(s) de « codings » absent(s) de « codes » : "
            f"{_listing(unknown_codes)}. Ajoutez-les au livre de codes."
        )
    unknown_docs = [i for i in pd.unique(table[INTERVIEW_ID]) if i not in sources]
    if unknown_docs:
        raise SurveyError(
            f"Export REFI-QDA : entretien(s) de « codings » absent(s) de « documents » : "
            f"{_listing(unknown_docs)}. Vérifiez les identifiants (texte ou nombre)."
        )
    code_rank = {code: rank for rank, code in enumerate(code_guids)}
    spans: dict[Hashable, dict[tuple[int, int], set[Hashable]]] = {}
    for position, (interview, start, end, code) in enumerate(
        table.itertuples(index=False, name=None)
    ):
        start, end = int(start), int(end)
        length = len(sources[interview].text)
        if not 0 <= start < end <= length:
            raise SurveyError(
                f"Export REFI-QDA : « codings », ligne {table.index[position]} (entretien "
                f"« {interview} », code « {code} ») : positions {start}–{end} hors du texte "
                f"(0 ≤ start < end ≤ {length} caractères)."
            )
        spans.setdefault(interview, {}).setdefault((start, end), set()).add(code)
    return {
        interview: [
            (span, sorted(found, key=code_rank.__getitem__))
            for span, found in sorted(by_span.items())
        ]
        for interview, by_span in spans.items()
    }


# --------------------------------------------------------------------------- attributes


class _Variable:
    def __init__(self, column: Hashable, guid: str, name: str, kind: str):
        self.column = column
        self.guid = guid
        self.name = name
        self.kind = kind


class _Case:
    def __init__(self, guid: str, name: str, source_guid: str):
        self.guid = guid
        self.name = name
        self.source_guid = source_guid
        self.values: list[tuple[_Variable, str]] = []


def _attributes(
    attributes: pd.DataFrame | None, sources: dict[Hashable, _Source], guid: _GuidMaker
) -> tuple[list[_Variable], list[_Case]]:
    if attributes is None:
        return [], []
    if not isinstance(attributes, pd.DataFrame):
        raise SurveyError(
            "Export REFI-QDA : « attributes » doit être un DataFrame indexé par "
            "identifiant d'entretien, une colonne par attribut."
        )
    if attributes.index.has_duplicates:
        raise SurveyError(
            f"Export REFI-QDA : entretiens en double dans l'index de « attributes » : "
            f"{_listing(pd.unique(attributes.index[attributes.index.duplicated()]))}."
        )
    unknown = [i for i in attributes.index if i not in sources]
    if unknown:
        raise SurveyError(
            f"Export REFI-QDA : entretien(s) de « attributes » absent(s) de « documents » : "
            f"{_listing(unknown)}."
        )
    _unique_as_text(pd.Series(list(attributes.columns)), "attributs")
    variables = []
    for column in attributes.columns:
        name = str(column)
        _check_text(name, "le nom d'attribut")
        kind = _variable_kind(attributes[column])
        variables.append(_Variable(column, guid("variable", name), name, kind))
    cases = []
    for interview, row in zip(attributes.index, attributes.itertuples(index=False), strict=True):
        source = sources[interview]
        case = _Case(guid("case", source.name), source.name, source.guid)
        for variable, value in zip(variables, row, strict=True):
            text = _variable_text(value, variable, source.name)
            if text is not None:
                case.values.append((variable, text))
        cases.append(case)
    return variables, cases


def _variable_kind(values: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(values):
        return "Boolean"
    if pd.api.types.is_integer_dtype(values):
        return "Integer"
    if pd.api.types.is_float_dtype(values):
        return "Float"
    if pd.api.types.is_datetime64_any_dtype(values):
        present = values.dropna()
        has_time = bool((present != present.dt.normalize()).any())
        return "DateTime" if has_time else "Date"
    return "Text"


def _variable_text(value: object, variable: _Variable, interview: str) -> str | None:
    if pd.isna(value):
        return None
    kind = variable.kind
    if kind == "Boolean":
        return "true" if bool(value) else "false"
    if kind == "Integer":
        return str(int(value))
    if kind == "Float":
        number = float(value)
        if not np.isfinite(number):
            raise SurveyError(
                f"Export REFI-QDA : attribut « {variable.name} », entretien « {interview} » : "
                f"valeur infinie ({value})."
            )
        return format(Decimal(repr(number)), "f")
    if kind == "Date":
        return pd.Timestamp(value).date().isoformat()
    if kind == "DateTime":
        stamp = pd.Timestamp(value)
        if stamp.tzinfo is not None:
            return stamp.tz_convert("UTC").tz_localize(None).isoformat() + "Z"
        return stamp.isoformat()
    text = str(value)
    _check_text(text, f"la valeur de « {variable.name} » pour « {interview} »")
    return text


# --------------------------------------------------------------------------- helpers


def _require_frame(frame: pd.DataFrame, name: str, columns: list[str]) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise SurveyError(
            f"Export REFI-QDA : « {name} » doit être un DataFrame avec les colonnes "
            f"{', '.join(f'« {c} »' for c in columns)}."
        )
    absent = [c for c in columns if c not in frame.columns]
    if absent:
        raise SurveyError(
            f"Export REFI-QDA : « {name} » : colonne(s) manquante(s) "
            f"{', '.join(f'« {c} »' for c in absent)} ; colonnes présentes : "
            f"{', '.join(f'« {c} »' for c in frame.columns)}."
        )


def _optional(row: dict[Hashable, object], column: str) -> str | None:
    value = row.get(column)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value)
    return text if text.strip() else None


def _unique_as_text(values: pd.Series, what: str) -> None:
    as_text = values.map(str)
    if as_text.duplicated().any():
        raise SurveyError(
            f"Export REFI-QDA : {what} distincts qui s'écrivent pareil : "
            f"{_listing(pd.unique(as_text[as_text.duplicated()]))} ; rendez-les distincts."
        )


def _listing(items: object, limit: int = 6) -> str:
    items = list(items)
    shown = ", ".join(f"« {i} »" for i in items[:limit])
    return shown + (f"… ({len(items)} au total)" if len(items) > limit else "")
