"""Table builders for the AIRS wide export: phones, languages, taxonomy, coverage, dates.

Each takes the cleaned field frame of :mod:`resources.loaders.airs` (one row per input row,
columns named by field, plus ``id``, ``level``, ``source_row``, ``_file``) and returns the
rows of one HSDS table, vectorized (no Python loop per field or per row).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from resources.loaders._clean import _issue_rows
from resources.loaders._distinct import Distinct, per_value
from resources.loaders.airs_columns import (
    FIELDS,
    LANGUAGES,
    LEVELS,
    US_STATES,
    YES,
)
from resources.records import Issue
from resources.vocab.needs import Vocabulary, load_vocabulary

KEEP = ["source_row", "_file"]
# levels whose own address is a place of the service only (programs): never a phone's place
_PLACED_BY_LINKS = [name for name, rule in LEVELS.items() if rule.at == "links"]
_DATE_FORMATS = ("%m/%d/%y %H:%M", "%m/%d/%Y %H:%M", "%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d",
                 "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%m/%d/%Y %I:%M:%S %p",
                 "%m/%d/%Y %H:%M:%S")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'",
             "&apos;": "'", "&nbsp;": " ", "&#160;": " "}


def strip_html(text: pd.Series) -> pd.Series:
    """Drop HTML tags, keep line breaks (<br>, </p>, <li>), decode common entities."""
    return per_value(text, _strip_html)  # element-wise: once per distinct text


def _strip_html(text: pd.Series) -> pd.Series:
    has = text.str.contains(r"[<&]", regex=True, na=False)
    if not has.any():
        return text
    out = text.copy()
    out[has] = _strip_tags(text[has])
    return out


def _strip_tags(sub: pd.Series) -> pd.Series:
    sub = sub.str.replace(r"(?i)<\s*br\s*/?\s*>|<\s*/\s*p\s*>|<\s*li[^>]*>", "\n", regex=True)
    sub = sub.str.replace(r"<[^>]{0,500}>", "", regex=True)
    sub = sub.str.replace(r"<[^>]{0,40}$", "", regex=True)  # tag cut by a field length limit
    for entity, char in _ENTITIES.items():
        sub = sub.str.replace(entity, char, regex=False)
    sub = sub.str.replace(r"[ \t]*\n[ \t]*", "\n", regex=True)
    sub = sub.str.replace(r"\n{3,}", "\n\n", regex=True).str.strip()
    return sub.mask(sub == "")


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(ISO date-time text or NA, mask of values given but not a date) for I&R date text."""
    read = per_value(values, _parse_dates)
    return read["iso"], read["bad"]


def _parse_dates(values: pd.Series) -> pd.DataFrame:
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us]")
    todo = values.notna()
    for fmt in _DATE_FORMATS:
        if not todo.any():
            break
        parsed = pd.to_datetime(values[todo], format=fmt, errors="coerce")
        ok = parsed.notna()
        out[ok[ok].index] = parsed[ok]
        todo[ok[ok].index] = False
    iso = out.dt.strftime("%Y-%m-%d %H:%M:%S").astype(object).where(out.notna(), None)
    return pd.DataFrame({"iso": iso, "bad": values.notna() & out.isna()}, index=values.index)


def owner_links(f: pd.DataFrame, has_location: pd.Series) -> pd.DataFrame:
    """service_id / organization_id / location_id a row's own phones, languages ... link to."""
    lvl = f["level"]
    service = f["is_service"]
    return pd.DataFrame({
        "service_id": f["id"].where(service),
        "organization_id": f["id"].where(lvl == "agency"),
        "location_id": f["id"].where(~lvl.isin(_PLACED_BY_LINKS) & has_location),
    }, index=f.index)


def yes(values: pd.Series) -> pd.Series:
    """True where a flag cell says yes (:data:`YES`); empty or anything else is False."""
    return values.astype(object).fillna("").astype(str).str.strip().str.lower().isin(YES)


