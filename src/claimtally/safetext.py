"""Control characters out of labels, and made visible where text reaches a terminal or a chart.

News text is hostile input. A control character in a claimant or a sentence is harmless in the
ledger, but it is not harmless everywhere the text goes: a terminal obeys ESC sequences (a
"figure" can clear the screen or retitle the window), and vl-convert aborts the whole process on
C0 characters and on U+FFFE/U+FFFF (none of which XML, and so SVG, may hold). So:

* `strip_controls` is for labels the extractor derives (claimant, subject, ...): controls are
  dropped (a stray one inside a word, "milita\\x0bry", leaves the word whole), except tabs and
  line breaks, which separate words and become a space;
* `escape_controls` is for a terminal, and any text, exact slices of the article included: each
  control becomes a visible escape (`\\x1b`), line breaks and tabs a space, so what is shown
  cannot act and nothing is silently lost;
* `picture_controls` is for charts: Vega-Lite quotes titles into expressions, where a textual
  `\\x01` turns back into a control, so controls become their Unicode pictures (U+241B).
"""

from __future__ import annotations

import re

#: C0 and C1 controls and DEL (Unicode category Cc), the two BMP noncharacters XML forbids, and
#: lone surrogates (which no encoder can write).
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_SPACES = re.compile(r"\s{2,}")
_AS_SPACE = {"\t": " ", "\n": " ", "\r": " "}


def strip_controls(text: str | None) -> str | None:
    """`text` without control characters (tabs and line breaks become spaces), spaces tidied."""
    if text is None or not _CONTROLS.search(text):
        return text
    return _SPACES.sub(" ", _CONTROLS.sub(lambda m: _AS_SPACE.get(m.group(), ""), text)).strip()


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _AS_SPACE:
        return _AS_SPACE[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """`text` safe to print or render: tabs and line breaks as spaces, other controls as `\\xNN`."""
    return _CONTROLS.sub(_escape, text) if _CONTROLS.search(text) else text


def picture_controls(text: str) -> str:
    """`text` for a renderer that re-reads backslash escapes (Vega): tabs and line breaks as
    spaces, other C0 controls and DEL as their Unicode pictures (U+241B for ESC), the rest U+FFFD."""
    return _CONTROLS.sub(_picture, text) if _CONTROLS.search(text) else text


def _picture(match: re.Match[str]) -> str:
    char = match.group()
    if char in _AS_SPACE:
        return _AS_SPACE[char]
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"
