"""`brinkwatch model ...`: train and score the English language model. Parse, call, print.

Wired into the main CLI with ``app.add_typer(model_app, name="model")``.
"""

from __future__ import annotations

import json
import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from brinkwatch.cli.common import BrinkwatchTyper
from brinkwatch.errors import InputNotFoundError

__all__ = ["model_app"]

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_VARIABLE = "BRINKWATCH_SHARED"


def checkout() -> Path | None:
    """The source checkout this package runs from, or None when it is installed (in site-packages
    there is no ../shared beside it, and no out/ to write into)."""
    return REPO_ROOT if (REPO_ROOT / "pyproject.toml").is_file() and (REPO_ROOT / "brinkwatch").is_dir() else None


def shared_folder(given: Path | None, command: str) -> Path:
    """--shared, else $BRINKWATCH_SHARED (typer reads it), else ../shared beside a checkout; refused with
    the fix when none holds a data/ folder."""
    if given is None:
        root = checkout()
        beside = root.parent / "shared" if root is not None else None
        if beside is None or not beside.is_dir():
            raise InputNotFoundError(
                f"brinkwatch model {command} needs the shared data folder (data/ud, data/uner, data/news): "
                f"pass --shared PATH or set {SHARED_VARIABLE}=PATH"
            )
        given = beside
    if not (given / "data").is_dir():
        raise InputNotFoundError(
            f"{given}: no data/ folder in it; pass --shared (or {SHARED_VARIABLE}) the folder that holds "
            "data/ud, data/uner and data/news"
        )
    return given


def out_folder() -> Path:
    """Scratch and built models: out/ in the checkout, or in the current folder when installed."""
    return (checkout() or Path.cwd()) / "out"


model_app = BrinkwatchTyper(
    name="model",
    help="Train and evaluate brinkwatch's own English pipeline (see docs/language-model.md).",
    no_args_is_help=True,
    add_completion=False,
)

SharedOption = Annotated[
    Path | None,
    typer.Option(
        "--shared",
        envvar=SHARED_VARIABLE,
        help=f"The shared folder holding data/ud, data/uner and data/news (env {SHARED_VARIABLE}; default: "
        "../shared beside a checkout).",
    ),
]


class TableOrJson(StrEnum):
    table = "table"
    json = "json"


class Variant(StrEnum):
    default = "default"  # the CNN pipeline that ships in brinkwatch/resources
    accurate = "accurate"  # MiniLM transformer; built next to the package, never inside it
    events = "events"  # the learned event coder (docs/event-model.md), shipped in resources/event_model


# Where each variant's scratch files and packaged pipeline go by default.
VARIANT_WORKDIRS = {
    Variant.default: out_folder() / "train",
    Variant.accurate: out_folder() / "train-accurate",
    Variant.events: out_folder() / "train-events",
}
ACCURATE_MODEL = out_folder() / "en_brinkwatch_accurate"
SILVER_PARSES = out_folder() / "silver" / "silver.spacy"


