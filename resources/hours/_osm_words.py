"""Words and phrases of OSM ``opening_hours`` values read tolerantly, as data.

Each entry rewrites what a person wrote into the syntax, with the meaning opening_hours.js
(the reference) gives it in its tolerant mode (its ``word_error_correction`` table):
``daily`` -> ``Mo-Su``, ``24x7`` -> ``24/7``, ``12:00 a 14:00`` -> ``12:00-14:00``,
``17:00 till late`` -> ``17:00+``, ``nach Vereinbarung`` -> a comment. Only entries whose
meaning is not in doubt are here; anything else stays a word the lexer does not know (the
value is unknown). Add a language by adding its words.
"""

from __future__ import annotations

# Whole phrases (regular expressions, case-insensitive, on word boundaries), replaced before
# the value is split into tokens; the longest pattern wins where two start at one place.
PHRASES: dict[str, str] = {
    r"24 ?hours,? 7 days a week": "24/7",
    r"24 ?(?:hours|hrs|h)": "00:00-24:00",
    r"24 ?x ?7": "24/7",
    r"always open": "24/7",
    r"always closed": "closed",
    r"all day": "24/7",
    r"all days": "Mo-Su",
    r"every ?day": "Mo-Su",
    r"7 days a week": "Mo-Su",
    r"7 days ?/ ?week": "Mo-Su",
    r"7j? ?/ ?7": "Mo-Su",
    r"(?:one )?day after (?:public )?holidays?": "PH +1 day",
    r"(?:one )?day before (?:public )?holidays?": "PH -1 day",
    r"(?:public )?holidays?": "PH",
    r"jours f[ée]ri[ée]s": "PH",
    r"school ?holidays?": "SH",
    r"(?:an )?feiertag(?:s|en?)?": "PH",
    r"on work ?days?": "Mo-Fr",
    r"(?:bis|till?|[-\u2010-\u2015])? ?(?:open ?end|late)": "+",
    r"on(?:_| )?appointments?": '"on appointment"',
    r"by(?:_| )?appointments?": '"by appointment"',
    r"nach(?: |_)vereinbarung": '"nach Vereinbarung"',
    r"nach(?: |_)absprache": '"nach Absprache"',
    r"sur(?: |_)rendez(?: |_|-)?vous": '"sur rendez-vous"',
    r"sur(?: |_)rdv": '"sur rendez-vous"',
    r"opening_hours\s*=": "",
    r"[öo]ffnungszeit(?:en)?:?": "",
}

# Signs read as the syntax's own (after NFKC, which already turns full-width ``：`` into
# ``:`` and superscript digits into digits): range dashes and list commas.
SIGNS: dict[str, str] = {
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "~": "-", "=": "-", "\u2192": "-", "\u30fc": "-", "&": ",",
}

# Single words (folded: lower case, accents removed) -> the syntax they stand for; "" = a word
# that adds nothing ("Uhr", "geöffnet"). Day and month names are in ``_osm_lex``.
WORDS: dict[str, str] = {
    # range dash, list comma
    "a": "-", "as": "-", "ate": "-", "through": "-", "thru": "-", "до": "-",
    "and": ",", "und": ",", "u": ",", "et": ",", "auch": ",",
    # states
    "geschlossen": "off", "geschl": "off", "ruhetag": "off", "ruhetage": "off",
    "ferme": "off", "gesloten": "off", "оff": "off",
    # every day, around the clock
    "always": "24/7", "nonstop": "24/7", "anytime": "24/7", "durchgehend": "",
    "daily": "Mo-Su", "everyday": "Mo-Su", "taglich": "Mo-Su",
    "weekend": "Sa,Su", "weekends": "Sa,Su",
    "weekday": "Mo-Fr", "weekdays": "Mo-Fr", "werktags": "Mo-Sa", "werktag": "Mo-Sa",
    "midnight": "00:00", "midday": "12:00", "noon": "12:00",
    "daylight": "sunrise-sunset", "sundown": "sunset",
    "sonnenaufgang": "sunrise", "sonnenuntergang": "sunset", "ostern": "easter",
    "feestdag": "PH", "feestdagen": "PH",
    "otherwise": "||",
    # words that add nothing to the times they stand next to
    "uhr": "", "hours": "", "hrs": "", "hs": "", "h": "", "geoffnet": "", "zwischen": "",
    "ist": "", "from": "", "ab": "", "von": "",
}
