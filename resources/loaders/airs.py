"""211 / I&R wide exports in the AIRS layout (iCarol, ReferNET ... one row per record).

Stages: read (encoding, CR line endings, delimiter) -> map columns by
:mod:`~resources.loaders.airs_columns` (aliases, unknown columns noted once) -> clean text
(padding, ``-1`` nulls, HTML) -> one frame per HSDS table -> the shared ``normalize``.

Rows are linked by ``ParentAgencyNum`` and typed by ``TaxonomyLevelName``:
Agency -> organization (+ its own location when it has an address or point);
Site -> location; Program -> service of its agency, at a linked site, else at its own
address, else at its agency's main site. Inactive / do-not-refer records are kept, marked.
"""

from __future__ import annotations

import csv
import mmap
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from resources.loaders import _airs_levels as levels
from resources.loaders import _airs_parts as parts
from resources.loaders._clean import LoadError, decode_text, label_where
from resources.loaders._distinct import duplicated, per_value, positions
from resources.loaders.airs_columns import (
    COUNTRIES,
    FIELDS,
    LEVELS,
    MULTI_FIELDS,
    NAMED_PHONES,
    NOT_STORED,
    NUMBERED_PHONE,
    STATUSES,
    header_key,
    privacy_twin,
)
from resources.loaders.base import Loader
from resources.records import Batch, Issue

NULLS = ("", "-1")
TEXT_FIELDS = ("description", "eligibility", "fees", "application_process", "documents",
               "alert", "location_description")
_KEYS = {header_key(a): f for f, aliases in FIELDS.items() for a in aliases}
_MULTI = {header_key(a): f for f, aliases in MULTI_FIELDS.items() for a in aliases}
_NAMED = {header_key(k): v for k, v in NAMED_PHONES.items()}
_IGNORED = {header_key(c) for c in NOT_STORED}
_DETECT = {"resourceagencynum", "taxonomylevelname", "parentagencynum", "agencystatus",
           "publicname", "phone1number", "taxonomycodes", "lastverifiedon"}


class AIRSCSVLoader(Loader):
    kind = "airs-csv"
    description = "211 / I&R wide export in the AIRS layout (iCarol, ReferNET: Agency/Site/Program rows)"

    @classmethod
    def detect(cls, path: Path) -> bool:
        if not path.is_file() or path.suffix.lower() not in (".csv", ".txt", ".tsv"):
            return False
        with path.open("rb") as handle:
            head = handle.read(8000).decode("latin-1")
        first = head.replace("\r", "\n").split("\n", 1)[0]
        keys = {header_key(c) for c in _split_header(first)}
        return "taxonomylevelname" in keys and len(keys & _DETECT) >= 4

    def read(self, path: Path) -> Batch:
        batch = Batch()
        raw = _read_rows(path, batch.issues)
        batch.rows_read = raw.num_rows
        f, cols = _map_columns(raw, path.name, batch.issues)
        read = f
        f = _settle_rows(f, batch.issues)
        rejected = read.index.difference(f.index)
        _build(f, cols, batch)  # counts its service-bearing rows; add the rejected ones
        batch.service_rows = (batch.service_rows or 0) + int(
            levels.described(read.loc[rejected]).sum())
        return batch


def bench_cases(shared: Path) -> list[tuple[str, Path]]:
    """Files of the shared datasets this loader is benchmarked on (see bench/load.py)."""
    path = shared / "dc-211-airs-export" / "211.csv"
    return [("airs-csv", path)] if path.exists() else []


# -- read -------------------------------------------------------------------------------

def _split_header(line: str) -> list[str]:
    delim = max(",\t;|", key=line.count)
    return next(csv.reader([line], delimiter=delim), [])


def _read_rows(path: Path, issues: list[Issue]) -> pa.Table:
    """Every cell as text; UTF-8 fast path, else cp1252/latin-1; any line ending."""
    data = pa.memory_map(str(path)).read_buffer()  # no copy: the file's pages
    if not _has_cr(path):
        try:  # the CSV reader checks the UTF-8 of every cell: no separate pass over the file
            return _parse(data, path.name, utf8_known=False)
        except _NotUTF8:
            pass
    data = pa.py_buffer(decode_text(data.to_pybytes(), path.name, issues).encode("utf-8"))
    return _parse(data, path.name, utf8_known=True)


class _NotUTF8(Exception):
    """The file is not valid UTF-8: decode it first (:func:`decode_text`)."""