@model_app.command("train")
def train_command(
    shared: SharedOption = None,
    workdir: Annotated[
        Path | None,
        typer.Option("--workdir", help="Scratch folder for corpora, vectors and training runs (default: out/train*)."),
    ] = None,
    variant: Annotated[
        Variant,
        typer.Option(
            "--variant",
            help="default: the shipped CNN; accurate: MiniLM transformer (needs spacy-transformers); "
            "events: the learned event coder (needs the train extra).",
        ),
    ] = Variant.default,
    config: Annotated[
        Path | None, typer.Option("--config", help="spaCy config (default: the variant's recipe).")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            help="Where to package the model (default: the shipped location; out/en_brinkwatch_accurate for accurate).",
        ),
    ] = None,
    max_steps: Annotated[int | None, typer.Option("--max-steps", help="Stop after this many updates.")] = None,
    package: Annotated[bool, typer.Option("--package/--no-package", help="Package model-best when done.")] = True,
    silver: Annotated[
        Path | None,
        typer.Option("--silver", help="Silver parses from `brinkwatch model silver` to mix into EWT train."),
    ] = None,
    silver_ratio: Annotated[
        float, typer.Option("--silver-ratio", help="Silver words per EWT train word (0: all that pass the floor).")
    ] = 1.0,
    silver_min_agree: Annotated[
        float,
        typer.Option("--silver-min-agree", help="Keep silver sentences whose CNN/teacher agreement is at least this."),
    ] = 0.0,
    silver_entities: Annotated[
        bool,
        typer.Option(
            "--silver-entities/--no-silver-entities",
            help="Let the silver teach entities too (--no-silver-entities: syntax only).",
        ),
    ] = True,
    warm_start: Annotated[
        Path | None,
        typer.Option(
            "--warm-start", help="Start from this trained pipeline (e.g. the shipped one) instead of nothing."
        ),
    ] = None,
    learn_rate: Annotated[float | None, typer.Option("--learn-rate", help="Override the config's rate.")] = None,
) -> None:
    """Train the pipeline from ../shared/data and package it into the brinkwatch package.

    Example: brinkwatch model train --shared ../shared --max-steps 2000
    """
    if variant is Variant.events:
        # The event recipe's data sets find the shared folder through the same variable.
        os.environ[SHARED_VARIABLE] = str(shared_folder(shared, "train"))
        _train_events(workdir or VARIANT_WORKDIRS[variant], output, package)
        return
    from brinkwatch.language.nlp import DEFAULT_MODEL
    from brinkwatch.language.training.package import ACCURATE_DESCRIPTION, DESCRIPTION, git_commit, package_model
    from brinkwatch.language.training.train import VARIANT_CONFIGS, TrainingPlan, run_training

    plan = TrainingPlan(
        shared=shared_folder(shared, "train"),
        workdir=workdir or VARIANT_WORKDIRS[variant],
        config=config or VARIANT_CONFIGS[variant.value],
        max_steps=max_steps,
        silver=silver,
        silver_ratio=silver_ratio,
        silver_min_agree=silver_min_agree,
        silver_entities=silver_entities,
        warm_start=warm_start,
        learn_rate=learn_rate,
    )
    best = run_training(plan)
    typer.echo(f"best model: {best}")
    if not package:
        return
    accurate = variant is Variant.accurate
    target = package_model(
        best,
        output or (ACCURATE_MODEL if accurate else DEFAULT_MODEL),
        commit=git_commit(REPO_ROOT),
        size_limit=not accurate,
        description=ACCURATE_DESCRIPTION if accurate else DESCRIPTION,
        silver=silver is not None,
    )
    hint = f"BRINKWATCH_MODEL={target} " if accurate else ""
    typer.echo(f"packaged: {target} (score it with `{hint}brinkwatch model evaluate`)")


def _train_events(workdir: Path, output: Path | None, package: bool) -> None:
    """Train the event model into workdir/model, calibrate it on gold-dev, and copy it into the package."""
    import shutil

    from brinkwatch.coding.learned.recipe import run_recipe
    from brinkwatch.coding.learned.runtime import DEFAULT_EVENT_MODEL
    from brinkwatch.evaluate.calibrate_events import calibrate
    from brinkwatch.language.training.package import git_commit

    trained = workdir / "model"
    run_recipe(trained, cache=workdir / "sentences", commit=git_commit(REPO_ROOT))
    meta = calibrate(trained, progress=typer.echo)
    typer.echo(f"trained: {trained} (threshold {meta['thresholds']['default']} chosen on gold-dev)")
    if package:
        target = output or DEFAULT_EVENT_MODEL
        target.mkdir(parents=True, exist_ok=True)
        for name in ("encoder.int8.onnx", "heads.npz", "tokenizer.json", "meta.json"):
            shutil.copy(trained / name, target / name)
        typer.echo(f"packaged: {target} (score it with `brinkwatch evaluate events --set gold-test`)")


