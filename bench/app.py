"""Find page speed in a real browser: from pressing Enter to results and markers on screen.

    python bench/app.py [--locations 100000] [--runs 8]

Builds (once, cached under bench/output/) a store of about 100,000 locations: the demo
directory replicated with new ids and points jittered over the Denver metro area, then
starts `streamlit run` on 127.0.0.1 and drives Debian's headless Chromium: type a place,
type a need, press Enter, and time until the numbered cards and the map markers are all
visible. Target: under 1.5 s. Baseline in the same run: the same search on the 270-service
demo store (what the page costs with an almost empty directory).

Second figure: Enter -> crisis banner on screen, for a crisis phrase typed with *Where* still
empty (how many calls begin), on both stores.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from resources.pipeline.demo import build_demo  # noqa: E402
from resources.pipeline.load import load_path  # noqa: E402
from resources.store import Store  # noqa: E402
from tests.browser import browser_page, streamlit_server  # noqa: E402

OUT = REPO / "bench" / "output"
DEMO = REPO / "data" / "raw" / "demo-denver"
VERSION = "app-bench-3"  # 3: schema 4
QUERIES = [("80202", "shelter"), ("80219", "food"), ("80205", "detox"), ("80220", "clinic"),
           ("80211", "comida"), ("80204", "mental health crisis"), ("80216", "showers"),
           ("80203", "legal aid")]


def replicate(copies: int, folder: Path) -> None:
    """The demo package ``copies`` times: ids suffixed, points jittered ~15 km."""
    rng = np.random.default_rng(7)
    folder.mkdir(parents=True, exist_ok=True)
    tables = {p.name: pd.read_csv(p, dtype=str, keep_default_na=False) for p in DEMO.glob("*.csv")}
    for name, frame in tables.items():
        parts = []
        for k in range(copies):
            part = frame.copy()
            for col in part.columns:
                if col == "id" or col.endswith("_id"):
                    part[col] = part[col].where(part[col] == "", part[col] + f"-{k}")
            if name == "locations.csv":
                for col, scale in (("latitude", 0.12), ("longitude", 0.16)):
                    vals = pd.to_numeric(part[col], errors="coerce")
                    part[col] = (vals + rng.uniform(-scale, scale, len(part))).round(6) \
                        .astype("string").fillna("")
            parts.append(part)
        pd.concat(parts, ignore_index=True).to_csv(folder / name, index=False)
    (folder / "datapackage.json").write_text((DEMO / "datapackage.json").read_text())


def big_store(locations: int) -> Path:
    db = OUT / f"{VERSION}-{locations}.duckdb"
    if db.exists():
        return db
    OUT.mkdir(parents=True, exist_ok=True)
    copies = max(1, round(locations / 214))
    pkg = OUT / f"{VERSION}-{locations}-pkg"
    replicate(copies, pkg)
    start = time.perf_counter()
    tmp = db.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    with Store.open(tmp) as store:
        load_path(store, pkg, source_id="bench")
        load_path(store, REPO / "data" / "raw" / "hotlines.yaml")
        n = store.scalar("SELECT count(*) FROM location")
    tmp.rename(db)
    print(f"built {n:,} locations in {time.perf_counter() - start:.0f} s -> {db}")
    return db


def time_searches(db: Path, runs: int) -> list[float]:
    times = []
    with streamlit_server({"RESOURCES_DB": str(db)}) as url, \
            browser_page("/usr/bin/chromium") as page:
        page.goto(url, wait_until="domcontentloaded", timeout=120_000)
        where = page.get_by_label("Where is the caller?")
        what = page.get_by_label("What do they need?")
        where.wait_for(timeout=120_000)
        for i in range(runs + 1):  # the first run warms the caches: not counted
            place, need = QUERIES[i % len(QUERIES)]
            where.fill(place)
            what.fill(need)
            start = time.perf_counter()
            what.press("Enter")
            # done = the caption names this search's ZIP (each query has another ZIP), the
            # run is over, and the last numbered marker of this search is drawn on the map
            # (the map stays in the page between searches: its markers carry the search's
            # id, `data-search`, as the cards do)
            page.get_by_text(f"of ZIP {place}").first.wait_for(timeout=120_000)
            page.wait_for_selector("[data-test-script-state='notRunning']", timeout=120_000)
            cards = page.locator(".rf-card")
            n, search = cards.count(), cards.first.get_attribute("data-search")
            frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
            frame.locator(f"[data-result='{n}'][data-search='{search}']").wait_for(
                timeout=120_000)
            elapsed = time.perf_counter() - start
            if i:
                times.append(elapsed)
    return times


# the red banner (st.error) only: the "Type where the caller is" prompt is an alert too
BANNER = re.compile(r"\b(911|988)\b")
CRISIS = ["I want to kill myself", "my kid drank bleach", "mi esposo me pega",
          "took a whole bottle of pills", "no puede respirar", "me quiero morir"]


def time_banners(db: Path, runs: int) -> list[float]:
    """Enter -> the red crisis banner visible, Where empty (no place, no search for services)."""
    times = []
    with streamlit_server({"RESOURCES_DB": str(db)}) as url, \
            browser_page("/usr/bin/chromium") as page:
        page.goto(url, wait_until="domcontentloaded", timeout=120_000)
        what = page.get_by_label("What do they need?")
        what.wait_for(timeout=120_000)
        for i in range(runs + 1):  # the first run warms the caches: not counted
            # a plain need between two crisis phrases, so each banner is a new one
            what.fill("food")
            what.press("Enter")
            page.wait_for_selector("[data-test-script-state='notRunning']", timeout=120_000)
            page.locator("[data-testid='stAlertContainer']", has_text=BANNER).first.wait_for(
                state="detached", timeout=120_000)
            what.fill(CRISIS[i % len(CRISIS)])
            start = time.perf_counter()
            what.press("Enter")
            page.locator("[data-testid='stAlertContainer']", has_text=BANNER).first.wait_for(timeout=120_000)
            elapsed = time.perf_counter() - start
            page.wait_for_selector("[data-test-script-state='notRunning']", timeout=120_000)
            if i:
                times.append(elapsed)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--locations", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=8)
    args = parser.parse_args()
    db = big_store(args.locations)
    demo_db = OUT / f"{VERSION}-demo.duckdb"
    if not demo_db.exists():
        list(build_demo(demo_db, REPO / "data" / "raw"))
    big = time_searches(db, args.runs)
    small = time_searches(demo_db, args.runs)
    for label, t in ((f"{args.locations:,} locations", big), ("demo (214 locations)", small)):
        print(f"{label:>22}: Enter -> cards + markers visible: median {statistics.median(t):.2f} s,"
              f" max {max(t):.2f} s over {len(t)} searches")
    print("target: under 1.5 s with 100,000 locations")
    for label, path in ((f"{args.locations:,} locations", db), ("demo (214 locations)", demo_db)):
        t = time_banners(path, args.runs)
        print(f"{label:>22}: Enter -> crisis banner (Where empty): median "
              f"{statistics.median(t):.2f} s, max {max(t):.2f} s over {len(t)} phrases")


if __name__ == "__main__":
    main()
