"""Points and places written as text: "Geolocation is 42.1, -87.9", "(42.1, -87.9)",
"100 E. Robinson St., Orlando, FL 32801".

:func:`coordinate_pairs` reads one "lat, lon" pair per value (in range, never 0, 0; a
value with two pairs or none gives none). :func:`is_point_column` tells a column whose
values are such pairs (the declared rule for columns a mapping leaves out).
:func:`address_parts` takes the state and ZIP (and a plain city) off a one-line address.
"""

from __future__ import annotations

import pandas as pd

_NUM = r"[-+]?\d{1,3}(?:\.\d+)?"
PAIR = rf"(?<![\d.])({_NUM})\s*,\s*({_NUM})(?![\d.])"
# a column is a point column when this share of its non-empty values hold one pair
POINT_COLUMN_SHARE = 0.9
_ONE_LINE = (r",\s*(?:(?P<city>[A-Za-z][A-Za-z .'-]*?)\s*,\s*)?(?P<state>[A-Z]{2})\.?"
             r"\s+(?P<zip>\d{5})(?:-\d{4})?\s*$")


def coordinate_pairs(values: pd.Series) -> pd.DataFrame:
    """``latitude``/``longitude`` (Float64, NA where the text holds no single valid pair)."""
    text = values.astype("string")
    found = text.str.extractall(PAIR)
    out = pd.DataFrame({"latitude": pd.Series(pd.NA, index=values.index, dtype="Float64"),
                        "longitude": pd.Series(pd.NA, index=values.index, dtype="Float64")})
    if found.empty:
        return out
    counts = found.groupby(level=0).size()
    single = found[found.index.get_level_values(0).isin(counts.index[counts == 1])]
    single = single.droplevel(1)
    lat = pd.to_numeric(single[0], errors="coerce")
    lon = pd.to_numeric(single[1], errors="coerce")
    ok = lat.between(-90, 90) & lon.between(-180, 180) & ~((lat == 0) & (lon == 0))
    out.loc[ok[ok].index, "latitude"] = lat[ok].astype("Float64")
    out.loc[ok[ok].index, "longitude"] = lon[ok].astype("Float64")
    return out


def is_point_column(values: pd.Series) -> bool:
    """True when most non-empty values hold one coordinate pair (and there are some)."""
    given = values.dropna()
    if given.empty:
        return False
    read = coordinate_pairs(given)["latitude"].notna().sum()
    return bool(read >= POINT_COLUMN_SHARE * len(given))


def address_parts(address: pd.Series) -> pd.DataFrame:
    """``city``/``state_province``/``postal_code`` off one-line addresses ending
    ", [City, ]ST 12345" (None where the address does not end so)."""
    parts = address.astype("string").str.extract(_ONE_LINE)
    parts = parts.rename(columns={"state": "state_province", "zip": "postal_code"})
    return parts.astype(object).where(parts.notna(), None)
