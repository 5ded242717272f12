"""`brinkwatch code` and `brinkwatch evaluate ...`: parse arguments, call the coding library, print."""

from __future__ import annotations

import codecs
import json
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, BinaryIO

import typer
from rich.console import Console

from brinkwatch.cli.common import DEFAULT_CODER_CHOICE, CoderChoice, CoderOption
from brinkwatch.coding.dictionary import ActorDictionary, default_dictionary, load_additions
from brinkwatch.coding.events import EventCoder
from brinkwatch.coding.petrarch_format import parse_discards
from brinkwatch.coding.stages import code_article
from brinkwatch.coding.verbs import VerbTable
from brinkwatch.errors import BrinkwatchError, InputError, InputNotFoundError
from brinkwatch.intake.plaintext import article_id
from brinkwatch.language.parse import parse_article
from brinkwatch.language.sentences import split_sentences
from brinkwatch.model import Article
from brinkwatch.serialize import to_dict

__all__ = ["code_command", "evaluate_events_command", "evaluate_petrarch", "evaluate_quad"]


class TableFormat(StrEnum):
    table = "table"
    json = "json"


def _lines(source: str) -> Iterator[tuple[int, bytes]]:
    """Non-blank lines as bytes: each is decoded on its own, so one bad byte fails one line, not the run."""
    handle: BinaryIO
    if source == "-":
        handle = sys.stdin.buffer
    else:
        path = Path(source)
        if not path.is_file():
            raise InputNotFoundError(f"no such file: {source}; pass a JSONL file or - for standard input")
        handle = path.open("rb")
    with handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                yield number, line.removeprefix(codecs.BOM_UTF8) if number == 1 else line


def _record(line: bytes, number: int) -> Any:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"line {number} is not valid UTF-8 (byte 0x{line[exc.start]:02x} at column {exc.start + 1}); "
            "save the file as UTF-8"
        ) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"line {number} is not JSON ({exc.msg}); write one JSON object per line") from exc


def _article(record: Any, number: int) -> Article:
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise InputError(f'line {number}: expected an object with a "text" string, e.g. {{"id": "1", "text": "..."}}')
    # code exactly the given text: a one-line sentence must not be taken for a title
    article = Article(str(record.get("id") or article_id(record["text"])), record["text"])
    article.sentences = split_sentences(article.text)
    when = record.get("date")
    if when:
        try:
            day = date.fromisoformat(str(when)[:10])
        except ValueError as exc:
            raise InputError(f'line {number}: bad "date" {when!r}; write YYYY-MM-DD') from exc
        article.published_at = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return article


def code_command(
    source: Annotated[str, typer.Argument(help='JSONL file of {"id", "text", "date"} lines, or - for stdin.')],
    actors: Annotated[
        list[Path] | None, typer.Option("--actors", metavar="FILE", help="A PETRARCH-format actor file (repeatable).")
    ] = None,
    agents: Annotated[
        list[Path] | None, typer.Option("--agents", metavar="FILE", help="A PETRARCH-format agent file (repeatable).")
    ] = None,
    verbs: Annotated[Path | None, typer.Option("--verbs", help="A PETRARCH-format verb file.")] = None,
    additions: Annotated[
        list[Path] | None,
        typer.Option("--add", metavar="FILE", help="Extra actors/agents as YAML or CSV, repeatable (docs/actors.md)."),
    ] = None,
    discards: Annotated[
        Path | None, typer.Option("--discards", help="A PETRARCH-format discard file (sports, weather, ...).")
    ] = None,
    coder: CoderOption = DEFAULT_CODER_CHOICE,
) -> None:
    """Code sentences or articles into events: one JSON line per input line.

    Example: brinkwatch code sentences.jsonl > events.jsonl

    Each input line is {"id", "text", "date"} (date optional, YYYY-MM-DD: it picks the role a titled
    person held). Each output line is {"id", "events": [...]}, every event with type, mode, cameo,
    goldstein, quad_class, actor and recipient ({"code", "text", ...}), trigger and evidence.

    A line that cannot be coded (not UTF-8, not JSON, no text, a bad date) gets {"id", "line",
    "error"} in its place and a message on stderr; the run goes on and exits 4 at the end.
    """
    _code(source, actors, agents, verbs, additions, discards, coder)


