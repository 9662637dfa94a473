"""The French pipeline: components, lemmas, order, and the on-disk cache of parsed texts."""

from __future__ import annotations

import pytest

from survey.text.nlp import DEFAULT_COMPONENTS, default_cache_dir, lemmatize, load_nlp, parse


@pytest.fixture
def pipe_calls(nlp, monkeypatch):
    """Every batch of texts the default pipeline is asked to parse (the model's own pipe)."""
    calls: list[list[str]] = []
    original = nlp.pipe

    def counting_pipe(texts, *args, **kwargs):
        texts = list(texts)
        calls.append(texts)
        return original(texts, *args, **kwargs)

    monkeypatch.setattr(nlp, "pipe", counting_pipe)
    return calls


def test_load_nlp_keeps_only_the_components_asked(nlp):
    assert tuple(nlp.pipe_names) == DEFAULT_COMPONENTS
    assert "ner" not in nlp.component_names
    assert load_nlp(components=("lemmatizer", "tok2vec", "morphologizer")) is nlp


def test_load_nlp_explains_bad_components():
    with pytest.raises(ValueError, match="inconnu"):
        load_nlp(components=("tok2vec", "tagger"))
    with pytest.raises(ValueError, match="morphologizer"):
        load_nlp(components=("tok2vec", "lemmatizer"))


@pytest.mark.parametrize(
    ("sentence", "word", "lemma"),
    [
        ("Les jeunes sont accompagnés par la Mission Locale.", "jeunes", "jeune"),
        ("Les jeunes sont accompagnés par la Mission Locale.", "accompagnés", "accompagner"),
        ("Franchement, je connais pas le SPRO.", "connais", "connaître"),
        ("On a monté des choses avec le CIO et le PIJ.", "monté", "monter"),
        ("Les conseillères se sentent un peu isolées.", "sentent", "sentir"),
        ("Ça dépend des structures labellisées.", "structures", "structure"),
    ],
)
def test_lemmas_of_interview_sentences(nlp, tmp_path, sentence, word, lemma):
    doc = parse([sentence], cache_dir=tmp_path)[0]
    assert {t.text: t.lemma_ for t in doc}[word] == lemma


def test_parse_keeps_input_order_and_repeats(nlp, tmp_path):
    texts = ["Le réseau.", "Un accueil.", "Le réseau.", "La qualité."]
    docs = parse(texts, cache_dir=tmp_path)
    assert [d.text for d in docs] == texts
    assert docs[0] is not docs[2]


def test_second_parse_reads_the_cache_without_the_pipeline(nlp, pipe_calls, tmp_path):
    texts = ["Je travaille à la Mission Locale de Vénissieux.", "Le SPRO, c'est abstrait."]
    first = parse(texts, cache_dir=tmp_path)
    assert pipe_calls == [texts]

    second = parse(texts, cache_dir=tmp_path)
    assert pipe_calls == [texts]  # not called again
    assert [[(t.text, t.lemma_, t.pos_) for t in d] for d in second] == [
        [(t.text, t.lemma_, t.pos_) for t in d] for d in first
    ]


def test_a_changed_text_is_parsed_again(nlp, pipe_calls, tmp_path):
    parse(["Le premier accueil.", "La gratuité."], cache_dir=tmp_path)
    parse(["Le premier accueil.", "La neutralité."], cache_dir=tmp_path)
    assert pipe_calls == [["Le premier accueil.", "La gratuité."], ["La neutralité."]]


def test_the_cache_depends_on_the_components(nlp, tmp_path):
    parse(["Le réseau."], cache_dir=tmp_path)
    parse(["Le réseau."], components=("tok2vec", "morphologizer"), cache_dir=tmp_path)
    assert len(list(tmp_path.rglob("*.spacy"))) == 2


def test_default_cache_dir_follows_the_environment(spacy_cache):
    assert default_cache_dir() == spacy_cache


def test_parse_is_silent_outside_a_terminal(nlp, tmp_path, capsys):
    parse(["Un texte assez court."] * 3, cache_dir=tmp_path)
    assert capsys.readouterr().err == ""


def test_parse_refuses_missing_values(tmp_path):
    with pytest.raises(TypeError, match="valeurs manquantes"):
        parse(["Un texte.", None], cache_dir=tmp_path)


def test_lemmatize_leaves_out_punctuation(nlp, tmp_path):
    assert lemmatize(["Les conseillers, ils ont accompagné."], cache_dir=tmp_path) == [
        ["le", "conseiller", "il", "avoir", "accompagner"]
    ]
