"""REFI-QDA export: archive layout, references, offsets, determinism, and the Project schema.

The structural checker below is written from the REFI-QDA Project schema
``Project.xsd``, "Library: QDA-XML version 1.0, Release Date: 18 March 2019", Copyright
2019 REFI (www.qdasoftware.org), MIT licence; text read from the copy shipped as
``qualcoder/Project-mrt2019.xsd`` in github.com/ccbogel/QualCoder. It encodes, for every
element the exporter can produce, the content model (``xsd:sequence`` order, minOccurs /
maxOccurs, the ``xsd:choice`` of ``SourcesType`` and ``VariableValueType``), the
declared attributes with their ``use="required"`` flags, and the simple types used
(``GUIDType`` pattern, ``xsd:integer``, ``xsd:boolean``, ``xsd:dateTime``,
``xsd:decimal``, ``xsd:date``, ``typeOfVariableType``). No new dependency.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from survey.coding import load_coding_frame
from survey.coding.refiqda import write_qdpx
from survey.errors import SurveyError

NS = "urn:QDA-XML:project:1.0"
XSI_SCHEMA_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"

# --------------------------------------------------------------------------- schema

GUID = re.compile(
    r"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"
    r"|(\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\})"
)
SIMPLE = {
    "string": re.compile(r".*", re.S),
    "GUIDType": GUID,
    "integer": re.compile(r"[+-]?\d+"),
    "boolean": re.compile(r"true|false|1|0"),
    "dateTime": re.compile(r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?"),
    "date": re.compile(r"-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?"),
    "decimal": re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)"),
    "RGBType": re.compile(r"#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})"),
    "typeOfVariableType": re.compile(r"Text|Boolean|Integer|Float|Date|DateTime"),
}
UNBOUNDED = None


def one(*names):
    return frozenset(names)


# Complex types: (content particles in sequence order, {attribute: (type, required)}).
# A particle is (allowed element names, minOccurs, maxOccurs); a choice is one particle
# with several names.
COMPLEX = {
    "Project": (
        [
            (one("Users"), 0, 1),
            (one("CodeBook"), 0, 1),
            (one("Variables"), 0, 1),
            (one("Cases"), 0, 1),
            (one("Sources"), 0, 1),
            (one("Notes"), 0, 1),
            (one("Links"), 0, 1),
            (one("Sets"), 0, 1),
            (one("Graphs"), 0, 1),
            (one("Description"), 0, 1),
            (one("NoteRef"), 0, UNBOUNDED),
        ],
        {
            "name": ("string", True),
            "origin": ("string", False),
            "creatingUserGUID": ("GUIDType", False),
            "creationDateTime": ("dateTime", False),
            "modifyingUserGUID": ("GUIDType", False),
            "modifiedDateTime": ("dateTime", False),
            "basePath": ("string", False),
        },
    ),
    "Users": ([(one("User"), 1, UNBOUNDED)], {}),
    "User": (
        [],
        {"guid": ("GUIDType", True), "name": ("string", False), "id": ("string", False)},
    ),
    "CodeBook": ([(one("Codes"), 1, 1)], {}),
    "Codes": ([(one("Code"), 1, UNBOUNDED)], {}),
    "Code": (
        [
            (one("Description"), 0, 1),
            (one("NoteRef"), 0, UNBOUNDED),
            (one("Code"), 0, UNBOUNDED),
        ],
        {
            "guid": ("GUIDType", True),
            "name": ("string", True),
            "isCodable": ("boolean", True),
            "color": ("RGBType", False),
        },
    ),
    "Variables": ([(one("Variable"), 1, UNBOUNDED)], {}),
    "Variable": (
        [(one("Description"), 0, 1)],
        {
            "guid": ("GUIDType", True),
            "name": ("string", True),
            "typeOfVariable": ("typeOfVariableType", True),
        },
    ),
    "Cases": ([(one("Case"), 1, UNBOUNDED)], {}),
    "Case": (
        [
            (one("Description"), 0, 1),
            (one("CodeRef"), 0, UNBOUNDED),
            (one("VariableValue"), 0, UNBOUNDED),
            (one("SourceRef"), 0, UNBOUNDED),
            (one("SelectionRef"), 0, UNBOUNDED),
        ],
        {"guid": ("GUIDType", True), "name": ("string", False)},
    ),
    "VariableValue": (
        [
            (one("VariableRef"), 1, 1),
            (
                one(
                    "TextValue",
                    "BooleanValue",
                    "IntegerValue",
                    "FloatValue",
                    "DateValue",
                    "DateTimeValue",
                ),
                0,
                1,
            ),
        ],
        {},
    ),
    "Sources": (
        [
            (
                one("TextSource", "PictureSource", "PDFSource", "AudioSource", "VideoSource"),
                1,
                UNBOUNDED,
            )
        ],
        {},
    ),
    "TextSource": (
        [
            (one("Description"), 0, 1),
            (one("PlainTextContent"), 0, 1),
            (one("PlainTextSelection"), 0, UNBOUNDED),
            (one("Coding"), 0, UNBOUNDED),
            (one("NoteRef"), 0, UNBOUNDED),
            (one("VariableValue"), 0, UNBOUNDED),
        ],
        {
            "guid": ("GUIDType", True),
            "name": ("string", False),
            "richTextPath": ("string", False),
            "plainTextPath": ("string", False),
            "creatingUser": ("GUIDType", False),
            "creationDateTime": ("dateTime", False),
            "modifyingUser": ("GUIDType", False),
            "modifiedDateTime": ("dateTime", False),
        },
    ),
    "PlainTextSelection": (
        [
            (one("Description"), 0, 1),
            (one("Coding"), 0, UNBOUNDED),
            (one("NoteRef"), 0, UNBOUNDED),
        ],
        {
            "guid": ("GUIDType", True),
            "name": ("string", False),
            "startPosition": ("integer", True),
            "endPosition": ("integer", True),
            "creatingUser": ("GUIDType", False),
            "creationDateTime": ("dateTime", False),
            "modifyingUser": ("GUIDType", False),
            "modifiedDateTime": ("dateTime", False),
        },
    ),
    "Coding": (
        [(one("CodeRef"), 1, 1), (one("NoteRef"), 0, UNBOUNDED)],
        {
            "guid": ("GUIDType", True),
            "creatingUser": ("GUIDType", False),
            "creationDateTime": ("dateTime", False),
        },
    ),
}
for _ref in ("NoteRef", "CodeRef", "SourceRef", "SelectionRef", "VariableRef"):
    COMPLEX[_ref] = ([], {"targetGUID": ("GUIDType", True)})
# Elements of simple content (no attribute, no child), with their type.
TEXT_ONLY = {
    "Description": "string",
    "PlainTextContent": "string",
    "TextValue": "string",
    "BooleanValue": "boolean",
    "IntegerValue": "integer",
    "FloatValue": "decimal",
    "DateValue": "date",
    "DateTimeValue": "dateTime",
}


def schema_errors(element: ET.Element, path: str = "") -> list[str]:
    """Problems of ``element`` (and its descendants) against the Project.xsd subset."""
    if not element.tag.startswith(f"{{{NS}}}"):
        return [f"{path}/{element.tag}: not in namespace {NS}"]
    name = element.tag[len(NS) + 2 :]
    here = f"{path}/{name}"
    children = list(element)
    if name in TEXT_ONLY:
        errors = [f"{here}: attribute {a} not allowed" for a in element.attrib]
        errors += [f"{here}: child elements not allowed" for _ in children[:1]]
        if not SIMPLE[TEXT_ONLY[name]].fullmatch(element.text or ""):
            errors.append(f"{here}: {element.text!r} is not an xsd:{TEXT_ONLY[name]}")
        return errors
    if name not in COMPLEX:
        return [f"{here}: element not covered by the checker"]
    particles, attributes = COMPLEX[name]
    errors = []
    for attribute, value in element.attrib.items():
        if attribute == XSI_SCHEMA_LOCATION:
            continue
        if attribute not in attributes:
            errors.append(f"{here}: attribute {attribute} not declared")
        elif not SIMPLE[attributes[attribute][0]].fullmatch(value):
            errors.append(f"{here}/@{attribute}: {value!r} is not a {attributes[attribute][0]}")
    for attribute, (_, required) in attributes.items():
        if required and attribute not in element.attrib:
            errors.append(f"{here}: required attribute {attribute} missing")
    if (element.text or "").strip():
        errors.append(f"{here}: text content not allowed")
    errors += _sequence_errors([c.tag[len(NS) + 2 :] for c in children], particles, here)
    for child in children:
        errors += schema_errors(child, here)
    return errors


def _sequence_errors(tags: list[str], particles, here: str) -> list[str]:
    errors = []
    position, count = 0, 0
    for tag in tags:
        while position < len(particles) and tag not in particles[position][0]:
            if count < particles[position][1]:
                errors.append(f"{here}: expected {sorted(particles[position][0])} before {tag}")
            position, count = position + 1, 0
        if position == len(particles):
            return [*errors, f"{here}: <{tag}> not allowed here (order or content)"]
        count += 1
        maximum = particles[position][2]
        if maximum is not None and count > maximum:
            errors.append(f"{here}: too many <{tag}>")
    for index in range(position, len(particles)):
        seen = count if index == position else 0
        if seen < particles[index][1]:
            errors.append(f"{here}: missing {sorted(particles[index][0])}")
    return errors


def test_the_checker_catches_schema_violations():
    bad = ET.fromstring(
        f'<Project xmlns="{NS}" name="p" origin="x">'
        '<Variables><Variable guid="0b2e0a3c-8d3c-4b1e-9a39-2f9d3f6c1a11" name="v" '
        'typeOfVariable="Number"/></Variables>'
        '<CodeBook><Codes><Code guid="not-a-guid" name="c"/></Codes></CodeBook>'
        "</Project>"
    )
    errors = "\n".join(schema_errors(bad))
    assert "<CodeBook> not allowed here" in errors
    assert "'Number' is not a typeOfVariableType" in errors
    unordered = ET.fromstring(
        f'<Project xmlns="{NS}" name="p"><CodeBook><Codes><Code guid="x" name="c">'
        '<Code guid="0b2e0a3c-8d3c-4b1e-9a39-2f9d3f6c1a11" name="d" isCodable="true"/>'
        "<Description>late</Description></Code></Codes></CodeBook></Project>"
    )
    errors = "\n".join(schema_errors(unordered))
    assert "'x' is not a GUIDType" in errors
    assert "required attribute isCodable missing" in errors
    assert "<Description> not allowed here" in errors
    assert schema_errors(ET.fromstring(f'<Project xmlns="{NS}"/>')) == [
        "/Project: required attribute name missing"
    ]


# --------------------------------------------------------------------------- fixtures

DOCUMENTS = {
    "E01": "Je me sens membre du réseau 😀, vraiment.\nMais la newsletter n'arrive jamais.",
    "E02": "Les outils ? Re\u0301sOpro surtout. Et l'équipe.",
    "E03": "Rien à signaler.",
}
CODES = pd.DataFrame(
    {
        "code": ["appartenance", "outil_resopro", "outil_newsletter", "divers"],
        "label": ["Sentiment d'appartenance", "RésOpro", "Newsletter & lettre", None],
        "theme": ["lien", "outils", "outils", None],
        "theme_label": ["Lien au réseau", "Outils", "Outils (doublon ignoré)", None],
        "definition": ["Se sent membre <du réseau>.", "Cite RésOpro.", None, None],
    }
)


def span(interview: str, passage: str, code: str) -> dict:
    start = DOCUMENTS[interview].index(passage)
    return {"interview_id": interview, "start": start, "end": start + len(passage), "code": code}


PASSAGES = [
    ("E01", "me sens membre du réseau 😀", "appartenance"),
    ("E01", "la newsletter n'arrive jamais", "outil_newsletter"),
    ("E01", "me sens membre du réseau 😀", "divers"),
    ("E02", "Re\u0301sOpro", "outil_resopro"),
    ("E02", "l'équipe", "appartenance"),
]
CODINGS = pd.DataFrame([span(*p) for p in PASSAGES])
ATTRIBUTES = pd.DataFrame(
    {
        "age": pd.array([34, None, 51], dtype="Int64"),
        "cadre": [True, False, True],
        "anciennete": [2.5, 1e-7, None],
        "date": pd.to_datetime(["2025-03-01", "2025-03-02", "2025-03-04"]),
        "heure": pd.to_datetime(["2025-03-01 09:30", "2025-03-02 14:00", None]),
        "site": ["Nantes", None, "Lyon"],
    },
    index=["E01", "E02", "E03"],
)


def export(tmp_path: Path, name: str = "projet.qdpx", **overrides) -> Path:
    arguments = {
        "project_name": "Perception SPRO 2025",
        "codes": CODES,
        "documents": DOCUMENTS,
        "codings": CODINGS,
        "attributes": ATTRIBUTES,
    }
    arguments.update(overrides)
    return write_qdpx(tmp_path / name, **arguments)


def read(path: Path) -> tuple[ET.Element, zipfile.ZipFile]:
    archive = zipfile.ZipFile(path)
    return ET.fromstring(archive.read("project.qde")), archive


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


# --------------------------------------------------------------------------- tests


def test_valid_against_the_project_schema(tmp_path):
    root, _ = read(export(tmp_path))
    assert root.tag == q("Project")
    assert schema_errors(root) == []


def test_minimal_project_is_valid(tmp_path):
    path = write_qdpx(
        tmp_path / "vide.qdpx",
        project_name="Vide",
        codes=CODES.iloc[:0],
        documents={},
        codings=CODINGS.iloc[:0],
    )
    root, archive = read(path)
    assert schema_errors(root) == []
    assert archive.namelist() == ["project.qde"]


def test_archive_layout(tmp_path):
    root, archive = read(export(tmp_path))
    sources = root.findall(f"{q('Sources')}/{q('TextSource')}")
    assert [s.get("name") for s in sources] == ["E01", "E02", "E03"]
    expected = ["project.qde"] + [f"sources/{s.get('guid')}.txt" for s in sources]
    assert archive.namelist() == expected
    for source in sources:
        assert source.get("plainTextPath") == f"internal://{source.get('guid')}.txt"
    for info in archive.infolist():
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
    text = archive.read("project.qde").decode("utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<Project xmlns="urn:QDA')


def test_sources_are_the_texts_unchanged(tmp_path):
    root, archive = read(export(tmp_path))
    for source in root.iter(q("TextSource")):
        stored = archive.read(f"sources/{source.get('guid')}.txt")
        assert stored == DOCUMENTS[source.get("name")].encode("utf-8")
        assert not stored.startswith(b"\xef\xbb\xbf")


def test_offsets_round_trip_in_code_points(tmp_path):
    root, archive = read(export(tmp_path))
    code_names = {c.get("guid"): c.get("name") for c in root.iter(q("Code"))}
    found = set()
    for source in root.iter(q("TextSource")):
        text = archive.read(f"sources/{source.get('guid')}.txt").decode("utf-8")
        for selection in source.iter(q("PlainTextSelection")):
            passage = text[int(selection.get("startPosition")) : int(selection.get("endPosition"))]
            for coding in selection.iter(q("Coding")):
                target = coding.find(q("CodeRef")).get("targetGUID")
                found.add((source.get("name"), passage, code_names[target]))
    labels = dict(zip(CODES["code"], CODES["label"].fillna(CODES["code"]), strict=True))
    assert found == {(i, p, labels[c]) for i, p, c in PASSAGES}
    # The emoji is one code point (two UTF-16 units): the end offset must not move.
    start = DOCUMENTS["E01"].index("me sens")
    assert ("E01", DOCUMENTS["E01"][start : start + 26], "Sentiment d'appartenance") in found


def test_every_reference_resolves(tmp_path):
    root, _ = read(export(tmp_path))
    guids = [e.get("guid") for e in root.iter() if e.get("guid")]
    assert len(guids) == len(set(guids))
    codable = {c.get("guid") for c in root.iter(q("Code")) if c.get("isCodable") == "true"}
    for ref in root.iter(q("CodeRef")):
        assert ref.get("targetGUID") in codable
    sources = {s.get("guid") for s in root.iter(q("TextSource"))}
    for ref in root.iter(q("SourceRef")):
        assert ref.get("targetGUID") in sources
    variables = {v.get("guid") for v in root.iter(q("Variable"))}
    for ref in root.iter(q("VariableRef")):
        assert ref.get("targetGUID") in variables
    users = {u.get("guid") for u in root.iter(q("User"))}
    assert root.get("creatingUserGUID") in users
    for element in root.iter():
        if element.get("creatingUser"):
            assert element.get("creatingUser") in users


def test_codebook_tree(tmp_path):
    root, _ = read(export(tmp_path))
    top = root.find(f"{q('CodeBook')}/{q('Codes')}")
    assert [(c.get("name"), c.get("isCodable")) for c in top] == [
        ("Lien au réseau", "false"),
        ("Outils", "false"),
        ("divers", "true"),
    ]
    lien, outils, _ = list(top)
    assert [c.get("name") for c in lien.findall(q("Code"))] == ["Sentiment d'appartenance"]
    assert [c.get("name") for c in outils.findall(q("Code"))] == [
        "RésOpro",
        "Newsletter & lettre",
    ]
    appartenance = lien.find(q("Code"))
    assert appartenance.find(q("Description")).text == "Se sent membre <du réseau>."
    assert outils.findall(q("Code"))[1].find(q("Description")) is None


def test_several_codes_on_one_span_share_a_selection(tmp_path):
    doubled = pd.concat([CODINGS, CODINGS.iloc[[0]]], ignore_index=True)
    root, _ = read(export(tmp_path, codings=doubled))
    e01 = next(s for s in root.iter(q("TextSource")) if s.get("name") == "E01")
    selections = e01.findall(q("PlainTextSelection"))
    assert len(selections) == 2
    assert [len(s.findall(q("Coding"))) for s in selections] == [2, 1]
    starts = [int(s.get("startPosition")) for s in selections]
    assert starts == sorted(starts)


def test_attributes_as_variables_and_cases(tmp_path):
    root, _ = read(export(tmp_path))
    variables = {v.get("guid"): v for v in root.iter(q("Variable"))}
    assert [(v.get("name"), v.get("typeOfVariable")) for v in variables.values()] == [
        ("age", "Integer"),
        ("cadre", "Boolean"),
        ("anciennete", "Float"),
        ("date", "Date"),
        ("heure", "DateTime"),
        ("site", "Text"),
    ]
    sources = {s.get("guid"): s.get("name") for s in root.iter(q("TextSource"))}
    values = {}
    for case in root.iter(q("Case")):
        assert sources[case.find(q("SourceRef")).get("targetGUID")] == case.get("name")
        for value in case.findall(q("VariableValue")):
            variable = variables[value.find(q("VariableRef")).get("targetGUID")].get("name")
            values[(case.get("name"), variable)] = value[1].text
    assert values == {
        ("E01", "age"): "34",
        ("E01", "cadre"): "true",
        ("E01", "anciennete"): "2.5",
        ("E01", "date"): "2025-03-01",
        ("E01", "heure"): "2025-03-01T09:30:00",
        ("E01", "site"): "Nantes",
        ("E02", "cadre"): "false",
        ("E02", "anciennete"): "0.0000001",
        ("E02", "date"): "2025-03-02",
        ("E02", "heure"): "2025-03-02T14:00:00",
        ("E03", "age"): "51",
        ("E03", "cadre"): "true",
        ("E03", "date"): "2025-03-04",
        ("E03", "site"): "Lyon",
    }


def test_same_input_same_bytes(tmp_path):
    first = export(tmp_path, "a.qdpx").read_bytes()
    second = export(tmp_path, "b.qdpx").read_bytes()
    shuffled = export(tmp_path, "c.qdpx", codings=CODINGS.iloc[::-1]).read_bytes()
    assert first == second == shuffled
    dated = export(tmp_path, "d.qdpx", created=dt.date(2025, 3, 31)).read_bytes()
    assert dated != first
    renamed = export(tmp_path, "e.qdpx", project_name="Autre projet").read_bytes()
    assert renamed != first


def test_created_date_is_written(tmp_path):
    moment = dt.datetime(2025, 3, 31, 10, 15, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    root, _ = read(export(tmp_path, created=moment))
    assert root.get("creationDateTime") == "2025-03-31T08:15:00Z"
    assert {e.get("creationDateTime") for e in root.iter() if e.get("creationDateTime")} == {
        "2025-03-31T08:15:00Z"
    }


def test_codebook_from_a_coding_frame(tmp_path, data_dir):
    frame = load_coding_frame(data_dir / "coding" / "mini_frame.yaml")
    path = write_qdpx(
        tmp_path / "grille.qdpx",
        project_name="Mini",
        codes=frame.table(),
        documents={"E01": "Je me sens membre."},
        codings=pd.DataFrame(
            {"interview_id": ["E01"], "start": [3], "end": [17], "code": ["appartenance_claire"]}
        ),
    )
    root, _ = read(path)
    assert schema_errors(root) == []
    themes = root.findall(f"{q('CodeBook')}/{q('Codes')}/{q('Code')}")
    assert [t.get("name") for t in themes] == ["Appartenance", "Outils"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"codings": CODINGS.assign(code="inconnu")}, "« inconnu »"),
        ({"codings": CODINGS.assign(interview_id="E99")}, "« E99 »"),
        ({"codings": CODINGS.assign(end=CODINGS["start"])}, "hors du texte"),
        ({"codings": CODINGS.assign(start=-1)}, "hors du texte"),
        ({"codings": CODINGS.assign(end=500)}, "hors du texte"),
        ({"codings": CODINGS.assign(start=CODINGS["start"] + 0.5)}, "non entières"),
        ({"codings": CODINGS.assign(start="3")}, "positions entières"),
        ({"codings": CODINGS.drop(columns="end")}, "« end »"),
        ({"codings": CODINGS.assign(code=None)}, "manquantes"),
        ({"codes": pd.concat([CODES, CODES.iloc[[0]]])}, "en double"),
        ({"codes": CODES.assign(label="Stress\x0c")}, r"U\+000C"),
        ({"codes": CODES.drop(columns="code")}, "« code »"),
        ({"documents": {**DOCUMENTS, "E04": b"octets"}}, "pas du texte"),
        ({"documents": {**DOCUMENTS, 1: "un", "1": "un bis"}}, "même nom"),
        ({"attributes": ATTRIBUTES.rename(index={"E03": "E09"})}, "« E09 »"),
        ({"attributes": ATTRIBUTES.assign(anciennete=float("inf"))}, "infinie"),
        ({"project_name": "  "}, "non vide"),
        ({"created": "2025-03-31"}, "created"),
    ],
)
def test_bad_input(tmp_path, overrides, message):
    with pytest.raises(SurveyError, match=message):
        export(tmp_path, **overrides)


def test_missing_folder(tmp_path):
    with pytest.raises(SurveyError, match="n'existe pas"):
        export(tmp_path / "absent")


def test_numeric_code_ids_keep_their_spelling(tmp_path):
    codes = pd.DataFrame({"code": [1, 2], "label": [None, None], "definition": [None, None]})
    codings = pd.DataFrame({"interview_id": ["E03"], "start": [0], "end": [4], "code": [2]})
    root, _ = read(export(tmp_path, codes=codes, codings=codings, attributes=None))
    assert [c.get("name") for c in root.iter(q("Code"))] == ["1", "2"]
    assert schema_errors(root) == []
