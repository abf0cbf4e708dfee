"""Shared loader stages: read text files robustly, convert types, check ids and points.

Each step takes a frame plus the issue list, fixes or flags what it can, and never raises
for a bad value (a bad *file* raises :class:`LoadError` once with every problem).
Frames may carry two private columns used for reporting: ``source_row`` (1-based data
row) and ``_file`` (the file name the row came from).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from resources.errors import LoadError
from resources.loaders._distinct import duplicated, per_value
from resources.records import Batch, Issue
from resources.store.schema import HSDS_TABLES


def sha256_of(path: Path) -> str:
    """sha256 of a file, or of every file in a folder (sorted by name)."""
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if path.is_dir():
            digest.update(str(file.relative_to(path)).encode())
        with file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()


def decode_text(raw: bytes, file: str, issues: list[Issue]) -> str:
    """UTF-8 (with or without BOM), else cp1252, else latin-1; line endings unified."""
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding != "utf-8-sig":
            issues.append(Issue(file, None, None, None, f"file is not UTF-8; read as {encoding}", "info"))
        break
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_csv(path: Path, issues: list[Issue], *, delimiter: str | None = None) -> pd.DataFrame:
    """Every cell as text (no NA guessing), 1-based ``source_row`` and ``_file`` added."""
    text = decode_text(path.read_bytes(), path.name, issues)
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(text[:20000], delimiters=",\t;|").delimiter
        except csv.Error:
            delimiter = ","
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False,
            sep=delimiter, skipinitialspace=False, on_bad_lines="error",
        )
    except pd.errors.ParserError as exc:
        raise LoadError(
            f"{path.name} is not a readable CSV file",
            [Issue(path.name, None, None, None, f"CSV syntax error: {exc}", "error")],
        ) from exc
    except pd.errors.EmptyDataError as exc:
        raise LoadError(f"{path.name} is empty", []) from exc
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    frame["source_row"] = np.arange(1, len(frame) + 1)
    frame["_file"] = path.name
    return frame


def expect_columns(frame: pd.DataFrame, file: str, issues: list[Issue], *,
                   required: Iterable[str] = (), optional: Iterable[str] = ()) -> pd.DataFrame:
    """A file's columns as its format expects them. A missing required column raises one
    :class:`LoadError` naming every one missing; a missing optional column is added empty
    and reported (a warning: its values are not in this file)."""
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise LoadError(f"{file} lacks the column(s) {', '.join(missing)}", [
            Issue(file, None, c, None, "required column missing", "error") for c in missing])
    absent = [c for c in optional if c not in frame.columns]
    if not absent:
        return frame
    issues.extend(Issue(file, None, c, None, "column missing: its values left empty",
                        "warning") for c in absent)
    return frame.assign(**{c: None for c in absent})


def blank_to_none(frame: pd.DataFrame, markers: Iterable[str] = ()) -> pd.DataFrame:
    """Strip text cells; empty strings and the given null markers become None."""
    nulls = pa.array(sorted({"", *markers}), type=pa.string())
    out = frame.copy(deep=False)  # copy-on-write: columns are replaced, never mutated
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = _stripped_or_none(out[col], nulls)
    return out


def _stripped_or_none(values: pd.Series, nulls: pa.Array) -> pd.Series:
    """One pass in Arrow: strip, blank/marker -> None; an object column of str / None."""
    try:
        text = pa.array(values, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed values: compare their text
        text = pa.array(values.astype("string"), type=pa.string(), from_pandas=True)
    text = pc.utf8_trim_whitespace(text)
    text = pc.if_else(pc.is_in(text, value_set=nulls), None, text)
    return pd.Series(text.to_numpy(zero_copy_only=False), index=values.index, dtype=object,
                     name=values.name)


_NONE = np.array(None, dtype=object)


def label_where(mask: npt.ArrayLike, label: str) -> npt.NDArray[np.object_]:
    """``label`` where ``mask`` holds, else None: ``np.where(mask, label, None)`` (an object
    array), with the None as a 0-d object array, which numpy's type stubs accept."""
    return np.where(mask, label, _NONE)


