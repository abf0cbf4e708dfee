"""No traceback, ever: every loader, fed truncated, shuffled and column-dropped cuts of its
real shared files, loads with its problems reported or raises the project's one load error
(:class:`LoadError`, one line, never a "loader bug"); every source row of a CSV or JSON-lines
file and every record of a JSON, YAML, GeoJSON or geodatabase input is landed or reported;
and what loads lands whole in a store (no table short of what was read).

Each case is a small cut of a real file (the first rows), so the whole run takes seconds;
the seed is fixed, so a failure reproduces.
"""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
from pathlib import Path

import pandas as pd
import pytest

from resources.loaders import LOADERS, LoadError, bench_cases, get_loader
from resources.records import Batch
from resources.store.write import write_source

ROWS = 25  # rows kept of each real file
SEED = 16
MUTATIONS = ("truncated", "shuffled", "column-dropped")
# A file-level note that accounts for every row of its file: not read on purpose, or
# folded into the parent records (eligibility rows -> the service's eligibility text).
WHOLE_FILE = ("not read", "not stored", "joined into")
DATA = {".csv", ".json", ".geojson", ".yaml", ".yml", ".gdbtable"}


def _cases(shared: Path) -> list[tuple[str, Path]]:
    return bench_cases(shared)


# -- cutting a real file to a shape --------------------------------------------------------
def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.replace("\r\n", "\n").replace("\r", "\n"))))


def _csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _records(doc: object) -> tuple[list[object], object] | None:
    """The record list of a JSON document (top level or its largest list) and a setter."""
    if isinstance(doc, list):
        return doc, None
    if isinstance(doc, dict):
        lists = [(k, v) for k, v in doc.items() if isinstance(v, list) and v]
        if lists:
            key, value = max(lists, key=lambda kv: len(kv[1]))
            return value, key
    return None


