"""`ingest --manifest FILE`: a TSV or CSV index that names each document and says where it is.

Corpora often come as a folder of files with an index (`../shared/corpus/INDEX.tsv`: doc,
published, url, ...). A manifest gives each row's document key and publication date, which
file names alone cannot. Columns (a header row names them; others are ignored):

- `doc` (required): the document key;
- `path`: the file, relative to the manifest's folder;
- `url`: an http(s) URL, fetched when the row names no file, else kept as the document's URL;
- `published`: the publication date (YYYY-MM-DD, or an ISO timestamp whose day is used).

Where a row has no `path`, the file is the one in the manifest's folder whose name is the
document key plus one of ingest's text or HTML suffixes (`DOC.txt`, `DOC.html`, `DOC.txt.gz` ...);
with none, the row's `url` is fetched; with neither, the row is an error. A manifest names single
documents, so a row that points at a feed or a WARC archive is refused, as is a path that leads
out of the manifest's folder (unless --follow-links). The delimiter is a tab for `.tsv` / `.tab`
files and a comma for `.csv`; other names are sniffed from the header line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from claimtally.ingest.sources import Source, SourceError, kind_of_path

#: Suffixes tried, in this order, for a row without a path.
FILE_SUFFIXES: tuple[str, ...] = (".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".shtml")


def _published(value: str) -> str:
    """YYYY-MM-DD from a date or timestamp cell; ValueError with the reason otherwise."""
    day = value.strip()[:10]
    try:
        return date.fromisoformat(day).isoformat()
    except ValueError:
        raise ValueError(f"published {value.strip()!r} is not a YYYY-MM-DD date") from None


def _delimiter(path: Path, header: str) -> str:
    suffix = path.suffix.lower()
    if suffix in (".tsv", ".tab"):
        return "\t"
    if suffix == ".csv":
        return ","
    return "\t" if "\t" in header else ","


def _find_file(folder: Path, doc: str) -> list[Path]:
    found = []
    for suffix in FILE_SUFFIXES:
        for candidate in (folder / f"{doc}{suffix}", folder / f"{doc}{suffix}.gz"):
            if candidate.is_file():
                found.append(candidate)
    return found


def _inside(path: Path, folder: Path) -> bool:
    real, root = path.resolve(), folder.resolve()
    return real == root or root in real.parents


def manifest_sources(manifest: str, *, follow_links: bool = False) -> Iterator[Source | SourceError]:
    """A Source for each row of the manifest, or a SourceError naming the row and what is wrong."""
    path = Path(manifest)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield SourceError(manifest, f"cannot read manifest ({exc.strerror or exc})")
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        yield SourceError(manifest, "manifest is not UTF-8 text")
        return
    header = text.split("\n", 1)[0]
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_delimiter(path, header))
    columns = {c.strip().lower(): c for c in reader.fieldnames or [] if c}
    if "doc" not in columns:
        yield SourceError(manifest, "manifest has no 'doc' column (columns: doc, path or url, published)")
        return
    folder = path.parent
    seen: set[str] = set()
    rows = 0
    for line, row in enumerate(reader, 2):
        cell = {name: (row.get(original) or "").strip() for name, original in columns.items()}
        if not any(cell.values()):
            continue
        rows += 1
        where = f"{manifest}:{line}"
        doc = cell["doc"]
        if not doc:
            yield SourceError(where, "row has no doc")
            continue
        if doc in seen:
            yield SourceError(where, f"doc {doc!r} appears twice in the manifest")
            continue
        seen.add(doc)
        try:
            published = _published(cell["published"]) if cell.get("published") else None
        except ValueError as exc:
            yield SourceError(where, str(exc))
            continue
        url = cell.get("url", "")
        url = url if url.lower().startswith(("http://", "https://")) else None
        if cell.get("path"):
            file = folder / cell["path"]
            if not file.is_file():
                yield SourceError(where, f"doc {doc!r}: no such file {file}")
                continue
        else:
            found = _find_file(folder, doc)
            if len(found) > 1:
                yield SourceError(where, f"doc {doc!r}: several files match ({', '.join(f.name for f in found)}); "
                                         "give a path column")
                continue
            if not found:
                if url is None:
                    yield SourceError(where, f"doc {doc!r}: no path, no file {doc}.txt/.html in {folder}, "
                                             "and no http(s) url")
                else:
                    yield Source("url", url, key=doc, published=published)
                continue
            file = found[0]
        if not follow_links and not _inside(file, folder):
            yield SourceError(where, f"doc {doc!r}: {file} leads outside the manifest's folder "
                                     "(not read without --follow-links)")
            continue
        kind = kind_of_path(file)
        if kind in ("feed", "warc"):
            yield SourceError(where, f"doc {doc!r}: {file.name} is a {kind}, not one document")
            continue
        yield Source(kind, str(file), key=doc, published=published, url=url)
    if rows == 0:
        yield SourceError(manifest, "manifest has no rows")
