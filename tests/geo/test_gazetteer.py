from __future__ import annotations

from pathlib import Path

import pytest

from brinkwatch.errors import ConfigurationError
from brinkwatch.geo.gazetteer import (
    ADMIN1,
    CITY,
    COUNTRY,
    DEFAULT_INDEX,
    REGION,
    Gazetteer,
    load_gazetteer,
    normalize,
    skeleton,
)


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@pytest.mark.parametrize(
    ("name", "key"),
    [("Al Qā’im", "al qaim"), ("al-Qaim", "al qaim"), ("  Deir  ez-Zor ", "deir ez zor"), ("U.S.", "u s"), ("", "")],
)
def test_gazetteer_normalize_folds_case_accents_and_separators(name: str, key: str) -> None:
    assert normalize(name) == key


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Deir ez-Zor", "Deir al-Zour"),
        ("Deir ez-Zor", "Dayr az Zawr"),
        ("Hodeidah", "Al Hudaydah"),
        ("Qaim", "al-Qaim"),
        ("Albukamal", "Albu Kamal"),
    ],
)
def test_gazetteer_skeleton_unifies_transliterations(one: str, other: str) -> None:
    assert skeleton(one) == skeleton(other)


@pytest.mark.parametrize(("one", "other"), [("Paris", "Peru"), ("Homs", "Hama"), ("Aleppo", "Idlib")])
def test_gazetteer_skeleton_keeps_different_names_apart(one: str, other: str) -> None:
    assert skeleton(one) != skeleton(other)


@pytest.mark.parametrize(
    ("name", "geonames_id", "feature"),
    [
        ("Erbil", 95446, CITY),
        ("Tbilisi", 611717, CITY),
        ("Iraq", 99237, COUNTRY),
        ("Georgia", 614540, COUNTRY),
        ("Georgia", 4197000, ADMIN1),  # the US state, with its GeoNames id
        ("Deir al-Zour", 170794, CITY),  # a GeoNames alternate name
        ("Qamishli", 173377, CITY),  # "Al Qāmishlī" without its article
    ],
)
def test_gazetteer_find_returns_every_reading(gazetteer: Gazetteer, name: str, geonames_id: int, feature: str) -> None:
    found = gazetteer.find(name)
    assert any(m.entry.geonames_id == geonames_id and m.entry.feature == feature for m in found)


def test_gazetteer_regions_and_subdivisions_carry_codes(gazetteer: Gazetteer) -> None:
    gaza = [m.entry for m in gazetteer.find("Gaza Strip") if m.entry.feature == REGION]
    assert gaza and gaza[0].code == "PS.GZ" and gaza[0].lat is not None
    anbar = [m.entry for m in gazetteer.find("Anbar province") if m.entry.feature == ADMIN1]
    assert anbar and anbar[0].code == "IQ-AN" and anbar[0].country == "IQ"


def test_gazetteer_skeleton_fallback_only_when_exact_fails(gazetteer: Gazetteer) -> None:
    assert gazetteer.find("Erbil", fuzzy=True) == gazetteer.find("Erbil", fuzzy=False)
    assert gazetteer.find("Dair al-Zur", fuzzy=False) == ()
    assert any(m.entry.geonames_id == 170794 for m in gazetteer.find("Dair al-Zur"))


@pytest.mark.parametrize(("word", "country"), [("Iraqi", "IQ"), ("Iraqis", "IQ"), ("Syrian", "SY"), ("Paris", None)])
def test_gazetteer_demonyms(gazetteer: Gazetteer, word: str, country: str | None) -> None:
    assert gazetteer.demonym(word) == country


def test_gazetteer_countries_neighbours_and_admin1(gazetteer: Gazetteer) -> None:
    assert gazetteer.iso3("IQ") == "IRQ"
    assert {"SY", "IR", "TR"} <= gazetteer.neighbours("IQ")
    iraq = gazetteer.country("IQ")
    assert iraq is not None and iraq.geonames_id == 99237
    texas = gazetteer.admin1("US", "TX")
    assert texas is not None and texas.name == "Texas"
    assert gazetteer.admin1("US", None) is None


def test_gazetteer_index_is_small_and_complete(gazetteer: Gazetteer) -> None:
    assert DEFAULT_INDEX.stat().st_size < 20 * 1024 * 1024
    counts = gazetteer.counts()
    assert counts[CITY] > 200_000 and counts[COUNTRY] > 240 and counts[ADMIN1] > 3000
    assert "cities500" in gazetteer.meta()["source"]


def test_gazetteer_missing_index_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match=r"build_gazetteer\.py"):
        Gazetteer.open(tmp_path / "absent.sqlite.gz")


def test_gazetteer_damaged_index_is_a_configuration_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.sqlite.gz"
    broken.write_bytes(b"not gzip at all")
    with pytest.raises(ConfigurationError, match="damaged"):
        Gazetteer.open(broken)
