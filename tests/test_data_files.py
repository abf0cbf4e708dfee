"""The project's data files checked by pydantic models: a broken file reports every problem
at once, each with the file, its place in the document and why."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from resources.datafile import models_source
from resources.loaders._mapping import MappingError, read_mapping
from resources.loaders._transformer_mapping import read_transformer_mapping
from resources.loaders.hotlines import HotlinesYAMLLoader
from resources.records import Batch
from resources.search.matching import MatchingRulesError, load_rules
from resources.search.when_words import WhenGrammarError, load_when_grammar
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


def _lists(error: pytest.ExceptionInfo, head: str, lines: tuple[str, ...]) -> None:
    """The error's message starts with ``head`` and lists each line as a problem."""
    message = str(error.value)
    assert message.startswith(head), message
    for line in lines:
        assert f"  - {line}" in message, line


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
    _lists(err, f"{path}: 6 problem(s) in the national lines:", (
        "lines[0].phones[0].number: number must be a quoted string with digits",
        "lines[1].phones[0].type: type must be one of ('voice', 'text', 'tty')",
        "lines[2].colour: unknown field",
        "lines[3].say: is required",
        f"lines[4].id: line id {doc['lines'][5]['id']!r} is defined more than once",
        f"lines[5].id: line id {doc['lines'][5]['id']!r} is defined more than once"))


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


def test_matching_file_lists_every_problem_with_its_place(tmp_path):
    doc = _packaged("matching.yaml")
    youth = doc["populations"]["youth"]["fits"]
    youth.append("(?<!adult )youth")                             # look-behind: not RE2
    del doc["populations"]["men"]["query"]
    doc["populations"]["pets"]["chips"] = "Pets"
    doc["filters"]["wheelchair"]["set"] = {"wheelchair": True, "braille": True}
    del doc["filters"]["spanish"]["chip"]
    doc["filters"]["arabic"]["query"].append("??")
    doc["contradictions"][0]["words"] = "forensic"
    path = _write(tmp_path, "matching.yaml", doc)
    with pytest.raises(MatchingRulesError) as err:
        load_rules(str(path))
    _lists(err, f"{path}: 7 problem(s) in the matching rules:", (
        f"populations.youth.fits[{len(youth) - 1}]: '(?<!adult )youth' is a bad regex "
        "(RE2 syntax",
        "populations.men.query: is required",
        "populations.pets.chips: unknown field",
        "filters.wheelchair.set.braille: unknown field",
        "filters.spanish.chip: is required",
        f"filters.arabic.query[{len(doc['filters']['arabic']['query']) - 1}]: '??' has "
        "no word in it",
        "contradictions[0].words: must be a list"))


def test_when_file_lists_every_problem_with_its_place(tmp_path):
    doc = _packaged("when.yaml")
    doc["leads"].append(True)                                     # a bare `on` in YAML
    doc["days"]["monday"]["weekday"] = 7
    doc["days"]["tomorrow"]["time"] = "9am"
    del doc["parts"]["noon"]["until"]
    doc["days"]["sunday"]["words"].append("right now")            # already says "now"
    doc["pm_hours"] = [5, 12]
    path = _write(tmp_path, "when.yaml", doc)
    with pytest.raises(WhenGrammarError) as err:
        load_when_grammar(str(path))
    _lists(err, f"{path}: 6 problem(s) in the When grammar:", (
        f"leads[{len(doc['leads']) - 1}]: must be a non-empty string, got True "
        "(write it in quotes",
        "days.monday.weekday: Input should be less than or equal to 6",
        "days.tomorrow.time: '9am' is not a time HH:MM",
        "parts.noon.until: is required",
        "days.sunday.words[2]: 'right now' is already a now word",
        "pm_hours[1]: Input should be less than or equal to 11"))


@pytest.mark.parametrize(("text", "expected"), [
    ("""organizations.csv:
  columns:
    Organization ID:
      - {model: organizations, field: id, required: maybe}
      - {model: phone, field: organization_id}
      - phones.organization_id
    Title: {model: organisations, field: name}
services.csv: {columns: {Name: {model: services, field: name}}}
phones.csv: {columns: {Number: [{model: phones, field: number}, null]}}
locations.csv: {columns: [Name, Address]}
programs.csv: {notes: no columns yet}
""", ["organizations.csv.columns.Organization ID[0].required: Input should be a valid boolean",
      "organizations.csv.columns.Organization ID[2]: must be a mapping (key: value lines)",
      "organizations.csv.columns.Title[0].model: model 'organisations' is not an HSDS 1.x "
      "table (known: accessibility_for_disabilities, contacts,",
      "locations.csv.columns: must be a mapping (key: value lines)",
      "programs.csv.columns: is required"]),
    ("""locations:
  location_uuid: {model: locations, field: id}
  location_address: {model: postal_address, field: address_1, foreign_key_name: location_id}
organizations:
  organization_uuid: {model: organizations, field: id, colour: red}
  organization_name: {model: organizations}
  organization_url:
""", ["locations.location_address[0]: foreign_key_name and foreign_key_value go together",
      "organizations.organization_uuid[0].colour: unknown field",
      "organizations.organization_name[0].field: is required"]),
], ids=["columns", "flat"])
def test_transformer_mapping_lists_every_problem_with_its_place(tmp_path, text, expected):
    path = tmp_path / "mapping.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as err:
        read_transformer_mapping(path)
    message = str(err.value)
    assert message.startswith(f"mapping mapping.yaml has {len(expected)} problem(s):")
    for line in expected:
        assert f"\n  {line}" in message, line


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


def test_a_checked_file_is_checked_again_when_any_models_module_changes(tmp_path):
    """The "checked once" cache key holds the text of every models module, so a change
    to a shared base class (vocab/schemas.Entry) re-checks files of other models too."""
    (tmp_path / "vocab").mkdir()
    (tmp_path / "search").mkdir()
    (tmp_path / "vocab" / "schemas.py").write_text("class Entry: extra = 'forbid'\n")
    (tmp_path / "search" / "schemas.py").write_text("from vocab.schemas import Entry\n")
    before = models_source(tmp_path)
    (tmp_path / "vocab" / "schemas.py").write_text("class Entry: extra = 'ignore'\n")
    models_source.cache_clear()
    assert models_source(tmp_path) != before