def _code(
    source: str,
    actors: list[Path] | None,
    agents: list[Path] | None,
    verbs: Path | None,
    additions: list[Path] | None,
    discard_file: Path | None,
    coder_choice: CoderChoice = DEFAULT_CODER_CHOICE,
) -> None:
    dictionary = (
        ActorDictionary.from_petrarch(actors or [], agents or [])
        if actors or agents
        else ActorDictionary.compiled()
        if additions
        else default_dictionary()
    )
    for extra in additions or []:
        dictionary.add(load_additions(extra))
    coder = EventCoder(verbs=VerbTable.from_petrarch(verbs)) if verbs else EventCoder()
    discards = None
    if discard_file is not None:
        if not discard_file.is_file():
            raise InputNotFoundError(f"no such discard file: {discard_file}")
        discards = parse_discards(discard_file.read_text(encoding="utf-8", errors="replace"))
    failure: BrinkwatchError | None = None
    for number, line in _lines(source):
        record: Any = None
        try:
            record = _record(line, number)
            article = _article(record, number)
        except BrinkwatchError as exc:  # the run goes on; the line's place in the output says what failed
            failure = exc
            given = record.get("id") if isinstance(record, dict) else None
            typer.echo(json.dumps({"id": given, "line": number, "error": str(exc)}, ensure_ascii=False))
            typer.echo(f"error: {exc}", err=True)
            continue
        doc = parse_article(article)
        coding = code_article(article, doc, dictionary=dictionary, coder=coder, discards=discards)
        events = coding.events
        if coder_choice is CoderChoice.model:
            from brinkwatch.coding.learned.stage import code_with_model  # onnxruntime loads only when asked

            events = code_with_model(article, coding=coding)
        typer.echo(json.dumps({"id": article.id, "events": to_dict(events)}, ensure_ascii=False))
    if failure is not None:
        raise typer.Exit(failure.exit_code)


def evaluate_petrarch(
    records: Annotated[Path, typer.Argument(help="PETR.UnitTest.records.xml")],
    dictionaries: Annotated[Path, typer.Option("--dictionaries", help="Folder with PETR.Validate.*.txt.")],
    output_format: Annotated[TableFormat, typer.Option("--format", help="table or json.")] = TableFormat.table,
    parser: Annotated[
        str, typer.Option("--parser", help="treebank: the records' own parses; model: our language model.")
    ] = "treebank",
) -> None:
    """Score event coding on PETRARCH's unit-test records.

    Example: brinkwatch evaluate petrarch PETR.UnitTest.records.xml --dictionaries ../shared/data/dictionaries

    --parser treebank (the default) codes from the Penn Treebank parse in each record, as PETRARCH2
    does; --parser model parses the text with our language model instead.
    """
    from brinkwatch.evaluate.petrarch import evaluate

    if parser not in ("treebank", "model"):
        raise typer.BadParameter("use --parser treebank or --parser model")
    score, _ = evaluate(records, dictionaries, parser="model" if parser == "model" else "treebank")
    if output_format is TableFormat.json:
        typer.echo(json.dumps(score.as_dict(), indent=2))
        return
    typer.echo(f"records {score.records}  exact match {score.exact} ({score.exact_match:.1%})")
    typer.echo(f"{'':8}{'precision':>10}{'recall':>10}{'F1':>10}")
    for part in ("code", "source", "target", "triple"):
        precision, recall, f1 = score.prf(part)
        typer.echo(f"{part:8}{precision:>10.3f}{recall:>10.3f}{f1:>10.3f}")


def evaluate_quad(
    test: Annotated[Path, typer.Argument(help="class_test.tsv (sentence TAB label 0-4)")],
    output_format: Annotated[TableFormat, typer.Option("--format", help="table or json.")] = TableFormat.table,
) -> None:
    """Score the quad-class classifier (0 = no event, 1-4 = quad class) with macro-F1.

    Example: brinkwatch evaluate quad ../shared/data/eval/conflibert-cameo/class_test.tsv
    """
    from brinkwatch.evaluate.quad import evaluate

    result = evaluate(test)
    if output_format is TableFormat.json:
        typer.echo(json.dumps(result, indent=2))
        return
    typer.echo(f"sentences {result['sentences']}  accuracy {result['accuracy']:.3f}  macro-F1 {result['macro_f1']:.3f}")
    for label, f1 in result["f1_by_class"].items():
        typer.echo(f"  class {label}: F1 {f1:.3f}")


class EventSetChoice(StrEnum):
    gold_test = "gold-test"
    gold_dev = "gold-dev"
    plv_dev = "plv-dev"
    petrarch = "petrarch"


def evaluate_events_command(
    event_set: Annotated[EventSetChoice, typer.Option("--set", help="gold-test, gold-dev, plv-dev or petrarch.")],
    coder: CoderOption = DEFAULT_CODER_CHOICE,
    output_format: Annotated[TableFormat, typer.Option("--format", help="table or json.")] = TableFormat.table,
    errors: Annotated[int, typer.Option("--errors", help="Also list the first N errors with their sentence.")] = 0,
) -> None:
    """Score the event coder on real news (docs/evaluation.md): precision, recall, fields, full matches.

    Example: brinkwatch evaluate events --set gold-test --coder model --errors 10

    The sets read their text from ../shared beside the checkout, or from BRINKWATCH_SHARED.
    """
    from brinkwatch.evaluate.event_report import event_table
    from brinkwatch.evaluate.events import evaluate_events

    result = evaluate_events(event_set.value, coder.value)
    result["errors"] = result.get("errors", [])[:errors]
    if output_format is TableFormat.json:
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        Console().print(event_table(result))