def _parse(data: pa.Buffer, file: str, *, utf8_known: bool) -> pa.Table:
    if data.size >= 3 and data[:3].to_pybytes() == b"\xef\xbb\xbf":
        data = data.slice(3)
    head = data[: min(data.size, 1 << 16)].to_pybytes()
    while b"\n" not in head and len(head) < data.size:
        head = data[: len(head) * 4].to_pybytes()
    try:
        first = head[: head.find(b"\n") if b"\n" in head else len(head)].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _NotUTF8 from exc  # only before decoding: the decoded text is UTF-8
    if not first.strip():
        raise LoadError(f"{file} is empty", [])
    delim = max(",\t;|", key=first.count)
    names = [c.strip() for c in _split_header(first)]
    try:
        return pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(delimiter=delim, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False,
                quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, ValueError) as exc:
        if not utf8_known and not _is_utf8(data):
            raise _NotUTF8 from exc
        raise LoadError(f"{file} is not a readable CSV file",
                        [Issue(file, None, None, None, f"CSV syntax error: {exc}", "error")]
                        ) from exc


def _whole(data: pa.Buffer) -> pa.Array:
    """The buffer as one binary value (no copy)."""
    offsets = pa.array([0, data.size], type=pa.int64()).buffers()[1]
    return pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, data])


def _is_utf8(data: pa.Buffer) -> bool:
    try:
        _whole(data).cast(pa.large_string())  # validates the UTF-8 (in C, no copy)
    except pa.ArrowInvalid:
        return False
    return True


def _has_cr(path: Path) -> bool:
    with path.open("rb") as handle:
        if os.fstat(handle.fileno()).st_size == 0:
            return False
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as pages:
            return pages.find(b"\r") >= 0  # memchr: no copy, no decode


# -- map and clean ----------------------------------------------------------------------

_ONE_CHUNK = 1 << 30  # text columns under this size are made one chunk (offsets are int32)


def _clean(col: pa.ChunkedArray) -> pa.ChunkedArray:
    """Stripped text; empty and ``-1`` cells become null."""
    if col.num_chunks > 1 and col.nbytes < _ONE_CHUNK:
        col = pa.chunked_array([col.combine_chunks()])  # later row selections: one take
    text = pc.utf8_trim_whitespace(col)
    null = pc.or_(pc.equal(text, NULLS[0]), pc.equal(text, NULLS[1]))
    return pc.if_else(null, pa.scalar(None, pa.string()), text)


def _cleaned(columns: dict[str, pa.ChunkedArray]) -> dict[str, pa.ChunkedArray]:
    """:func:`_clean` of every column, on a few threads (Arrow kernels release the GIL)."""
    with ThreadPoolExecutor(max(1, min(4, os.cpu_count() or 1))) as pool:
        return dict(zip(columns, pool.map(_clean, columns.values()), strict=True))


def _map_columns(raw: pa.Table, file: str, issues: list[Issue]
                 ) -> tuple[pd.DataFrame, dict[str, object]]:
    """Field frame (first alias wins) + the multi/phone column layout of this file."""
    out: dict[str, pa.ChunkedArray] = {}
    headers: dict[str, str] = {}
    cols: dict[str, object] = {"coverage": [], "transportation": [], "numbered": {}, "named": [],
                               "named_private": {}}
    named_at: dict[str, str] = {}  # named phone header key -> its column
    twins: list[tuple[tuple[str, str], str]] = []
    for header, column in zip(raw.column_names, raw.columns, strict=True):
        key = header_key(str(header))
        field = _KEYS.get(key)
        phone = NUMBERED_PHONE.match(key)
        twin = None if field or phone or key in _NAMED else privacy_twin(key)
        if field and field not in out:
            out[field] = column
            headers[field] = str(header)
        elif key in _MULTI:
            name = f"_{_MULTI[key]}{len(cols[_MULTI[key]])}"  # type: ignore[arg-type]
            out[name] = column
            cols[_MULTI[key]].append((name, str(header)))  # type: ignore[attr-defined]
        elif phone:
            n, part = phone.group(1), phone.group(2).replace("extension", "ext")
            name = f"_phone{n}{part}"
            out[name] = column
            cols["numbered"].setdefault(n, {})[part] = name  # type: ignore[attr-defined]
        elif key in _NAMED:
            name = f"_named{len(cols['named'])}"  # type: ignore[arg-type]
            out[name] = column
            named_at.setdefault(key, name)
            cols["named"].append((name, *_NAMED[key]))  # type: ignore[attr-defined]
        elif twin:
            name = f"_private_{twin[0]}_{twin[1]}"
            out[name] = column
            twins.append((twin, name))
        elif key not in _IGNORED:
            what = "repeats a column already read" if field else "not an AIRS export column"
            issues.append(Issue(file, None, str(header), None, f"{what}: not stored", "info"))
    _link_twins(twins, named_at, cols, file, issues)
    for name in ("record_id", "name"):
        if name not in out:
            raise LoadError(f"{file} has no {FIELDS[name][0]} column (or an alias of it)",
                            [Issue(file, None, FIELDS[name][0], None,
                                   "required column missing", "error")])
    out = _cleaned(out)
    f = pa.table(out).to_pandas() if out else pd.DataFrame(index=pd.RangeIndex(raw.num_rows))
    f.insert(0, "source_row", np.arange(1, raw.num_rows + 1))
    f.insert(1, "_file", pd.Series(file, index=f.index, dtype="str"))
    for name in TEXT_FIELDS:
        if name in f:
            f[name] = parts.strip_html(f[name])
    f["id"] = f.pop("record_id")
    headers["id"] = headers["record_id"]
    f.attrs["headers"] = _Headers(headers)
    return f, cols


