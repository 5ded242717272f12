"""A synthetic event stream with planted escalations, to test alerts against known onsets.

Each directed dyad has a quiet background: a Poisson number of events a day (its own rate), drawn
from a mostly cooperative and verbal mix of PLOVER types, mostly asserted or reported, each with a
few independent sources. Some dyads get one planted escalation: from its onset day for a few days,
extra material-conflict events (ASSAULT, COERCE, MOBILIZE, THREATEN) arrive on top. Everything is
drawn with numpy from one seed, so a stream is reproducible and a million events take a second.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import numpy as np

from brinkwatch.analysis.columns import EventTable, day_number, from_day_number
from brinkwatch.analysis.plover import CERTAINTY_ORDER, PLOVER_TYPES, QUAD_CLASS, TYPE_INDEX
from brinkwatch.model import ActorMention, Article, Certainty, Claim, Event, Evidence, TimePrecision, TimeRef

__all__ = ["PlantedEscalation", "SyntheticStream", "make_stream"]

COUNTRIES = ("ISR", "IRN", "USA", "IRQ", "SYR", "LBN", "SAU", "YEM", "TUR", "RUS", "UKR", "CHN", "TWN", "IND", "PAK")
SECTORS = ("", "GOV", "MIL")
# Background mix: mostly talk and cooperation, some verbal conflict, rare material conflict.
BACKGROUND = {
    "CONSULT": 0.25,
    "AGREE": 0.10,
    "SUPPORT": 0.08,
    "COOPERATE": 0.08,
    "AID": 0.04,
    "REQUEST": 0.08,
    "ACCUSE": 0.12,
    "REJECT": 0.08,
    "THREATEN": 0.05,
    "PROTEST": 0.04,
    "SANCTION": 0.03,
    "MOBILIZE": 0.02,
    "COERCE": 0.02,
    "ASSAULT": 0.01,
}
SURGE = {"ASSAULT": 0.45, "COERCE": 0.2, "MOBILIZE": 0.15, "THREATEN": 0.2}
CERTAINTY_MIX = {
    Certainty.ASSERTED: 0.45,
    Certainty.REPORTED: 0.3,
    Certainty.CLAIMED: 0.08,
    Certainty.ALLEGED: 0.07,
    Certainty.SUSPECTED: 0.05,
    Certainty.THREATENED: 0.03,
    Certainty.DENIED: 0.02,
}


@dataclass(frozen=True, slots=True)
class PlantedEscalation:
    actor: str
    recipient: str
    onset: date
    end: date


@dataclass(slots=True)
class SyntheticStream:
    table: EventTable
    planted: list[PlantedEscalation]
    first_day: date
    n_days: int

    def to_articles(self) -> list[Article]:
        """One article per event, each with one coded Event, for JSONL and CLI round trips."""
        table = self.table
        articles = []
        for row in range(len(table)):
            day = from_day_number(int(table.day[row]))
            actor, recipient = table.codes[table.actor[row]], table.codes[table.recipient[row]]
            kind = PLOVER_TYPES[table.type[row]]
            sentence = f"Synthetic {kind} event: {actor} against {recipient} on {day.isoformat()}."
            event = Event(
                type=kind,
                id=str(table.event_id[row]),
                actor=ActorMention(text=actor, start=0, end=len(actor), code=actor),
                recipient=ActorMention(text=recipient, start=0, end=len(recipient), code=recipient),
                quad_class=QUAD_CLASS[kind],
                when=TimeRef(text=day.isoformat(), start=day, end=day, precision=TimePrecision.DAY),
                evidence=Evidence(sentence_index=0, sentence=sentence),
                claim=Claim(certainty=CERTAINTY_ORDER[table.certainty[row]]),
            )
            articles.append(
                Article(
                    id=f"synthetic-{table.event_id[row]}",
                    text=sentence,
                    outlet=f"outlet-{row % 7}",
                    published_at=datetime.combine(day, time(12), tzinfo=UTC),
                    story_id=f"story-{table.event_id[row]}",
                    events=[event],
                )
            )
        return articles


def _dyads(n: int) -> list[tuple[str, str]]:
    actors = [country + sector for sector in SECTORS for country in COUNTRIES]
    pairs = [(a, b) for a, b in itertools.permutations(actors, 2) if a[:3] != b[:3]]
    if n > len(pairs):
        raise ValueError(f"at most {len(pairs)} synthetic dyads, asked for {n}")
    return pairs[:n]


def make_stream(
    *,
    n_dyads: int = 40,
    n_days: int = 365,
    events_per_day: float = 1.0,
    escalating: float = 0.25,
    surge_per_day: float = 6.0,
    warm_up: int = 45,
    first_day: date = date(2025, 1, 1),
    seed: int = 7,
) -> SyntheticStream:
    """Draw a stream; `escalating` is the share of dyads that get one planted escalation."""
    rng = np.random.default_rng(seed)
    dyads = _dyads(n_dyads)
    # Log-normal rates whose mean is events_per_day (the mean of lognormal(mu, s) is exp(mu + s^2/2)).
    rates = rng.lognormal(np.log(events_per_day) - 0.6**2 / 2, 0.6, size=n_dyads)
    counts = rng.poisson(np.outer(rates, np.ones(n_days)))  # dyads x days
    dyad_of, day_of = np.nonzero(counts)
    repeats = counts[dyad_of, day_of]
    dyad_rows = [np.repeat(dyad_of, repeats)]
    day_rows = [np.repeat(day_of, repeats)]
    types = [_draw_types(rng, BACKGROUND, int(repeats.sum()))]
    planted = []
    for dyad in rng.choice(n_dyads, size=round(escalating * n_dyads), replace=False):
        onset = int(rng.integers(warm_up, n_days - 14))
        length = int(rng.integers(3, 11))
        surge = rng.poisson(surge_per_day + 2 * rates[dyad], size=length)
        surge[0] = max(surge[0], 2)  # an escalation starts with something happening
        dyad_rows.append(np.full(int(surge.sum()), dyad))
        day_rows.append(np.repeat(np.arange(onset, onset + length), surge))
        types.append(_draw_types(rng, SURGE, int(surge.sum())))
        actor, recipient = dyads[dyad]
        start = first_day + timedelta(days=onset)
        planted.append(PlantedEscalation(actor, recipient, start, start + timedelta(days=length - 1)))
    dyad_index = np.concatenate(dyad_rows)
    kind = np.concatenate(types)
    n = len(kind)
    codes = sorted({code for pair in dyads for code in pair})
    position = {code: i for i, code in enumerate(codes)}
    actor_of = np.array([position[a] for a, _ in dyads], dtype=np.int32)
    recipient_of = np.array([position[b] for _, b in dyads], dtype=np.int32)
    certainty_p = np.array([CERTAINTY_MIX.get(c, 0.0) for c in CERTAINTY_ORDER])
    quad = np.array([QUAD_CLASS[name] for name in PLOVER_TYPES], dtype=np.int8)
    table = EventTable(
        event_id=np.array([f"syn-{i}" for i in range(n)], dtype=object),
        actor=actor_of[dyad_index],
        recipient=recipient_of[dyad_index],
        day=np.concatenate(day_rows).astype(np.int64) + day_number(first_day),
        type=kind,
        quad=quad[kind],
        goldstein=np.full(n, np.nan),
        intensity=np.full(n, np.nan),
        certainty=rng.choice(len(CERTAINTY_ORDER), size=n, p=certainty_p / certainty_p.sum()).astype(np.int8),
        sources=rng.geometric(0.6, size=n).astype(np.int32),
        codes=codes,
    )
    planted.sort(key=lambda p: (p.onset, p.actor, p.recipient))
    return SyntheticStream(table=table, planted=planted, first_day=first_day, n_days=n_days)


def _draw_types(rng: np.random.Generator, mix: dict[str, float], size: int) -> np.ndarray:
    names = list(mix)
    p = np.array([mix[name] for name in names])
    index = np.array([TYPE_INDEX[name] for name in names], dtype=np.int8)
    return index[rng.choice(len(names), size=size, p=p / p.sum())]
