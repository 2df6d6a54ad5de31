"""Reading a Parquet dataset as `claimtally figures`, `export` and `compare` read a ledger (DuckDB).

The dataset holds every document a run read, repeats included; what a ledger would hold is
derived in SQL with ingest's rules: the first row of each (key, text hash) is the stored one
(later ones are "unchanged"), the stored rows of one key are its versions in reading order,
and the latest version is the one shown unless all versions are asked for. Duplicate links
come from the global duplicate step (`links/links.parquet`). Rows have the ledger's columns,
with dataset uids as `id`, `document_id` and `duplicate_of`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from claimtally.model import FIGURE_FIELDS
from claimtally.scale import dataset

_STORED = """
WITH d AS (SELECT *, ROW_NUMBER() OVER (PARTITION BY doc_key, text_hash ORDER BY uid) AS occurrence
           FROM read_parquet(?, hive_partitioning = true)),
s AS (SELECT * EXCLUDE (occurrence) FROM d WHERE occurrence = 1)
SELECT s.*, ROW_NUMBER() OVER (PARTITION BY doc_key ORDER BY uid) AS version,
       uid = MAX(uid) OVER (PARTITION BY doc_key) AS is_latest, l.duplicate_of
FROM s LEFT JOIN read_parquet(?) l USING (uid)
"""


_WHEN = "substr(coalesce(f.claim_date, d.published), 1, 10)"


class DatasetReader:
    """A finished dataset opened for reading; a context manager like `Ledger`."""

    def __init__(self, root: str | Path) -> None:
        from claimtally.extras import missing_extras, missing_message

        if missing_extras(["scale"]):
            raise dataset.DatasetError(f"dataset {root}: " + missing_message("reading a Parquet dataset", ["scale"]))
        import duckdb

        self.root = Path(root)
        self.display = str(root)
        if not (self.root / dataset.COMPLETE).is_file():
            raise dataset.DatasetError(
                f"dataset {root}: unfinished (its run stopped before the duplicate step); run the same "
                "`claimtally ingest --engine dask` again to finish it")
        self.con = duckdb.connect()
        docs = sorted((self.root / "documents").glob("*/*.parquet"))
        figs = sorted((self.root / "figures").glob("*/*.parquet"))
        self.empty = not docs
        if self.empty:
            return
        self.con.execute("CREATE VIEW documents AS " + _STORED.replace("?", "{}").format(
            _sql_list(docs), _quote(self.root / "links" / "links.parquet")))
        if figs:
            self.con.execute(f"CREATE VIEW figures AS SELECT * FROM read_parquet({_sql_list(figs)}, "
                             "hive_partitioning = true)")
        else:
            self.empty = True

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> DatasetReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _where(
        self, metric: str | Sequence[str] | None = None, claimant: str | None = None, subject: str | None = None,
        since: str | None = None, until: str | None = None, doc: str | None = None, all_versions: bool = False,
    ) -> tuple[str, list[Any]]:
        """The SQL condition and parameters of `Ledger.iter_figures`'s filters, over `f` and `d`."""
        from claimtally.ledger.store import contains_pattern

        when = _WHEN
        where, params = ["TRUE"], []
        if metric:
            metrics = [metric] if isinstance(metric, str) else list(metric)
            where.append(f"f.metric IN ({', '.join('?' for _ in metrics)})")
            params += metrics
        for column, needle in (("claimant", claimant), ("subject", subject)):
            if needle:
                where.append(f"f.{column} ILIKE ? ESCAPE '\\'")
                params.append(contains_pattern(needle))
        if since:
            where.append(f"{when} >= ?")
            params.append(str(since)[:10])
        if until:
            where.append(f"{when} <= ?")
            params.append(str(until)[:10])
        if doc:
            where.append("(f.doc = ? OR d.doc_key = ?)")
            params += [doc, doc]
        if not all_versions:
            where.append("d.is_latest")
        return " AND ".join(where), params

    def whole_counts(self, **filters: Any) -> bool:
        """Whether every value, low and high the filters select is a whole number (export's typing)."""
        if self.empty:
            return True
        where, params = self._where(**filters)
        fractional = " OR ".join(f"f.{c} != round(f.{c})" for c in ("value", "low", "high"))
        cursor = self.con.cursor()
        cursor.execute(f"SELECT count(*) FROM figures f JOIN documents d ON d.uid = f.doc_uid "
                       f"WHERE {where} AND ({fractional})", params)
        return not cursor.fetchone()[0]

    def iter_figures(
        self, metric: str | Sequence[str] | None = None, claimant: str | None = None, subject: str | None = None,
        since: str | None = None, until: str | None = None, doc: str | None = None, limit: int | None = None,
        offset: int = 0, *, all_versions: bool = False,
    ) -> Iterator[dict[str, Any]]:
        """`Ledger.iter_figures` over the dataset: same filters, same order, same columns."""
        from claimtally.ledger.store import _figure_dict

        if self.empty:
            return
        when = _WHEN
        where, params = self._where(metric, claimant, subject, since, until, doc, all_versions)
        cols = ", ".join(f'f."{c}"' for c in FIGURE_FIELDS)
        sql = (f"SELECT f.uid AS id, f.doc_uid AS document_id, {cols}, d.url, d.title, d.site, d.published, "
               f"d.duplicate_of, f.extractor_version FROM figures f JOIN documents d ON d.uid = f.doc_uid "
               f"WHERE {where} ORDER BY {when} NULLS FIRST, f.doc_uid, f.start, f.uid")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        if offset:
            sql += f" OFFSET {int(offset)}"
        cursor = self.con.cursor()
        cursor.execute(sql, params)
        names = [c[0] for c in cursor.description]
        while chunk := cursor.fetchmany(2000):
            for values in chunk:
                row = dict(zip(names, values, strict=True))
                row["remarks"] = json.dumps(row["remarks"] or [])
                yield _figure_dict(row)

    def query_figures(self, *args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        return list(self.iter_figures(*args, **kwargs))

    def documents(self) -> list[dict[str, Any]]:
        """Every stored document (all versions) with its version and duplicate link, in uid order."""
        if not any((self.root / "documents").glob("*/*.parquet")):
            return []
        cursor = self.con.cursor()
        cursor.execute("SELECT * EXCLUDE (minhash) FROM documents ORDER BY uid")
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _sql_list(paths: Sequence[Path]) -> str:
    return "[" + ", ".join(_quote(p) for p in paths) + "]"

