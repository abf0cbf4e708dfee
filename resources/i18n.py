"""The words around the results, in English or Spanish (issue 19, "Spanish").

``resources/data/ui_strings.yaml`` holds every text the Find page, the referral slip and
its SMS text write themselves:

* ``strings``: one entry per key, ``{en: ..., es: ...}`` with the same ``{placeholders}``;
* ``spanish``: the Spanish of texts whose English lives elsewhere: need labels
  (needs.yaml), chips and populations (matching.yaml), crisis banners (crisis.yaml), national
  lines (national_lines.yaml), and the engine's own derived texts (hours labels such as
  "Open · closes 5 PM", the card's reasons, the filters' names, the search's messages), as
  English templates with typed placeholders and their Spanish.

Directory data (service names, descriptions, eligibility, the hours as the source wrote
them) is never translated: it is shown as the source wrote it.

:func:`load_catalog` validates the file (every problem reported at once) and
:meth:`Catalog.text` / :meth:`Catalog.derived` answer in microseconds. Dates and times in
Spanish come from the file's small table (days, months, "p. m."), not from a locale.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from resources.errors import DataFileError, data_path, read_yaml

LANGS = ("en", "es")
DEFAULT = "en"
_PLACEHOLDER = re.compile(r"\{([a-z_0-9]+)\}")
_DAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
              "Dec")
# an English time as the engine writes it: "5 PM", "5:30 PM", "Sat 8 PM", "Dec 19 8 PM",
# "Sat Dec 19 8 PM", "Sat Dec 19, 12:00 PM" (resources.hours.status, resources.search.when_words)
_WHEN = (r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) )?(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep"
         r"|Oct|Nov|Dec) \d{1,2},? )?\d{1,2}(?::\d{2})? (?:AM|PM)")
_WHEN_PARTS = re.compile(r"(?:(?P<day>[A-Z][a-z]{2}) )?(?:(?P<month>[A-Z][a-z]{2}) "
                         r"(?P<date>\d{1,2}),? )?(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))? "
                         r"(?P<half>AM|PM)")
# what each placeholder of a derived text's English template matches
_SLOTS = {
    "when": _WHEN,
    "n": r"\d+(?:\.\d+)?",
    "r": r"\d+(?:\.\d+)?",
    "text": r".+?",
    "place": r".+?",
    "label": r".+",
    "needs": r".+?",
    "who": r".+?",
    "filter": r".+?",
    "filters": r".+?",
    "quote": r"(?:: “.*”)?",
    "age": r"\d+ (?:min|h|days)",
    "language": r".+?",
}
_AGE_UNITS = {"min": "min", "h": "h", "days": "días"}


class CatalogError(DataFileError):
    """The UI strings file is unusable; ``problems`` lists every problem found."""

    what = "the page's words (English and Spanish)"


@dataclass(frozen=True)
class _Template:
    """One derived text: its English as a regular expression, its Spanish template."""

    en: str
    es: str
    pattern: re.Pattern[str]
    slots: tuple[str, ...]


@dataclass(frozen=True)
class Catalog:
    strings: Mapping[str, Mapping[str, str]]
    needs: Mapping[str, str]  # English need label -> Spanish
    populations: Mapping[str, str]  # English population label -> Spanish
    chips: Mapping[str, str]  # chip id (population or filter id) -> Spanish
    languages: Mapping[str, str]  # a language's English name -> Spanish
    phone_types: Mapping[str, str]  # a phone's type -> Spanish
    crisis: Mapping[str, Mapping[str, str]]  # class id -> {label, banner}
    lines: Mapping[str, Mapping[str, str]]  # national line id -> {name, say, phones}
    templates: Mapping[str, tuple[_Template, ...]]  # kind -> templates, first match wins
    days: tuple[str, ...]
    months: tuple[str, ...]
    halves: tuple[str, str]  # "a. m.", "p. m."
    missed: set[tuple[str, str]] = field(default_factory=set, compare=False)

    # -- the page's own words -------------------------------------------------------------
    def text(self, key: str, lang: str = DEFAULT, **values: Any) -> str:
        """The text of ``key`` in ``lang`` with its placeholders filled."""
        entry = self.strings[key]
        template = entry.get(lang) or entry[DEFAULT]
        return template.format(**values) if values else template

    # -- the engine's derived texts -----------------------------------------------------------
    def derived(self, kind: str, english: str, lang: str = DEFAULT) -> str:
        """An engine text (an hours label, a reason, a message) in ``lang``; in English as
        written when ``lang`` is English or no template of ``kind`` reads it (noted in
        :attr:`missed`, which the tests keep empty)."""
        if lang == DEFAULT or not english:
            return english
        out = self.translate(kind, english)
        if out is None:
            self.missed.add((kind, english))
            return english
        return out

    def translate(self, kind: str, english: str) -> str | None:
        """The Spanish of an engine text of ``kind``, or None when no template reads it."""
        for t in self.templates.get(kind, ()):
            m = t.pattern.fullmatch(english)
            if m is None:
                continue
            values = {}
            for slot in t.slots:
                value = self._slot(slot, m.group(slot))
                if value is None:
                    break
                values[slot] = value
            else:
                return _fill(t.es, values)
        return None

    def _slot(self, slot: str, value: str) -> str | None:
        convert: dict[str, Callable[[str], str | None]] = {
            "when": self.when,
            "label": lambda v: self.translate("hours", v),
            "needs": self._need_list,
            "who": lambda v: self.populations.get(v),
            "filter": lambda v: self.translate("filters", v),
            "filters": self._filter_list,
            "language": lambda v: self.languages.get(v),
            "place": lambda v: "código postal " + v[4:] if v.startswith("ZIP ") else v,
            "age": lambda v: f"{v.split()[0]} {_AGE_UNITS[v.split()[1]]}",
        }
        return convert[slot](value) if slot in convert else value

    def _need_list(self, text: str) -> str | None:
        """'Food pantry, Hot meals' -> their Spanish labels (labels may hold commas)."""
        out, rest = [], text
        while rest:
            label = next((k for k in sorted(self.needs, key=len, reverse=True)
                          if rest.startswith(k)), None)
            if label is None:
                return None
            out.append(self.needs[label])
            rest = rest[len(label):].removeprefix(", ")
        return ", ".join(out)

    def _filter_list(self, text: str) -> str | None:
        """'language Amharic (12), open now (3)' -> each filter's Spanish, counts kept."""
        parts = re.findall(r"(.+?) \((\d+)\)(?:, |$)", text)
        if not parts or ", ".join(f"{a} ({n})" for a, n in parts) != text:
            return None
        names = [self.translate("filters", a) for a, _ in parts]
        if any(n is None for n in names):
            return None
        return ", ".join(f"{name} ({n})" for name, (_, n) in zip(names, parts, strict=True))

    # -- dates and times ---------------------------------------------------------------------
    def when(self, english: str) -> str | None:
        """'Sat 8 PM' -> 'sáb 8:00 p. m.'; 'Dec 19 8 PM' -> '19 dic 8:00 p. m.'."""
        m = _WHEN_PARTS.fullmatch(english)
        if m is None or (m["day"] and m["day"] not in _DAYS_EN) \
                or (m["month"] and m["month"] not in _MONTHS_EN):
            return None
        clock = f"{m['hour']}:{m['minute'] or '00'} {self.halves[m['half'] == 'PM']}"
        day = self.days[_DAYS_EN.index(m["day"])] + " " if m["day"] else ""
        date = f"{m['date']} {self.months[_MONTHS_EN.index(m['month'])]} " if m["month"] else ""
        return f"{day}{date}{clock}"

    def clock(self, at: datetime, lang: str = DEFAULT) -> str:
        """'8:05 PM' / '8:05 p. m.'."""
        hour = at.hour % 12 or 12
        if lang == DEFAULT:
            return f"{hour}:{at.minute:02d} {'AM' if at.hour < 12 else 'PM'}"
        return f"{hour}:{at.minute:02d} {self.halves[at.hour >= 12]}"

    def day_time(self, at: datetime, lang: str = DEFAULT, *, dated: bool = False,
                 year: bool = False) -> str:
        """'Sat 8:00 PM' ('Sat Dec 19 8:00 PM' dated, with the year when ``year``) in English;
        'sáb 8:00 p. m.' ('sáb 19 dic 8:00 p. m.') in Spanish."""
        clock = self.clock(at, lang)
        yr = f" {at.year}" if year else ""
        if lang == DEFAULT:
            return f"{at:%a} {at:%b} {at.day}{yr} {clock}" if dated else f"{at:%a} {clock}"
        day = self.days[at.weekday()]
        return f"{day} {at.day} {self.months[at.month - 1]}{yr} {clock}" if dated \
            else f"{day} {clock}"

    # -- vocabulary-owned texts -------------------------------------------------------------
    def need_label(self, english: str, lang: str = DEFAULT) -> str:
        return self.needs.get(english, english) if lang != DEFAULT else english

    def chip_label(self, chip_id: str, english: str, lang: str = DEFAULT) -> str:
        return self.chips.get(chip_id, english) if lang != DEFAULT else english

    def language(self, english: str, lang: str = DEFAULT) -> str:
        """A language's name ('Spanish' -> 'Español'); as stored when not in the table."""
        return self.languages.get(english, english) if lang != DEFAULT else english

    def phone_type(self, english: str, lang: str = DEFAULT) -> str:
        return self.phone_types.get(english, english) if lang != DEFAULT else english

    def crisis_text(self, class_id: str, part: str, english: str, lang: str = DEFAULT) -> str:
        if lang == DEFAULT:
            return english
        return self.crisis.get(class_id, {}).get(part, english)

    def line_text(self, line_id: str, part: str, english: str, lang: str = DEFAULT) -> str:
        if lang == DEFAULT:
            return english
        return self.lines.get(line_id, {}).get(part, english)


