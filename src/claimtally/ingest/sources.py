"""What each SOURCE argument is: a URL, standard input, a file of some kind, or a folder to walk.

Folders are walked recursively in sorted order (so runs are reproducible), hidden files and
folders are left out, and only files matching the include globs and none of the exclude globs
are taken. Globs match the path relative to the folder and the bare file name, so `--exclude
'drafts/*'` and `--include '*.html'` both do what one expects.

Symbolic links: a link inside the folder to a file inside it is read; a link that leads out of
the folder (`passwd.txt -> /etc/passwd`) is skipped with a reason, and links to folders are not
walked (no loops), unless `follow_links` is set: ingesting a downloaded or shared folder must not
read files its author pointed at elsewhere on this machine. Paths named on the command line are
read as given, links or not.
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
    """One thing to read: `location` is a URL, a file path or `-`.

    A manifest row or `--doc-id` gives the document key (`key`), and a manifest may give the
    publication date and the document's original URL (`url`, for a local copy of a web page).
    """

    kind: Kind
    location: str
    key: str | None = None
    published: str | None = None
    url: str | None = None

    @property
    def doc_id(self) -> str:
        """The document id for a single-document source: its key, else URL, file stem, or `-`."""
        if self.key is not None:
            return self.key
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


@dataclass(frozen=True, slots=True)
class SourceSkip:
    """A file deliberately left out of a folder (a link that leads out of it), with the reason."""

    location: str
    reason: str


def kind_of_path(path: Path) -> Kind:
    name = path.name.lower()
    if name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz")):
        return "warc"
    return _SUFFIX_KIND.get(path.suffix.lower(), "auto")


def _matches(rel: str, name: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(name, p) for p in patterns)


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def walk_folder(
    root: Path, include: Sequence[str], exclude: Sequence[str], follow_links: bool = False
) -> Iterator[Path | SourceSkip]:
    """Files under `root` (recursive, sorted, no hidden entries) that match, and the links left out.

    Without `follow_links`, links to folders are not walked and links to files outside `root`
    are skipped; with it, both are followed (each real folder walked once, so link loops end).
    """
    real_root = root.resolve()
    seen: set[Path] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=follow_links):
        if follow_links:
            here = Path(dirpath).resolve()
            if here in seen:
                dirnames[:] = []
                continue
            seen.add(here)
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
            if not follow_links and path.is_symlink() and not _inside(path.resolve(), real_root):
                yield SourceSkip(str(path), f"symbolic link to {path.resolve()}, outside the folder "
                                            "(not followed without --follow-links)")
                continue
            if path.is_file():
                yield path


def expand_sources(
    args: Sequence[str],
    include: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
    *,
    follow_links: bool = False,
    stdin_key: str | None = None,
) -> Iterator[Source | SourceError | SourceSkip]:
    """Each argument as one or more Sources (folders expand to their files), in order.

    `stdin_key` is the document key of standard input (`--doc-id`); without it, stdin is keyed by
    its content (see Reader), so two different texts piped in never replace each other.
    """
    include = list(include) if include else list(DEFAULT_INCLUDE)
    exclude = list(exclude or ())
    for arg in args:
        if arg == "-":
            yield Source("stdin", "-", key=stdin_key)
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
            for f in walk_folder(path, include, exclude, follow_links):
                found = True
                yield f if isinstance(f, SourceSkip) else Source(kind_of_path(f), str(f))
            if not found:
                yield SourceError(arg, "folder has no files matching " + ", ".join(include))
        elif path.is_file():
            yield Source(kind_of_path(path), arg)
        elif path.exists():
            yield SourceError(arg, "not a regular file or folder")
        else:
            yield SourceError(arg, "no such file or folder")