def _drop_key(record: object, rng: random.Random) -> object:
    """One key (or, every other time, half of them) dropped from a record."""
    if isinstance(record, dict) and record:
        target = record.get("properties") if isinstance(record.get("properties"), dict) \
            else record
        if target:
            keys = sorted(target)
            for key in rng.sample(keys, max(1, len(keys) // 2) if rng.random() < 0.5 else 1):
                target.pop(key, None)
    return record


def _mutate_text(name: str, text: str, how: str, rng: random.Random) -> str:
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(text)[: ROWS + 1]
        if how == "shuffled":
            body = rows[1:]
            rng.shuffle(body)
            rows = rows[:1] + body
        elif how == "column-dropped" and rows and rows[0]:
            # one column, or (every other time) half of them
            n = len(rows[0])
            drop = set(rng.sample(range(n), max(1, n // 2) if rng.random() < 0.5 else 1))
            rows = [[v for i, v in enumerate(r) if i not in drop] for r in rows]
        out = _csv_text(rows)
        return out[: int(len(out) * 0.7)] if how == "truncated" else out
    if suffix in (".json", ".geojson"):
        lines = text.splitlines()
        try:
            doc = json.loads(text)
        except json.JSONDecodeError:  # one JSON object per line (a Mongo export)
            lines = lines[:ROWS]
            if how == "shuffled":
                rng.shuffle(lines)
            elif how == "column-dropped":
                lines = [json.dumps(_drop_key(json.loads(x), rng)) if x.strip() else x
                         for x in lines]
            out = "\n".join(lines) + "\n"
            return out[: int(len(out) * 0.7)] if how == "truncated" else out
        found = _records(doc)
        if found is not None:
            records, key = found
            records = records[:ROWS]
            if how == "shuffled":
                rng.shuffle(records)
            elif how == "column-dropped":
                records = [_drop_key(r, rng) for r in records]
            if key is None:
                doc = records
            else:
                doc[key] = records
        elif how == "column-dropped":
            doc = _drop_key(doc, rng)
        out = json.dumps(doc)
        return out[: int(len(out) * 0.7)] if how == "truncated" else out
    lines = text.splitlines()
    if how == "shuffled":
        body = lines[1:]
        rng.shuffle(body)
        lines = lines[:1] + body
    out = "\n".join(lines) + "\n"
    return out[: int(len(out) * 0.7)] if how == "truncated" else out


def _mutate(path: Path, how: str, rng: random.Random) -> None:
    if path.name == "datapackage.json" or path.suffix.lower() not in DATA:
        return
    if path.suffix.lower() == ".gdbtable":  # binary: only a cut is meaningful
        if how == "truncated":
            raw = path.read_bytes()
            path.write_bytes(raw[: int(len(raw) * 0.7)])
        return
    text = path.read_bytes().decode("latin-1")  # byte-faithful: the loader decodes
    path.write_bytes(_mutate_text(path.name, text, how, rng).encode("latin-1"))


def _variant(source: Path, how: str, tmp: Path, rng: random.Random) -> Path:
    target = tmp / how / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, target)
        for file in sorted(p for p in target.rglob("*") if p.is_file()):
            _mutate(file, how, rng)
    else:
        shutil.copy(source, target)
        _mutate(target, how, rng)
    return target


# -- the invariants ------------------------------------------------------------------------
def _row_files(path: Path) -> list[Path]:
    """The files whose rows are numbered: CSV files and one-object-per-line JSON files (of
    an hsds-transformer folder: its input CSVs, not the transformer's output beside them)."""
    from resources.loaders.transformer import find_mapping

    found = find_mapping(path) if path.is_dir() else None
    if found is not None:
        path = found[1]
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    return [f for f in files if f.suffix.lower() == ".csv" or _json_lines(f) is not None]


def _json_lines(file: Path) -> int | None:
    """Lines (data rows) of a one-object-per-line JSON file (a Mongo export), else None."""
    if file.suffix.lower() != ".json":
        return None
    text = file.read_bytes().decode("utf-8", "replace")
    try:
        json.loads(text)
        return None  # one document, not lines
    except json.JSONDecodeError:
        pass
    lines = text.splitlines()
    return len(lines) if lines and lines[0].lstrip().startswith("{") else None


def _data_rows(file: Path) -> set[int]:
    lines = _json_lines(file)
    if lines is not None:
        text = file.read_bytes().decode("utf-8", "replace").splitlines()
        return {n for n in range(1, lines + 1) if text[n - 1].strip()}
    n = len(pd.read_csv(file, dtype=str, keep_default_na=False, encoding="latin-1"))
    return set(range(1, n + 1))


def _landed(batch: Batch) -> dict[str, set[int]]:
    """(file, data row) of every record read, before the shared steps drop the file names."""
    landed: dict[str, set[int]] = {}
    for frame in batch.tables.values():
        if "_file" in frame and "source_row" in frame:
            for file, row in zip(frame["_file"], frame["source_row"], strict=True):
                if pd.notna(row):
                    landed.setdefault(str(file), set()).add(int(row))
    return landed


def _unaccounted(path: Path, landed: dict[str, set[int]], batch: Batch) -> dict[str, list[int]]:
    """Data rows of each CSV read that are neither in a table nor named by an issue (a
    file-level issue accounts for its whole file)."""
    reported: dict[str, set[int]] = {}
    whole: set[str] = set()
    for issue in batch.issues:
        if issue.row is None:
            if issue.severity in ("error", "warning") or any(
                    w in issue.problem for w in WHOLE_FILE):
                whole.update(issue.file.split(", "))
        else:
            reported.setdefault(issue.file, set()).add(issue.row)
    missing: dict[str, list[int]] = {}
    for file in _row_files(path):
        if file.name in whole:
            continue
        try:
            rows = _data_rows(file)
        except Exception:  # noqa: BLE001 - a broken cut: the loader's own report counts
            continue
        gone = sorted(rows - landed.get(file.name, set()) - reported.get(file.name, set()))
        if gone:
            missing[file.name] = gone
    return missing


# the loaders whose every CSV / JSON-lines row must be landed or reported
ROW_KINDS = ("airs-csv", "mapped-csv", "hotlines-csv", "linksf-csv", "ohana-csv",
             "hsds-legacy-csv", "hsds3-csv", "hifld-hospitals", "ohana-mongo",
             "hsds-transformer")


def _record_count(kind: str, path: Path) -> tuple[str, int] | None:
    """(file, number of records) of a one-document input (JSON, YAML, GeoJSON, a File
    Geodatabase), numbered 1..N in the loader's ``source_row``; None when the cut cannot
    be read at all (the loader's LoadError covers it) or the kind has no such records."""
    import yaml

    from resources.loaders.hsds3 import _top_records

    try:
        if kind == "hsds3-json":
            return path.name, len(_top_records(json.loads(path.read_text("utf-8")), path.name))
        if kind == "linksf-json":
            doc = json.loads(path.read_text("utf-8"))
            return path.name, sum(1 for f in doc if f)
        if kind == "hotlines-yaml":
            return path.name, len(yaml.safe_load(path.read_text("utf-8"))["hotlines"])
        if kind == "osm-points":
            return path.name, len(json.loads(path.read_text("utf-8"))["features"])
        if kind == "hifld-urgent-care":
            import pyogrio

            return path.name, int(pyogrio.read_info(path)["features"])
    except Exception:  # noqa: BLE001 - an unreadable cut: nothing to count
        return None
    return None


def _unaccounted_records(kind: str, path: Path, landed: dict[str, set[int]],
                         batch: Batch) -> list[int]:
    """Records of a one-document input neither landed nor named by an issue."""
    counted = _record_count(kind, path)
    if counted is None:
        return []
    file, n = counted
    if any(i.row is None and i.severity in ("error", "warning") and file in i.file
           for i in batch.issues):
        return []
    reported = {i.row for i in batch.issues if i.row is not None}
    seen = set().union(*landed.values()) if landed else set()
    return [r for r in range(1, n + 1) if r not in seen and r not in reported]


def _whole_or_nothing(store, loader, path: Path, batch: Batch, sid: str) -> str | None:
    """Write the normalized batch as a load does; every table lands whole, or (a LoadError)
    nothing of the source is in the store."""
    from resources.records import SourceMeta

    want = {t: len(f) for t, f in batch.tables.items() if len(f)}
    try:
        loader.finish(store, batch)
        write_source(store, SourceMeta(id=sid, kind=loader.kind, path=str(path), sha256="",
                                       notes=batch.notes), batch)
    except LoadError:
        left = store.scalar(f"SELECT count(*) FROM service WHERE source_id = '{sid}'")
        return f"half-loaded: {left} services left after a LoadError" if left else None
    got = {t: int(store.scalar(f'SELECT count(*) FROM "{t}" WHERE source_id = ?', [sid]))
           for t in want}
    short = {t: (got[t], want[t]) for t in want if got[t] < want[t]}
    return f"half-loaded (stored, read): {short}" if short else None


@pytest.mark.parametrize("how", MUTATIONS)
def test_every_loader_survives_cut_real_files(shared, tmp_path, how):
    """Every kind, fed a cut of its real files: a one-line LoadError or a load whose every
    row (CSV, JSON lines) or record (JSON, YAML, GeoJSON, geodatabase) is landed or
    reported, and which lands whole in the store."""
    from resources.store import Store

    rng = random.Random(f"{SEED}-{how}")
    failures: list[str] = []
    kinds_seen: set[str] = set()
    store = Store.open(":memory:")
    for n, (kind, source) in enumerate(_cases(shared)):
        kinds_seen.add(kind)
        path = _variant(source, how, tmp_path / str(n), rng)
        loader = get_loader(kind)
        try:
            batch = loader.read(path)
            landed = _landed(batch)
            batch = loader.normalize(batch)
        except LoadError as exc:
            first = str(exc).splitlines()[0]
            if not first.strip() or "Traceback" in str(exc) or "loader bug" in first:
                failures.append(f"{kind} {source.name} ({how}): not a one-line load error: "
                                f"{first!r}")
            continue
        except Exception as exc:  # noqa: BLE001 - the point of the test
            failures.append(f"{kind} {source.name} ({how}): {type(exc).__name__}: {exc}")
            continue
        if kind in ROW_KINDS:
            lost = _unaccounted(path, landed, batch)
            if lost:
                failures.append(f"{kind} {source.name} ({how}): rows neither landed nor "
                                f"reported: {lost}")
        lost_records = _unaccounted_records(kind, path, landed, batch)
        if lost_records:
            failures.append(f"{kind} {source.name} ({how}): records neither landed nor "
                            f"reported: {lost_records}")
        try:
            half = _whole_or_nothing(store, loader, path, batch, f"s{n}")
        except Exception as exc:  # noqa: BLE001 - the write must not raise either
            half = f"write raised {type(exc).__name__}: {exc}"
        if half:
            failures.append(f"{kind} {source.name} ({how}): {half}")
    store.close()
    assert kinds_seen == set(LOADERS)
    assert not failures, "\n".join(failures)


def test_cli_load_of_a_broken_file_is_one_error_line(shared, tmp_path, capsys, monkeypatch):
    from resources import cli
    from resources.loaders.linksf import LinkSFCSVLoader

    broken = tmp_path / "locations.csv"
    real = pd.read_csv(shared / "linksf" / "locations.csv", dtype=str, encoding="latin-1")
    real.drop(columns=["name"]).head(5).to_csv(broken, index=False)  # no name column
    db = str(tmp_path / "s.duckdb")
    assert cli.main(["--db", db, "load", "linksf-csv", str(broken)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("resources: locations.csv lacks the column(s) name")
    assert "Traceback" not in err
    # a loader bug still reaches the user as one error line, never a traceback
    monkeypatch.setattr(LinkSFCSVLoader, "read", lambda self, path: {}["boom"])
    assert cli.main(["--db", db, "load", "linksf-csv", str(shared / "linksf" /
                                                          "locations.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "KeyError" in err and "loader bug" in err
