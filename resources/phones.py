"""Phone numbers, one module: how a number is read, checked and shown everywhere.

- :func:`us_numbers`: a loader's column of numbers as written -> ``(number, extension)``:
  10-digit US numbers as ``(303) 555-1234``, anything else verbatim (vectorized, for
  whole files);
- :func:`display`: one number as a card, the slip and the CLI show it: a US number written
  any way ("202-842-1731", "(202) 408- 9584", "... xt 2109") as ``(202) 842-1731 x2109``;
  anything else (a short code such as 988, a 1-800 number as written, words after the
  number) as given;
- :func:`problem`: why a number a coordinator typed is not a phone number, or None.

Parsing, formatting and the short codes (211, 911, 988, 741741 ...) are Google's libphonenumber
(the ``phonenumbers`` package), imported on first use (about 30 ms) so that a command-line
search that shows no phone never pays for it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

if TYPE_CHECKING:
    import phonenumbers

REGION = "US"
# an extension written after a number, as the loaders read it ("x12", "ext. 12", "Extension 12")
_EXT = r"[ \t]*(?:[xX]|[eE][xX][tT]\.?|[eE]xtension)[ \t]*(\d+)[ \t]*$"
# a US number written as a local number (no country code), with an optional extension
_US_LOCAL = re.compile(
    r"\s*\(?\s*(\d{3})\s*\)?[\s.-]*(\d{3})\s*[\s.-]*\s*(\d{4})"
    r"\s*(?:[,;]?\s*(?:x|xt|ext|extension)\.?\s*(\d{1,6}))?\s*", re.IGNORECASE)


def us_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(number, extension): 10-digit US numbers as '(303) 555-1234'; others verbatim."""
    arr = pc.utf8_trim_whitespace(pa.array(values.astype(object).where(values.notna(), None),
                                           type=pa.string(), from_pandas=True))
    has_ext = pc.match_substring_regex(arr, _EXT)
    ext_digits = pc.replace_substring_regex(arr, rf"^.*?{_EXT}", r"\1")
    base = pc.replace_substring_regex(arr, _EXT, "")
    digits = pc.replace_substring_regex(base, r"[^0-9]", "")
    eleven = pc.and_(pc.equal(pc.utf8_length(digits), 11), pc.starts_with(digits, "1"))
    digits = pc.if_else(eleven, pc.utf8_slice_codeunits(digits, 1), digits)
    ten = pc.equal(pc.utf8_length(digits), 10)
    formatted = pc.binary_join_element_wise(
        "(", pc.utf8_slice_codeunits(digits, 0, 3), ") ", pc.utf8_slice_codeunits(digits, 3, 6),
        "-", pc.utf8_slice_codeunits(digits, 6), "")
    number = pc.if_else(ten, formatted, base)
    extension = pc.if_else(has_ext, ext_digits, pa.scalar(None, pa.string()))
    return (pd.Series(number.to_pylist(), index=values.index, dtype=object),
            pd.Series(extension.to_pylist(), index=values.index, dtype=object))


def _parse(number: str) -> phonenumbers.PhoneNumber | None:
    import phonenumbers

    try:
        return phonenumbers.parse(number, REGION)
    except phonenumbers.NumberParseException:
        return None


def display(number: str) -> str:
    """A US number written one way: "(202) 408-9584", "(202) 797-8806 x2109"; anything that is
    not a local US number as written (a short code, a 1-800 number, words after it) as given."""
    import phonenumbers

    text = (number or "").strip()
    if _US_LOCAL.fullmatch(text) is None:
        return text
    parsed = _parse(text)
    if parsed is None:
        return text
    plain = phonenumbers.PhoneNumber(country_code=parsed.country_code,
                                     national_number=parsed.national_number)
    out = phonenumbers.format_number(plain, phonenumbers.PhoneNumberFormat.NATIONAL)
    return out + (f" x{parsed.extension}" if parsed.extension else "")


def is_short_code(number: str) -> bool:
    """211, 311, 911, 988 ...: a US short code (not a 10-digit number)."""
    from phonenumbers import shortnumberinfo

    parsed = _parse(number)
    digits = re.sub(r"\D", "", number)
    return (parsed is not None and len(digits) == 3
            and shortnumberinfo.is_valid_short_number_for_region(parsed, REGION))


def problem(number: str) -> str | None:
    """Why ``number`` is not a phone number a caller can dial (10 digits, or a 3-digit code
    such as 211 or 988), or None."""
    import phonenumbers

    if is_short_code(number):
        return None
    parsed = _parse(number)
    digits = re.sub(r"\D", "", number)
    if (parsed is not None and parsed.country_code == 1 and len(digits) in (10, 11)
            and phonenumbers.is_possible_number(parsed)):
        return None
    return f"{number!r} is not a phone number (10 digits, or 211/988)"