def phones(f: pd.DataFrame, links: pd.DataFrame, numbered: dict[str, dict[str, str]],
           named: list[tuple[str, str, str | None]],
           named_private: dict[str, str] | None = None) -> pd.DataFrame:
    """One phone row per filled phone column (numbered Phone<n>* groups and named ones);
    ``is_private`` from the phone's privacy twin column (``Phone1IsPrivate``) when given."""
    named_private = named_private or {}
    parts = []
    for n, cols in numbered.items():
        if "number" not in cols:
            continue
        num = f[cols["number"]]
        label = _join([f[cols[k]] for k in ("name", "description") if k in cols], " - ",
                      f.index)
        given = f[cols["type"]].str.lower() if "type" in cols else None
        kind = per_value(label, _kind_of_label)
        if given is not None:
            kind = given.map(_PHONE_TYPES).fillna(kind)
        ext = f[cols["ext"]] if "ext" in cols else None
        private = yes(f[cols["private"]]) if "private" in cols else None
        parts.append(_phone_part(f, links, num, f"p{n}", kind, label, ext, private))
    for col, kind_, desc in named:
        label = pd.Series(desc, index=f.index, dtype=object)
        private = yes(f[named_private[col]]) if col in named_private else None
        parts.append(_phone_part(f, links, f[col], col.lower(),
                                 pd.Series(kind_, index=f.index), label, None, private))
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _kind_of_label(label: pd.Series) -> pd.Series:
    """voice, or fax / textphone when the phone's name or description says so."""
    kind = pd.Series("voice", index=label.index, dtype=object)
    both = label.str.lower().fillna("")
    kind[both.str.contains("fax", regex=False)] = "fax"
    kind[both.str.contains(r"\btty\b|\btdd\b|\bteletype", regex=True)] = "textphone"
    return kind


_PHONE_TYPES = {"fax": "fax", "tty": "textphone", "tdd": "textphone", "textphone": "textphone",
                "voice": "voice", "cell": "cell", "mobile": "cell", "text": "text",
                "sms": "text", "pager": "pager", "video": "video"}
_EXT = r"(?i)^(?P<number>.*?)[\s,]*(?:x|ext\.?|extension)\s*(?P<ext>\d{1,6})\s*$"


def _phone_part(f: pd.DataFrame, links: pd.DataFrame, number: pd.Series, slot: str,
                kind: pd.Series, label: pd.Series, ext: pd.Series | None,
                private: pd.Series | None = None) -> pd.DataFrame:
    have = number.notna()
    if not have.any():
        return pd.DataFrame()
    num = number[have]
    split = per_value(num, _split_extension)
    extension = split["ext"]
    if ext is not None:
        extension = ext[have].fillna(extension)
    out = links[have].copy()
    out["id"] = f["id"][have] + "-" + slot
    out["number"] = split["number"]
    out["extension"] = extension
    out["type"] = kind[have]
    out["description"] = label[have]
    out["is_private"] = private[have] if private is not None else False
    for col in KEEP:
        out[col] = f[col][have]
    return out


def _split_extension(num: pd.Series) -> pd.DataFrame:
    """Columns number (without the extension) and ext ('x 123', 'ext. 4' at the end)."""
    split = num.str.extract(_EXT)
    return pd.DataFrame({"number": split["number"].fillna(num).str.strip(),
                         "ext": split["ext"]}, index=num.index)


def _join(series: list[pd.Series], sep: str, index: pd.Index | None = None) -> pd.Series:
    if not series:
        return pd.Series(None, index=index, dtype=object)
    out = series[0].astype(object)
    for s in series[1:]:
        out = (out + sep + s).fillna(out).fillna(s)
    return out


def _explode(f: pd.DataFrame, column: str, pattern: str) -> pd.DataFrame:
    """Columns ``row`` (input row label), ``pos`` and ``item``: one per non-empty item of a
    joined list; fresh unique index. Split in Arrow (C), once per distinct text."""
    distinct = Distinct(f[[column]], [column])
    if not distinct.saves:
        return _explode_rows(f, column, pattern)
    return distinct.expand(_explode_rows(distinct.reps, column, pattern))


