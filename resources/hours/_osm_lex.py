"""Tolerant tokens of an OSM ``opening_hours`` value.

Reads what opening_hours.js reads in its tolerant mode, with the same meaning: day names in
full, plural or in other languages (``Monday``, ``Montags``, ``lundi``), ``10.00`` and ``10h00``
for ``10:00``, bare hours in a time range (``Mo 7-18``), 12-hour times (``10am-12pm``),
``till``/``to``/``bis`` for the range dash, typographic dashes, a trailing separator, and
``always closed``. Anything else stays a token the parser does not know: the value is then
not read (unknown), never guessed.

The word tables are data: add a language by adding its words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

_DAY_WORDS: dict[int, tuple[str, ...]] = {
    0: ("mo", "mon", "monday", "mondays", "montag", "montags", "lundi", "lunes", "lunedi",
        "maandag"),
    1: ("tu", "tue", "tues", "tuesday", "tuesdays", "dienstag", "dienstags", "mardi", "martes",
        "martedi", "dinsdag"),
    2: ("we", "wed", "weds", "wednesday", "wednesdays", "mittwoch", "mittwochs", "mercredi",
        "miercoles", "mercoledi", "woensdag"),
    3: ("th", "thu", "thur", "thurs", "thursday", "thursdays", "donnerstag", "donnerstags",
        "jeudi", "jueves", "giovedi", "donderdag"),
    4: ("fr", "fri", "friday", "fridays", "freitag", "freitags", "vendredi", "viernes",
        "venerdi", "vrijdag"),
    5: ("sa", "sat", "saturday", "saturdays", "samstag", "samstags", "sonnabend", "samedi",
        "sabado", "zaterdag"),
    6: ("su", "sun", "sunday", "sundays", "sonntag", "sonntags", "dimanche", "domingo",
        "domenica", "zondag"),
}
_MONTH_WORDS: dict[int, tuple[str, ...]] = {
    1: ("jan", "january", "januar", "janvier", "enero"),
    2: ("feb", "february", "februar", "fevrier", "febrero"),
    3: ("mar", "march", "marz", "mars", "marzo"),
    4: ("apr", "april", "avril", "abril"),
    5: ("may", "mai", "mayo"),
    6: ("jun", "june", "juni", "juin", "junio"),
    7: ("jul", "july", "juli", "juillet", "julio"),
    8: ("aug", "august", "aout", "agosto"),
    9: ("sep", "sept", "september", "septembre", "septiembre"),
    10: ("oct", "october", "oktober", "octobre", "octubre"),
    11: ("nov", "november", "novembre", "noviembre"),
    12: ("dec", "december", "dezember", "decembre", "diciembre"),
}
DAYS = {w: d for d, words in _DAY_WORDS.items() for w in words}
MONTHS = {w: m for m, words in _MONTH_WORDS.items() for w in words}
# words with one meaning in a value: (kind, value)
KEYWORDS: dict[str, tuple[str, Any]] = {
    "ph": ("PH", "PH"), "sh": ("SH", "SH"),
    "off": ("STATE", "closed"), "closed": ("STATE", "closed"), "open": ("STATE", "open"),
    "unknown": ("STATE", "unknown"),
    "week": ("WEEK", "week"), "day": ("DAYUNIT", 1), "days": ("DAYUNIT", 1),
    "sunrise": ("SUN", "sunrise"), "sunset": ("SUN", "sunset"),
    "dawn": ("SUN", "dawn"), "dusk": ("SUN", "dusk"),
    "till": ("-", "-"), "til": ("-", "-"), "to": ("-", "-"), "until": ("-", "-"),
    "bis": ("-", "-"), "easter": ("EASTER", "easter"),
}
# whole phrases first (before the words are split)
_PHRASES = ((re.compile(r"\balways\s+closed\b", re.I), "closed"),
            (re.compile(r"\balways\s+open\b", re.I), "24/7"),
            (re.compile(r"[\u2010-\u2015\u2212]"), "-"))
_MERIDIEM = r"\s*(?P<mer>a\.?m\.?|p\.?m\.?)(?![a-z])"
_TOKEN = re.compile(
    r"(?P<ws>\s+)"
    r"|(?P<comment>\"[^\"]*\")"
    r"|(?P<always>24/7)"
    r"|(?P<time>(?P<h>\d{1,2})[:.h](?P<m>\d{2})(?:" + _MERIDIEM + r")?)"
    r"|(?P<htime>(?P<hh>\d{1,2})" + _MERIDIEM.replace("mer", "mer2") + r")"
    r"|(?P<num>\d+)"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<fallback>\|\|)"
    r"|(?P<punct>[-,;:+()\[\]/])",
    re.I,
)


class LexError(ValueError):
    """A piece of the value that is not opening_hours syntax, even read tolerantly."""


@dataclass(frozen=True)
class Token:
    kind: str  # DAY MONTH NUM TIME SUN PH SH STATE WEEK DAYUNIT COMMENT ALWAYS ; , - + ( ) [ ] / : ||
    value: Any = None  # int (day, month, number, minutes), str (word, comment) or None


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower())
                   if not unicodedata.combining(c))


def _clock(h: int, m: int, mer: str | None) -> int:
    if mer:
        if not 1 <= h <= 12:
            raise LexError(f"{h} {mer}")
        h = h % 12 + (12 if mer.lower().startswith("p") else 0)
    if m > 59 or h > 48:
        raise LexError(f"{h}:{m:02d}")
    return h * 60 + m


def tokens(value: str) -> list[Token]:
    """The value's tokens; raises :class:`LexError` on anything unreadable."""
    text = value.strip()
    for pattern, repl in _PHRASES:
        text = pattern.sub(repl, text)
    out: list[Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise LexError(text[pos:pos + 20])
        pos = m.end()
        kind = m.lastgroup
        if kind == "ws":
            continue
        if kind == "comment":
            out.append(Token("COMMENT", m.group()[1:-1]))
        elif kind == "always":
            out.append(Token("ALWAYS"))
        elif kind == "time":
            out.append(Token("TIME", _clock(int(m["h"]), int(m["m"]), m["mer"])))
        elif kind == "htime":
            out.append(Token("TIME", _clock(int(m["hh"]), 0, m["mer2"])))
        elif kind == "num":
            out.append(Token("NUM", int(m.group())))
        elif kind == "fallback":
            out.append(Token("||"))
        elif kind == "punct":
            out.append(Token(m.group()))
        else:
            out.append(_word(m.group()))
    while out and out[-1].kind in (",", ";"):  # a trailing separator
        out.pop()
    return out


def _word(word: str) -> Token:
    w = _fold(word)
    if w in DAYS:
        return Token("DAY", DAYS[w])
    if w in MONTHS:
        return Token("MONTH", MONTHS[w])
    if w in KEYWORDS:
        kind, value = KEYWORDS[w]
        return Token(kind, value)
    raise LexError(word)