def _issue_rows(frame: pd.DataFrame, mask: pd.Series, field: str, problem: str,
                severity: str, values: pd.Series | None = None) -> list[Issue]:
    if not mask.any():
        return []
    # only the columns reported: a boolean take of a wide frame copies every column
    sub = frame.loc[mask, [c for c in ("_file", "source_row", "id") if c in frame.columns]]
    vals = (values if values is not None else frame[field])[mask]
    files = sub["_file"] if "_file" in sub else pd.Series("", index=sub.index)
    rows = sub["source_row"] if "source_row" in sub else pd.Series(None, index=sub.index)
    ids = sub["id"] if "id" in sub else pd.Series(None, index=sub.index)
    return [
        Issue(str(f), None if pd.isna(r) else int(r), field, None if v is None else str(v),
              problem, severity, None if i is None or pd.isna(i) else str(i))
        for f, r, v, i in zip(files, rows, vals, ids, strict=False)
    ]


_NUMERIC = {"DOUBLE": "float", "INTEGER": "integer"}


def coerce_types(table: str, frame: pd.DataFrame, issues: list[Issue]) -> pd.DataFrame:
    """Convert columns to the schema's types; flag (and null) values that do not convert."""
    out = frame.copy(deep=False)  # copy-on-write: converted columns are replaced
    for col in HSDS_TABLES[table]:
        if col.name not in out.columns or col.type in ("VARCHAR", "GEOMETRY", "VARCHAR[]"):
            continue
        raw = out[col.name]
        if col.type == "BOOLEAN" and raw.dtype == bool:  # a loader's own flags: no text pass
            out[col.name] = raw.astype(_ARROW_BOOL)  # what the text mapping below gives
            continue
        present = raw.notna() & (raw.astype("string").str.strip() != "")
        if col.type in _NUMERIC:
            conv = pd.to_numeric(raw.where(present), errors="coerce")
            if col.type == "INTEGER":
                bad_int = conv.notna() & (conv % 1 != 0)
                conv = conv.where(~bad_int)
            conv = conv.astype("Float64") if col.type == "DOUBLE" else conv.round().astype("Int64")
        elif col.type == "BOOLEAN":
            low = raw.astype("string").str.strip().str.lower()
            conv = low.map({"true": True, "t": True, "yes": True, "1": True, "y": True,
                            "false": False, "f": False, "no": False, "0": False, "n": False})
        elif col.type in ("DATE", "TIMESTAMP", "TIMESTAMPTZ"):
            # element-wise (format="mixed"): parsed once per distinct text
            conv = per_value(raw.where(present), partial(_to_datetimes, col.type))
        else:
            continue
        bad = present & pd.Series(conv, index=raw.index).isna()
        if bad.any():
            issues.extend(_issue_rows(out, bad, col.name,
                                      f"not a valid {col.type.lower()}; value dropped", "warning"))
        out[col.name] = conv
    return out


_ARROW_BOOL = pd.ArrowDtype(pa.bool_())


def _to_datetimes(sql_type: str, values: pd.Series) -> pd.Series:
    """Dates (``DATE``) or naive UTC timestamps as objects, None where not a date."""
    parsed = pd.to_datetime(values, errors="coerce", utc=True, format="mixed")
    conv = parsed.dt.date if sql_type == "DATE" else parsed.dt.tz_localize(None)
    return conv.astype(object).where(parsed.notna(), None)


def require_ids(table: str, frame: pd.DataFrame, issues: list[Issue]) -> pd.DataFrame:
    """Reject rows without an id or repeating an earlier row's id (each reported)."""
    if "id" not in frame.columns:
        return frame
    ids = frame["id"].astype("string").str.strip()
    missing = ids.isna() | (ids == "")
    issues.extend(_issue_rows(frame, missing, "id", f"{table} row has no id; row not loaded", "error"))
    dup = duplicated(ids) & ~missing
    issues.extend(_issue_rows(frame, dup, "id",
                              f"{table} id repeats an earlier row; later row not loaded", "error"))
    keep = ~missing & ~dup
    return frame if keep.all() else frame[keep]


# Tables other records refer to by id: a repeated id keeps its first row (others reported).
LOOKUP_TABLES = ("organization", "program", "service", "location", "taxonomy_term", "taxonomy",
                 "service_at_location", "contact")
_REPORT_COLS = ("id", "source_row", "_file", "source_record_id")