def _explode_rows(f: pd.DataFrame, column: str, pattern: str) -> pd.DataFrame:
    have = f[column].notna()
    values = pa.array(f.loc[have, column].to_numpy(dtype=object), type=pa.string())
    lists = pc.split_pattern_regex(values, pattern)
    parent = pc.list_parent_indices(lists).to_numpy()
    items = pc.utf8_trim_whitespace(pc.list_flatten(lists)).to_numpy(zero_copy_only=False)
    frame = pd.DataFrame({"row": f.index[have][parent], "item": items})
    frame = frame[frame["item"] != ""].reset_index(drop=True)
    frame["pos"] = frame.groupby("row").cumcount()
    return frame


def lists_by_row(rows: np.ndarray, values: np.ndarray, index: pd.Index) -> pd.Series:
    """Per row label, the list of its values (in the given order), None where none."""
    out = pd.Series(None, index=index, dtype=object)
    if len(rows) == 0:
        return out
    cut = np.flatnonzero(rows[1:] != rows[:-1]) + 1
    starts = np.r_[0, cut]
    groups = np.split(values, cut)
    out.loc[rows[starts]] = [g.tolist() for g in groups]
    return out


def languages(f: pd.DataFrame, links: pd.DataFrame, issues: list[Issue]) -> pd.DataFrame:
    """LanguagesOffered split on , ; / | 'and' &; names normalized, ISO 639-1 codes added."""
    if "languages" not in f:
        return pd.DataFrame()
    items = _explode(f, "languages", r"\s*(?:[;,/|&]|\band\b)\s*")
    if items.empty:
        return pd.DataFrame()
    raw = items["item"]
    read = per_value(raw, _read_languages)
    rows = items["row"]
    out = links.loc[rows].reset_index(drop=True)
    out["id"] = (f["id"].loc[rows].to_numpy() + "-lang") + items["pos"].astype(str)
    out["name"] = read["name"].to_numpy()
    out["code"] = read["code"].to_numpy()
    out["note"] = read["note"]
    for col in KEEP:
        out[col] = f[col].loc[rows].to_numpy()
    unknown = read["unknown"]
    if unknown.any():
        issues.append(Issue(str(f["_file"].iloc[0]), None, "LanguagesOffered",
                            "; ".join(sorted(set(raw[unknown]))[:20]),
                            f"{int(unknown.sum())} language entries not recognized; "
                            "kept as written, without a language code", "info"))
    return out.reset_index(drop=True)


def _read_languages(raw: pd.Series) -> pd.DataFrame:
    """Per language entry: normalized name, ISO code, the note in parentheses, unknown."""
    note = raw.str.extract(r"\(([^)]*)\)")[0]
    key = (raw.str.replace(r"\([^)]*\)", "", regex=True)
           .str.replace(r"(?i)\b(only|available|spoken|language)\b\.?", "", regex=True)
           .str.strip(" .:-").str.lower())
    known = key.map(lambda k: LANGUAGES.get(k))
    return pd.DataFrame({
        "name": [k[0] if isinstance(k, tuple) else r for k, r in zip(known, raw, strict=True)],
        "code": [k[1] if isinstance(k, tuple) else None for k in known],
        "note": note, "unknown": known.isna()}, index=raw.index)


