"""The one gazetteer and its one place-name normalizer: the same key for every way a place
name is written, used by place resolution and by service-area reading alike."""

from __future__ import annotations

import csv

import pytest

from resources.errors import data_path
from resources.geo.gazetteer import county_bare, packaged, place_key
from resources.geo.places import resolve_place
from resources.loaders.coverage import resolve_coverage


@pytest.fixture(scope="module")
def gaz():
    return packaged()


@pytest.mark.parametrize(("one", "other"), [
    ("Saint Louis", "St. Louis"),
    ("ST LOUIS", "st louis"),
    ("Sainte Genevieve", "Ste. Genevieve"),
    ("Mount Vernon", "Mt. Vernon"),
    ("Fort Bend", "Ft Bend"),
    ("Bayamón", "Bayamon"),
    ("Doña Ana", "Dona Ana"),
    ("Añasco", "anasco"),
    ("Prince George's", "Prince Georges"),
    ("Prince George’s", "Prince Georges"),
    ("Prince George`s", "Prince Georges"),
    ("O'Brien", "OBrien"),
    ("Winston-Salem", "winston salem"),
])
def test_one_key_for_every_spelling(one, other):
    assert place_key(one) == place_key(other)
    assert place_key(one) == place_key(place_key(one))      # a key is its own key


@pytest.mark.parametrize(("text", "bare"), [
    ("Orleans Parish", "orleans"),
    ("Juneau City and Borough", "juneau"),
    ("Kodiak Island Borough", "kodiak island"),
    ("City and County of Denver", "denver"),
    ("City and County of San Francisco", "san francisco"),
    ("Bethel Census Area", "bethel"),
    ("Baltimore city", "baltimore"),
    ("Prince George's County", "prince georges"),
    ("Cook", "cook"),
])
def test_county_kind_dropped(text, bare):
    assert county_bare(place_key(text)) == bare


@pytest.mark.parametrize(("name", "state", "fips"), [
    ("Orleans Parish", "LA", ("22071",)),
    ("orleans", "LA", ("22071",)),
    ("Prince George’s County", "MD", ("24033",)),
    ("City and County of Denver", "CO", ("08031",)),
    ("Saint Louis County", "MO", ("29189",)),
    ("St. Louis city", "MO", ("29510",)),
    ("Juneau City and Borough", "AK", ("02110",)),
    ("Matanuska-Susitna Borough", "AK", ("02170",)),
    ("Doña Ana County", "NM", ("35013",)),
    ("Bayamon", "PR", ("72021",)),
])
def test_county_codes_by_any_spelling(gaz, name, state, fips):
    assert gaz.county_codes(name, state) == fips


def test_states_by_name_code_and_alias(gaz):
    assert gaz.state("Illinois") == gaz.state("il") == gaz.state("State of Illinois") == "IL"
    assert gaz.state("Washington, D.C.") == gaz.state("District of Columbia") == "DC"
    assert gaz.state("Cook") is None
    assert gaz.state_fips["IL"] == "17"


def test_every_packaged_county_is_found_by_its_own_names(gaz):
    """One source: each row of us_counties.csv resolves to its FIPS by its name in its
    state (unless two counties of one state share it), and the same gazetteer places it."""
    with data_path("us_counties.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(gaz.county_state) == 3220
    for row in rows:
        assert row["fips"] in gaz.county_codes(row["name"], row["state"]), row
        assert gaz.county_state[row["fips"]] == row["state"]


def test_place_resolution_and_coverage_read_the_same_names(gaz):
    """A county written the 'Saint'/accent/apostrophe way resolves both as a search place
    and as service-area text, to the same county."""
    for text, fips in [("Saint Louis County, MO", "29189"), ("Prince George’s County, MD",
                                                            "24033"),
                       ("Doña Ana County, NM", "35013"), ("Orleans Parish, LA", "22071")]:
        found = resolve_place(text, gazetteer=gaz)
        assert found.status == "ok" and found.best is not None, text
        assert found.best.county_fips == fips
        coverage = resolve_coverage(text, gaz)
        assert (coverage.kind, coverage.codes) == ("county", (fips,)), text


def test_city_and_county_of_is_read_as_the_county(gaz):
    res = resolve_coverage("City and County of Denver, CO", gaz)
    assert (res.kind, res.codes) == ("county", ("08031",))
    res = resolve_coverage("City and County of San Francisco", gaz)
    assert (res.kind, res.codes) == ("county", ("06075",))