def _link_twins(twins: list[tuple[tuple[str, str], str]], named_at: dict[str, str],
                cols: dict[str, object], file: str, issues: list[Issue]) -> None:
    """Attach each privacy flag column to the phone it marks (addresses are read by name:
    ``_private_address_physical`` / ``_mailing``); a flag for a phone the file does not
    have is noted (nothing to hide)."""
    for (kind, which), name in twins:
        if kind == "numbered" and which in cols["numbered"]:  # type: ignore[operator]
            cols["numbered"][which]["private"] = name  # type: ignore[index]
        elif kind == "named" and which in named_at:
            cols["named_private"][named_at[which]] = name  # type: ignore[index]
        elif kind != "address":
            issues.append(Issue(file, None, name, None, "privacy flag for a phone column "
                                "this file does not have: nothing to hide", "info"))


class _Headers(dict[str, str]):
    """field -> the file's header for it, carried in ``attrs``: pandas deep-copies attrs
    into every frame derived from the field frame; this is never changed, so shared."""

    def __deepcopy__(self, memo: dict[int, object]) -> _Headers:
        return self


def _settle_rows(f: pd.DataFrame, issues: list[Issue]) -> pd.DataFrame:
    """Reject rows without / repeating an id or of unknown level; resolve status, parents."""
    missing = f["id"].isna()
    dup = duplicated(f["id"]) & ~missing
    issues += parts.flag(f, missing, "id", "row has no record number; "
                         "row not loaded", "error")
    issues += parts.flag(f, dup, "id", "record number repeats an earlier "
                         "row; later row not loaded", "error")
    if "level" in f:
        level = levels.read_levels(f["level"])
        bad = level.isna() & ~missing & ~dup
        issues += parts.flag(f, bad, "level", f"not one of {levels.level_names()}; "
                             "row not loaded", "error")
    else:
        level = pd.Series("program", index=f.index)
        issues.append(Issue(str(f["_file"].iloc[0]) if len(f) else "", None,
                            FIELDS["level"][0], None, "no level column: every row read as a "
                            "Program", "info"))
    keep = ~missing & ~dup & level.notna()
    f = f.assign(level=level)
    if not keep.all():
        f = f[keep].copy()
    nameless = f["name"].isna()
    if nameless.any():
        issues += parts.flag(f, nameless, "name", "record has no name; alternate name used "
                             "where given", "warning")
        f["name"] = f["name"].fillna(_col(f, "alternate_name")).fillna(_col(f, "official_name"))
    _resolve_parents(f, issues)
    levels.inherit(f, issues)
    _resolve_status(f, issues)
    return f


class _ById:
    """Values of other rows by their record id (unique by now): one hash index, reused."""

    def __init__(self, ids: pd.Series):
        self.index = ids.index
        self.ids = ids

    def positions(self, keys: pd.Series) -> npt.NDArray[np.intp]:
        """Row position of each key's record, -1 where there is none."""
        return positions(keys, self.ids)

    def take(self, values: pd.Series, positions: npt.NDArray[np.intp]) -> pd.Series:
        """``keys.map(values by id)``: the values at ``positions``, NaN where -1."""
        picked = values.to_numpy(dtype=object)[positions]
        picked[positions < 0] = np.nan
        return pd.Series(picked, index=self.index, dtype=object)


