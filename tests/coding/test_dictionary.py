from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from brinkwatch.coding.dictionary import (
    ActorDictionary,
    ActorRecord,
    Trie,
    format_role,
    load_additions,
    parse_role,
)
from brinkwatch.coding.petrarch_format import RoleSpan
from brinkwatch.errors import ConfigurationError


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        ("the Elbonian army", [(1, 3, [2])]),  # longest phrase wins over "elbonian"
        ("Elbonian troops", [(0, 1, [1])]),
        ("Argentinian and Argentina", [(0, 1, [3]), (2, 3, [3])]),  # a stem matches longer words
        ("al - Qaeda and al-Qaeda", [(0, 3, [4]), (4, 5, [4])]),  # hyphens split on both sides
        ("nothing here", []),
    ],
)
def test_dictionary_trie_longest_matches(tokens: str, expected: list[tuple[int, int, list[int]]]) -> None:
    trie = Trie()
    trie.add(["elbonian"], 1)
    trie.add(["elbonian", "army"], 2)
    trie.add(["argentin*"], 3)
    trie.add(["al-qaeda"], 4)
    assert trie.find_all(tokens.split()) == expected


OTTO = ActorRecord(
    ["king otto"],
    [RoleSpan("ELBELI", date(1960, 1, 1), date(1995, 6, 18)), RoleSpan("ELBGOV", date(2015, 4, 1)), RoleSpan("ELBELI")],
)


@pytest.mark.parametrize(
    ("when", "code"),
    [(date(1990, 1, 1), "ELBELI"), (date(2019, 8, 23), "ELBGOV"), (date(2005, 1, 1), "ELBELI"), (None, "ELB")],
)
def test_dictionary_role_valid_on_the_article_date(when: date | None, code: str) -> None:
    assert OTTO.code_on(when) == code


@pytest.mark.parametrize(
    ("roles", "code"),
    [
        # Not the role of today (a businessman after his term ended): what every role of his agrees on.
        ([RoleSpan("USAGOV", date(2017, 1, 20), date(2021, 1, 20)), RoleSpan("USABUS")], "USA"),
        ([RoleSpan("ISRGOV", date(2022, 12, 29)), RoleSpan("ISRGOV", date(1996, 6, 18), date(1999, 7, 6))], "ISRGOV"),
        ([RoleSpan("ISRMIL")], "ISRMIL"),
        ([RoleSpan("GBRGOV", date(2001, 1, 1), date(2005, 1, 1)), RoleSpan("USABUS")], "USABUS"),
    ],
)
def test_dictionary_without_a_date_a_role_is_not_resolved_against_today(roles: list[RoleSpan], code: str) -> None:
    assert ActorRecord(["someone"], roles).code_on(None) == code


@pytest.mark.parametrize("role", [RoleSpan("ISR"), RoleSpan("ISRGOV", date(1996, 6, 18), None)])
def test_dictionary_role_text_round_trips(role: RoleSpan) -> None:
    assert parse_role(format_role(role)) == role


def test_dictionary_yaml_additions(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "actors:\n  - names: [Northern Shield Brigade, NSB]\n    code: elbuaf\n    affiliation: GRC\n"
        "    start: 2020-01-01\nagents:\n  - names: [drone operator]\n    code: ~MIL\n",
        encoding="utf-8",
    )
    additions = load_additions(path)
    (actor,) = additions.actors
    assert actor.names == ["northern shield brigade", "nsb"] and actor.affiliation == "GRC"
    assert actor.roles == [RoleSpan("ELBUAF", date(2020, 1, 1), None)]
    assert [(a.words, a.code) for a in additions.agents] == [(["drone", "operator"], "~MIL")]


def test_dictionary_csv_additions_extend_a_dictionary(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(
        "kind,names,code,start,end,affiliation\nactor,Northern Shield|NSB,ELBUAF,,,\nagent,sniper|snipers,~MIL,,,\n",
        encoding="utf-8",
    )
    dictionary = ActorDictionary([], [])
    dictionary.add(load_additions(path))
    assert dictionary.actor_trie.find_all(["Northern", "Shield"]) == [(0, 2, [0])]
    assert dictionary.agent_trie.find_all(["snipers"]) == [(0, 1, [1])]


@pytest.mark.parametrize(
    ("content", "message"),
    [("actors:\n  - names: [X]\n", "needs `names` and `code`"), ("agents:\n  - names: [x]\n", "needs a `code`")],
)
def test_dictionary_bad_additions_say_what_is_missing(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigurationError, match=message):
        load_additions(path)


@pytest.mark.parametrize(
    ("phrase", "when", "code"),
    [
        ("Israeli Prime Minister Benjamin Netanyahu", date(2019, 8, 23), "ISRGOV"),
        ("Benjamin Netanyahu", date(1998, 1, 1), "ISRGOV"),
        ("Iraqi", None, "IRQ"),
        ("Iran", None, "IRN"),
        ("Popular Mobilization Forces", None, "IRQUAF"),
    ],
)
def test_dictionary_compiled_actors(dictionary: ActorDictionary, phrase: str, when: date | None, code: str) -> None:
    ((start, end, ids),) = dictionary.actor_trie.find_all(phrase.split())
    assert (start, end) == (0, len(phrase.split()))
    assert dictionary.actors[ids[-1]].code_on(when) == code


@pytest.mark.parametrize(("phrase", "code"), [("commanders", "~MIL"), ("militias", "~UAF"), ("official", "~GOV")])
def test_dictionary_compiled_agents(dictionary: ActorDictionary, phrase: str, code: str) -> None:
    ((_, _, ids),) = dictionary.agent_trie.find_all(phrase.split())
    assert dictionary.agents[ids[0]].code == code
