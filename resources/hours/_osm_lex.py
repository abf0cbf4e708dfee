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

from ._osm_words import PHRASES, SIGNS, WORDS


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower())
                   if not unicodedata.combining(c))


_DAY_WORDS: dict[int, tuple[str, ...]] = {
    0: ("mo", "mon", "monday", "mondays", "montag", "montags", "lundi", "lunes", "lunedi",
        "lun", "maandag", "m", "понедельник", "月曜日", "الاثنين", "วันจันทร์", "ორშაბათი"),
    1: ("tu", "tue", "tues", "tuesday", "tuesdays", "dienstag", "dienstags", "di", "die",
        "mardi", "martes", "martedi", "dinsdag", "din", "вторник", "火曜日", "الثلاثاء",
        "วันอังคาร", "სამშაბათი"),
    2: ("we", "wed", "weds", "wednesday", "wednesdays", "mittwoch", "mittwochs", "mi", "mit",
        "mercredi", "mer", "miercoles", "mercoledi", "woensdag", "woe", "w", "среда",
        "水曜日", "الأربعاء", "วันพุธ", "ოთხშაბათი"),
    3: ("th", "thu", "thur", "thurs", "thursday", "thursdays", "donnerstag", "donnerstags",
        "do", "don", "jeudi", "jeu", "jueves", "giovedi", "donderdag", "четверг", "木曜日",
        "الخميس", "วันพฤหัสบดี", "ხუთშაბათი"),
    4: ("fr", "fri", "friday", "fridays", "freitag", "freitags", "vendredi", "ven", "viernes",
        "venerdi", "vrijdag", "vri", "f", "пятница", "金曜日", "الجمعة", "วันศุกร์",
        "პარასკევი"),
    5: ("sa", "sat", "saturday", "saturdays", "samstag", "samstags", "sonnabend", "samedi",
        "sabado", "zaterdag", "zat", "суббота", "土曜日", "السبت", "วันเสาร์", "შაბათი"),
    6: ("su", "sun", "sunday", "sundays", "sonntag", "sonntags", "dimanche", "domingo",
        "domenica", "zondag", "zon", "воскресенье", "日曜日", "الأحد", "วันอาทิตย์", "კვირა"),
}
_MONTH_WORDS: dict[int, tuple[str, ...]] = {
    1: ("jan", "january", "januar", "janvier", "enero", "gennaio"),
    2: ("feb", "february", "februar", "fevrier", "febrero", "febbraio"),
    3: ("mar", "march", "marz", "maerz", "mars", "marzo"),
    4: ("apr", "april", "avril", "abril", "aprile"),
    5: ("may", "mai", "mayo", "maggio"),
    6: ("jun", "june", "juni", "juin", "junio", "giugno"),
    7: ("jul", "july", "juli", "juillet", "julio", "luglio"),
    8: ("aug", "august", "aout", "agosto"),
    9: ("sep", "sept", "september", "septembre", "septiembre", "settembre"),
    10: ("oct", "october", "oktober", "octobre", "octubre", "ottobre"),
    11: ("nov", "november", "novembre", "noviembre"),
    12: ("dec", "december", "dezember", "decembre", "diciembre", "dicembre"),
}
DAYS = {_fold(w): d for d, words in _DAY_WORDS.items() for w in words}
MONTHS = {_fold(w): m for m, words in _MONTH_WORDS.items() for w in words}
_WORDS = {_fold(w): repl for w, repl in WORDS.items()}
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
# whole phrases first (outside comments, before the words are split), longest first
_PHRASES = re.compile(
    r"(?<![^\W\d_])(" + "|".join(f"(?:{p})" for p in sorted(PHRASES, key=len, reverse=True))
    + r")\.?(?!(?<=[^\W_])[^\W_])", re.I)  # no word cut in two
_PHRASE_OF = [(re.compile(f"(?:{p})\\.?", re.I), repl) for p, repl in PHRASES.items()]
_SIGNS = re.compile("|".join(re.escape(k) for k in SIGNS))
_MERIDIEM = r"\s*(?P<mer>a\.?m\.?|p\.?m\.?)(?![a-z])"
# letters with their combining marks (Thai, Devanagari...), then an abbreviation's dot
_LETTERS = r"[^\W\d_](?:[^\W\d_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0e31\u0e34-\u0e3a" \
           r"\u0e47-\u0e4e\u093a-\u094f\u0981-\u0983\u09bc-\u09cd])*"
_TOKEN = re.compile(
    r"(?P<ws>\s+)"
    r"|(?P<comment>\"[^\"]*\")"
    r"|(?P<always>24/7)"
    r"|(?P<time>(?P<h>\d{1,2})[:.h](?P<m>\d{2})(?:" + _MERIDIEM + r")?)"
    r"|(?P<htime>(?P<hh>\d{1,2})" + _MERIDIEM.replace("mer", "mer2") + r")"
    r"|(?P<num>\d+)(?:\.(?![\d.]))?"  # "Dec 24.": an ordinal's dot
    r"|(?P<word>" + _LETTERS + r")(?:\.(?![\d.]))?"  # "geschl.", "mon.": an abbreviation
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
    clock12: bool = False  # a TIME written with am/pm


def _clock(h: int, m: int, mer: str | None) -> int:
    if mer:
        if not 1 <= h <= 12:
            raise LexError(f"{h} {mer}")
        h = h % 12 + (12 if mer.lower().startswith("p") else 0)
    if m > 59 or h > 48:
        raise LexError(f"{h}:{m:02d}")
    return h * 60 + m


def normalized(value: str) -> str:
    """The value with compatibility forms folded (full-width ``：``, superscript digits), signs
    read as dashes or commas, and the phrases of ``_osm_words`` rewritten (outside comments)."""
    text = unicodedata.normalize("NFKC", value).strip()
    parts = re.split(r"(\"[^\"]*\")", text)
    for k in range(0, len(parts), 2):  # even parts are outside comments
        parts[k] = _SIGNS.sub(lambda m: SIGNS[m.group()], _PHRASES.sub(_rewrite, parts[k]))
    return "".join(parts)


def _rewrite(m: re.Match[str]) -> str:
    found = m.group(1)
    for pattern, repl in _PHRASE_OF:
        if pattern.fullmatch(found):
            return f" {repl} "
    return found


def tokens(value: str) -> list[Token]:
    """The value's tokens; raises :class:`LexError` on anything unreadable."""
    out = _lex(normalized(value))
    while out and out[-1].kind in (",", ";"):  # a trailing separator
        out.pop()
    return out


def _lex(text: str) -> list[Token]:
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
            out.append(Token("TIME", _clock(int(m["h"]), int(m["m"]), m["mer"]), bool(m["mer"])))
        elif kind == "htime":
            out.append(Token("TIME", _clock(int(m["hh"]), 0, m["mer2"]), True))
        elif kind == "num":
            out.append(Token("NUM", int(m["num"])))
        elif kind == "fallback":
            out.append(Token("||"))
        elif kind == "punct":
            out.append(Token(m.group()))
        else:
            out += _word(m["word"])
    return out


def _word(word: str) -> list[Token]:
    w = _fold(word)
    if w in DAYS:
        return [Token("DAY", DAYS[w])]
    if w in MONTHS:
        return [Token("MONTH", MONTHS[w])]
    if w in KEYWORDS:
        kind, value = KEYWORDS[w]
        return [Token(kind, value)]
    if w in _WORDS:  # "daily" -> Mo-Su, "Uhr" -> nothing
        return _lex(_WORDS[w])
    raise LexError(word)