def unique_ids(table: str, frame: pd.DataFrame, file: str,
                issues: list[Issue]) -> pd.DataFrame:
    """Ids made unique before the shared steps (which look records up by id).

    A lookup table (:data:`LOOKUP_TABLES`) keeps the first row of a repeated id and reports the
    others. In a child table a repeated id with different values is the parent's id (one
    ``languages`` row per language per service, ``id`` = the service id): each such row gets
    its own id ``<id>#<n>`` (the source's id kept as ``source_record_id``); an exact copy
    of an earlier row is still reported as a repeat."""
    if "id" not in frame:
        return frame
    if table in LOOKUP_TABLES:
        return require_ids(table, frame, issues)
    ids = frame["id"]
    repeated = ids.notna() & ids.duplicated(keep=False)
    if not repeated.any():
        return frame
    payload = [c for c in frame.columns if c not in _REPORT_COLS]
    rows = frame.loc[repeated, ["id"]].assign(
        _h=pd.util.hash_pandas_object(frame.loc[repeated, payload].astype("string"),
                                      index=False))
    shapes = rows.drop_duplicates(["id", "_h"])
    shapes = shapes.assign(_n=shapes.groupby("id").cumcount() + 1)
    several = shapes.groupby("id")["_n"].transform("max") > 1
    shapes = shapes[several]
    if shapes.empty:
        return frame
    n = rows.reset_index().merge(shapes, on=["id", "_h"], how="inner").set_index("index")["_n"]
    out = frame.copy()
    original = out.loc[n.index, "id"].astype(str)
    if "source_record_id" not in out:
        out["source_record_id"] = None
    out.loc[n.index, "source_record_id"] = original
    out.loc[n.index, "id"] = original + "#" + n.astype(str)
    parent = [c for c in ("service_id", "location_id", "organization_id", "link_id")
              if c in frame and (frame.loc[n.index, c] == original).any()]
    why = (f"the id is the row's {parent[0]}" if parent
           else "rows repeating an id hold different values")
    issues.append(Issue(file, None, "id", None,
                        f"{len(n)} {table} rows share {shapes['id'].nunique()} ids ({why}): "
                        "each row loaded with its own id <id>#<n>, the source id kept",
                        "info"))
    return out


def check_references(batch: Batch, table: str, column: str, target: str,
                     issues: list[Issue], known: dict[str, pa.Array] | None = None) -> None:
    """Warn about references to records that are not in the batch (row kept).

    ``known``: a cache of each target table's distinct ids (as text), for a caller that
    checks several references to one table of an unchanged batch."""
    frame = batch.tables.get(table)
    if frame is None or column not in frame.columns:
        return
    targets = known.get(target) if known is not None else None
    if targets is None:
        ids = batch.tables[target]["id"] if target in batch.tables else \
            pd.Series([], dtype=object)
        targets = pc.unique(_as_text(ids))
        if known is not None:
            known[target] = targets
    values = frame[column]
    found = pc.is_in(_as_text(values), value_set=targets).to_numpy(zero_copy_only=False)
    bad = values.notna() & ~pd.Series(found, index=values.index)
    if bad.any():
        issues.extend(_issue_rows(frame, bad, column,
                                  f"refers to a {target} that is not in this source", "warning"))


