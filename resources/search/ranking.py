"""Ranking: a documented blend of need match, text match, distance, open status, freshness.

    score = w_need * need + w_text * text + w_distance * distance + w_open * open + w_fresh * fresh
            + w_population * population + w_population_all * fits_all
            - w_population_conflict * excludes - w_contradicted * contradicted

- need: 1.0 when a service's categories contain a need the words asked for, 0.6 for a
  related need (the vocabulary's ``related``); at least 0.7 x its BM25 text signal (so a
  service with no mapped category is found by what it says it does); when the words name
  no need, at least the fuzzy name match scaled to 0..0.6;
- text: half the BM25 signal (the full-text index over names, description, taxonomy terms
  and eligibility, :mod:`resources.search.text_index`, over the score of an average document
  holding every query word once, at most 1), half the fuzzy match of the words against
  the names (typos);
- contradiction: a service whose name or description contradicts the need asked for
  (forensic dentistry for "dentist"; :mod:`resources.search.matching`) loses ``w_contradicted``
  (1.0): it ranks after every service that does not, whatever its distance;
- population: w_population x the mean, over the populations the words name ("teen",
  "veteran", "mis hijos", "family with a dog"), of +1 (the service says it serves them) /
  0 (says nothing) / -1 (says it serves someone else); + w_population_all (0.25) when it
  fits every one of them (first, whatever the distance), - w_population_conflict (0.35)
  when it says it excludes one ("Men only" for a family, "No pets" for a dog);
- distance: exp(-miles / distance_scale_miles) — 1 at the door, 0.37 at the scale;
- open: open 1.0, closing soon 0.6, hours not listed 0.4, closed 0.1;
- fresh: verified within 180 days 1.0, within a year 0.7, older 0.3, never 0.3.

Ties are broken by distance, then by service id, so the same data gives the same order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

OPEN_SCORE = {"open": 1.0, "closing": 0.6, "unknown": 0.4, "closed": 0.1}


@dataclass(frozen=True)
class RankWeights:
    need: float = 0.35
    text: float = 0.10
    distance: float = 0.30
    open: float = 0.15
    fresh: float = 0.10
    population: float = 0.15
    # a service that fits every population the words name ("family with a dog": takes
    # families and pets) ranks before those that fit only some, whatever the distance;
    # one that says it excludes the caller ("Men only", "No pets") after those that do not
    population_all: float = 0.25
    population_conflict: float = 0.35
    text_floor: float = 0.7  # need score of a full text match with no mapped category
    contradicted: float = 1.0  # taken off a contradicted service's score: below the rest
    distance_scale_miles: float = 3.0


def need_strengths(matches: dict[str, float]) -> dict[str, float]:
    """Match scores (0..100) -> weights 0..1: the best match 1.0, weaker ones much less
    (``family shelter`` also mentions ``shelter``: an emergency shelter is a weaker answer)."""
    if not matches:
        return {}
    top = max(matches.values())
    return {n: float(np.clip((s - 60.0) / max(top - 60.0, 1.0), 0.0, 1.0) ** 1.5)
            for n, s in matches.items()}


def _need_scores(categories: list[Any], strengths: dict[str, float],
                 related: set[str]) -> np.ndarray:
    def one(cats: Any) -> float:
        cats = set(cats) if cats is not None else set()
        best = max((strengths[c] for c in cats if c in strengths), default=0.0)
        if cats & related:
            best = max(best, 0.6)
        return best
    return np.array([one(c) for c in categories], dtype=float)


def _text_scores(query: str, names: list[Any]) -> np.ndarray:
    if not query.strip() or not names:
        return np.zeros(len(names))
    matrix = process.cdist([query.lower()], [n if isinstance(n, str) else "" for n in names],
                           scorer=fuzz.partial_token_set_ratio, workers=1)
    return matrix[0] / 100.0


def _age_days(dates: pd.Series, now: datetime) -> np.ndarray:
    """Days since each date (NaN when there is none)."""
    today = np.datetime64(pd.Timestamp(now).tz_localize(None).date(), "D")
    days = pd.to_datetime(dates, errors="coerce").to_numpy().astype("datetime64[D]")
    out = (today - days).astype("timedelta64[D]").astype(float)
    out[np.isnat(days)] = np.nan
    return out


def _freshness(days: np.ndarray) -> np.ndarray:
    out = np.where(days <= 180, 1.0, np.where(days <= 365, 0.7, 0.3))
    return np.where(np.isnan(days), 0.3, out)


def _objects(values: list[Any], index: pd.Index) -> pd.Series:
    """A column of plain Python values (pandas would make strings an Arrow column, slow
    to read one element at a time)."""
    return pd.Series(values, index=index, dtype=object)


def rank_candidates(frame: pd.DataFrame, need_scores: dict[str, float], need_text: str,
                    weights: RankWeights, *, now: datetime, stale_days: int = 365,
                    vocab: Any = None) -> pd.DataFrame:
    """Score every row, attach reasons, order locations by their best service.

    ``need_scores``: need id -> match score 0..100 for the needs the words matched."""
    if frame.empty:
        return frame.assign(score=[], reasons=[])
    need_ids = list(need_scores)
    strengths = need_strengths(need_scores)
    primary = {n for n, w in strengths.items() if w >= 0.5}
    related = set(vocab.expand(primary)) - set(need_ids) if (vocab is not None and primary) \
        else set()
    categories = frame["categories"].tolist()
    need = _need_scores(categories, strengths, related)
    fuzzy = _text_scores(need_text, frame["name_text"].tolist())
    if "text_score" in frame:
        fuzzy = np.maximum(fuzzy, frame["text_score"].to_numpy(dtype=float) / 100.0)
    signal = _bm25_signal(frame)
    text = 0.5 * fuzzy + 0.5 * signal if signal.any() else fuzzy
    if not need_text.strip():
        need = np.where(need == 0, 1.0 if not need_ids else 0.0, need)
    elif not primary:  # words no need was read from: the names' fuzzy match stands in
        need = np.where(need == 0, fuzzy * 0.6, need)
    need = np.maximum(need, weights.text_floor * signal)
    fit = _column(frame, "population_fit", 0.0).astype(float)
    excludes = _column(frame, "population_conflict", False).astype(bool)
    against = _column(frame, "contradicted", False).astype(bool)
    meters = frame["meters"].to_numpy(dtype=float)
    miles = meters / 1609.344
    distance = np.exp(-miles / weights.distance_scale_miles)
    open_ = np.array([OPEN_SCORE.get(s, 0.4) for s in frame["open_state"].tolist()])
    days = _age_days(frame["assured_date"], now)
    score = (weights.need * need + weights.text * text + weights.distance * distance
             + weights.open * open_ + weights.fresh * _freshness(days)
             + weights.population * fit + weights.population_all * (fit >= 1.0)
             - weights.population_conflict * excludes - weights.contradicted * against)
    labels = frame["open_label"].tolist() if "open_label" in frame else [""] * len(frame)
    verified = [None if pd.isna(d) else d
                for d in pd.to_datetime(frame["assured_date"], errors="coerce")]
    who = str(frame.attrs.get("populations", ""))
    notes = _column(frame, "population_reasons", None)
    reasons = [
        _reasons(cats, m, label, v, d, primary, related, vocab, stale_days,
                 _extra(bool(t > 0.25), f, bool(x), who, n))
        for cats, m, label, v, d, t, f, x, n in zip(categories, miles, labels, verified, days,
                                                    signal, fit, against, notes, strict=True)
    ]
    # locations by their best score; within one, services by score; ties by distance,
    # then ids (the same data gives the same order)
    location, _ = pd.factorize(frame["location_id"].to_numpy(), sort=True)
    best = np.full(location.max() + 1, -np.inf)
    np.maximum.at(best, location, score)
    service, _ = pd.factorize(frame["service_id"].to_numpy(), sort=True)
    order = np.lexsort((service, meters, -score, location, -best[location]))
    out = frame.iloc[order].copy()
    out.attrs = dict(frame.attrs)
    out["score"] = score[order]
    out["miles"] = miles[order]
    out["reasons"] = _objects([reasons[i] for i in order], out.index)
    return out


def _column(frame: pd.DataFrame, name: str, default: Any) -> np.ndarray:
    """A column the search may have added (population fit, contradiction), or defaults."""
    if name in frame:
        return frame[name].to_numpy()
    return np.full(len(frame), default)


def _bm25_signal(frame: pd.DataFrame) -> np.ndarray:
    """The full-text match, 0..1 (:meth:`resources.search.text_index.TextHits.match`)."""
    if "text_match" not in frame:
        return np.zeros(len(frame))
    return frame["text_match"].to_numpy(dtype=float)


def _extra(text_hit: bool, fit: float, against: bool, who: str,
           notes: list[str] | None = None) -> list[str]:
    """Reasons beyond need and distance; ``notes``: one per population the words name
    ("pets allowed", "may not serve families with children: “Men only”"), when known."""
    out = []
    if against:
        out.append("ranked lower: its description points to something else")
    if notes is not None:
        out += list(notes)
    elif fit > 0:
        out.append(f"serves {who}")
    elif fit < 0:
        out.append(f"may not serve {who}")
    if text_hit:
        out.append("its description matches the words")
    return out


def _label(vocab: Any, need_id: str) -> str:
    if vocab is None:
        return need_id.replace("_", " ")
    return str(vocab.label(need_id)) if hasattr(vocab, "label") else need_id


def _reasons(cats: Any, miles: float, open_label: Any, verified: Any, age_days: float,
             primary: set[str], related: set[str], vocab: Any, stale_days: int,
             extra: list[str] | None = None) -> list[str]:
    reasons = []
    extra = extra or []
    cats = set(cats) if cats is not None else set()
    hit = sorted(cats & primary) or sorted(cats & related)
    if hit:
        kind = "category" if cats & primary else "related category"
        reasons.append(f"matches via {kind} {', '.join(_label(vocab, h) for h in hit)}")
    elif primary and "its description matches the words" not in extra:
        reasons.append("matches the words in its name or description")
    reasons += extra
    reasons.append(f"{miles:.1f} mi")
    if isinstance(open_label, str) and open_label:
        reasons.append(open_label)
    if verified is not None:
        reasons.append(f"verified {verified:%Y-%m}" + (" (stale)" if age_days > stale_days else ""))
    else:
        reasons.append("never verified")
    return reasons
