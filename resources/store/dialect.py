"""One SQL text per query, in DuckDB's dialect; PostgreSQL gets it transpiled or, where the
engines differ in meaning, an explicit variant written beside the DuckDB original.

:func:`to_postgres` turns a DuckDB statement into PostgreSQL: the registered variant of that
exact text when there is one (:func:`pg_variant`), else ``sqlglot``'s DuckDB -> PostgreSQL
transpilation (placeholders too: ``?`` -> ``%s``, ``$name`` -> ``%(name)s``), cached per
statement. What sqlglot cannot carry over (``GROUP BY ALL``, ``PIVOT``, ``INSERT OR
REPLACE``, DuckDB-only functions) needs a variant; a statement without one that PostgreSQL
refuses is a feature not yet ported (:class:`~resources.store.StoreError`).

This module is imported by the DuckDB path too (the variants are registered where their
queries live), so it must stay light: sqlglot is imported only when a statement is
translated, which happens only on a PostgreSQL store.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["PG_VARIANTS", "pg_variant", "to_postgres", "NotPortable"]

# DuckDB statement text -> its PostgreSQL form (psycopg placeholders: %s, %(name)s)
PG_VARIANTS: dict[str, str] = {}


class NotPortable(Exception):
    """sqlglot could not translate the statement (a DuckDB-only construct)."""


def pg_variant(duckdb_sql: str, postgres_sql: str) -> str:
    """Register ``postgres_sql`` as the PostgreSQL form of ``duckdb_sql``; returns the DuckDB
    text (``SQL = pg_variant("...duckdb...", "...postgres...")`` keeps the pair together)."""
    PG_VARIANTS[duckdb_sql] = postgres_sql
    return duckdb_sql


# a literal % in a statement with parameters must be doubled for psycopg
_LITERAL_PERCENT = re.compile(r"%(?!s\b|\(\w+\)s|%)")


_PLACEHOLDER_CAST = re.compile(r"\?::([A-Z]+(?:\[\])?)")


@lru_cache(maxsize=2048)
def to_postgres(sql: str, has_params: bool = False) -> str:
    """The PostgreSQL text of a DuckDB statement (cached per statement)."""
    variant = PG_VARIANTS.get(sql)
    if variant is None:
        import sqlglot  # only a PostgreSQL store gets here
        from sqlglot.errors import SqlglotError

        try:  # sqlglot does not parse a cast of a placeholder (``?::VARCHAR[]``): CAST() does
            parts = sqlglot.transpile(_PLACEHOLDER_CAST.sub(r"CAST(? AS \1)", sql),
                                      read="duckdb", write="postgres",
                                      unsupported_level=sqlglot.ErrorLevel.RAISE)
        except SqlglotError as exc:
            raise NotPortable(str(exc).splitlines()[0]) from exc
        variant = ";\n".join(parts)
    return _LITERAL_PERCENT.sub("%%", variant) if has_params else variant