def _as_text(values: pd.Series) -> pa.Array:
    """Values as Arrow text (ids may come as numbers): for C-speed set lookups."""
    try:
        return pa.array(values, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        text = values.astype(object).map(str, na_action="ignore")
        return pa.array(text, type=pa.string(), from_pandas=True)


_TITLE_ORDINAL = r"(?<=\d)(St|Nd|Rd|Th)\b"


def fix_ordinals(batch: Batch) -> None:
    """Street ordinals as people write them: exports title-cased "425 2Nd Street",
    "2901 14Th Street" (DC 211); a card shows "2nd", "14th"."""
    addresses = batch.tables.get("address")
    if addresses is None:
        return
    for col in ("address_1", "address_2"):
        if col in addresses:
            text = addresses[col].astype("string")
            fixed = per_value(text, _lower_ordinals)
            addresses[col] = fixed.astype(object).where(fixed.notna(), None)


def _lower_ordinals(text: pd.Series) -> pd.Series:
    return text.str.replace(_TITLE_ORDINAL, lambda m: m.group(1).lower(), regex=True)


def drop_private_columns(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[[c for c in frame.columns if not c.startswith("_")]]


# --- free text: repairs every loader's text fields get (one issue per field and repair) --
# The fields people read: names, descriptions, notes, addresses (ids, codes, URLs, e-mails
# and the legacy schedule notes are never touched).
FREE_TEXT = ("name", "alternate_name", "description", "details", "eligibility_description",
             "application_process", "fees_description", "hours_text", "transportation",
             "wait_time", "alert", "amount_description", "document", "attention",
             "address_1", "address_2", "city", "region")
# An exporter's day marker, "###MON###" (also "### Tuesday ###"): read as a "Mon:" label.
_MARKER = re.compile(r"\s*#{3,}\s*([A-Za-z][A-Za-z ]{0,19}?)\s*#{3,}\s*")
# UTF-8 punctuation read as code page 437 ("’" as "ΓÇÖ"; "GÇÖ" once Γ was folded to G):
# ftfy's encodings leave this one out.
_CP437_CONT = "".join(bytes([b]).decode("cp437") for b in range(0x80, 0xC0))
_CP437 = re.compile(f"Γ[{re.escape(_CP437_CONT)}]{{2}}|GÇ[{re.escape(_CP437_CONT)}]")


def _undo_cp437(match: re.Match[str]) -> str:
    raw = "Γ" + match.group(0)[1:]
    try:
        return raw.encode("cp437").decode("utf-8")
    except UnicodeError:
        return match.group(0)


def _marker(match: re.Match[str]) -> str:
    return "\n" + match.group(1).strip().title() + ": "


def _mac_roman(text: str) -> str:
    """MacRoman bytes of cp1252 mojibake ('Woman‰Ûªs') back to the UTF-8 text ('Woman’s');
    unchanged unless the round trip gives valid UTF-8."""
    try:
        return text.encode("cp1252").decode("mac_roman").encode("cp1252").decode("utf-8")
    except UnicodeError:
        return text


def demojibake(values: pd.Series) -> pd.Series:
    """Text garbled by a wrong decoding, repaired: what ``ftfy`` recognizes (its encoding
    fix only: quotes, widths and line breaks stay as written), UTF-8 punctuation read as
    code page 437, and MacRoman-over-cp1252 ('‰Ûª')."""
    import ftfy

    def fix(text: object) -> object:
        if not isinstance(text, str) or text.isascii():
            return text
        return _CP437.sub(_undo_cp437, _mac_roman(ftfy.fix_encoding(text)))
    return values.map(fix)


def _literal_newlines(values: pd.Series) -> pd.Series:
    return values.str.replace(r"\\r\\n|\\n|\\r", "\n", regex=True)


def _markers(values: pd.Series) -> pd.Series:
    return values.str.replace(_MARKER, _marker, regex=True).str.strip()


# (what is repaired, which values may need it (an Arrow test), the repair)
_TEXT_FIXES: tuple[tuple[str, Callable[[pa.Array], pa.Array], Callable[[pd.Series], pd.Series]],
                   ...] = (
    ("garbled characters (mojibake) repaired",
     lambda a: pc.invert(pc.string_is_ascii(a)), demojibake),
    ("literal \\n written as a line break",
     lambda a: pc.match_substring_regex(a, r"\\[nr]"), _literal_newlines),
    ("###DAY### markers read as day labels",
     lambda a: pc.match_substring_regex(a, _MARKER.pattern), _markers),
)


# Hours texts that are data, not prose (a LinkSF JSON object): never rewritten.
STRUCTURED_HOURS = ("linksf",)


def _structured(frame: pd.DataFrame, col: str) -> npt.NDArray[np.bool_]:
    if col != "hours_text" or "hours_format" not in frame.columns:
        return np.zeros(len(frame), dtype=bool)
    return frame["hours_format"].isin(STRUCTURED_HOURS).to_numpy(dtype=bool)


def clean_text(table: str, frame: pd.DataFrame, issues: list[Issue]) -> pd.DataFrame:
    """Repair the :data:`FREE_TEXT` fields of one table (once per distinct value, only the
    values that may need it); each repair counted per field, with the first row as example."""
    out = frame
    for col in FREE_TEXT:
        if col not in frame.columns or not (frame[col].dtype == object
                                            or pd.api.types.is_string_dtype(frame[col])):
            continue
        for problem, may_need, repair in _TEXT_FIXES:
            values = out[col]
            try:
                arr = pa.array(values, type=pa.string(), from_pandas=True)
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                break
            candidates = pc.fill_null(may_need(arr), False).to_numpy(zero_copy_only=False)
            candidates &= ~_structured(frame, col)
            if not candidates.any():
                continue
            sub = values[candidates].astype("string")
            fixed = per_value(sub, repair).astype(object)
            changed = pd.Series(False, index=values.index)
            changed[candidates] = (fixed != values[candidates]).to_numpy(dtype=bool)
            if not changed.any():
                continue
            if out is frame:
                out = frame.copy(deep=False)
            new = values.copy()
            new[candidates] = fixed.to_numpy()
            out[col] = new
            first = _issue_rows(out, changed & (changed.cumsum() == 1), col,
                                f"{problem}: {int(changed.sum())} {table} rows", "info",
                                values)
            issues.extend(first)
    return out