def _fill(template: str, values: Mapping[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m[1], m[0]), template)


def page_lang(value: Any) -> str:
    """A language code from a URL or a setting: 'es' or the default 'en' (never an error)."""
    text = str(value or "").strip().lower()[:2]
    return text if text in LANGS else DEFAULT


# ---------------------------------------------------------------- loading and validation


def default_catalog_path() -> Path:
    return data_path("ui_strings.yaml")


@lru_cache(maxsize=2)
def catalog(path: str | None = None) -> Catalog:
    """The catalog, read once per process (it is immutable)."""
    return load_catalog(path)


def load_catalog(path: str | Path | None = None) -> Catalog:
    data, source = read_yaml(path, "ui_strings.yaml", CatalogError)
    return catalog_from_dict(data, source=source)


def catalog_from_dict(data: Any, *, source: str = "<dict>") -> Catalog:
    problems: list[str] = []
    if not isinstance(data, dict):
        raise CatalogError(source, ["the file must be a mapping with `strings:` and `spanish:`"])
    strings = _strings(data.get("strings"), problems)
    raw_es = data.get("spanish")
    es: dict[str, Any] = raw_es if isinstance(raw_es, dict) else {}
    if not es:
        problems.append("`spanish:` must be a mapping")
    flat = {name: _flat(es.get(name), f"spanish.{name}", problems)
            for name in ("needs", "populations", "chips", "languages", "phone_types")}
    nested = {name: _nested(es.get(name), f"spanish.{name}", problems)
              for name in ("crisis", "lines")}
    templates = {kind: _templates(kind, raw, problems)
                 for kind, raw in _mapping(es.get("derived")).items()}
    if not templates:
        problems.append("spanish.derived: must map kinds (hours, reasons, ...) to templates")
    raw_time = es.get("time")
    time_words: dict[str, Any] = raw_time if isinstance(raw_time, dict) else {}
    days, months = tuple(time_words.get("days") or ()), tuple(time_words.get("months") or ())
    halves = tuple(time_words.get("halves") or ())
    if len(days) != 7 or len(months) != 12 or len(halves) != 2:
        problems.append("spanish.time: needs 7 days (Monday first), 12 months and 2 halves "
                        "(a. m., p. m.)")
    if problems:
        raise CatalogError(source, problems)
    return Catalog(strings, flat["needs"], flat["populations"], flat["chips"], flat["languages"],
                   flat["phone_types"], nested["crisis"], nested["lines"], templates, days,
                   months, (halves[0], halves[1]))


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _strings(raw: Any, problems: list[str]) -> dict[str, dict[str, str]]:
    if not isinstance(raw, dict) or not raw:
        problems.append("`strings:` must map keys to {en: ..., es: ...}")
        return {}
    out: dict[str, dict[str, str]] = {}
    for key, entry in raw.items():
        if not isinstance(entry, dict) or set(entry) != set(LANGS) \
                or not all(isinstance(v, str) and v.strip() for v in entry.values()):
            problems.append(f"strings.{key}: must have both en and es, non-empty")
            continue
        en, es = (sorted(set(_PLACEHOLDER.findall(entry[x]))) for x in LANGS)
        if en != es:
            problems.append(f"strings.{key}: placeholders differ (en {en}, es {es})")
            continue
        out[str(key)] = {k: " ".join(v.split()) if "\n" not in v.strip() else v.strip()
                         for k, v in entry.items()}
    return out


