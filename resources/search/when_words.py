"""Day and time words in a need ("food pantry open saturday", "shelter tonight", "esta
noche", "after 5") -> *When*, worked out in the place's time zone.

The grammar is data (``resources/data/when.yaml``: leads, days, parts of the day, clock
leads, in English and Spanish); this module reads a need into a :class:`WhenPhrase` (which
words, what they say) with :meth:`WhenGrammar.find`, and :meth:`WhenPhrase.resolve` turns it
into a time at the place: ``now`` or an aware datetime, with a label for the chip ("Open Sat
12:00 PM"). What is read and when a run of words is left alone as part of a name ("Saturday
Market Food Bank") is documented at the top of when.yaml and in docs/matching.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from resources.datafile import check
from resources.errors import DataFileError, data_path, read_yaml
from resources.vocab.needs import normalize


class WhenGrammarError(DataFileError):
    """when.yaml is invalid (every problem listed)."""

    what = "the When grammar"


_TOKEN = re.compile(
    r"(?P<clock>(?<![\w:])\d{1,2}(?::(?P<min>\d{2}))?(?:\s?(?P<ampm>[ap])\.?\s?m\b\.?)?(?![\w:]))"
    r"|(?P<word>[^\W_]+)|(?P<stop>[,;.!?/()]|\s-\s)")
_HHMM = re.compile(r"(\d{1,2}):(\d{2})")
TimeOfDay = time  # the fields below are named ``time``


@dataclass(frozen=True)
class _Day:
    id: str
    offset: int | None
    weekday: int | None
    time: TimeOfDay | None  # None: now
    anywhere: bool
    also_today: tuple[int, ...]


@dataclass(frozen=True)
class _Part:
    id: str
    time: TimeOfDay
    until: TimeOfDay
    pm: bool
    anywhere: bool


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    kind: Literal["word", "clock", "stop"]
    norm: str = ""
    hour: int = 0
    minute: int = 0
    ampm: str = ""
    explicit: bool = False  # minutes or AM/PM written: a time on its own


@dataclass(frozen=True)
class _Item:
    first: int  # token positions [first, last]
    last: int
    kind: str  # now | lead | clock_lead | day | part | clock
    day: _Day | None = None
    part: _Part | None = None
    token: _Token | None = None


@dataclass(frozen=True)
class When:
    """What the words ask for, at the place: ``mode`` now, or at ``at`` (aware)."""

    mode: Literal["now", "at"]
    at: datetime | None
    words: str
    label: str


@dataclass(frozen=True)
class WhenPhrase:
    """A run of day and time words found in a need, not yet placed in a time zone."""

    words: str  # as typed
    rest: str  # the need without them
    now: bool
    day: _Day | None
    part: _Part | None
    clock: tuple[int, int] | None  # 24-hour (hour, minute)

    def resolve(self, now: datetime) -> When:
        """The time these words mean for a caller whose local time is ``now`` (aware, in
        the place's zone). A time already past today means now, or the next day for a
        part of the day that has ended ("this morning" said at 3 PM: tomorrow morning)."""
        if self.now and self.day is None and self.part is None and self.clock is None:
            return When("now", None, self.words, "Open now")
        today = now.date()
        day = _day_of(self.day, today) if self.day else today
        wall = self._wall_time()
        if wall is None:  # "today" with no time: now
            return When("now", None, self.words, "Open now")
        at = datetime.combine(day, wall, tzinfo=now.tzinfo)
        if at < now:
            ended = self.part is not None and self.clock is None and self.day is None \
                and now.time() >= self.part.until
            if ended:
                at += timedelta(days=1)
            else:
                return When("now", None, self.words, "Open now")
        return When("at", at, self.words, f"Open {label_time(at, now)}")

    def _wall_time(self) -> time | None:
        if self.clock is not None:
            return time(*self.clock)
        if self.part is not None:
            return self.part.time
        return self.day.time if self.day is not None else None


def label_time(at: datetime, now: datetime | None = None, *, dated: bool = False) -> str:
    """"Sat 12:00 PM"; with the date when ``dated`` or beyond the coming week: "Sat Dec 19,
    12:00 PM"."""
    clock = f"{at.hour % 12 or 12}:{at.minute:02d} {'AM' if at.hour < 12 else 'PM'}"
    far = dated or (now is not None and abs((at.date() - now.date()).days) > 6)
    return f"{at:%a} {at:%b} {at.day}, {clock}" if far else f"{at:%a} {clock}"


def _day_of(day: _Day, today: date) -> date:
    if day.offset is not None:
        return today + timedelta(days=day.offset)
    assert day.weekday is not None
    if today.weekday() in day.also_today:
        return today
    return today + timedelta(days=(day.weekday - today.weekday()) % 7)


@dataclass(frozen=True)
class WhenGrammar:
    phrases: dict[tuple[str, ...], tuple[str, Any]]
    longest: int
    pm_hours: frozenset[int]

    def find(self, text: str) -> WhenPhrase | None:
        """The first run of day and time words that says When (rules: when.yaml), or None."""
        tokens = _tokens(text)
        for run in self._runs(tokens):
            phrase = self._phrase(run, tokens, text)
            if phrase is not None:
                return phrase
        return None

    def _items(self, tokens: list[_Token]) -> list[_Item]:
        items: list[_Item] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.kind == "clock":
                after_lead = bool(items) and items[-1].kind == "clock_lead" \
                    and items[-1].last == i - 1
                if (tok.explicit or after_lead) and tok.hour <= 23 and tok.minute <= 59:
                    items.append(_Item(i, i, "clock", token=tok))
                i += 1
                continue
            hit = self._longest(tokens, i)
            if hit is None:
                i += 1
                continue
            n, (kind, rule) = hit
            items.append(_Item(i, i + n - 1, kind, day=rule if kind == "day" else None,
                               part=rule if kind == "part" else None))
            i += n
        return items

    def _longest(self, tokens: list[_Token], i: int) -> tuple[int, tuple[str, Any]] | None:
        for n in range(min(self.longest, len(tokens) - i), 0, -1):
            words = tokens[i:i + n]
            if any(t.kind != "word" for t in words):
                continue
            hit = self.phrases.get(tuple(t.norm for t in words))
            if hit is not None:
                return n, hit
        return None

    def _runs(self, tokens: list[_Token]) -> list[list[_Item]]:
        """Items next to each other (no other token between them)."""
        runs: list[list[_Item]] = []
        for item in self._items(tokens):
            if runs and runs[-1][-1].last == item.first - 1:
                runs[-1].append(item)
            else:
                runs.append([item])
        return runs

    def _phrase(self, run: list[_Item], tokens: list[_Token], text: str) -> WhenPhrase | None:
        while run and run[-1].kind in ("lead", "clock_lead"):  # leads go with what follows
            run = run[:-1]
        core = [it for it in run if it.kind not in ("lead", "clock_lead")]
        if not core:
            return None
        days = [it.day for it in core if it.day is not None]
        parts = [it.part for it in core if it.part is not None]
        clocks = [it.token for it in core if it.token is not None]
        now = any(it.kind == "now" for it in core)
        last = run[-1].last
        at_end = last + 1 >= len(tokens) or tokens[last + 1].kind == "stop"
        said = (now or bool(clocks) or run[0].kind == "lead" or (days and parts) or at_end
                or any(d.anywhere for d in days) or any(p.anywhere for p in parts))
        if not said:
            return None  # part of a name ("Saturday Market Food Bank")
        part = parts[-1] if parts else None
        clock = self._clock(clocks[-1], part) if clocks else None
        start, end = tokens[run[0].first].start, tokens[last].end
        return WhenPhrase(text[start:end], _without(text, start, end), now,
                          days[-1] if days else None, part, clock)

    def _clock(self, tok: _Token, part: _Part | None) -> tuple[int, int]:
        hour = tok.hour
        if tok.ampm:
            hour = hour % 12 + (12 if tok.ampm == "p" else 0)
        elif hour < 12 and ((part is not None and part.pm)
                            or (part is None and hour in self.pm_hours)):
            hour += 12
        return hour, tok.minute


def _tokens(text: str) -> list[_Token]:
    out = []
    for m in _TOKEN.finditer(text):
        if m.group("clock"):
            hm = _HHMM.match(m.group("clock"))
            hour = int(hm.group(1)) if hm else int(re.match(r"\d+", m.group("clock")).group())  # type: ignore[union-attr]
            out.append(_Token(m.start(), m.end(), "clock", hour=hour,
                              minute=int(m.group("min") or 0), ampm=(m.group("ampm") or "").lower(),
                              explicit=bool(m.group("min") or m.group("ampm"))))
        elif m.group("word"):
            out.append(_Token(m.start(), m.end(), "word", normalize(m.group("word"))))
        else:
            out.append(_Token(m.start(), m.end(), "stop"))
    return out


def _without(text: str, start: int, end: int) -> str:
    """The text without [start, end), tidy: no doubled spaces or commas, no dangling comma."""
    rest = text[:start] + " " + text[end:]
    rest = re.sub(r"\s+([,;.!?])", r"\1", rest)
    rest = re.sub(r"([,;])(\s*[,;])+", r"\1", rest)
    return " ".join(rest.split()).strip(" ,;-")


# -- reading the grammar ----------------------------------------------------------------
@lru_cache(maxsize=4)
def load_when_grammar(path: str | None = None) -> WhenGrammar:
    """Read and check when.yaml; one :class:`WhenGrammarError` lists every problem."""
    data, source = read_yaml(path, "when.yaml", WhenGrammarError)
    return grammar_from_dict(data, source=source)


def grammar_from_dict(data: Any, *, source: str = "<dict>") -> WhenGrammar:
    """The grammar of a parsed file, checked by :class:`resources.search.schemas.WhenFile`
    (every problem at once; a word said for two kinds is a problem across entries)."""
    check(data, source, WhenGrammarError, "resources.search.schemas:WhenFile",
          more=_said_twice(data))
    rules: dict[tuple[str, str], Any] = {
        **{("day", str(d)): _read_day(str(d), raw) for d, raw in (data.get("days") or {}).items()},
        **{("part", str(p)): _read_part(str(p), raw)
           for p, raw in (data.get("parts") or {}).items()}}
    phrases = {tuple(normalize(w).split()): (kind, rules.get((kind, name)))
               for _, kind, name, w in _words(data)}
    return WhenGrammar(phrases, max((len(k) for k in phrases), default=1),
                       frozenset(data.get("pm_hours") or ()))


def _words(data: Any) -> Iterator[tuple[str, str, str, Any]]:
    """(where, kind, the day or part it names, word) for every word in the file, in order."""
    doc = data if isinstance(data, dict) else {}
    for kind, key in (("now", "now"), ("lead", "leads"), ("clock_lead", "clock_leads")):
        words = doc.get(key)
        for n, w in enumerate(words if isinstance(words, list) else ()):
            yield f"{key}[{n}]", kind, "", w
    for kind, key in (("day", "days"), ("part", "parts")):
        entries = doc.get(key)
        for name, raw in (entries.items() if isinstance(entries, dict) else ()):
            words = raw.get("words") if isinstance(raw, dict) else None
            for n, w in enumerate(words if isinstance(words, list) else ()):
                yield f"{key}.{name}.words[{n}]", kind, str(name), w


def _said_twice(data: Any) -> list[str]:
    """A word (as matched) given for two kinds: "on" both a lead and a day."""
    kinds: dict[tuple[str, ...], str] = {}
    problems = []
    for where, kind, _, w in _words(data):
        key = tuple(normalize(w).split()) if isinstance(w, str) else ()
        if key and kinds.setdefault(key, kind) != kind:
            problems.append(f"{where}: {w!r} is already a {kinds[key]} word")
    return problems


def _clock_value(value: str) -> time:
    hour, minute = value.split(":")
    return time(int(hour), int(minute))


def _read_day(did: str, raw: dict[str, Any]) -> _Day:
    when = raw.get("time", "12:00")
    return _Day(did, raw.get("offset"), raw.get("weekday"),
                None if when == "now" else _clock_value(when), bool(raw.get("anywhere")),
                tuple(int(d) for d in raw.get("also_today") or []))


def _read_part(pid: str, raw: dict[str, Any]) -> _Part:
    return _Part(pid, _clock_value(raw["time"]), _clock_value(raw["until"]),
                 bool(raw.get("pm")), bool(raw.get("anywhere")))


def default_grammar_path() -> Path:
    return data_path("when.yaml")
