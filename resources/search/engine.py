"""From "where" and "what" to the right open services nearby, ranked, with reasons.

The pipeline for one request (each step is a small function below):

1. resolve the place (:mod:`resources.geo.places`), or say why it cannot be resolved;
2. understand the need (:mod:`resources.vocab.needs`): need ids from lay words, typos, Spanish;
3. candidates: offerable services near the place (R-tree), widening the radius until
   enough are found (never beyond a radius the specialist set);
4. open status for every candidate at the time that matters (now, a chosen time, or the
   caller's arrival time given distance and travel mode) (:mod:`resources.hours`);
5. filters (open, eligibility, language, access, cost), counting what each one excluded;
6. rank with a documented blend (:mod:`resources.search.ranking`), group per location, explain;
7. hotlines whose coverage contains the place and whose topics fit the need.

Crisis words (:mod:`resources.vocab.crisis`) are read first, before the directory and the place:
every response to them carries the signal and the built-in national lines
(:mod:`resources.vocab.national_lines`), on an empty store, with no place or an unresolved one.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any, Literal
from zoneinfo import ZoneInfo

import pandas as pd
from rapidfuzz import fuzz, process

from resources.geo.places import (
    AddressIndex,
    Gazetteer,
    Place,
    PlaceResult,
    place_from_point,
    resolve_place,
)
from resources.geo.tz import zone_for_point
from resources.hours.status import holiday_calendar
from resources.pipeline.hours_lookup import HoursLookup
from resources.search import filters as flt
from resources.search.candidates import (
    CORE_COLUMNS,
    FILTER_COLUMNS,
    CandidateIndex,
    LazyCandidateIndex,
    Near,
)
from resources.search.hotlines import HotlineIndex
from resources.search.matching import (
    NAME_AND_DESCRIPTION,
    SERVICE_TEXT,
    Chip,
    MatchingRules,
    contradicted,
    load_rules,
    population_fits,
    population_reasons,
)
from resources.search.notices import Notice, notices_for
from resources.search.ranking import RankWeights, need_strengths, rank_candidates
from resources.search.text_index import NO_HITS, LazyTextIndex, TextHits
from resources.search.when_words import When, WhenGrammar, WhenPhrase, load_when_grammar
from resources.store import Store
from resources.store.search_sql import directory_addresses, index_rows
from resources.vocab.national_lines import merge_lines
from resources.vocab.needs import CrisisSignal, NeedMatch, Vocabulary

OpenMode = Literal["any", "now", "at", "arrive"]
TravelMode = Literal["walk", "transit", "drive"]

METERS_PER_MILE = 1609.344
# Effective door-to-door speeds (km/h) used for "open when they arrive".
TRAVEL_KMH = {"walk": 4.5, "transit": 15.0, "drive": 35.0}
CIRCUITY = 1.3  # street distance / straight-line distance, a common urban average
WIDENING_MILES = (2.0, 5.0, 10.0, 25.0, 50.0, 100.0)
# a place whose text matches the words at least this well (0..1) counts as an answer when
# deciding whether to widen the search
STRONG_TEXT_MATCH = 0.5
# when the words name a need, a service outside its categories is a candidate only when its
# text matches at least this well (one common word of a sentence is not an answer)
TEXT_CANDIDATE_MATCH = 0.25


@dataclass(frozen=True)
class SearchRequest:
    need: str = ""
    place: str = ""
    point: tuple[float, float] | None = None  # a map click: wins over `place`
    open_mode: OpenMode = "any"
    at: datetime | None = None  # aware, or naive: wall-clock time at the place; None: now
    travel_mode: TravelMode = "drive"
    within_miles: float | None = None
    language: str | None = None  # ISO code ("es") or a name ("Spanish")
    age: int | None = None
    gender: Literal["woman", "man"] | None = None
    families: bool = False
    veterans: bool = False
    lgbtq: bool = False
    pets: bool = False
    wheelchair: bool = False
    free: bool = False
    walk_in: bool = False
    limit: int = 10
    # chips the specialist removed (population or condition ids of matching.yaml): the
    # need's words that name them are not used
    ignore_chips: tuple[str, ...] = ()


@dataclass
class Phone:
    number: str
    type: str
    description: str = ""
    extension: str = ""


@dataclass
class ServiceSummary:
    service_id: str
    name: str
    categories: list[str]
    open_state: str
    open_label: str
    next_change: datetime | None
    eligibility: str
    hours_text: str
    # the value's other labelled schedules ('office: Mo-Fr 09:00-17:00', 'phone line
    # (hotline): 24 hours daily'): shown on the card, never part of the state
    hours_also: list[str] = field(default_factory=list)
    # how far the hours text was read: parsed | partial | unknown ('' when none is listed);
    # a card shows the text as the source wrote it when it was not read in full
    hours_status: str = ""
    # what a coordinator posted (resources.search.notices): the alert in force, its last day, and
    # the newest bed count with its age
    alert: str = ""
    alert_until: str | None = None
    beds: str = ""


@dataclass
class Result:
    rank: int
    location_id: str
    name: str
    organization: str
    services: list[ServiceSummary]
    distance_miles: float
    lat: float
    lon: float
    precision: str  # exact | zip | centroid | area (approximate: a confidential place's)
    open_state: str  # open | closing | closed | unknown (the best of its services)
    open_label: str
    phones: list[Phone]
    address: str
    eligibility: str
    languages: list[str]
    last_verified: str | None
    stale: bool
    source_id: str
    categories: list[str]
    reasons: list[str]
    score: float
    arrival: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        out = asdict(self)
        for svc in out["services"]:
            svc["next_change"] = svc["next_change"].isoformat() if svc["next_change"] else None
        out["arrival"] = self.arrival.isoformat() if self.arrival else None
        out["coordinates"] = {"lat": self.lat, "lon": self.lon,
                              "precision": _PRECISION.get(self.precision, self.precision)}
        return out


_PRECISION = {"zip": "approximate (ZIP centroid)",
              "area": "approximate (area of about 11 km; confidential location)"}


@dataclass
class SearchResponse:
    status: Literal["ok", "no_results", "place_not_found", "place_ambiguous", "empty_directory"]
    message: str
    place: Place | None = None
    place_candidates: list[Place] = field(default_factory=list)
    needs: list[NeedMatch] = field(default_factory=list)
    crisis: CrisisSignal | None = None
    results: list[Result] = field(default_factory=list)
    hotlines: list[dict[str, Any]] = field(default_factory=list)
    excluded: dict[str, int] = field(default_factory=dict)
    nearest_outside: list[Result] = field(default_factory=list)
    radius_miles: float | None = None
    at: datetime | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)
    # what the need's words said beyond the need: populations and conditions in use (chips
    # removed by the specialist left out), the When its day and time words set (at the
    # place), and the words searched for the need once those are taken out
    chips: list[Chip] = field(default_factory=list)
    when: When | None = None
    need_searched: str = ""


class SearchEngine:
    """Built once per store (the app caches it); :meth:`search` is cheap and stateless."""

    def __init__(self, store: Store, vocabulary: Vocabulary, gazetteer: Gazetteer,
                 *, geocoder: Any = None, weights: RankWeights | None = None,
                 stale_days: int = 365, whole_index: bool = True,
                 rules: MatchingRules | None = None):
        # a PostgreSQL store is read through an in-memory DuckDB copy (one snapshot): the
        # index below is built from it by the same code as from a DuckDB file
        store = store.search_view()
        self.store = store
        self.vocab = vocabulary
        self.gazetteer = gazetteer
        self.geocoder = geocoder
        self.weights = weights or RankWeights()
        self.stale_days = stale_days
        self.hours = HoursLookup(store)
        # whole_index: the whole search index in memory, once (the app); False: each search
        # reads just the rows around its place (one-off searches: the CLI)
        self.candidates = LazyCandidateIndex(store, whole=whole_index)
        self.text = LazyTextIndex(store, whole=whole_index)
        self.rules = rules or load_rules()
        self.when_grammar: WhenGrammar = load_when_grammar()
        self._addresses: Any = None
        self._hotlines: HotlineIndex | None = None
        self._indexed = False
        self._phrases = vocabulary_phrases(vocabulary)

    def warm(self) -> None:
        """Do the one-off work now rather than in a specialist's first search: the
        in-memory candidate index, the text index, the hotline panel's areas and the
        public-holiday calendar (a server builds a new snapshot's before it serves it)."""
        self.candidates.get()
        self.text.get()
        if self._hotlines is None:
            self._hotlines = HotlineIndex.from_store(self.store)
        holiday_calendar("US", None)

    # -- steps ---------------------------------------------------------------------------
    def directory_addresses(self) -> Any:
        if self._addresses is None:
            rows = directory_addresses(self.store.con)
            self._addresses = AddressIndex.from_rows(rows.to_dict("records"))
        return self._addresses

    def resolve(self, req: SearchRequest) -> PlaceResult:
        if req.point is not None:
            return place_from_point(*req.point)
        return resolve_place(req.place, gazetteer=self.gazetteer,
                             directory_addresses=self.directory_addresses,
                             geocoder=self.geocoder)

    def understand(self, text: str, crisis: CrisisSignal | None = None
                   ) -> tuple[list[NeedMatch], list[str]]:
        """Needs the words ask for (strongest first) and the ids to search (with related).
        Crisis words name no service: their class's needs (crisis.yaml) come first."""
        matches = self.vocab.match(text) if text.strip() else []
        if not matches and text.strip() and crisis is None:
            matches = loose_match(self._phrases, text)
        if crisis is not None:
            have = {m.need_id for m in matches}
            matches = [NeedMatch(n, self.vocab.label(n), 92.0, "phrase", crisis.term)
                       for n in crisis.needs if n not in have and n in self.vocab.by_id] + matches
        strengths = need_strengths({m.need_id: m.score for m in matches})
        strong = [m.need_id for m in matches if strengths.get(m.need_id, 0) >= 0.5]
        weak = [m.need_id for m in matches if m.need_id not in strong]
        return matches, list(dict.fromkeys(self.vocab.expand(strong) + weak))

    def need_labels(self, matches: list[NeedMatch]) -> str:
        """The labels of the needs the words clearly ask for, searched in services' text
        beside the words: "jóvenes sin hogar" also looks for "youth shelter" (a directory
        whose categories the vocabulary does not map is searched in its own words)."""
        strengths = need_strengths({m.need_id: m.score for m in matches})
        return " ".join(self.vocab.label(m.need_id) for m in matches
                        if strengths.get(m.need_id, 0) >= 0.5)

    def gather(self, place: Place, need_ids: list[str], req: SearchRequest,
               text_only: bool, hits: TextHits = NO_HITS,
               ) -> tuple[pd.DataFrame, float, CandidateIndex]:
        """Candidates near the place: the services that fit the need or whose text matches
        the words (``hits``); widen until enough are found, within any set radius. Also the
        index they come from (their ``row_id``s are its positions)."""
        radii = [req.within_miles] if req.within_miles else list(WIDENING_MILES)
        # enough places to fill the list after filters, without reaching far for nothing
        wanted = req.limit * (3 if _has_filters(req) else 1) * (4 if text_only else 1)
        # words no index answers: every service, for the fuzzy text filter
        needs = None if text_only and not len(hits) else need_ids
        text = hits if len(hits) else None
        lat, lon = place.lat, place.lon
        radius = radii[0]
        index = self.candidates.around(lat, lon, radius * METERS_PER_MILE)
        text_min = TEXT_CANDIDATE_MATCH if need_ids else 0.0
        near = index.nearest(lat, lon, radius * METERS_PER_MILE, needs, limit=5000, text=text,
                             text_min=text_min)

        def enough(found: Near) -> bool:  # places that answer the words (``index`` rebinds)
            return index.answering(found, needs, text, STRONG_TEXT_MATCH) >= wanted

        if not enough(near) and len(radii) > 1:
            # the nearest 5,000 within the widest radius hold the nearest 5,000 within every
            # smaller radius: the rows up to that radius
            index = self.candidates.around(lat, lon, radii[-1] * METERS_PER_MILE)
            widest = index.nearest(lat, lon, radii[-1] * METERS_PER_MILE, needs, limit=5000,
                                   text=text, text_min=text_min)
            for radius in radii[1:]:
                near = widest.within(radius * METERS_PER_MILE)
                if enough(near):
                    break
        columns = CORE_COLUMNS + (FILTER_COLUMNS if _has_filters(req) or text_only else ())
        frame = index.frame(near, columns)
        if len(hits):
            frame["text_match"] = hits.match(index.service_keys(near.positions))
        if req.need.strip():
            frame = self._words_beyond_need(frame, index, near.positions, req.need, need_ids,
                                            req.ignore_chips)
        return frame, float(radius), index

    def _words_beyond_need(self, frame: pd.DataFrame, index: CandidateIndex,
                           positions: Any, words: str, need_ids: list[str],
                           ignore: tuple[str, ...] = ()) -> pd.DataFrame:
        """``population_fit`` (the mean over the populations the words name of +1 / 0 /
        -1, :func:`resources.search.matching.population_fit`) with the card's reasons, and
        ``contradicted`` (the text contradicts the need asked for) of every candidate
        (:mod:`resources.search.matching`), read straight from the index's columns."""
        populations = self.rules.populations_in(words, ignore)
        if populations:
            text = index.joined(SERVICE_TEXT, positions)
            fits = population_fits(text, index.values("term_codes", positions), populations)
            frame["population_fit"] = fits.mean(axis=1)
            frame["population_conflict"] = (fits < 0).any(axis=1)
            frame["population_reasons"] = pd.Series(
                population_reasons(fits, index.joined(("eligibility_description",), positions),
                                   populations), index=frame.index, dtype=object)
            frame.attrs["populations"] = " / ".join(p.label for p in populations)
        pattern = self.rules.contradicting(need_ids, words) if need_ids else None
        if pattern is not None:
            frame["contradicted"] = contradicted(index.joined(NAME_AND_DESCRIPTION, positions),
                                                 pattern)
        return frame

    # -- the whole search ----------------------------------------------------------------
    def read_words(self, req: SearchRequest) -> tuple[SearchRequest, WhenPhrase | None,
                                                       list[Chip]]:
        """What the need's words say beyond the need: the request with their day and time
        words taken out of the need and the conditions they name (wheelchair, a language)
        turned into filters; the When phrase (placed in a zone once the place is known);
        the chips in use (those the specialist removed left out)."""
        phrase = self.when_grammar.find(req.need) if req.need.strip() else None
        need = phrase.rest if phrase is not None else req.need
        ignore = set(req.ignore_chips)
        chips = [c for c in self.rules.chips(req.need) if c.id not in ignore]
        conditions = self.rules.filters_in(req.need, ignore)
        language = req.language or next((f.language for f in conditions if f.language), None)
        wheelchair = req.wheelchair or any(f.wheelchair for f in conditions)
        return (replace(req, need=need, language=language, wheelchair=wheelchair),
                phrase, chips)

    def search(self, req: SearchRequest, now: datetime | None = None) -> SearchResponse:
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        crisis = self.vocab.crisis_signal(req.need) if req.need.strip() else None
        req, phrase, chips = self.read_words(req)
        if not self._indexed:  # asked until the index has rows (an engine serves one store)
            self._indexed = bool(index_rows(self.store.con))
        if not self._indexed:
            return SearchResponse("empty_directory",
                                  "The directory is empty: load data with `resources load PATH` "
                                  "(or build the demo with `make data`).", crisis=crisis,
                                  hotlines=self.national_lines(crisis) if crisis else [])
        resolved = self.resolve(req)
        timings["place"] = _ms(t0)
        matches, need_ids = self.understand(req.need, crisis)
        timings["need"] = _ms(t0)
        base = SearchResponse("ok", "", needs=matches, crisis=crisis, timings_ms=timings,
                              chips=chips, need_searched=req.need)
        if resolved.status != "ok" or resolved.best is None:
            base.status = "place_ambiguous" if resolved.status == "ambiguous" else "place_not_found"
            base.message = resolved.message
            base.place_candidates = list(resolved.candidates)
            base.hotlines = self.national_lines(crisis)  # the place is unknown: national ones
            return base
        place = resolved.best
        base.place = place
        now = now or datetime.now(UTC)
        # the gazetteer's zone for a ZIP or city (reading the zone map for a point costs
        # about 0.07 s the first time: much of a one-off command-line search)
        zone = ZoneInfo(place.zone or zone_for_point(place.lat, place.lon) or "UTC")
        if phrase is not None and not (req.open_mode == "at" and req.at):
            # the need's day and time words set When (a time the specialist chose wins)
            base.when = phrase.resolve(now.astimezone(zone))
            req = replace(req, open_mode=base.when.mode, at=base.when.at)
        at = req.at if req.open_mode == "at" and req.at else now
        if at.tzinfo is None:  # a wall-clock time: at the caller's place
            at = at.replace(tzinfo=zone)
        base.at = at
        text_only = bool(req.need.strip()) and not need_ids
        hits = self.text.hits(req.need, self.need_labels(matches))
        timings["text"] = _ms(t0)
        frame, radius, index = self.gather(place, need_ids, req, text_only, hits)
        base.radius_miles = radius
        timings["candidates"] = _ms(t0)
        base.hotlines = merge_lines(self.national_lines(crisis) if crisis else [],
                                    self.hotlines(place, [m.need_id for m in matches],
                                                  hits.words))
        timings["hotlines"] = _ms(t0)
        if frame.empty:
            base.status = "no_results"
            base.message = _nothing_near(req, place, radius, need_ids, matches)
            return base
        frame = self._with_times(frame, req, at)
        frame = self.hours.attach_states(frame)
        timings["hours"] = _ms(t0)
        kept, excluded = flt.apply(frame, req)
        base.excluded = excluded
        if text_only and not len(hits):
            kept = flt.text_filter(kept, req.need)
            if kept.empty:
                base.status = "no_results"
                base.message = (f"“{req.need}” matches no kind of service and no service name "
                                f"within {radius:g} miles of {place.label}: try other words "
                                "(e.g. shelter, food, detox, clinic).")
                return base
        direct = {m.need_id: m.score for m in matches}
        ranked = rank_candidates(kept, direct, req.need, self.weights, now=at,
                                 stale_days=self.stale_days, vocab=self.vocab)
        timings["rank"] = _ms(t0)
        if ranked.empty:
            base.status = "no_results"
            outside = rank_candidates(frame, direct, req.need, self.weights, now=at,
                                      stale_days=self.stale_days, vocab=self.vocab)
            base.nearest_outside = self._results(outside, index, req, limit=3)
            base.message = _excluded_message(excluded, radius)
            return base
        base.results = self._results(ranked, index, req, limit=req.limit)
        n = len(base.results)
        base.message = (f"{n} {'place' if n == 1 else 'places'} within {radius:g} miles of "
                        f"{place.label}")
        timings["results"] = _ms(t0)
        return base

    def _with_times(self, frame: pd.DataFrame, req: SearchRequest, at: datetime) -> pd.DataFrame:
        frame = frame.copy()
        if req.open_mode == "arrive":
            km = frame["meters"] / 1000.0 * CIRCUITY
            minutes = km / TRAVEL_KMH[req.travel_mode] * 60.0
            frame["check_at"] = [at + timedelta(minutes=float(m)) for m in minutes]
        else:
            frame["check_at"] = at
        return frame

    def _results(self, ranked: pd.DataFrame, index: CandidateIndex, req: SearchRequest,
                 limit: int) -> list[Result]:
        top_locations = list(dict.fromkeys(ranked["location_id"]))[:limit]
        shown = ranked[ranked["location_id"].isin(top_locations)]
        # every column of just the rows shown, from the index; what the search worked out
        # (distance, times, states, score, reasons) from the frame
        worked_out = shown.drop(columns=[c for c in shown.columns if c in index.column_names])
        full = index.records(shown["row_id"].tolist())
        records = [SimpleNamespace(**row, **extra)
                   for row, extra in zip(full, worked_out.to_dict("records"), strict=True)]
        statuses = self.hours.statuses_of_rows(records)
        notices = self._notices(records)
        groups: dict[str, list[tuple[SimpleNamespace, Any]]] = {}
        for rec, status in zip(records, statuses, strict=True):
            groups.setdefault(rec.location_id, []).append((rec, status))
        return [self._result(rank, groups[location_id], req, notices)
                for rank, location_id in enumerate(top_locations, start=1)]

    def _notices(self, records: list[SimpleNamespace]) -> dict[tuple[str, str], Notice]:
        """Alerts in force and bed counts of the rows shown (read now: never cached)."""
        if not records:
            return {}
        check = records[0].check_at
        today = check.date() if isinstance(check, datetime) else datetime.now(UTC).date()
        return notices_for(self.store.con, [(r.service_id, r.location_id, _text(r.alert))
                                            for r in records], today=today)

    def _result(self, rank: int, group: list[tuple[SimpleNamespace, Any]], req: SearchRequest,
                notices: dict[tuple[str, str], Notice] | None = None) -> Result:
        first = group[0][0]
        notices = notices or {}
        none = Notice()
        services = [ServiceSummary(
            row.service_id, row.service_name, list(row.categories), _badge_state(status),
            status.label, status.next_change, _text(row.eligibility_description),
            _text(row.service_hours_text) or _text(row.location_hours_text),
            list(getattr(status, "also", ())), _text(row.hours_status),
            *_notice_fields(notices.get((row.service_id, row.location_id), none)))
            for row, status in group]
        best = min(services, key=lambda s: _STATE_ORDER[s.open_state])
        verified = first.assured_date
        stale = bool(pd.notna(verified) and (pd.Timestamp(req.at or datetime.now(UTC)).date()
                                              - pd.Timestamp(verified).date()).days > self.stale_days)
        miles = float(first.meters) / METERS_PER_MILE
        categories = sorted({c for row, _ in group for c in row.categories})
        return Result(
            rank=rank, location_id=first.location_id,
            name=_text(first.location_name) or _text(first.organization_name) or first.service_name,
            organization=_text(first.organization_name), services=services,
            distance_miles=round(miles, 1), lat=float(first.latitude), lon=float(first.longitude),
            precision=str(first.geo_precision), open_state=best.open_state,
            open_label=best.open_label, phones=_phones([row for row, _ in group]),
            address=_address(first), eligibility=_text(first.eligibility_description),
            languages=list(first.language_names), stale=stale,
            last_verified=None if pd.isna(verified) else pd.Timestamp(verified).date().isoformat(),
            source_id=str(first.source_id), categories=categories,
            reasons=list(first.reasons), score=round(float(first.score), 3),
            arrival=first.check_at if req.open_mode == "arrive" else None,
        )

    def national_lines(self, crisis: CrisisSignal | None) -> list[dict[str, Any]]:
        """The built-in national lines for these crisis words (resources/data/crisis.yaml), or
        without crisis words the ones listed while the place is unknown (911, 988, text)."""
        detector = self.vocab.crisis_detector
        return detector.line_records(crisis) if detector is not None else []

    def hotlines(self, place: Place, need_ids: list[str],
                 words: Iterable[str] = ()) -> list[dict[str, Any]]:
        """Lines and services reached by phone whose area covers the place: those on the
        need's hotline topics; for a need no hotline topic is about (or words no need
        reads), the local ones of that need or whose own words hold the search's words
        (``words``: the text index's stems), and the general crisis lines; with no need
        at all, every local one."""
        topics = self.vocab.hotline_topics(need_ids) if need_ids else None
        zip_code = place.label.split()[2] if place.precision == "zip" else None
        if self._hotlines is None:
            self._hotlines = HotlineIndex.from_store(self.store)
        index = self._hotlines
        records = index.covering(place.lat, place.lon, topics=topics or None, zip_code=zip_code)
        if not topics:
            wanted, stems = set(need_ids), set(words)
            records = [r for r in records if _offered_without_topic(r, index, wanted, stems)]
        for rec in records:
            rec["phone_summary"] = " · ".join(
                str(p.get("number")) + ("" if (p.get("type") or "voice") == "voice"
                                        else f" ({p.get('type')})")
                for p in rec.get("phones") or [])
        return records


def _offered_without_topic(rec: dict[str, Any], index: HotlineIndex, need_ids: set[str],
                           stems: set[str]) -> bool:
    """A covering line for a search whose need no hotline topic is about: a national one
    only on suicide or mental health (988, text lines); a local one with no need asked, or
    one of the need, or one whose own words hold the search's words."""
    if rec.get("coverage_kind") == "national":
        return bool(set(rec.get("topics") or []) & {"suicide", "mental_health"})
    if not need_ids and not stems:
        return True
    return bool(need_ids & set(rec.get("categories") or [])) or index.says_any(
        rec["service_id"], stems)


def vocabulary_phrases(vocab: Vocabulary) -> tuple[list[str], list[tuple[str, str]]]:
    """Every label, synonym and Spanish term, lower-cased, with its need (for loose_match)."""
    pairs = []
    for need in vocab.needs:
        for term in (need.label, *need.synonyms, *need.spanish, *need.misspellings):
            pairs.append((term.lower(), need.id))
    return [p[0] for p in pairs], pairs


def loose_match(phrases: tuple[list[str], list[tuple[str, str]]], text: str,
                cutoff: float = 85.0) -> list[NeedMatch]:
    """Whole-phrase typos the word matcher misses ("fod bank"): best fuzzy phrase, if close."""
    terms, pairs = phrases
    hit = process.extractOne(text.lower().strip(), terms, scorer=fuzz.ratio, score_cutoff=cutoff)
    if hit is None:
        return []
    term, score, index = hit
    need_id = pairs[index][1]
    return [NeedMatch(need_id, need_id.replace("_", " "), float(score) * 0.9, "fuzzy", term)]


def _phones(group: list[SimpleNamespace]) -> list[Phone]:
    """The phones of a place's services (voice first), then the place's own; each number
    once. The index carries them, so no query."""
    seen: set[str] = set()
    out = []
    for phones in [*(r.service_phones for r in group), group[0].location_phones]:
        for p in phones if phones is not None else []:
            number = _text(p.get("number"))
            if not number or number in seen:
                continue
            seen.add(number)
            out.append(Phone(number, _text(p.get("type")) or "voice", _text(p.get("description")),
                             _text(p.get("extension"))))
    if not out and any(getattr(r, "hidden_phones", 0) for r in group):
        return _via_public_line(group[0])
    return sorted(out, key=_phone_priority)  # stable: the source's order within a rank


CONFIDENTIAL_PHONE = "phone confidential"


def _via_public_line(row: SimpleNamespace) -> list[Phone]:
    """Every phone of the place is confidential: the agency's public main line, else 211
    (which has the number and can connect the caller)."""
    main = [p for p in (getattr(row, "organization_phones", None) or [])
            if _text(p.get("number")) and (_text(p.get("type")) or "voice") in ("voice", "cell")]
    if main:
        p = main[0]
        return [Phone(_text(p.get("number")), "voice",
                      f"{CONFIDENTIAL_PHONE} — via the agency's main line",
                      _text(p.get("extension")))]
    return [Phone("211", "voice", f"{CONFIDENTIAL_PHONE} — via 211")]


_FOR_CALLERS = re.compile(r"intake|hotline|crisis|main|appointment|referral|client|help|24",
                          re.I)
_FOR_OFFICE = re.compile(r"admin|office|business|billing|executive|director|fax", re.I)


def _phone_priority(phone: Phone) -> int:
    """The number a caller should ring first: a voice line described as intake, hotline,
    main ... before an unlabelled one, before an administrative one; then text / TTY
    lines; fax last (never the one to call)."""
    kind = phone.type.lower()
    if kind == "fax" or re.search(r"\bfax\b", phone.description, re.I):
        return 4
    if kind not in ("voice", "cell"):
        return 3
    if _FOR_CALLERS.search(phone.description):
        return 0
    return 2 if _FOR_OFFICE.search(phone.description) else 1


def _notice_fields(notice: Notice) -> tuple[str, str | None, str]:
    return notice.alert, notice.alert_until, notice.beds


def _has_filters(req: SearchRequest) -> bool:
    return bool(req.open_mode != "any" or req.gender or req.families or req.age is not None
                or req.language or req.pets or req.wheelchair or req.free or req.walk_in)


_STATE_ORDER = {"open": 0, "closing": 1, "unknown": 2, "closed": 3}


def _badge_state(status: Any) -> str:
    if status.state == "open" and getattr(status, "closing_soon", False):
        return "closing"
    return str(status.state)


def _ms(t0: float) -> float:
    return round((time.perf_counter() - t0) * 1000, 2)


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA \
        else str(value)


def _address(row: Any) -> str:
    if row.location_private:
        area = ", ".join(p for p in (_text(row.city), " ".join(
            p for p in (_text(row.state), _text(row.postal_code)[:5]) if p)) if p)
        return f"Confidential location — call for the address ({area})".replace(" ()", "")
    parts = [_text(row.address_1), _text(row.city),
             " ".join(p for p in (_text(row.state), _text(row.postal_code)) if p)]
    return ", ".join(p for p in parts if p)


def _nothing_near(req: SearchRequest, place: Place, radius: float, need_ids: list[str],
                  matches: list[NeedMatch]) -> str:
    what = ", ".join(m.label for m in matches[:3]) or (f"“{req.need}”" if req.need else "services")
    return (f"No {what} found within {radius:g} miles of {place.label}. "
            + ("Try a larger distance." if req.within_miles else "Try other words for the need."))


def _excluded_message(excluded: dict[str, int], radius: float) -> str:
    if not excluded:
        return f"No match within {radius:g} miles."
    parts = [f"{name} ({n})" for name, n in sorted(excluded.items(), key=lambda kv: -kv[1]) if n]
    return ("Nothing fits every filter. Places left out by: " + ", ".join(parts)
            + ". The nearest places outside the filters are listed below.")