def _flat(raw: Any, where: str, problems: list[str]) -> dict[str, str]:
    if not isinstance(raw, dict) or not all(isinstance(v, str) and v.strip()
                                            for v in raw.values()):
        problems.append(f"{where}: must map each English name or id to its Spanish")
        return {}
    return {str(k): v.strip() for k, v in raw.items()}


def _nested(raw: Any, where: str, problems: list[str]) -> dict[str, dict[str, str]]:
    if not isinstance(raw, dict):
        problems.append(f"{where}: must map ids to their Spanish texts")
        return {}
    out = {}
    for key, parts in raw.items():
        if not isinstance(parts, dict) or not all(isinstance(v, str) and v.strip()
                                                  for v in parts.values()):
            problems.append(f"{where}.{key}: must map parts to non-empty Spanish texts")
            continue
        out[str(key)] = {p: " ".join(v.split()) for p, v in parts.items()}
    return out


def _templates(kind: str, raw: Any, problems: list[str]) -> tuple[_Template, ...]:
    if not isinstance(raw, list) or not raw:
        problems.append(f"spanish.derived.{kind}: must be a list of {{en: ..., es: ...}}")
        return ()
    out = []
    for i, entry in enumerate(raw):
        where = f"spanish.derived.{kind}[{i}]"
        if not isinstance(entry, dict) or not all(isinstance(entry.get(x), str)
                                                  for x in LANGS):
            problems.append(f"{where}: must have en and es")
            continue
        slots = tuple(_PLACEHOLDER.findall(entry["en"]))
        unknown = [s for s in slots if s not in _SLOTS]
        if unknown or sorted(set(slots)) != sorted(set(_PLACEHOLDER.findall(entry["es"]))):
            problems.append(f"{where}: placeholders must be among {sorted(_SLOTS)} and the "
                            f"same in en and es ({entry['en']!r})")
            continue
        regex = "".join(f"(?P<{p}>{_SLOTS[p]})" if j % 2 else re.escape(p)
                        for j, p in enumerate(_PLACEHOLDER.split(entry["en"])))
        out.append(_Template(entry["en"], entry["es"], re.compile(regex), slots))
    return tuple(out)
