from __future__ import annotations

from pathlib import Path

import pytest

from brinkwatch.language.sentences import split_sentences
from brinkwatch.model import ActorMention, Article, Quote
from brinkwatch.provenance.outlets import match_outlet
from brinkwatch.provenance.quotes import find_quotes
from brinkwatch.provenance.speakers import find_country, resolve_speaker
from tests.provenance.suite import FLOORS, SETS, SUITE, load_suite, run


def _article(text: str, mentions: list[ActorMention] | None = None) -> Article:
    article = Article(id="q", text=text, outlet="Daily Ledger", mentions=mentions or [])
    article.sentences = split_sentences(text)
    return article


def _quotes(text: str) -> list[Quote]:
    return find_quotes(_article(text))


@pytest.mark.parametrize(
    ("text", "quoted", "speaker", "verb"),
    [
        ("“The depot burned all night,” a guard said.", "The depot burned all night,", "a guard", "said"),
        ('"The depot burned all night," a guard said.', "The depot burned all night,", "a guard", "said"),
        ("“It burned. Then it exploded,” said one resident.", "It burned. Then it exploded,", "one resident", "said"),
        ("A guard said: “The depot burned all night.”", "The depot burned all night.", "A guard", "said"),
        ("The mayor said, “Nobody was hurt.”", "Nobody was hurt.", "The mayor", "said"),
        (
            "“We are ready,” Hezbollah’s deputy leader told Al Mayadeen on Sunday.",
            "We are ready,",
            "Hezbollah’s deputy leader",
            "told",
        ),
    ],
)
def test_quotes_direct_speech_finds_the_speaker_before_or_after(
    text: str, quoted: str, speaker: str, verb: str
) -> None:
    (quote,) = _quotes(text)
    assert quote.direct and quote.text == quoted and quote.verb == verb
    assert quote.speaker is not None and quote.speaker.text == speaker


def test_quotes_frameless_quote_after_a_quote_continues_its_speaker() -> None:
    quotes = _quotes("“We hit them,” the commander said. “We will hit them again.”")
    assert len(quotes) == 2 and quotes[1].speaker == quotes[0].speaker and quotes[1].chain == quotes[0].chain


@pytest.mark.parametrize(
    "text",
    [
        "“We hit them,” the commander said. “We will hit them again,” he added.",
        "“We hit them,” the commander said. He added that the raids would go on.",
        "The commander said the raids had worked. She added they would go on.",
    ],
)
def test_quotes_pronoun_speaker_is_the_previous_speaker(text: str) -> None:
    quotes = _quotes(text)
    assert len(quotes) == 2 and quotes[1].speaker is not None and quotes[1].speaker.text.lower() == "the commander"
    assert quotes[1].chain[-1].verb == quotes[1].verb != quotes[0].verb


@pytest.mark.parametrize(
    "text",
    [
        "The so-called “axis of resistance” grew stronger.",
        "Nobody expected the “surgical” strikes to spread.",
    ],
)
def test_quotes_scare_quotes_are_not_speech(text: str) -> None:
    assert _quotes(text) == []


def test_quotes_fragment_belongs_to_the_indirect_quote_around_it() -> None:
    quotes = _quotes("The cleric warned that militias would “answer every strike” in kind.")
    assert len(quotes) == 1 and not quotes[0].direct and "answer every strike" in quotes[0].text


@pytest.mark.parametrize(
    ("text", "speaker", "verb", "outlets"),
    [
        ("The minister said that the talks had failed.", "The minister", "said", []),
        ("The talks had failed, according to a senior diplomat.", "a senior diplomat", "according to", []),
        ("A US official told Reuters that the talks had failed.", "A US official", "told", ["Reuters"]),
        ("The envoy warned the talks would fail.", "The envoy", "warned", []),
        ("The talks had failed, the AP reports.", None, "reports", ["Associated Press"]),
        (
            "The talks failed, two diplomats told The New York Times on Monday.",
            "two diplomats",
            "told",
            ["The New York Times"],
        ),
    ],
)
def test_quotes_indirect_speech_forms(text: str, speaker: str | None, verb: str, outlets: list[str]) -> None:
    (quote,) = _quotes(text)
    assert not quote.direct and quote.verb == verb and "talks" in quote.text
    assert (quote.speaker.text if quote.speaker else None) == speaker
    assert [link.name for link in quote.chain if link.kind in {"agency", "cited_outlet"}] == outlets


@pytest.mark.parametrize(
    "text",
    [
        "The shelling is said to have wounded four guards.",
        "Evidence suggests that the depot was hit.",
        "No group has claimed the attack on the depot.",
    ],
)
def test_quotes_hedges_and_non_speakers_are_not_quotes(text: str) -> None:
    assert _quotes(text) == []


