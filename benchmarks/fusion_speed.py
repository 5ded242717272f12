"""Fusion throughput: reports per second on a synthetic stream, and how many needed MiniLM.

    PYTHONPATH=. python benchmarks/fusion_speed.py [--dyads 30] [--days 60]

Each synthetic event (brinkwatch.evaluate.synthetic) is reported by 1-3 articles from different
outlets, each in its own template wording. This measures speed only: template sentences differ from
each other in the same few slots, which is not how rewrites of real stories differ, so accuracy is
measured on the hand-written set in tests/data/fusion instead.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from datetime import time as clock

import numpy as np
import numpy.typing as npt

from brinkwatch.analysis.columns import from_day_number
from brinkwatch.analysis.embeddings import SentenceEncoder, load_minilm
from brinkwatch.analysis.fusion import Fuser
from brinkwatch.analysis.plover import CERTAINTY_ORDER, PLOVER_TYPES
from brinkwatch.evaluate.synthetic import make_stream
from brinkwatch.model import ActorMention, Article, Claim, Event, Evidence, TimePrecision, TimeRef

WORDINGS = [
    "{a} and {r} were involved in a {t} incident over the {o} near {p}, officials said.",
    "Officials reported a {t} episode about the {o} between {a} and {r} close to {p}.",
    "Near {p}, {a} was said to have taken {t} action toward {r} concerning the {o}.",
]
# Details that tell two occurrences of one type between one pair apart, as real reports do.
PLACES = ["Basra", "Mosul", "Aleppo", "Homs", "Tyre", "Sidon", "Aden", "Marib", "Herat", "Kandahar", "Gaza", "Jenin"]
OBJECTS = ["border crossing", "oil pipeline", "prisoner exchange", "fishing fleet", "power station", "grain convoy"]


class Counting:
    """A SentenceEncoder that counts the sentences it embeds."""

    def __init__(self, encoder: SentenceEncoder) -> None:
        self.encoder, self.calls = encoder, 0

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.calls += len(texts)
        return self.encoder.encode(texts)


def reports(n_dyads: int, n_days: int) -> tuple[list[Article], int]:
    stream = make_stream(n_dyads=n_dyads, n_days=n_days, seed=3, warm_up=10)
    table, rng = stream.table, np.random.default_rng(3)
    cases = []
    for row in range(len(table)):
        day = from_day_number(int(table.day[row]))
        actor, recipient = table.codes[table.actor[row]], table.codes[table.recipient[row]]
        kind = PLOVER_TYPES[table.type[row]]
        place, thing = PLACES[int(rng.integers(len(PLACES)))], OBJECTS[int(rng.integers(len(OBJECTS)))]
        for copy in range(int(rng.integers(1, 4))):
            sentence = WORDINGS[copy].format(a=actor, r=recipient, t=kind.lower(), p=place, o=thing)
            event = Event(
                type=kind,
                id=f"{row}:{copy}",
                actor=ActorMention(text=actor, start=0, end=0, code=actor),
                recipient=ActorMention(text=recipient, start=0, end=0, code=recipient),
                when=TimeRef(text="", start=day, end=day, precision=TimePrecision.DAY),
                evidence=Evidence(sentence_index=0, sentence=sentence),
                claim=Claim(certainty=CERTAINTY_ORDER[table.certainty[row]]),
            )
            published = datetime.combine(day, clock(12), tzinfo=UTC)
            article = Article(id=f"a{row}-{copy}", text=sentence, outlet=f"outlet {copy}", published_at=published)
            article.events = [event]
            cases.append(article)
    return cases, len(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dyads", type=int, default=30)
    parser.add_argument("--days", type=int, default=60)
    args = parser.parse_args()
    cases, occurrences = reports(args.dyads, args.days)
    encoder = Counting(load_minilm())
    encoder.encode(["warm up"])
    encoder.calls = 0
    fuser = Fuser(encoder=encoder)
    start = time.perf_counter()
    for case in cases:
        fuser.add(case)
    seconds = time.perf_counter() - start
    calls = encoder.calls
    print(f"{'reports':>8} {'occurrences':>11} {'fused':>6} {'embedded':>8} {'seconds':>8} {'reports/s':>9}")
    print(
        f"{len(cases):>8} {occurrences:>11} {len(fuser.fused):>6} {calls:>8} {seconds:>8.1f} "
        f"{len(cases) / seconds:>9.0f}"
    )


if __name__ == "__main__":
    main()