@model_app.command("silver")
def silver_command(
    teacher: Annotated[
        Path,
        typer.Option("--teacher", help="The accurate variant's folder (`model train --variant accurate`)."),
    ] = ACCURATE_MODEL,
    output: Annotated[Path, typer.Option("--output", help="Where to write the silver DocBin.")] = SILVER_PARSES,
    shared: SharedOption = None,
    student: Annotated[
        Path | None, typer.Option("--student", help="The pipeline whose agreement is recorded (default: shipped).")
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", help="Parse only the first N paragraphs (a quick try).")
    ] = None,
) -> None:
    """Parse the shared news text with the accurate variant: silver parses for self-training the CNN.

    The gold standard's dev and test articles are left out. Example:
    brinkwatch model silver --teacher out/en_brinkwatch_accurate --output out/silver/silver.spacy
    """
    from itertools import islice

    import spacy
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from brinkwatch.datasets.gold import load_gold
    from brinkwatch.language.nlp import DEFAULT_MODEL
    from brinkwatch.language.training.silver import news_documents, parse_silver

    if not (teacher / "config.cfg").is_file():
        raise InputNotFoundError(
            f"no teacher pipeline at {teacher}; build it with `brinkwatch model train --variant accurate` "
            "(docs/language-model.md, in its own venv)"
        )
    folder = shared_folder(shared, "silver")
    os.environ[SHARED_VARIABLE] = str(folder)
    held_out = {article.doc for article in load_gold("dev") + load_gold("test")}
    texts = list(islice(news_documents(folder, exclude=held_out), limit))
    teacher_nlp = spacy.load(teacher)
    student_nlp = spacy.load(student or DEFAULT_MODEL)
    columns = (TextColumn("silver parses"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns) as progress:
        task = progress.add_task("parse", total=len(texts))
        stats = parse_silver(
            teacher_nlp, student_nlp, texts, output, progress=lambda done: progress.update(task, completed=done)
        )
    typer.echo(
        f"{output}: {stats.sentences} sentences, {stats.words} tokens from {stats.texts} paragraphs "
        f"({stats.duplicates} repeated sentences left out; {len(held_out)} gold dev/test articles excluded)"
    )


@model_app.command("evaluate")
def evaluate_command(
    shared: SharedOption = None,
    model: Annotated[Path | None, typer.Option("--model", help="A pipeline folder (default: the shipped one).")] = None,
    output_format: Annotated[TableOrJson, typer.Option("--format", help="table or json.")] = TableOrJson.table,
    timing: Annotated[bool, typer.Option("--timing/--no-timing", help="Also measure speed and load time.")] = True,
    entity_head: Annotated[
        bool,
        typer.Option("--entity-head/--no-entity-head", help="Also score the event encoder's entity head (NER)."),
    ] = True,
) -> None:
    """Score the model on UD/UNER EWT test and PUD (news); print a table or one JSON object.

    Example: brinkwatch model evaluate --format json
    """
    from brinkwatch.language.model_eval import evaluate_model, format_table, to_json_text

    folder = shared_folder(shared, "evaluate")
    scores = evaluate_model(folder, model, timing=timing)
    if not entity_head:
        typer.echo(to_json_text(scores) if output_format is TableOrJson.json else format_table(scores))
        return
    from brinkwatch.evaluate.entities import entity_head_scores

    heads = entity_head_scores(folder, list(scores.sets))
    if output_format is TableOrJson.json:
        merged = scores.to_json() | {
            f"ner_head_{name}": {k: s[k] for k in ("p", "r", "f1")} for name, s in heads.items()
        }
        typer.echo(json.dumps(merged, indent=2))
        return
    typer.echo(format_table(scores))
    typer.echo("entity head on the event encoder (gold sentences; docs/language-model.md):")
    for name, s in heads.items():
        typer.echo(f"  {name:<10} NER P {s['p']:6.2f}  R {s['r']:6.2f}  F {s['f1']:6.2f}")
