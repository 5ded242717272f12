"""Annotation tooling for the real-news event gold standard (docs/annotation-guide.md, docs/evaluation.md).

    python scripts/gold_events.py select --out /tmp/annot       # choose the articles, write annotation packets
    python scripts/gold_events.py build  PASS_DIR... --out brinkwatch/resources/gold
    python scripts/gold_events.py agreement A_DIR B_DIR          # event-level F1 and Cohen's kappa on type

`select` draws the articles from ../shared/data/news with a fixed seed, stratified by topic (70% politics,
conflict, diplomacy, protest and crime; 30% the rest), assigns the fixed split and the articles that get a
second, blind pass, and writes one packet per article: its sentences numbered as the RuleSplitter cuts the
raw CSV text. Packets hold ../shared text and stay outside the repository.

`build` turns the annotators' records (spans as strings, see the guide section 9) into the stored gold
files, which keep character offsets into the raw text and never the text itself.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from brinkwatch.coding.learned.labels import MODES_BY_TYPE, PLOVER_TYPES  # noqa: E402
from brinkwatch.language.sentences import RuleSplitter  # noqa: E402
from brinkwatch.model import Certainty  # noqa: E402

NEWS = ROOT.parent / "shared" / "data" / "news"
FILES = ("wikinews_2019.csv", "wikinews_2020.csv")
SEED = 20261203
N_POLITICAL, N_OTHER = 105, 45
N_TEST, N_DEV = 60, 20
N_DOUBLE_TEST, N_DOUBLE_TRAIN = 30, 15
MAX_WORDS, MIN_WORDS = 900, 60

# Title and lead words that mark politics, conflict, diplomacy, protest or crime. Accidents and
# disasters are not in it on purpose: they are the negatives the coder must learn to leave alone.
_POLITICAL = re.compile(
    r"\b(government|minister|president|prime minister|parliament|congress|senat\w*|election|elected|vote[sd]?|"
    r"party|opposition|police|arrest\w*|charged|court|judge|jail\w*|prison|sentenced|convicted|trial|"
    r"attack\w*|bomb\w*|shoot\w*|shot|gunm[ae]n|militant\w*|rebel\w*|troops|army|military|soldier\w*|war|"
    r"air ?strike\w*|protest\w*|demonstrat\w*|riot\w*|strike[sr]?|sanction\w*|treaty|talks|summit|diplomat\w*|"
    r"embassy|ambassador|ban[sn]?e?d?|sue[sd]?|lawsuit|murder\w*|terror\w*|hostage\w*|kidnap\w*|coup|"
    r"referendum|impeach\w*|resign\w*|border|refugee\w*|migrant\w*|ceasefire|peace|nuclear|missile\w*)\b",
    re.IGNORECASE,
)


def load_rows() -> list[dict[str, str]]:
    csv.field_size_limit(2**31 - 1)
    rows = []
    for name in FILES:
        with (NEWS / name).open(encoding="utf-8", newline="") as handle:
            for index, row in enumerate(csv.DictReader(handle)):
                rows.append({"doc": f"{name.removesuffix('.csv')}:{index}", **row})
    return rows


def is_political(row: dict[str, str]) -> bool:
    lead = row["title"] + " " + row["text"][:600]
    return len(_POLITICAL.findall(lead)) >= 2


def select(out: Path) -> None:
    rows = [r for r in load_rows() if MIN_WORDS <= len(r["text"].split()) <= MAX_WORDS]
    political = [r for r in rows if is_political(r)]
    other = [r for r in rows if not is_political(r)]
    rng = random.Random(SEED)
    chosen_pol = rng.sample(political, N_POLITICAL)
    chosen_other = rng.sample(other, N_OTHER)
    # Stratified split: the test share of each stratum matches its share of the whole set.
    test = chosen_pol[: round(N_TEST * 0.7)] + chosen_other[: N_TEST - round(N_TEST * 0.7)]
    rest_pol = chosen_pol[round(N_TEST * 0.7) :]
    rest_other = chosen_other[N_TEST - round(N_TEST * 0.7) :]
    dev = rest_pol[: round(N_DEV * 0.7)] + rest_other[: N_DEV - round(N_DEV * 0.7)]
    train = rest_pol[round(N_DEV * 0.7) :] + rest_other[N_DEV - round(N_DEV * 0.7) :]
    split = {r["doc"]: "test" for r in test} | {r["doc"]: "dev" for r in dev} | {r["doc"]: "train" for r in train}
    double = {r["doc"] for r in rng.sample(test, N_DOUBLE_TEST)}
    double |= {r["doc"] for r in rng.sample(dev + train, N_DOUBLE_TRAIN)}
    topic = {r["doc"]: "political" for r in chosen_pol} | {r["doc"]: "other" for r in chosen_other}
    out.mkdir(parents=True, exist_ok=True)
    (out / "packets").mkdir(exist_ok=True)
    manifest = []
    splitter = RuleSplitter()
    for row in chosen_pol + chosen_other:
        sentences = splitter.split(row["text"])
        doc = row["doc"]
        manifest.append(
            {
                "doc": doc,
                "split": split[doc],
                "topic": topic[doc],
                "double": doc in double,
                "sha1": hashlib.sha1(row["text"].encode("utf-8")).hexdigest(),
                "sentences": len(sentences),
            }
        )
        lines = [f"doc: {doc}", f"date: {row['date']}", f"title: {row['title']}", ""]
        lines += [f"[{s.index}] {s.text}" for s in sentences]
        (out / "packets" / f"{doc.replace(':', '_')}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    manifest.sort(key=lambda m: m["doc"])
    with (out / "manifest.jsonl").open("w", encoding="utf-8") as handle:
        for item in manifest:
            handle.write(json.dumps(item) + "\n")
    print(
        f"{len(manifest)} articles: {sum(m['split'] == 'test' for m in manifest)} test, "
        f"{sum(m['split'] == 'dev' for m in manifest)} dev, {sum(m['split'] == 'train' for m in manifest)} train; "
        f"{sum(m['double'] for m in manifest)} double-annotated; "
        f"{sum(m['sentences'] for m in manifest)} sentences"
    )


# The annotation's labels are the model's: the 16 types, their modes and the data model's certainties.
TYPES_MODES: dict[str, set[str]] = {kind: set(MODES_BY_TYPE.get(kind, ())) for kind in PLOVER_TYPES}
CERTAINTIES = {c.value for c in Certainty}
_CODE = re.compile(r"^(UNK|[A-Z]{3}([A-Z]{3})?([A-Z]{3})?|IGO[A-Z]{0,6}|NGO[A-Z]{0,6})$")


def packet_sentences(doc: str) -> list[str]:
    rows = [r for r in load_rows() if r["doc"] == doc]
    if not rows:
        raise SystemExit(f"unknown doc {doc!r}: expected wikinews_2019:N or wikinews_2020:N")
    return [s.text for s in RuleSplitter().split(rows[0]["text"])]


def check_record(record: dict[str, object], sentences: list[str]) -> list[str]:
    """Every problem of one annotator record, as readable lines (empty when it is valid)."""
    problems = []
    events = record.get("events")
    if not isinstance(events, list):
        return ["'events' must be a list (an empty list when the article has no event)"]
    for n, event in enumerate(events):
        where = f"event {n}"
        if not isinstance(event, dict):
            problems.append(f"{where}: not an object")
            continue
        index = event.get("sentence")
        if not isinstance(index, int) or not 0 <= index < len(sentences):
            problems.append(f"{where}: sentence {index!r} is not 0..{len(sentences) - 1}")
            continue
        sentence = sentences[index]
        kind = event.get("type")
        if kind not in TYPES_MODES:
            problems.append(f"{where}: type {kind!r} is not one of {sorted(TYPES_MODES)}")
        elif event.get("mode") not in (None, "") and event.get("mode") not in TYPES_MODES[str(kind)]:
            modes = sorted(TYPES_MODES[str(kind)])
            problems.append(f"{where}: mode {event.get('mode')!r} is not a mode of {kind}: {modes}")
        if event.get("certainty") not in CERTAINTIES:
            problems.append(f"{where}: certainty {event.get('certainty')!r} is not one of {sorted(CERTAINTIES)}")
        for field in ("trigger", "actor", "recipient", "place", "date"):
            value = event.get(field)
            if field == "trigger" and not value:
                problems.append(f"{where}: trigger is empty")
            if isinstance(value, str) and value and value not in sentence:
                problems.append(f"{where}: {field} {value!r} is not in sentence {index}: {sentence!r}")
        for field in ("actor_code", "recipient_code"):
            value = event.get(field)
            if field == "recipient_code" and value is None:
                continue
            if not isinstance(value, str) or not _CODE.match(value):
                problems.append(f"{where}: {field} {value!r} is not a code like USA, USAGOV, UNK, UNKCVL, IGOUNO")
        if event.get("recipient") and event.get("recipient_code") is None:
            problems.append(f"{where}: recipient {event.get('recipient')!r} has no recipient_code")
    return problems


def check(paths: list[Path]) -> None:
    bad = 0
    for path in paths:
        for file in sorted(path.glob("*.json")) if path.is_dir() else [path]:
            record = json.loads(file.read_text(encoding="utf-8"))
            problems = check_record(record, packet_sentences(str(record.get("doc"))))
            for line in problems:
                print(f"{file}: {line}")
            bad += bool(problems)
    print("all records valid" if not bad else f"{bad} file(s) with problems")
    if bad:
        raise SystemExit(1)


def _find(value: object, sentence: str, start: int) -> list[int] | None:
    if not isinstance(value, str) or not value:
        return None
    # A whole-word match first: the pronoun "he" must not be found inside "The".
    left = r"\b" if value[0].isalnum() else ""
    right = r"\b" if value[-1].isalnum() else ""
    found = re.search(left + re.escape(value) + right, sentence)
    at = found.start() if found else sentence.find(value)
    return [start + at, start + at + len(value)] if at >= 0 else None


def stored_record(record: dict[str, object], row: dict[str, str], split: str, topic: str) -> dict[str, object]:
    """An annotator record with its strings turned into offsets into the raw text (no text kept)."""
    sentences = RuleSplitter().split(row["text"])
    events = []
    for event in record["events"]:  # type: ignore[attr-defined]
        sentence = sentences[event["sentence"]]
        events.append(
            {
                "sentence": event["sentence"],
                "sentence_span": [sentence.start, sentence.end],
                "trigger": _find(event["trigger"], sentence.text, sentence.start),
                "type": event["type"],
                "mode": event.get("mode") or "",
                "actor": _find(event.get("actor"), sentence.text, sentence.start),
                "actor_code": event.get("actor_code") or "UNK",
                "recipient": _find(event.get("recipient"), sentence.text, sentence.start),
                "recipient_code": event.get("recipient_code"),
                "certainty": event["certainty"],
                "place": _find(event.get("place"), sentence.text, sentence.start),
                "date": _find(event.get("date"), sentence.text, sentence.start),
                "mutual": bool(event.get("mutual")),
            }
        )
    return {
        "doc": record["doc"],
        "split": split,
        "topic": topic,
        "sha1": hashlib.sha1(row["text"].encode("utf-8")).hexdigest(),
        "annotator": record.get("annotator"),
        "sentences": [[s.start, s.end] for s in sentences],
        "events": events,
    }


def _records(folder: Path) -> dict[str, dict[str, object]]:
    out = {}
    for file in sorted(folder.glob("*.json")):
        record = json.loads(file.read_text(encoding="utf-8"))
        out[str(record["doc"])] = record
    return out


def build(annot: Path, out: Path) -> None:
    """events.jsonl: the adjudicated record where there is one, else pass 1; passes.jsonl: both blind passes."""
    manifest = {m["doc"]: m for m in map(json.loads, (annot / "manifest.jsonl").read_text().splitlines())}
    rows = {r["doc"]: r for r in load_rows()}
    first, second = _records(annot / "pass1"), _records(annot / "pass2")
    adjudicated = _records(annot / "final") if (annot / "final").is_dir() else {}
    out.mkdir(parents=True, exist_ok=True)
    with (out / "passes.jsonl").open("w", encoding="utf-8") as handle:
        for doc in sorted(d for d in manifest if manifest[d]["double"] and d in first and d in second):
            for number, record in ((1, first[doc]), (2, second[doc])):
                stored = stored_record(record, rows[doc], manifest[doc]["split"], manifest[doc]["topic"])
                stored["pass"] = number
                handle.write(json.dumps(stored) + "\n")
    missing = sorted(set(manifest) - set(first) - set(adjudicated))
    if missing:
        raise SystemExit(f"{len(missing)} articles have no pass-1 record yet: {', '.join(missing[:8])} ...")
    with (out / "events.jsonl").open("w", encoding="utf-8") as handle:
        for doc in sorted(manifest):
            record = adjudicated.get(doc, first[doc])
            stored = stored_record(record, rows[doc], manifest[doc]["split"], manifest[doc]["topic"])
            # Double-annotated articles were adjudicated from both blind passes; the rest were reviewed.
            stored["final"] = (
                ("adjudicated" if manifest[doc]["double"] else "reviewed") if doc in adjudicated else "pass 1"
            )
            handle.write(json.dumps(stored) + "\n")
    print(f"wrote {out / 'events.jsonl'} ({len(manifest)} articles, {len(adjudicated)} reviewed or adjudicated)")


def _kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa of two labelings of the same items."""
    if not pairs:
        return 0.0
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[label] * second[label] for label in first) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def agreement(passes: Path) -> None:
    """Event-level F1 between the two blind passes, and Cohen's kappa on the event type."""
    from brinkwatch.datasets.gold import join_text
    from brinkwatch.evaluate.event_match import EventScores, align
    from brinkwatch.evaluate.events import gold_coded

    records = [json.loads(line) for line in passes.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_doc: dict[str, dict[int, dict[str, object]]] = {}
    for record in records:
        by_doc.setdefault(record["doc"], {})[record["pass"]] = record
    scores = EventScores()
    aligned_types: list[tuple[str, str]] = []
    with_none: list[tuple[str, str]] = []
    for _doc, both in sorted(by_doc.items()):
        one, two = join_text([both[1], both[2]])
        first = [gold_coded(one, e) for e in one.events]
        second = [gold_coded(two, e) for e in two.events]
        scores.add(second, first)
        pairs = align(second, first)
        aligned_types += [(g.type, s.type) for s, g in pairs]
        matched = {id(x) for pair in pairs for x in pair}
        with_none += [(g.type, s.type) for s, g in pairs]
        with_none += [(e.type, "NONE") for e in first if id(e) not in matched]
        with_none += [("NONE", e.type) for e in second if id(e) not in matched]
    result = scores.as_dict()
    print(
        json.dumps(
            {
                "articles": len(by_doc),
                "events": {"pass1": scores.gold, "pass2": scores.system, "aligned": scores.aligned},
                "event_f1": round(result["event"]["f1"], 3),
                "full_match_f1": round(result["full_match"]["f1"], 3),
                "field_agreement": {k: round(v, 3) for k, v in result["fields"].items()},
                "kappa_type_aligned": round(_kappa(aligned_types), 3),
                "kappa_type_with_unmatched": round(_kappa(with_none), 3),
            },
            indent=2,
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sel = sub.add_parser("select", help="choose the articles and write annotation packets")
    sel.add_argument("--out", type=Path, required=True)
    bld = sub.add_parser("build", help="write the stored gold files from the annotation folder")
    bld.add_argument(
        "annot",
        type=Path,
        help="folder with manifest.jsonl, pass1/, pass2/ and final/ (reviewed or adjudicated records)",
    )
    bld.add_argument("--out", type=Path, default=ROOT / "brinkwatch" / "resources" / "gold")
    agr = sub.add_parser("agreement", help="agreement of the two blind passes (passes.jsonl)")
    default_passes = ROOT / "brinkwatch" / "resources" / "gold" / "passes.jsonl"
    agr.add_argument("passes", type=Path, nargs="?", default=default_passes)
    chk = sub.add_parser("check", help="validate annotator records (files or folders of <doc>.json)")
    chk.add_argument("paths", type=Path, nargs="+")
    args = parser.parse_args()
    if args.command == "select":
        select(args.out)
    elif args.command == "build":
        build(args.annot, args.out)
    elif args.command == "agreement":
        agreement(args.passes)
    elif args.command == "check":
        check(args.paths)


if __name__ == "__main__":
    main()