def _resolve_parents(f: pd.DataFrame, issues: list[Issue]) -> None:
    parent = f["parent_id"].mask(f["parent_id"] == "0") if "parent_id" in f else \
        pd.Series(np.nan, index=f.index, dtype=object)
    by_id = _ById(f["id"])
    of_parent = by_id.positions(parent)
    plevel = by_id.take(f["level"], of_parent)
    child = f["level"] != "agency"
    lost = child & parent.notna() & plevel.isna()
    issues += parts.flag(f, lost, "parent_id", "parent record is not in this file; "
                         "kept without an organization", "warning", parent)
    orphan = child & parent.isna()
    issues += parts.flag(f, orphan, "parent_id", "no parent record; kept without an "
                         "organization", "warning")
    via_record = plevel.notna() & (plevel != "agency")  # a site, a program (ProgramAtSite)
    grand = by_id.take(parent, of_parent)
    org = parent.where(plevel == "agency").fillna(
        grand.where(via_record & (by_id.take(f["level"], by_id.positions(grand)) == "agency")))
    f["organization_id"] = org.where(child, f["id"])
    f["parent_id"] = parent
    f["parent_level"] = plevel


def _status_text(status: pd.Series) -> pd.Series:
    return status.str.lower().str.replace(r"\s+", " ", regex=True)


def _resolve_status(f: pd.DataFrame, issues: list[Issue]) -> None:
    """AgencyStatus -> status + do_not_refer; an agency's inactivity reaches its programs."""
    field = "status"
    text = per_value(f["status"], _status_text) if "status" in f \
        else pd.Series(np.nan, index=f.index, dtype=object)
    status = text.map({k: v[0] for k, v in STATUSES.items()})
    dnr = text.map({k: v[1] for k, v in STATUSES.items()}).fillna(False).astype(bool)
    unknown = text.notna() & status.isna()
    issues += parts.flag(f, unknown, field, "status not understood; left unknown", "warning")
    if "available_referral" in f:
        dnr |= f["available_referral"].str.lower().isin(["no", "false", "n", "0"])
    by_id = _ById(f["id"])
    of_org = by_id.positions(f["organization_id"])
    org_status = by_id.take(status, of_org)
    org_dnr = by_id.take(dnr, of_org).fillna(False).astype(bool)
    program = f["level"] != "agency"
    closed = program & org_status.isin(["inactive", "defunct", "temporarily closed"]) & \
        ~status.isin(["inactive", "defunct"]) & (status != org_status)
    issues += parts.flag(f, closed & status.notna(), field,
                         "its agency is not active: marked like the agency", "warning",
                         org_status)
    status = status.where(~closed | status.isna(), org_status)
    inherit = program & status.isna() & org_status.notna()
    status = status.fillna(org_status.where(inherit))
    issues += parts.flag(f, status.isna() & text.isna(), field,
                         "no status given (nor by its agency); left unknown", "warning")
    more = program & org_dnr & ~dnr
    issues += parts.flag(f, more, field, "its agency is 'do not refer': so is this record",
                         "info")
    f["status"] = status
    f["do_not_refer"] = dnr | (program & org_dnr)
    f["is_private"] = parts.yes(_col(f, "exclude_directory"))
    for kind in ("physical", "mailing"):
        f[f"_private_{kind}"] = parts.yes(_col(f, f"_private_address_{kind}"))
    # a confidential place: flagged so, or its street address is private
    f["confidential"] = parts.yes(_col(f, "confidential")) | f["_private_physical"]
    # a row at the same place as a private one (a program's private address equal to its
    # agency's, placed at the agency's location) makes that place confidential too
    secret = f["_private_physical"]
    if secret.any():
        key = _place_key(f)
        f["confidential"] |= _isin(key, key[secret]) & _has_place(f)


# -- build tables ---------------------------------------------------------------------

def _col(f: pd.DataFrame, name: str) -> pd.Series:
    return f[name] if name in f else pd.Series(np.nan, index=f.index, dtype=object)


