"""The project's data files checked by pydantic models: a broken file reports every problem
at once, each with the file, its place in the document and why."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from resources.loaders._mapping import MappingError, read_mapping
from resources.loaders.hotlines import HotlinesYAMLLoader
from resources.records import Batch
from resources.vocab.crisis import CrisisError, load_crisis
from resources.vocab.national_lines import NationalLinesError, load_national_lines
from resources.vocab.needs import VocabularyError, load_vocabulary

REPO = Path(__file__).resolve().parent.parent


def _write(tmp_path: Path, name: str, doc: object) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def _packaged(name: str) -> dict:
    return yaml.safe_load((REPO / "resources" / "data" / name).read_text(encoding="utf-8"))


def test_national_lines_file_lists_every_problem_with_its_place(tmp_path):
    doc = _packaged("national_lines.yaml")
    doc["lines"][0]["phones"][0]["number"] = 911                 # unquoted
    doc["lines"][1]["phones"].insert(0, {"number": "988", "type": "fax"})
    doc["lines"][2]["colour"] = "red"
    del doc["lines"][3]["say"]
    doc["lines"][4]["id"] = doc["lines"][5]["id"]
    path = _write(tmp_path, "lines.yaml", doc)
    with pytest.raises(NationalLinesError) as err:
        load_national_lines(path)
    message = str(err.value)
    assert message.startswith(f"{path}: 6 problem(s) in the national lines:")
    for line in ("lines[0].phones[0].number: number must be a quoted string with digits",
                 "lines[1].phones[0].type: type must be one of ('voice', 'text', 'tty')",
                 "lines[2].colour: unknown field",
                 "lines[3].say: is required",
                 f"lines[4].id: line id {doc['lines'][5]['id']!r} is defined more than once",
                 f"lines[5].id: line id {doc['lines'][5]['id']!r} is defined more than once"):
        assert f"  - {line}" in message, line


def test_needs_file_lists_every_problem_with_its_place(tmp_path):
    doc = _packaged("needs.yaml")
    doc["needs"][0]["safety"] = "yes"
    doc["needs"][1]["spanish"] = ["comida", 42]
    doc["needs"][2]["hotline_topics"] = ["gardening"]
    doc["needs"][3]["label"] = "  "
    doc["groups"] = "shelter"                                     # not a list
    path = _write(tmp_path, "needs.yaml", doc)
    with pytest.raises(VocabularyError) as err:
        load_vocabulary(path)
    problems = err.value.problems
    assert str(path) in str(err.value)
    for expected in ("needs[0].safety: Input should be a valid boolean",
                     "needs[1].spanish[1]: must be a non-empty string, got 42 (quote numbers",
                     "needs[2].hotline_topics[0]: hotline topic 'gardening' is not declared",
                     "needs[3].label: is required",
                     "groups: must be a list"):
        assert any(p.startswith(expected) for p in problems), expected
    # every need's group is now unknown (the groups list is broken): each one is named
    assert sum(".group: group" in p for p in problems) == len(doc["needs"])


def test_crisis_file_lists_every_problem_with_its_place(tmp_path):
    doc = _packaged("crisis.yaml")
    doc["classes"][0]["call"] = 911
    doc["classes"][1]["phrases"]["en"].append("(took|ate pills")
    doc["classes"][2]["patterns"] = ["[unclosed"]
    doc["classes"][3]["lines"] = ["no-such-line"]
    path = _write(tmp_path, "crisis.yaml", doc)
    with pytest.raises(CrisisError) as err:
        load_crisis(path)
    problems = err.value.problems
    n = len(doc["classes"][1]["phrases"]["en"]) - 1
    for expected in ("classes[0].call: call must be one of ('911', '988') (quoted), got 911",
                     f"classes[1].phrases.en[{n}]: '(took|ate pills' has unbalanced",
                     "classes[2].patterns: '[unclosed' is not a regular expression",
                     "classes[3].lines: line 'no-such-line' is not in national_lines.yaml"):
        assert any(p.startswith(expected) for p in problems), expected
    assert len(problems) == 4


def test_mapping_file_lists_every_problem_with_its_place(tmp_path):
    path = _write(tmp_path, "clinics.yaml", {
        "delimiter": ";;",
        "id": {"columns": ["Name"], "repeats": "sometimes"},
        "fields": {"name": {"column": "Name", "template": "{Name}"},
                   "description": {"column": "About", "format": "%Y"}},
        "categories": [{"column": "Kind", "matches": "(", "needs": ["food_pantry"]}],
        "status": {"column": "Open", "default": "maybe"},
        "attributes": ["not", "a", "mapping"],
    })
    with pytest.raises(MappingError) as err:
        read_mapping(path, header=["Name", "About"], file="clinics.csv")
    problems = [i.problem for i in err.value.issues]
    assert {i.file for i in err.value.issues} == {"clinics.yaml"}
    for expected in ("delimiter: must be one character",
                     "id.repeats: Input should be 'reject' or 'keep_first'",
                     "fields.name: needs exactly one of column, template, value",
                     "fields.description: format only applies to assured_date",
                     "categories[0].matches: not a valid regular expression",
                     "status.default: 'maybe' is not one of",
                     "attributes: must be a mapping",
                     "categories[0].column: column 'Kind' is not in clinics.csv",
                     "status.column: column 'Open' is not in clinics.csv"):
        assert any(p.startswith(expected) for p in problems), expected
    assert f"mapping clinics.yaml has {len(problems)} problem(s)" in str(err.value)


def test_hotlines_file_that_is_not_a_list_of_entries(tmp_path):
    path = tmp_path / "lines.yaml"
    path.write_text("# format: resources-hotlines/1\nhotlines:\n  - 5\n  - {id: a}\n  - [x]\n",
                    encoding="utf-8")
    with pytest.raises(Exception) as err:                        # noqa: PT011 - LoadError
        HotlinesYAMLLoader().read(path)
    assert type(err.value).__name__ == "LoadError"
    problems = [i.problem for i in err.value.issues]
    assert problems == ["hotlines[0]: must be a mapping (key: value lines)",
                        "hotlines[2]: must be a mapping (key: value lines)"]
    path.write_text("# format: resources-hotlines/1\nsource: {name: x}\n", encoding="utf-8")
    with pytest.raises(Exception) as err:                        # noqa: PT011
        HotlinesYAMLLoader().read(path)
    assert [i.problem for i in err.value.issues] == ["hotlines: is required"]


def test_a_checked_file_is_not_checked_again_and_a_changed_one_is(tmp_path):
    """The packaged files pass once; then a process reads them without pydantic. A file
    that changes is checked again (its content is the key)."""
    probe = ("import sys\nfrom resources.vocab.needs import load_vocabulary\n"
             "load_vocabulary(sys.argv[1] if len(sys.argv) > 1 else None)\n"
             "print('pydantic' in sys.modules)")
    env = {"PYTHONPATH": str(REPO), "RESOURCES_CACHE": str(tmp_path / "cache"),
           "PATH": "/usr/bin:/bin"}

    def run(*args: str) -> str:
        return subprocess.run([sys.executable, "-c", probe, *args], env=env, cwd=REPO,
                              capture_output=True, text=True, check=True).stdout.strip()

    assert run() == "True"
    assert run() == "False"
    doc = _packaged("needs.yaml")
    doc["needs"][0]["synonyms"].append("a new word")
    assert run(str(_write(tmp_path, "needs.yaml", doc))) == "True"


def test_a_hotlines_file_whose_source_is_not_a_mapping_still_loads(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text("# format: resources-hotlines/1\nsource: 7\nhotlines:\n"
                    "  - {id: a, name: A, phones: [{number: '988'}], coverage: {national: true}}\n",
                    encoding="utf-8")
    batch = HotlinesYAMLLoader().read(path)                      # a bad `source` is ignored
    assert isinstance(batch, Batch) and len(batch.tables["service"]) == 1
