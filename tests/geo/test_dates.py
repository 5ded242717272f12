from __future__ import annotations

from datetime import date

import pytest

from brinkwatch.geo.dates import find_times, is_future_context, reported_on
from brinkwatch.model import TimePrecision

FRIDAY = date(2024, 5, 17)  # a Friday
MONDAY = date(2025, 2, 3)  # a Monday
P = TimePrecision


@pytest.mark.parametrize(
    ("text", "anchor", "phrase", "start", "end", "precision"),
    [
        # weekdays: the most recent such day on or before the article date
        ("The attack happened on Friday.", FRIDAY, "on Friday", date(2024, 5, 17), date(2024, 5, 17), P.DAY),
        ("Officials met Thursday.", FRIDAY, "Thursday", date(2024, 5, 16), date(2024, 5, 16), P.DAY),
        ("Clashes erupted on Saturday.", FRIDAY, "on Saturday", date(2024, 5, 11), date(2024, 5, 11), P.DAY),
        ("The drone came on Friday.", MONDAY, "on Friday", date(2025, 1, 31), date(2025, 1, 31), P.DAY),
        ("It collapsed last Friday.", FRIDAY, "last Friday", date(2024, 5, 10), date(2024, 5, 10), P.DAY),
        ("The talks will resume next Tuesday.", FRIDAY, "next Tuesday", date(2024, 5, 21), date(2024, 5, 21), P.DAY),
        ("Leaders will meet on Thursday.", MONDAY, "on Thursday", date(2025, 2, 6), date(2025, 2, 6), P.DAY),
        # deictic days and counts
        ("The envoy left yesterday.", FRIDAY, "yesterday", date(2024, 5, 16), date(2024, 5, 16), P.DAY),
        ("Troops withdrew last night.", MONDAY, "last night", date(2025, 2, 2), date(2025, 2, 2), P.DAY),
        ("The strike came two days ago.", FRIDAY, "two days ago", date(2024, 5, 15), date(2024, 5, 15), P.DAY),
        ("It closed two weeks ago.", FRIDAY, "two weeks ago", date(2024, 4, 29), date(2024, 5, 5), P.WEEK),
        ("It began two months ago.", FRIDAY, "two months ago", date(2024, 3, 1), date(2024, 3, 31), P.MONTH),
        # calendar periods
        ("Raids continued this week.", FRIDAY, "this week", date(2024, 5, 13), date(2024, 5, 19), P.WEEK),
        ("Negotiators met last week.", MONDAY, "last week", date(2025, 1, 27), date(2025, 2, 2), P.WEEK),
        ("The government fell last month.", FRIDAY, "last month", date(2024, 4, 1), date(2024, 4, 30), P.MONTH),
        ("The war escalated last year.", FRIDAY, "last year", date(2023, 1, 1), date(2023, 12, 31), P.YEAR),
        ("It resigned earlier this month.", FRIDAY, "earlier this month", date(2024, 5, 1), FRIDAY, P.RANGE),
        ("Strikes hit over the weekend.", MONDAY, "over the weekend", date(2025, 2, 1), date(2025, 2, 2), P.RANGE),
        # vague stretches back from the article date
        ("Depots exploded in recent months.", FRIDAY, "in recent months", date(2024, 2, 16), FRIDAY, P.RANGE),
        ("200 died in the past three months.", FRIDAY, "in the past three months", date(2024, 2, 17), FRIDAY, P.RANGE),
        ("Prices doubled over the past year.", FRIDAY, "over the past year", date(2023, 5, 17), FRIDAY, P.RANGE),
        # explicit dates
        ("Signed on March 3, 2022.", FRIDAY, "March 3, 2022", date(2022, 3, 3), date(2022, 3, 3), P.DAY),
        ("The city fell on 3 March 2022.", FRIDAY, "3 March 2022", date(2022, 3, 3), date(2022, 3, 3), P.DAY),
        ("Dated 2022-03-03.", FRIDAY, "2022-03-03", date(2022, 3, 3), date(2022, 3, 3), P.DAY),
        ("The strike was on March 3.", FRIDAY, "March 3", date(2024, 3, 3), date(2024, 3, 3), P.DAY),
        ("Closed on December 28.", MONDAY, "December 28", date(2024, 12, 28), date(2024, 12, 28), P.DAY),
        ("Protests started in March.", FRIDAY, "in March", date(2024, 3, 1), date(2024, 3, 31), P.MONTH),
        ("They took the town in June.", FRIDAY, "in June", date(2023, 6, 1), date(2023, 6, 30), P.MONTH),
        ("It expired in January 2023.", FRIDAY, "January 2023", date(2023, 1, 1), date(2023, 1, 31), P.MONTH),
        ("Founded in 2014.", FRIDAY, "in 2014", date(2014, 1, 1), date(2014, 12, 31), P.YEAR),
        ("Active since 2014.", FRIDAY, "since 2014", date(2014, 1, 1), FRIDAY, P.RANGE),
        ("It lasted from 2014 to 2017.", FRIDAY, "from 2014 to 2017", date(2014, 1, 1), date(2017, 12, 31), P.RANGE),
        ("War raged in the 1990s.", FRIDAY, "in the 1990s", date(1990, 1, 1), date(1999, 12, 31), P.RANGE),
    ],
)
def test_dates_resolve_against_the_article_date(
    text: str, anchor: date, phrase: str, start: date, end: date, precision: TimePrecision
) -> None:
    found = find_times(text, anchor)
    assert len(found) == 1
    ref = found[0].ref
    assert (ref.text, ref.start, ref.end, ref.precision) == (phrase, start, end, precision)
    assert text[found[0].start : found[0].end] == phrase


@pytest.mark.parametrize("text", ["They may go.", "The March of the Volunteers played.", "He won 2014 votes."])
def test_dates_ignore_words_that_only_look_like_dates(text: str) -> None:
    assert find_times(text, FRIDAY) == []


@pytest.mark.parametrize("text", ["The attack happened on Friday.", "Depots exploded in recent months."])
def test_dates_relative_phrase_without_article_date_is_unknown(text: str) -> None:
    (found,) = find_times(text, None)
    assert found.ref.precision is P.UNKNOWN and found.ref.start is None and found.ref.text


def test_dates_explicit_date_needs_no_article_date() -> None:
    (found,) = find_times("Signed on March 3, 2022.", None)
    assert found.ref.start == date(2022, 3, 3) and found.ref.precision is P.DAY


def test_dates_overlapping_matches_keep_the_longest() -> None:
    found = find_times("The raid took place on Tuesday night, March 3, 2022, and again last week.", FRIDAY)
    assert [m.ref.text for m in found] == ["on Tuesday night", "March 3, 2022", "last week"]


@pytest.mark.parametrize(
    ("anchor", "precision", "start"),
    [(FRIDAY, P.REPORTED_ON, FRIDAY), (None, P.UNKNOWN, None)],
)
def test_dates_reported_on_is_the_article_date(
    anchor: date | None, precision: TimePrecision, start: date | None
) -> None:
    ref = reported_on(anchor)
    assert (ref.precision, ref.start, ref.end, ref.text) == (precision, start, start, "")


@pytest.mark.parametrize(
    ("text", "future"),
    [("The talks will resume.", True), ("Leaders are due to meet.", True), ("The talks resumed.", False)],
)
def test_dates_future_context(text: str, future: bool) -> None:
    assert is_future_context(text) is future
