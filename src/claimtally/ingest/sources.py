"""What each SOURCE argument is: a URL, standard input, a file of some kind, or a folder to walk.

Folders are walked recursively in sorted order (so runs are reproducible), hidden files and
folders are left out, symbolic links to folders are not followed (no loops), and only files
matching the include globs and none of the exclude globs are taken. Globs match the path
relative to the folder and the bare file name, so `--exclude 'drafts/*'` and `--include
'*.html'` both do what one expects.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Kind = Literal["url", "stdin", "text", "html", "feed", "warc", "auto"]

#: Files taken from folders when no --include is given: the kinds ingest reads.
DEFAULT_INCLUDE: tuple[str, ...] = (
    "*.txt", "*.text", "*.html", "*.htm", "*.xhtml", "*.warc", "*.warc.gz", "*.arc", "*.arc.gz",
    "*.rss", "*.atom",
)

_SUFFIX_KIND: dict[str, Kind] = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}


@dataclass(frozen=True, slots=True)
class Source:
    """One thing to read: `location` is a URL, a file path or `-`."""

    kind: Kind
    location: str

    @property
    def doc_id(self) -> str:
        """The document id for a single-document source: URL, file stem, or `-` for stdin."""
        if self.kind in ("url", "stdin"):
            return self.location
        name = Path(self.location).name
        for suffix in (".warc.gz", ".arc.gz"):
            if name.lower().endswith(suffix):
                return name[: -len(suffix)]
        if name.lower().endswith(".gz"):
            name = name[: -len(".gz")]  # "page.html.gz" is the document "page"
        return Path(name).stem


@dataclass(frozen=True, slots=True)
class SourceError:
    location: str
    message: str


def kind_of_path(path: Path) -> Kind:
    name = path.name.lower()
    if name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz")):
        return "warc"
    return _SUFFIX_KIND.get(path.suffix.lower(), "auto")


def _matches(rel: str, name: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(name, p) for p in patterns)


def walk_folder(root: Path, include: Sequence[str], exclude: Sequence[str]) -> Iterator[Path]:
    """Files under `root` (recursive, sorted, no hidden entries, no followed links) that match."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        base = Path(dirpath)
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = base / name
            rel = path.relative_to(root).as_posix()
            if include and not _matches(rel, name, include):
                continue
            if exclude and _matches(rel, name, exclude):
                continue
            if path.is_file():
                yield path


def expand_sources(
    args: Sequence[str],
    include: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
) -> Iterator[Source | SourceError]:
    """Each argument as one or more Sources (folders expand to their files), in order."""
    include = list(include) if include else list(DEFAULT_INCLUDE)
    exclude = list(exclude or ())
    for arg in args:
        if arg == "-":
            yield Source("stdin", "-")
            continue
        if "://" in arg:
            scheme = arg.split("://", 1)[0].lower()
            if scheme in ("http", "https"):
                yield Source("url", arg)
            else:
                yield SourceError(arg, f"unsupported URL scheme {scheme!r} (only http and https)")
            continue
        path = Path(arg)
        if path.is_dir():
            found = False
            for f in walk_folder(path, include, exclude):
                found = True
                yield Source(kind_of_path(f), str(f))
            if not found:
                yield SourceError(arg, "folder has no files matching " + ", ".join(include))
        elif path.is_file():
            yield Source(kind_of_path(path), arg)
        elif path.exists():
            yield SourceError(arg, "not a regular file or folder")
        else:
            yield SourceError(arg, "no such file or folder")