def _build(f: pd.DataFrame, cols: dict[str, object], batch: Batch) -> None:
    issues = batch.issues
    for field in ("verified_on", "updated_on"):
        if field in f:
            iso, bad = parts.parse_dates(f[field])
            issues += parts.flag(f, bad, field, "not a date; value dropped", "warning")
            f[field] = iso
    lvl = f["level"]
    f["is_service"], bearing = levels.services(f)
    batch.service_rows = int(bearing.sum())
    batch.add("organization", _organizations(_rows(f, lvl == "agency", _ORGANIZATION)))
    loc_mask, sal = _place_programs(f, issues)
    transport = [name for name, _ in cols["transportation"]]  # type: ignore[attr-defined]
    loc_rows = _rows(f, loc_mask, (*_LOCATION, *transport))
    has_location = loc_mask.to_numpy()
    batch.add("location", _locations(loc_rows, cols))
    batch.add("address", _addresses(loc_rows))
    program = _rows(f, f["is_service"], (*_SERVICE, "taxonomy_codes", *parts.NEED_COLUMNS))
    batch.add("service", _services(program, f, cols))
    batch.add("service_at_location", sal)
    links = parts.owner_links(f, pd.Series(has_location, index=f.index))
    batch.add("phone", _owned(parts.phones(f, links, cols["numbered"], cols["named"],  # type: ignore[arg-type]
                                           cols["named_private"])))  # type: ignore[arg-type]
    batch.add("language", _owned(parts.languages(f, links, issues)))
    batch.add("service_area", parts.coverage(f, cols["coverage"]))  # type: ignore[arg-type]
    term, attr, codes = parts.taxonomy(f)
    if len(term):
        batch.add("taxonomy", pd.DataFrame({"id": ["AIRS"], "name": ["AIRS"], "description": [
            "AIRS / 211 Human Services Indexing System taxonomy"]}))
    batch.add("taxonomy_term", term)
    batch.add("attribute", attr)
    if "service" in batch.tables:
        svc = batch.tables["service"]
        svc["categories"] = _categories(f, program, codes).to_numpy()
    _extras(f, loc_rows, links, batch)
    if "verified_on" in f:
        _verified_attributes(pd.concat([_rows(f, lvl == "agency", _VERIFIED),
                                        _rows(f, lvl == "site", _VERIFIED)]), batch)


# The columns each table builder reads (a row selection of the wide frame takes only these).
_KEEP = ("id", "level", "source_row", "_file")
_ORGANIZATION = (*_KEEP, "name", "alternate_name", "official_name", "description", "email",
                 "website", "tax_status", "tax_id", "year_incorporated", "legal_status")
_SERVICE = (*_KEEP, "organization_id", "name", "alternate_name", "description", "website",
            "email", "status", "application_process", "fees", "accreditation", "eligibility",
            "verified_on", "verified_by_email", "alert", "updated_on", "do_not_refer",
            "is_private", "hours", "hours_days")
_ADDRESS = ("physical_address_1", "physical_address_2", "physical_city", "physical_county",
            "physical_state", "physical_postal_code", "physical_country", "mailing_attention",
            "mailing_address_1", "mailing_address_2", "mailing_city", "mailing_state",
            "mailing_postal_code", "mailing_country")
_LOCATION = (*_KEEP, "organization_id", "name", "location_description", "latitude",
             "longitude", "hours", "hours_days", "confidential", "accessibility", *_ADDRESS,
             "_private_mailing")
_VERIFIED = (*_KEEP, "verified_on")


def _rows(f: pd.DataFrame, mask: pd.Series, columns: tuple[str, ...]) -> pd.DataFrame:
    """The rows in ``mask``, only the given columns (those present): a row selection of
    the whole wide frame copies every column."""
    return f.loc[mask, [c for c in dict.fromkeys(columns) if c in f]]


def _organizations(a: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "id": a["id"], "name": a["name"],
        "alternate_name": _col(a, "alternate_name").fillna(_col(a, "official_name")),
        "description": _col(a, "description"), "email": _col(a, "email"),
        "website": _col(a, "website"), "tax_status": _col(a, "tax_status"),
        "tax_id": _col(a, "tax_id"), "year_incorporated": _col(a, "year_incorporated"),
        "legal_status": _col(a, "legal_status"),
        "source_row": a["source_row"], "_file": a["_file"],
    })


