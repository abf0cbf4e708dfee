"""Confidential addresses and phones: one shared step after every loader's ``read``.

Sources mark privacy in several ways; each reaches the same flags (``is_private`` on
``address``, ``phone`` and ``location``), declared here as data:

- a column mapped to ``is_private`` (AIRS ``PhysicalAddressIsPrivate``/``Phone1IsPrivate``
  twins, a mapping file's column);
- an address whose ``address_type`` says so (``private``, ``confidential``): stored as a
  private physical address; an address line that only says so ("Confidential", as 211
  exports write it where the street would be);
- an HSDS attribute linking an address, phone, location or service to a term named
  ``private``/``confidential`` (any taxonomy), unless its value says no.

Then the rules that keep a flag from being undone elsewhere in the same source:

1. a confidential location's physical addresses are private, and a private physical
   address makes its location confidential (its point is then never shown exactly);
2. the same street address (house number, street word, ZIP) or the same phone digits
   marked private on one record is private on every record of the source: sources repeat
   an agency's address and numbers on its programs, and one public copy would undo it.

What the store does with the flags (hide, coarse point) is in
:mod:`resources.store.search_sql` and :mod:`resources.store.export_sql`.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from resources.loaders._clean import _issue_rows
from resources.loaders._distinct import per_value
from resources.records import Batch, Issue

# address_type values that mean "a confidential physical address"
PRIVATE_ADDRESS_TYPES = ("private", "confidential", "confidential physical",
                         "private physical")
# an address line that is only this says the source withholds the address ('Confidential'
# in PhysicalAddress1, as 211 exports write it): the place is confidential, and a point the
# source still gave must not be shown exactly
PRIVATE_ADDRESS_TEXT = (r"(?i)^\W*(?:confidential|private|undisclosed|withheld|"
                        r"not (?:disclosed|listed|published)|(?:address|location) "
                        r"(?:is )?(?:confidential|private|withheld)|confidential "
                        r"(?:address|location|site|shelter))\W*$")
# attribute terms (code or name, lower-case) that mark the linked record private
PRIVATE_TERMS = ("private", "confidential", "is_private", "is_confidential",
                 "confidential address", "private address", "confidential phone",
                 "private phone")
# attribute values that undo such a term ("confidential: no")
NO_VALUES = ("no", "false", "n", "0", "f")
_ENTITY_TABLES = {"address": "address", "phone": "phone", "location": "location",
                  "service": "service"}


def settle_privacy(batch: Batch, issues: list[Issue]) -> None:
    """Every privacy mark of the batch on ``is_private`` of address / phone / location."""
    tables = batch.tables
    for name in ("address", "phone", "location"):
        if name in tables:
            tables[name] = _with_flag(tables[name])
    if "address" in tables:
        tables["address"] = _private_addresses(tables["address"])
    _from_attributes(batch)
    _between_locations_and_addresses(batch)
    _spread_same_values(batch, issues)
    issues[:] = _redacted(issues, _private_ids(batch))


def _private_ids(batch: Batch) -> set[str]:
    ids: set[str] = set()
    for name in ("location", "address", "phone"):
        frame = batch.tables.get(name)
        if frame is not None and not frame.empty and "is_private" in frame.columns:
            ids |= {str(i) for i in frame.loc[frame["is_private"].astype(bool), "id"]}
    return ids


def _redacted(issues: list[Issue], private: set[str]) -> list[Issue]:
    """Load issues about a private record keep their problem but not the value (an issue
    list is printed by ``resources info --issues``: it must not show the address)."""
    if not private:
        return issues
    return [replace(i, value="(private)") if i.record_id in private and i.value else i
            for i in issues]


def _with_flag(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy(deep=False)
    flag = frame["is_private"] if "is_private" in frame.columns else None
    frame["is_private"] = (pd.Series(False, index=frame.index) if flag is None
                           else flag.astype("boolean").fillna(False).astype(bool))
    return frame


def _private_addresses(address: pd.DataFrame) -> pd.DataFrame:
    """Private by address_type (then stored as a physical address) or by its own text."""
    if "address_type" in address.columns:
        kind = address["address_type"].astype("string").str.strip().str.lower()
        marked = kind.isin(PRIVATE_ADDRESS_TYPES).fillna(False).astype(bool)
        address.loc[marked, "is_private"] = True
        address.loc[marked, "address_type"] = "physical"
    for line in ("address_1", "address_2"):
        if line in address.columns:
            said = per_value(address[line], _says_private)
            address.loc[said, "is_private"] = True
    return address


def _says_private(lines: pd.Series) -> pd.Series:
    said = lines.astype("string").str.match(PRIVATE_ADDRESS_TEXT)
    return said.fillna(False).astype(bool)


def _from_attributes(batch: Batch) -> None:
    attr, terms = batch.tables.get("attribute"), batch.tables.get("taxonomy_term")
    if (attr is None or attr.empty or terms is None or terms.empty
            or not {"link_id", "taxonomy_term_id"} <= set(attr.columns)):
        return
    said = pd.Series(False, index=terms.index)
    for column in ("code", "name"):  # the terms table is small: decided per term
        if column in terms.columns:
            said |= terms[column].astype("string").str.strip().str.lower().isin(
                PRIVATE_TERMS).fillna(False).astype(bool)
    private_terms = set(terms.loc[said, "id"])
    if not private_terms:
        return
    hit = attr["taxonomy_term_id"].isin(private_terms).fillna(False).astype(bool)
    if "value" in attr.columns:
        value = attr["value"].astype("string").str.strip().str.lower()
        hit &= ~value.isin(NO_VALUES).fillna(False).astype(bool)
    entity = attr.get("link_entity", pd.Series("", index=attr.index)).astype("string")
    for ent, table in _ENTITY_TABLES.items():
        ids = set(attr.loc[hit & (entity.str.lower() == ent).fillna(False), "link_id"])
        frame = batch.tables.get(table)
        if ids and frame is not None:
            frame = frame if table != "service" else _with_flag(frame)
            frame.loc[frame["id"].isin(ids), "is_private"] = True
            batch.tables[table] = frame


def _between_locations_and_addresses(batch: Batch) -> None:
    loc, addr = batch.tables.get("location"), batch.tables.get("address")
    if loc is None or addr is None or addr.empty or "location_id" not in addr.columns:
        return
    if not (loc["is_private"].any() or addr["is_private"].any()):
        return  # most sources: nothing marked
    physical = addr.get("address_type", pd.Series("physical", index=addr.index))
    physical = physical.astype("string").fillna("physical").str.lower() != "postal"
    closed = set(loc.loc[loc["is_private"], "id"])
    addr.loc[physical & addr["location_id"].isin(closed), "is_private"] = True
    hidden = set(addr.loc[physical & addr["is_private"], "location_id"])
    loc.loc[loc["id"].isin(hidden), "is_private"] = True


def _street_key(addr: pd.DataFrame) -> pd.Series:
    """'1707 kalorama 20009' for '1707 Kalorama Rd, NW' / '1707 Kalorama Road' in 20009."""
    line = addr.get("address_1", pd.Series(None, index=addr.index, dtype=object))
    zipc = addr.get("postal_code", pd.Series(None, index=addr.index, dtype=object))
    return per_value(line, _street_words) + " " + per_value(zipc, _zip_of)


def _street_words(line: pd.Series) -> pd.Series:
    words = line.astype("string").str.lower().str.extract(r"^\s*(\d+[a-z]?)\s+([a-z0-9]+)")
    return words[0] + " " + words[1]


def _zip_of(code: pd.Series) -> pd.Series:
    return code.astype("string").str.extract(r"(\d{5})")[0]


def _digits(phone: pd.DataFrame) -> pd.Series:
    return per_value(phone["number"], _number_digits)


def _number_digits(number: pd.Series) -> pd.Series:
    digits = number.astype("string").str.replace(r"\D", "", regex=True)
    return digits.str.replace(r"^1(?=\d{10}$)", "", regex=True).mask(digits.str.len() < 7)


def _hidden(frame: pd.DataFrame) -> pd.Series:
    """The value shown in a load issue about a private value: never the value itself."""
    return pd.Series("(private)", index=frame.index, dtype=object)


def _spread_same_values(batch: Batch, issues: list[Issue]) -> None:
    addr, phone = batch.tables.get("address"), batch.tables.get("phone")
    if addr is not None and not addr.empty and addr["is_private"].any():
        key = _street_key(addr)
        secret = set(key[addr["is_private"] & key.notna()])
        more = key.isin(secret).fillna(False).astype(bool) & ~addr["is_private"]
        if more.any():
            issues.extend(_issue_rows(addr, more, "address_1", "same address is marked "
                                      "private on another record: kept private here too",
                                      "info", _hidden(addr)))
            addr.loc[more, "is_private"] = True
            _between_locations_and_addresses(batch)
    if phone is not None and not phone.empty and "number" in phone.columns \
            and phone["is_private"].any():
        key = _digits(phone)
        secret = set(key[phone["is_private"] & key.notna()])
        more = key.isin(secret).fillna(False).astype(bool) & ~phone["is_private"]
        if more.any():
            issues.extend(_issue_rows(phone, more, "number", "same number is marked private "
                                      "on another record: kept private here too", "info",
                                      _hidden(phone)))
            phone.loc[more, "is_private"] = True