@pytest.mark.parametrize(
    ("phrase", "code", "anonymous", "former", "name"),
    [
        ("a US official", "USAGOV", True, False, None),
        ("a former US ambassador to Iraq", "USAGOV", True, True, None),
        ("Israeli Prime Minister Benjamin Netanyahu", "ISRGOV", False, False, "Benjamin Netanyahu"),
        ("Syria's foreign ministry", "SYRGOV", False, False, None),
        ("the Pentagon", "USAMIL", False, False, None),
        ("Beijing", "CHNGOV", False, False, None),
        ("a spokesman for Hezbollah", "LBNUAF", True, False, None),
        ("Residents of al-Qaim", None, True, False, None),
        ("two security sources", None, True, False, None),
    ],
)
def test_speakers_resolve_country_sector_and_anonymity(
    phrase: str, code: str | None, anonymous: bool, former: bool, name: str | None
) -> None:
    speaker = resolve_speaker(_article(f"{phrase} said so."), 0, len(phrase))
    assert (speaker.code, speaker.anonymous, speaker.former, speaker.name) == (code, anonymous, former, name)


def test_speakers_anonymous_official_takes_the_country_from_context() -> None:
    text = "Senior Iraqi officials have noted the danger. “It worries us,” a senior defense official told Reuters."
    quote = find_quotes(_article(text))[-1]
    assert quote.speaker is not None and quote.speaker.code == "IRQMIL" and quote.speaker.anonymous


@pytest.mark.parametrize(
    ("phrase", "mention", "code", "anonymous"),
    [
        ("a former US ambassador to Iraq", ("Iraq", "IRQ"), "USAGOV", True),
        ("a Sudanese army spokesman", ("Sudanese", "SDN"), "SDNMIL", True),
        ("the Ruritanian defence minister", ("Ruritanian", "RUR"), "RURMIL", False),
        ("Ruritania's foreign ministry", ("Ruritania's foreign ministry", "RURGOV"), "RURGOV", False),
        (
            "Gen. Karl Brandt, a former Ruritanian commander",
            ("a former Ruritanian commander", "RURMIL"),
            "RURMIL",
            False,
        ),
    ],
)
def test_speakers_use_coder_mentions_inside_the_phrase(
    phrase: str, mention: tuple[str, str], code: str, anonymous: bool
) -> None:
    text = f"{phrase} said so."
    at = text.index(mention[0])
    coded = ActorMention(
        mention[0],
        at,
        at + len(mention[0]),
        code=mention[1],
        country=mention[1][:3],
        anonymous=mention[0].startswith("a "),
    )
    speaker = resolve_speaker(_article(text, [coded]), 0, len(phrase))
    assert (speaker.code, speaker.anonymous) == (code, anonymous)


def test_speakers_prefer_the_coders_mention() -> None:
    text = "“We hold the bridge,” the spokesman said."
    at = text.index("the spokesman")
    mention = ActorMention("the spokesman", at, at + 13, code="SDNMIL", country="SDN", sectors=["MIL"])
    quote = find_quotes(_article(text, [mention]))[0]
    assert quote.speaker is not None and quote.speaker.code == "SDNMIL"


@pytest.mark.parametrize(
    ("phrase", "name", "kind"),
    [
        ("the AP", "Associated Press", "agency"),
        ("The Wall Street Journal", "The Wall Street Journal", "cited_outlet"),
        ("the Tasnim news agency", "Tasnim", "agency"),
        ("state television", "state television", "cited_outlet"),
        ("a US official", None, None),
    ],
)
def test_speakers_match_outlet(phrase: str, name: str | None, kind: str | None) -> None:
    outlet = match_outlet(phrase)
    assert (outlet.name if outlet else None, outlet.kind if outlet else None) == (name, kind)


@pytest.mark.parametrize(
    ("phrase", "country"), [("a concern for us", None), ("US forces", "USA"), ("the ambassador to Iraq", None)]
)
def test_speakers_find_country(phrase: str, country: str | None) -> None:
    assert find_country(phrase) == country


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_quotes_form_gate(path: Path) -> None:
    items = load_suite(path)
    right = sum(run(item).quote == item["quote"] for item in items)
    assert right / len(items) >= FLOORS["quote"][path.stem], f"quote forms right on {right}/{len(items)}"


def test_quotes_suite_covers_every_quote_form_and_chain_shape() -> None:
    items = load_suite(SUITE)
    assert {item["quote"] for item in items} == {"none", "direct", "indirect"}
    shapes = {item["chain"] for item in items}
    assert {
        "outlet",
        "outlet>speaker",
        "outlet>agency",
        "outlet>cited_outlet",
        "outlet>agency>speaker",
        "outlet>cited_outlet>speaker",
        "outlet>original_outlet>cited_outlet>speaker",
        "outlet>cited_outlet>agency>speaker",
    } <= shapes


def test_quotes_extract_text_format_shows_quotes_and_chains(samples: Path) -> None:
    from typer.testing import CliRunner

    from brinkwatch.cli import app

    result = CliRunner().invoke(app, ["extract", str(samples / "militia-strikes.txt"), "--format", "text"])
    assert result.exit_code == 0
    assert "quotes:          5" in result.stdout
    assert (
        "direct, told: a spokesman for the group (uncoded, anonymous); Levant Monitor > Reuters > Al Mayadeen"
        in result.stdout
    )
