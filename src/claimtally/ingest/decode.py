"""Bytes to text: declared encodings first, then detection, and a clear refusal for binary data.

Scraped news arrives in every encoding (cp1251 Russian pages with no declaration, Latin-1
archives, UTF-8 with a BOM). Guessing wrong silently corrupts every name and number, so the
order is: byte-order mark, the charset the transport declared (HTTP header, WARC payload
header), the charset the document declares (`<meta charset>`, XML prolog), strict UTF-8, and
only then statistical detection with charset-normalizer, the detector requests and httpx use.
"""

from __future__ import annotations

import codecs
import re

#: How much of a file to look at when deciding whether it is binary or declares a charset.
SNIFF_BYTES = 8192

# Bounded quantifiers only: every pattern here runs in linear time.
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,512}?charset\s{0,8}=\s{0,8}["']?\s{0,8}([A-Za-z0-9._:-]{1,40})""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s{0,64}<\?xml[^>]{0,256}?encoding\s{0,8}=\s{0,8}["']([A-Za-z0-9._:-]{1,40})""")

#: Magic numbers of common binary formats that contain no NUL byte early on.
_BINARY_MAGIC: tuple[bytes, ...] = (
    b"%PDF-", b"\x1f\x8b", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"BZh", b"\xfd7zXZ",
    b"7z\xbc\xaf", b"Rar!", b"\x7fELF", b"OggS", b"ID3", b"RIFF", b"\x00\x00\x01\x00",
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


#: C0 control bytes that do not occur in text (tab, newlines, form feed and escape do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


class DecodeError(ValueError):
    """The bytes are not text we can read; the message says why in a few words."""


#: Python codecs that decode bytes to str but are no character encoding a page could be in.
_NOT_CHARSETS = frozenset({"undefined", "unicode_escape", "raw_unicode_escape", "punycode", "idna"})


def _codec(name: str | None) -> str | None:
    """The Python codec for a declared charset, or None when it names no text encoding (then we
    detect, as browsers ignore a label they do not know). Python also knows bytes-to-bytes and
    str-to-str codecs by names a hostile page can declare (`base64`, `hex`, `zlib`, `rot13`):
    those decode nothing and are refused here rather than raising deep inside a batch."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    # WHATWG: pages that say latin-1 / iso-8859-1 / ascii are decoded as windows-1252.
    if name in {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "us-ascii", "ascii"}:
        name = "cp1252"
    try:
        codec = codecs.lookup(name).name
        b"a".decode(codec, "ignore")  # LookupError for codecs that are not text encodings
    except (LookupError, UnicodeError, ValueError):
        return None
    return None if codec.replace("-", "_") in _NOT_CHARSETS else codec


def is_binary(data: bytes) -> bool:
    """True for data that is not text in any encoding we read (NUL bytes, known binary magic)."""
    head = data[:SNIFF_BYTES]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if head.startswith(_BINARY_MAGIC):
        return True
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return bool(head) and controls / len(head) > 0.1


def declared_charset(data: bytes) -> str | None:
    """The charset a document declares about itself (`<meta charset>` or the XML prolog)."""
    head = data[:SNIFF_BYTES]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii") if m else None


def decode_bytes(data: bytes, declared: str | None = None, *, markup: bool = False) -> str:
    """Decode `data` to text; `declared` is the transport's charset, `markup` enables `<meta>` sniffing.

    Raises DecodeError for binary data or bytes no encoding explains. The text is returned
    as decoded (no newline or Unicode normalisation) so offsets stay those of the input.
    """
    if is_binary(data):
        raise DecodeError("binary data, not text")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise DecodeError(f"invalid {codec} after its byte-order mark") from None
    candidates = [_codec(declared)]
    if markup:
        candidates.append(_codec(declared_charset(data)))
    for codec in candidates:
        if codec is None or codec.startswith("utf-16") or codec.startswith("utf-32"):
            continue  # a page that says utf-16 but has no BOM almost always lies
        try:
            return data.decode(codec)
        except (UnicodeError, LookupError):
            continue  # a wrong declaration is common: fall through to detection
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding is None:
        raise DecodeError("undecodable bytes (no text encoding fits)")
    return data.decode(best.encoding, errors="replace")
