"""The editable tables data/actors.csv, data/nationalities.csv and data/country_sides.csv stay consistent."""

from collections import defaultdict

import pandas as pd
import pytest

from helpers.paths import data_file

SIDES = {"russia", "ukraine", "usa", "eu", "nato", "turkey", "un", "other"}
# Common first names that must never stand alone as an alias (first names of the table's persons are added).
FIRST_NAMES = {
    "vladimir", "donald", "joe", "joseph", "sergei", "sergey", "dmitry", "dmitri", "andriy", "andrii",
    "oleksandr", "alexander", "mykhailo", "mikhail", "volodymyr", "boris", "emmanuel", "mark", "olaf",
    "ursula", "keir", "marco", "pete", "steve", "keith", "viktor", "yulia", "maria", "kirill", "yuri",
    "antonio", "charles", "jens", "francis", "leo", "austin", "graham", "kim", "mohammed", "ivan",
}
# City names are metonyms for a whole side, resolved elsewhere: never aliases of one actor.
CITIES = {"moscow", "kyiv", "kiev", "washington", "brussels", "ankara", "beijing", "minsk", "london", "paris"}


def _split(cell: object) -> list[str]:
    return [p.strip() for p in cell.split(";") if p.strip()] if isinstance(cell, str) else []


@pytest.fixture(scope="module")
def actors() -> pd.DataFrame:
    return pd.read_csv(data_file("actors.csv"), comment="#")


@pytest.fixture(scope="module")
def nationalities() -> pd.DataFrame:
    return pd.read_csv(data_file("nationalities.csv"), comment="#")


def test_schema_and_size(actors):
    assert list(actors.columns) == ["name", "kind", "side", "country", "role", "aliases", "descriptors"]
    assert set(actors["kind"]) <= {"person", "organisation"}
    assert (actors["kind"] == "person").sum() >= 80
    assert (actors["kind"] == "organisation").sum() >= 10
    assert actors["name"].notna().all() and actors["role"].notna().all()


def test_names_unique(actors):
    names = actors["name"].str.casefold()
    assert not names.duplicated().any(), actors.loc[names.duplicated(), "name"].tolist()


def test_sides_allowed(actors):
    assert set(actors["side"]) <= SIDES, set(actors["side"]) - SIDES


def test_no_alias_names_two_actors(actors):
    owners: dict[str, set[str]] = defaultdict(set)
    for name, aliases in zip(actors["name"], actors["aliases"]):
        for form in [name, *_split(aliases)]:
            owners[form.casefold()].add(name)
    shared = {form: names for form, names in owners.items() if len(names) > 1}
    assert not shared, shared


def test_no_bare_first_name_or_city_alias(actors):
    persons = actors.loc[actors["kind"] == "person", "name"]
    first_names = FIRST_NAMES | {n.split()[0].casefold() for n in persons}
    bad = []
    for name, aliases, country in zip(actors["name"], actors["aliases"], actors["country"]):
        own_first = name.split()[0].casefold()
        for alias in _split(aliases):
            key = alias.casefold()
            # an actor's own first token is allowed only where it is the family name (Xi Jinping -> Xi)
            taken_by_other = key in first_names and (key != own_first or key in FIRST_NAMES)
            if taken_by_other or key in CITIES and name != country:   # a capital only for its state's own row
                bad.append((name, alias))
    assert not bad, bad


def test_descriptors_are_lowercase_unique_phrases(actors):
    owners: dict[str, set[str]] = defaultdict(set)
    for name, descriptors in zip(actors["name"], actors["descriptors"]):
        for d in _split(descriptors):
            assert d == d.lower() and not d.startswith("the ") and "’" not in d, (name, d)
            owners[d].add(name)
    shared = {d: names for d, names in owners.items() if len(names) > 1}
    assert not shared, shared


def test_countries_have_nationality_adjectives(actors, nationalities):
    assert list(nationalities.columns) == ["country", "adjective"]
    assert len(nationalities) >= 50
    assert not nationalities.duplicated().any()
    missing = set(actors["country"].dropna()) - set(nationalities["country"])
    assert not missing, missing


def test_country_sides_name_known_countries_and_sides(nationalities):
    table = pd.read_csv(data_file("country_sides.csv"), comment="#")
    assert not table["country"].duplicated().any()
    assert set(table["country"]) <= set(nationalities["country"]), set(table["country"]) - set(nationalities["country"])
    assert set(table["side"]) <= SIDES, set(table["side"]) - SIDES