def taxonomy(f: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(taxonomy_term, attribute, per-row codes) from ';'-joined codes ('*' links terms)."""
    if "taxonomy_codes" not in f:
        return pd.DataFrame(), pd.DataFrame(), pd.DataFrame(columns=["row", "item"])
    columns = [c for c in ("taxonomy_codes", "taxonomy_terms") if c in f]
    distinct = Distinct(f[columns], columns)  # rows sharing their codes and terms text
    codes = _row_codes(distinct.reps if distinct.saves else f[columns])
    codes["taxonomy_term_id"] = "AIRS:" + codes["item"]
    codes["link_type"] = np.where(codes["item"].str.startswith("Y"), "target_population",
                                  "service_type")
    codes["value"] = codes["group"].where(codes["group"].str.contains("*", regex=False))
    terms = (codes.sort_values("name", na_position="last").drop_duplicates("item")
             .sort_values(["row", "pos"]))
    term = pd.DataFrame({
        "id": "AIRS:" + terms["item"], "code": terms["item"], "name": terms["name"].fillna(
            terms["item"]), "taxonomy": "AIRS", "taxonomy_id": "AIRS",
        "source_record_id": terms["item"],
    })
    if distinct.saves:
        codes = distinct.expand(codes)
    # one row per code (about 5 per input row): built in Arrow, each column one take of the
    # input row's value, no text round trip through Python objects
    at = pa.array(f.index.get_indexer(codes["row"]))
    ids = _text(f["id"]).take(at)
    entity = _text(f["level"].map(_ENTITY)).take(at)
    attr = pa.table({
        "id": pc.binary_join_element_wise(ids, pa.scalar("-tax", pa.large_string()),
                                          pc.cast(_arrow(codes["pos"]), pa.large_string()),
                                          pa.scalar("", pa.large_string())),
        "link_id": ids, "link_entity": entity,
        "taxonomy_term_id": _text(codes["taxonomy_term_id"]),
        "link_type": _text(codes["link_type"]), "value": _text(codes["value"]),
        "source_row": _arrow(f["source_row"]).take(at), "_file": _text(f["_file"]).take(at),
    }).to_pandas()
    return term, attr, codes


def _arrow(values: pd.Series) -> pa.Array:
    array = pa.array(values, from_pandas=True)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _text(values: pd.Series | npt.NDArray[np.object_]) -> pa.Array:
    array = pa.array(values, type=pa.large_string(), from_pandas=True)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _row_codes(f: pd.DataFrame) -> pd.DataFrame:
    """Per row: its codes (``item``), their ';' group, position and term name when the
    TaxonomyTerms paths line up with the codes one to one."""
    groups = _explode(f, "taxonomy_codes", r"\s*[;|]\s*")
    groups["code"] = groups["item"].str.split(r"\s*\*\s*", regex=True)
    codes = groups.explode("code").rename(columns={"item": "group", "code": "item"})
    codes["item"] = codes["item"].str.strip()
    codes = codes[codes["item"].notna() & (codes["item"] != "")].reset_index(drop=True)
    codes["pos"] = codes.groupby("row").cumcount()
    codes["name"] = None
    if "taxonomy_terms" in f:
        paths = _explode(f, "taxonomy_terms", r"\s*;\s*")
        paths["name"] = paths["item"].str.split(r"\s*\*\s*", regex=True)
        names = paths.explode("name").reset_index(drop=True)
        names["name"] = names["name"].str.strip().str.rsplit(" - ", n=1).str[-1]
        names["pos"] = names.groupby("row").cumcount()
        n_codes = codes.groupby("row").size()
        n_names = names.groupby("row").size().reindex(n_codes.index)
        aligned = set(n_codes.index[n_codes == n_names])
        keyed = names[names["row"].isin(aligned)].set_index(["row", "pos"])["name"]
        idx = pd.MultiIndex.from_arrays([codes["row"], codes["pos"]])
        codes["name"] = keyed.reindex(idx).to_numpy()
    return codes.drop_duplicates(["row", "item"]).reset_index(drop=True)


_ENTITY = {"program": "service", "program_at_site": "service", "agency": "organization",
           "site": "location"}


def needs(f: pd.DataFrame, codes: pd.DataFrame) -> pd.Series:
    """service.categories (need ids in vocabulary order, or None) per row, from the AIRS
    codes and term names of the row, through the needs vocabulary's AIRS map (worked out
    once per distinct set of taxonomy columns)."""
    columns = [c for c in ("taxonomy_codes", *NEED_COLUMNS) if c in f]
    distinct = Distinct(f[columns], columns)
    if not distinct.saves or not columns:
        return _needs(f, codes)
    reps = distinct.reps
    return distinct.spread(_needs(reps, codes[codes["row"].isin(reps.index)]))


NEED_COLUMNS = ("taxonomy_terms", "taxonomy_leaf", "local_categories", "agency_taxonomy")
# An AIRS code ('BH-1800.8500', 'YB-8000', 'BD'); other items of a need column are terms.
_AIRS_CODE = r"^[A-Z]{1,2}(?:-\d{4}(?:\.\d{2,4})*(?:-\d{3})?)?$"


def _needs(f: pd.DataFrame, codes: pd.DataFrame) -> pd.Series:
    vocab = _vocabulary()
    found = [codes.set_index("row")["item"].map(
        {c: tuple(vocab.needs_for_airs([c])) for c in codes["item"].unique()})]
    for column in NEED_COLUMNS:
        if column in f:
            items = _explode(f, column, r"\s*[;|*]\s*").set_index("row")["item"]
            unique = pd.Series(items.unique())
            code = unique.str.fullmatch(_AIRS_CODE)
            found.append(items.map(dict(zip(unique, [
                tuple(vocab.needs_for_airs([t]) if is_code else vocab.needs_for_airs((), [t]))
                for t, is_code in zip(unique, code, strict=True)], strict=True))))
    hits = pd.concat(found).explode().dropna()
    if hits.empty:
        return pd.Series(None, index=f.index, dtype=object)
    order = {nid: i for i, nid in enumerate(vocab.by_id)}
    frame = pd.DataFrame({"row": hits.index, "need": hits.to_numpy()}).drop_duplicates()
    frame["order"] = frame["need"].map(order)
    frame = frame.sort_values(["row", "order"], kind="stable")
    return lists_by_row(frame["row"].to_numpy(), frame["need"].to_numpy(), f.index)


@lru_cache(maxsize=1)
def _vocabulary() -> Vocabulary:
    return load_vocabulary()


def coverage(f: pd.DataFrame, columns: list[tuple[str, str]]) -> pd.DataFrame:
    """One service_area (extent_type 'text') per filled coverage column of a program row."""
    parts = []
    prog = f["is_service"]
    for k, (col, header) in enumerate(columns):
        text = f[col].where(prog)
        have = text.notna()
        if not have.any():
            continue
        sub = f.loc[have, ["id", "source_row", "_file"]]
        parts.append(pd.DataFrame({
            "id": sub["id"] + f"-area{k}", "service_id": sub["id"], "name": header,
            "description": text[have], "extent_type": "text", "coverage_kind": "text",
            "coverage_codes": per_value(text[have], _coverage_codes),
            "source_row": sub["source_row"], "_file": sub["_file"],
        }))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


_STATE_CODES = set(US_STATES.values())


def _coverage_codes(text: pd.Series) -> pd.Series:
    """State codes / 5-digit ZIPs named as whole items ('DC;', 'Maryland', '20001')."""
    items = _explode(text.to_frame("t"), "t", r"\s*[;,|]\s*")
    names = items["item"].str.lower().map(US_STATES)
    code = names.fillna(items["item"].where(items["item"].isin(list(_STATE_CODES))))
    code = code.fillna(items["item"].where(items["item"].str.fullmatch(r"\d{5}", na=False)))
    items = items.assign(code=code)[code.notna()].drop_duplicates(["row", "code"])
    return lists_by_row(items["row"].to_numpy(), items["code"].to_numpy(), text.index)


def flag(f: pd.DataFrame, mask: pd.Series, field: str, problem: str, severity: str,
         values: pd.Series | None = None) -> list[Issue]:
    """Issues for the rows in ``mask``; ``field`` is a field name (reported as the file's own
    header for it) or a header; the value shown is the field's, unless ``values`` given."""
    if not mask.any():
        return []
    headers = f.attrs.get("headers", {})
    label = headers.get(field, FIELDS[field][0] if field in FIELDS else field)
    if values is None:
        values = f[field] if field in f else pd.Series(None, index=f.index, dtype=object)
    return _issue_rows(f, mask, label, problem, severity, values)
