from __future__ import annotations

from datetime import date

import pytest

from brinkwatch.coding.petrarch_format import (
    parse_actors,
    parse_agents,
    parse_date,
    parse_discards,
    parse_verbs,
    phrase_words,
)
from brinkwatch.errors import ConfigurationError

ACTORS = """
# a comment line
<!-- an XML-style comment -->
ELBONIA_  [ELB]
+ELBONIAN_
+FREE_ELBONIA

KING_OTTO_  # a dated leader
+OTTO_THE_BOLD
\t[ELBELI 600101-950618]
\t[ELBGOV 950618 - 20010706]
\t[ELBGOV >20150401]
\t[ELBELI]
NO_CODE_HERE
"""


def test_petrarch_format_actors_names_roles_and_dates() -> None:
    elbonia, otto = parse_actors(ACTORS)
    assert elbonia.names == [["elbonia"], ["elbonian"], ["free", "elbonia*"]]
    assert [r.code for r in elbonia.roles] == ["ELB"]
    assert [(r.code, r.start, r.end) for r in otto.roles] == [
        ("ELBELI", date(1960, 1, 1), date(1995, 6, 18)),
        ("ELBGOV", date(1995, 6, 18), date(2001, 7, 6)),
        ("ELBGOV", date(2015, 4, 1), None),
        ("ELBELI", None, None),
    ]


@pytest.mark.parametrize(
    ("phrase", "words"),
    [("ARNOR_", ["arnor"]), ("ARGENTIN", ["argentin*"]), ("CARAS GALADHON", ["caras", "galadhon*"]), ("", [])],
)
def test_petrarch_format_phrase_words_marks_stems(phrase: str, words: list[str]) -> None:
    assert phrase_words(phrase) == words


@pytest.mark.parametrize(
    ("text", "expected"),
    [("950618", date(1995, 6, 18)), ("250101", date(2025, 1, 1)), ("20070631", date(2007, 6, 30))],
)
def test_petrarch_format_dates_two_digit_years_and_bad_days(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["12", "abcdefgh", "2007013"])
def test_petrarch_format_bad_dates_say_how_to_fix(text: str) -> None:
    with pytest.raises(ConfigurationError, match="YYYYMMDD"):
        parse_date(text)


def test_petrarch_format_agents_plurals_macros_and_prefix_codes() -> None:
    text = """
!PERSON! = MAN, WOMAN
POLICE!PERSON! [~COP]
MILITIA_COMMANDER [~UAFMIL]
ARMED_FORCES {} [~MIL]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~JUD]
PEACEKEEPING_TROOPS {} [IGO~]
"""
    found = {(" ".join(a.words), a.code) for a in parse_agents(text)}
    assert {("policeman", "~COP"), ("policewoman", "~COP"), ("policemen", "~COP")} <= found
    assert ("militia commanders", "~UAFMIL") in found
    assert ("armed forceses", "~MIL") not in found and ("armed forces", "~MIL") in found
    assert ("attorneys general", "~JUD") in found and ("attorney generals", "~JUD") not in found
    assert ("peacekeeping troops", "IGO~") in found


VERBS = """
&WEAPON
+ROCKET
+MORTAR

--- ASSAULT  [190] ---
ATTACK
STRIKE {STRIKES STRUCK STRIKING}
SHELL [194]
- * &WEAPON [195]
- * WITH TANKS [194]
- PLANNED * [138]

&NOTAVERB
+BANANA

--- MEET  [040] ---
MEET {MET}
- * (WITH +) [043:042]
"""


def test_petrarch_format_verbs_blocks_forms_patterns_and_synsets() -> None:
    assault, meet = parse_verbs(VERBS)
    assert (assault.name, assault.code) == ("assault", "190")
    assert set(assault.verbs) == {"attack", "strike", "shell"}
    assert assault.verb_codes == {"shell": "194"}
    assert assault.forms["struck"] == "strike"
    weapons, tanks, planned = assault.patterns
    assert weapons.after == [["mortar", "rocket"]] and weapons.code == "195"
    assert tanks.after == [["with"], ["tanks"]]
    assert planned.before == [["planned"]] and planned.after == []
    assert "banana" not in meet.verbs and meet.forms == {"met": "meet"}
    assert meet.patterns[0].code == "043:042" and meet.patterns[0].target_marked


@pytest.mark.parametrize(
    ("sentence", "story", "discarded"),
    [
        ("The Tigers beat the Lions in the third round.", "", True),
        ("Rebels shelled the town.", "", False),
        ("Rebels shelled the town.", "A typhoon hit the coast. Rebels shelled the town.", True),
        ("Typhoons are rare.", "", False),  # whole words only
    ],
)
def test_petrarch_format_discards(sentence: str, story: str, discarded: bool) -> None:
    discards = parse_discards("# sports\nTHIRD_ROUND\n+TYPHOON  # weather stories\n")
    assert discards.discards(sentence, story) is discarded