def _services(p: pd.DataFrame, f: pd.DataFrame, cols: dict[str, object]) -> pd.DataFrame:
    hours = _col(p, "hours").fillna(_col(p, "hours_days"))
    return pd.DataFrame({
        "id": p["id"], "organization_id": p["organization_id"], "name": p["name"],
        "alternate_name": _col(p, "alternate_name"), "description": _col(p, "description"),
        "url": _col(p, "website"), "email": _col(p, "email"), "status": p["status"],
        "application_process": _col(p, "application_process"),
        "fees_description": _col(p, "fees"), "accreditations": _col(p, "accreditation"),
        "eligibility_description": _col(p, "eligibility"),
        "assured_date": _col(p, "verified_on"), "assurer_email": _col(p, "verified_by_email"),
        "alert": _col(p, "alert"), "last_modified": _col(p, "updated_on"),
        "do_not_refer": p["do_not_refer"], "is_private": p["is_private"],
        "hours_text": hours, "hours_format": label_where(hours.notna(), "text"),
        "source_row": p["source_row"], "_file": p["_file"],
    })


def _owned(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows of a record that is none of service, organization, location (a program offered
    through its ProgramAtSite rows, which inherit them) belong to nobody: left out."""
    owners = [c for c in ("service_id", "organization_id", "location_id") if c in rows]
    return rows[rows[owners].notna().any(axis=1)] if owners and len(rows) else rows


def _categories(f: pd.DataFrame, services: pd.DataFrame, codes: pd.DataFrame) -> pd.Series:
    """Need ids of each service: its own, else its agency's (TaxonomyCodes, Tax ...)."""
    agencies = (f["level"] == "agency") & levels.has_taxonomy(f)  # the others add nothing
    rows = _rows(f, f["is_service"] | agencies,
                 (*_KEEP, "organization_id", "taxonomy_codes", *parts.NEED_COLUMNS))
    own = parts.needs(rows, codes[codes["row"].isin(rows.index)])
    agency = pd.Series(own[rows["level"] == "agency"].to_numpy(),
                       index=rows.loc[rows["level"] == "agency", "id"].to_numpy())
    inherited = services["organization_id"].map(agency) if len(agency) else own[services.index]
    return own[services.index].where(own[services.index].notna(), inherited)


def _has_place(f: pd.DataFrame) -> pd.Series:
    return (_col(f, "physical_address_1").notna() | _col(f, "latitude").notna()
            | _col(f, "physical_postal_code").notna())


def _place_key(f: pd.DataFrame) -> pd.Series:
    parts_ = [per_value(_col(f, c), _key_text)
              for c in ("physical_address_1", "physical_postal_code", "latitude", "longitude")]
    return parts_[0] + "|" + parts_[1] + "|" + parts_[2] + "|" + parts_[3]


def _isin(values: pd.Series, among: pd.Series) -> pd.Series:
    """``values.isin(among)`` for text, as one Arrow hash lookup (pandas' own is slow on
    Arrow-backed text)."""
    found = pc.is_in(pa.array(values, type=pa.string(), from_pandas=True),
                     value_set=pa.array(among, type=pa.string(), from_pandas=True))
    return pd.Series(found.to_numpy(zero_copy_only=False), index=values.index)


def _key_text(values: pd.Series) -> pd.Series:
    return values.astype(object).fillna("").astype(str).str.lower()


def _place_programs(f: pd.DataFrame, issues: list[Issue]) -> tuple[pd.Series, pd.DataFrame]:
    """Mask of the rows that become locations, and service_at_location links for every
    program."""
    lvl = f["level"]
    own = _has_place(f)
    key = _place_key(f)
    agency_loc = lvl.isin(_LOCATED["placed"]) & own
    prog = f["is_service"] & lvl.isin(_LEVELS_AT["links"])
    ids = f["id"]
    org_key = f["organization_id"].map(pd.Series(key[agency_loc].to_numpy(),
                                                 index=ids[agency_loc].to_numpy()))
    same_as_agency = prog & own & (key == org_key)
    links = []
    site_ids = set(ids[lvl == "site"])
    site_link = f["parent_id"].where(prog & (f["parent_level"] == "site"))
    if "site_links" in f:
        listed = f["site_links"].where(prog).str.split(r"\s*[;,|]\s*", regex=True).explode()
        listed = listed[listed.notna() & (listed != "")]
        unknown = ~listed.isin(site_ids)
        if unknown.any():
            shown = pd.Series(listed[unknown].to_numpy(), index=listed[unknown].index)
            grouped = shown.groupby(level=0).agg(", ".join).reindex(f.index)
            issues += parts.flag(f, grouped.notna(), "site_links",
                                 "linked site is not in this file; link dropped", "warning",
                                 grouped)
        links.append(listed[~unknown])
    links.append(site_link.dropna())
    linked = pd.concat(links)
    has_site = f.index.isin(linked.index)
    own_loc = prog & own & ~same_as_agency & ~has_site
    first_site = (f.loc[lvl == "site", ["organization_id", "id"]].drop_duplicates("organization_id")
                  .set_index("organization_id")["id"])
    rest = prog & ~has_site & ~own_loc
    main = f["organization_id"].map(first_site).astype(object).where(rest)
    main = main.fillna(f["organization_id"].where(rest & _isin(f["organization_id"],
                                                                ids[agency_loc])))
    no_loc = rest & main.isna()
    issues += parts.flag(f, no_loc, "physical_address_1", "program has no address or point and "
                         "its agency has no site: kept without a location", "warning")
    located = agency_loc | lvl.isin(_LOCATED["always"]) | own_loc
    pairs = pd.concat([linked, ids[own_loc], main.dropna(),
                       *_at_themselves(f, located, issues)])
    rows = f.loc[pairs.index, ["id", "source_row", "_file"]]
    sal = pd.DataFrame({"service_id": rows["id"].to_numpy(), "location_id": pairs.to_numpy(),
                        "source_row": rows["source_row"].to_numpy(),
                        "_file": rows["_file"].to_numpy()}).drop_duplicates(
                            ["service_id", "location_id"])
    sal["id"] = sal["service_id"] + "@" + sal["location_id"]
    return located, sal


# level -> where its services are (Level.at), and the levels placed by links (programs)
_LEVELS_AT = {at: [name for name, rule in LEVELS.items() if rule.at == at]
              for at in ("links", "self", "self_or_sites")}
# Level.location -> levels: always a location (sites), when placed (agencies)
_LOCATED = {how: [name for name, rule in LEVELS.items() if rule.location == how]
            for how in ("always", "placed", "own_place")}


def _at_themselves(f: pd.DataFrame, located: pd.Series, issues: list[Issue]) -> list[pd.Series]:
    """Links of the services that are sites or agencies: at their own location, else (an
    agency without an address) at every site of the agency."""
    lvl, ids = f["level"], f["id"]
    own = f["is_service"] & located & lvl.isin(_LEVELS_AT["self"] + _LEVELS_AT["self_or_sites"])
    out = [ids[own]]
    by_sites = f["is_service"] & ~located & lvl.isin(_LEVELS_AT["self_or_sites"])
    if by_sites.any():
        sites = f.loc[lvl == "site", ["organization_id", "id"]].dropna()
        pairs = f.loc[by_sites, ["id"]].reset_index().merge(
            sites, left_on="id", right_on="organization_id", suffixes=("", "_site"))
        out.append(pd.Series(pairs["id_site"].to_numpy(), index=pairs["index"].to_numpy()))
        issues += parts.flag(f, by_sites & ~ids.isin(sites["organization_id"]),
                             "physical_address_1", "service has no address or point and no "
                             "site: kept without a location", "warning")
    return out


def _locations(r: pd.DataFrame, cols: dict[str, object]) -> pd.DataFrame:
    transport = [r[name] for name, _ in cols["transportation"]]  # type: ignore[attr-defined]
    own_hours = ~r["level"].isin(_LEVELS_AT["links"])
    hours = _col(r, "hours").fillna(_col(r, "hours_days")).where(own_hours)
    return pd.DataFrame({
        "id": r["id"], "organization_id": r["organization_id"], "name": r["name"],
        "location_type": "physical", "description": _col(r, "location_description"),
        "transportation": parts._join(transport, "\n") if transport else None,
        "latitude": _col(r, "latitude"), "longitude": _col(r, "longitude"),
        "external_identifier": r["id"], "external_identifier_type": "AIRS record number",
        "hours_text": hours, "hours_format": label_where(hours.notna(), "text"),
        "is_private": r["confidential"],
        "source_row": r["source_row"], "_file": r["_file"],
    })


def _addresses(r: pd.DataFrame) -> pd.DataFrame:
    out = []
    for kind, prefix, typ in (("physical", "physical_", "physical"), ("mailing", "mailing_",
                                                                         "postal")):
        a1, city, zipc = (_col(r, prefix + c) for c in ("address_1", "city", "postal_code"))
        have = a1.notna() | city.notna() | zipc.notna()
        sub = r.loc[have, [c for c in r.columns if c.startswith(prefix) or c in _KEEP]]
        country = _col(sub, prefix + "country")
        # the street address of a confidential place is private; a mailing address by its flag
        private = (r["confidential"] if kind == "physical" else r["_private_mailing"])[have]
        out.append(pd.DataFrame({
            "id": sub["id"] + "-" + kind, "location_id": sub["id"],
            "attention": _col(sub, "mailing_attention") if kind == "mailing" else None,
            "address_1": a1[have], "address_2": _col(sub, prefix + "address_2"),
            "city": city[have], "region": _col(sub, "physical_county") if typ == "physical"
            else None, "state_province": _col(sub, prefix + "state"),
            "postal_code": zipc[have],
            "country": country.str.lower().map(COUNTRIES).fillna(country),
            "address_type": typ, "is_private": private.astype(bool),
            "source_row": sub["source_row"], "_file": sub["_file"],
        }))
    return pd.concat(out, ignore_index=True)


def _extras(f: pd.DataFrame, loc_rows: pd.DataFrame, links: pd.DataFrame,
            batch: Batch) -> None:
    """Contacts, required documents, funding, accessibility, the Hours column as schedule."""
    keep = ["source_row", "_file"]
    contacts = []
    for n, prefix in ((1, "senior_"), (2, "contact_")):
        name = _col(f, prefix + "name")
        have = name.notna()
        c = links[have].drop(columns="location_id").copy()
        c["location_id"] = f["id"].where(f["level"] == "site")[have]
        c["id"] = f["id"][have] + f"-contact{n}"
        c["name"], c["title"] = name[have], _col(f, prefix + "title")[have]
        c["email"] = _col(f, prefix + "email")[have]
        contacts.append(c.join(f.loc[have, keep]))
    batch.add("contact", pd.concat(contacts, ignore_index=True))
    prog = _rows(f, f["is_service"], (*_KEEP, "documents"))
    docs = _col(prog, "documents").dropna()
    batch.add("required_document", pd.DataFrame({
        "id": prog.loc[docs.index, "id"] + "-docs", "service_id": prog.loc[docs.index, "id"],
        "document": docs}).join(prog[keep]))
    funds = _col(f, "funding").dropna()
    batch.add("funding", links.loc[funds.index, ["service_id", "organization_id"]].assign(
        id=f.loc[funds.index, "id"] + "-funding", source=funds).join(f[keep]))
    access = _col(loc_rows, "accessibility").dropna()
    short = access.str.len() < 4
    if short.any():
        batch.issues.append(Issue(str(f["_file"].iloc[0]), None, FIELDS["accessibility"][0],
                                  ", ".join(sorted(set(access[short]))[:10]),
                                  f"{int(short.sum())} values too short to describe access "
                                  "(not stored)", "info"))
    access = access[~short]
    batch.add("accessibility", pd.DataFrame({
        "id": loc_rows.loc[access.index, "id"] + "-access",
        "location_id": loc_rows.loc[access.index, "id"], "description": access,
    }).join(loc_rows[keep]))
    days = _col(f, "hours_days").where(_col(f, "hours").notna()).dropna()
    sched = links.loc[days.index, ["service_id", "location_id"]].assign(
        id=f.loc[days.index, "id"] + "-hours", description=days).join(f[keep])
    batch.add("schedule", sched[sched["service_id"].notna() | sched["location_id"].notna()])


def _verified_attributes(rows: pd.DataFrame, batch: Batch) -> None:
    """LastVerifiedOn of agencies and sites, as attributes (HSDS has no field for it)."""
    have = rows[rows["verified_on"].notna()]
    if have.empty:
        return
    entity = np.where(have["level"] == "agency", "organization", "location")
    batch.add("attribute", pd.DataFrame({
        "id": have["id"] + "-verified", "link_id": have["id"], "link_entity": entity,
        "link_type": "assured_date", "taxonomy_term_id": "resources:last_verified_on",
        "value": have["verified_on"].str[:10],
        "source_row": have["source_row"], "_file": have["_file"],
    }))
    batch.add("taxonomy_term", pd.DataFrame({
        "id": ["resources:last_verified_on"], "code": ["last_verified_on"],
        "name": ["Last verified on"], "taxonomy": ["resources-provenance"],
        "description": ["date the source last verified the record (attribute value, ISO)"]}))
