"""Which optional extras (pyproject.toml) each command needs, and the message when one is missing.

`pip install claimtally` installs no third-party package at all: the extractor is pure Python.
Everything else comes with an extra (`claimtally[ledger]`, `[web]`, ... or `[all]`). A command
whose extra is not installed must say which one to install instead of dying on an ImportError
deep in its imports, so the CLI checks these tables before it imports a command's module.
A test keeps them in step with pyproject.toml and with what the code imports.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence

#: For each extra, one importable top-level module per distribution it installs.
EXTRA_MODULES: dict[str, tuple[str, ...]] = {
    "ingest": ("trafilatura", "htmldate", "feedparser", "warcio", "numpy", "lxml", "charset_normalizer",
               "py3langid", "httpx", "httpcore", "lxml_html_clean"),
    "ledger": ("sqlalchemy", "alembic", "psycopg"),
    "parquet": ("pyarrow",),
    "compare": ("altair", "vl_convert"),
    "scale": ("dask", "distributed", "bokeh", "duckdb", "pyarrow"),
    "fastwarc": ("fastwarc",),  # optional: the scale stage reads WARC with warcio without it
    "web": ("fastapi", "starlette", "pydantic", "uvicorn", "jinja2", "argon2", "itsdangerous", "python_multipart"),
    # Russian and Ukrainian texts only: English extraction needs no extra (the extractor says which when needed)
    "ru-uk": ("pymorphy3", "pymorphy3_dicts_ru", "pymorphy3_dicts_uk"),
}

#: The extras each command cannot run without (Parquet export checks `parquet` itself).
COMMAND_EXTRAS: dict[str, tuple[str, ...]] = {
    "extract": (),
    "eval": (),
    "ingest": ("ingest", "ledger"),
    "figures": ("ledger",),
    "export": ("ledger",),
    "compare": ("ledger",),
    "chart": ("ledger", "compare"),
    "serve": ("ledger", "web", "compare"),
    "user": ("ledger", "web"),
}

#: Exit status of a command that cannot run for want of an extra (a usage problem, like argparse's).
MISSING_EXTRA_STATUS = 2


def missing_extras(extras: Sequence[str]) -> list[str]:
    """The extras among `extras` with a module that cannot be found (nothing is imported)."""
    return [e for e in extras if any(importlib.util.find_spec(m) is None for m in EXTRA_MODULES[e])]


def missing_message(what: str, extras: Sequence[str]) -> str:
    """"claimtally figures needs the 'ledger' extra: pip install 'claimtally[ledger]'"."""
    quoted = [f"'{e}'" for e in extras]
    names = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"
    plural = "extras" if len(extras) > 1 else "extra"
    return f"claimtally {what} needs the {names} {plural}: pip install 'claimtally[{','.join(extras)}]'"
