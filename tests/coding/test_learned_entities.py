"""The entity head on the event encoder: word building, flags, BIO decoding, and the shipped head.

Inputs are written by hand; the last tests load brinkwatch/resources/event_model (onnxruntime only).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from brinkwatch.coding.learned.entities import (
    ENTITY_TAGS,
    ORTHO,
    Word,
    decode_bio,
    load_entity_head,
    ortho_features,
    spans_from_tags,
    tag_texts,
    words_of,
)
from brinkwatch.coding.learned.entity_train import span_prf, word_tags
from brinkwatch.coding.learned.features import encode_texts
from brinkwatch.coding.learned.runtime import EventModel, load_event_model


def _log_probs(best: list[str]) -> Any:
    # Each word puts most of its mass on the given tag; an I- tag's B- is the runner-up.
    probs = np.full((len(best), len(ENTITY_TAGS)), 0.01, dtype=np.float32)
    for i, tag in enumerate(best):
        probs[i, ENTITY_TAGS.index(tag)] = 0.9
        if tag.startswith("I-"):
            probs[i, ENTITY_TAGS.index("B-" + tag[2:])] = 0.05
    return np.log(probs / probs.sum(axis=1, keepdims=True))


@pytest.mark.parametrize(
    ("best", "decoded"),
    [
        (["B-PER", "I-PER", "O"], ["B-PER", "I-PER", "O"]),
        (["O", "I-LOC", "O"], ["O", "B-LOC", "O"]),  # an I- after O cannot stand; the run opens instead
        (["B-ORG", "I-PER"], ["B-ORG", "B-PER"]),
        (["I-ORG"], ["B-ORG"]),
        ([], []),
    ],
)
def test_entities_decode_bio_returns_valid_sequences(best: list[str], decoded: list[str]) -> None:
    assert decode_bio(_log_probs(best)) == decoded


def test_entities_spans_from_tags_joins_runs() -> None:
    words = [Word(1, 0, 4), Word(2, 5, 10), Word(3, 11, 14), Word(4, 15, 21)]
    tags = ["B-PER", "I-PER", "O", "B-LOC"]
    assert spans_from_tags(words, tags) == [(0, 10, "PER"), (15, 21, "LOC")]


def test_entities_word_tags_label_the_first_word_b() -> None:
    words = [Word(1, 0, 4), Word(2, 5, 10), Word(3, 11, 14)]
    assert [ENTITY_TAGS[t] for t in word_tags(words, [(0, 10, "ORG")])] == ["B-ORG", "I-ORG", "O"]


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        (
            "Lena Varga met NATO",
            {0: {"title", "first", "next_title"}, 1: {"title", "prev_title"}, 3: {"title", "all_caps"}},
        ),
        ("“ iPhone 7", {0: {"punct", "first"}, 1: {"first", "inner_cap"}, 2: {"digit"}}),
    ],
)
def test_entities_ortho_features_read_case_from_the_text(text: str, flags: dict[int, set[str]]) -> None:
    starts = [i for i, c in enumerate(text) if c != " " and (i == 0 or text[i - 1] == " ")]
    words = [Word(n, s, text.find(" ", s) if " " in text[s:] else len(text)) for n, s in enumerate(starts)]
    features = ortho_features(text, words)
    assert features.shape == (len(words), len(ORTHO))
    for index, expected in flags.items():
        on = {name for name, value in zip(ORTHO, features[index], strict=True) if value}
        assert expected <= on, (index, on)


def test_entities_span_prf_counts_exact_matches() -> None:
    gold = [[(0, 4, "PER"), (9, 14, "LOC")]]
    assert span_prf(gold, [[(0, 4, "PER"), (9, 14, "ORG")]]) == {"p": 50.0, "r": 50.0, "f1": 50.0}


@pytest.fixture(scope="module")
def model() -> EventModel:
    return load_event_model()


@pytest.mark.parametrize(
    ("text", "surfaces"),
    [
        ("Votel visited U.S. forces.", ["Votel", "visited", "U.S.", "forces", "."]),
        ("Haute-Garonne and O'Brien's St. Louis", ["Haute-Garonne", "and", "O'Brien", "'s", "St.", "Louis"]),
        ("Zelenskyy met Mr. Obama.", ["Zelenskyy", "met", "Mr", ".", "Obama", "."]),
    ],
)
def test_entities_words_of_joins_pieces_inside_names(model: EventModel, text: str, surfaces: list[str]) -> None:
    encoded = encode_texts(model.tokenizer, [text])[0]
    assert [text[w.start : w.end] for w in words_of(encoded, model.tokenizer, text)] == surfaces


INVENTED = "Prime Minister Lena Varga met officials of the Nordic Council in Tallinn on Monday."


def _tagged(model: EventModel, text: str) -> set[tuple[str, str]]:
    return {(text[s:e], label) for s, e, label in tag_texts(model, load_entity_head(), [text])[0]}


def test_entities_shipped_head_finds_the_names_of_an_invented_sentence(model: EventModel) -> None:
    assert load_entity_head() is load_entity_head()
    assert {("Lena Varga", "PER"), ("Nordic Council", "ORG"), ("Tallinn", "LOC")} <= _tagged(model, INVENTED)


def test_entities_shipped_head_tags_nothing_else(model: EventModel) -> None:
    # The head on the last layer alone tagged the title "Minister" as a person; on inner layers it does not.
    assert _tagged(model, INVENTED) == {("Lena Varga", "PER"), ("Nordic Council", "ORG"), ("Tallinn", "LOC")}


def test_entity_candidates_add_names_the_parse_missed_but_not_places_or_overlaps(model: EventModel) -> None:
    from brinkwatch.coding.learned.candidates import SentenceCandidates
    from brinkwatch.coding.learned.entities import load_entity_head
    from brinkwatch.coding.learned.entity_candidates import add_entity_candidates
    from brinkwatch.model import ActorMention

    text = "Prime Minister Lena Varga met officials of the Nordic Council in Tallinn on Monday."
    offset = 100  # the sentence's place in its article: mentions carry article offsets
    known = ActorMention("Nordic Council", offset + text.index("Nordic"), offset + text.index(" in Tallinn"))
    sentence = SentenceCandidates(3, offset, offset + len(text), text, mentions=[known])
    added = add_entity_candidates([sentence], model.hidden([text]), load_entity_head(), model.tokenizer)
    found = {(m.text, m.start - offset, m.sentence_index) for m in sentence.mentions}
    assert ("Lena Varga", text.index("Lena"), 3) in found  # a person no dictionary knows
    assert not any(m.text == "Tallinn" for m in sentence.mentions)  # a place is where, not who
    assert [m.text for m in sentence.mentions].count("Nordic Council") == 1  # already a candidate
    assert added == len(sentence.mentions) - 1


def test_entities_shipped_encoder_exports_the_layers_the_head_reads(model: EventModel) -> None:
    head = load_entity_head()
    assert model.outputs[0] == "hidden"  # the event heads read the first output: the last layer
    assert set(head.layers) - {"hidden"} <= set(model.outputs[1:])
    hidden = model.hidden(["Lena Varga met the Nordic Council."])[0]
    assert set(hidden.layers) == set(model.outputs[1:])
    assert all(a.shape == hidden.states.shape for a in hidden.layers.values())


def test_entities_head_states_average_the_named_layers() -> None:
    from brinkwatch.coding.learned.entities import head_states
    from brinkwatch.coding.learned.runtime import Hidden
    from brinkwatch.errors import ConfigurationError

    last = np.zeros((3, 4), dtype=np.float32)
    inner = {"layer_4": np.full((3, 4), 2.0, dtype=np.float32), "layer_5": np.full((3, 4), 4.0, dtype=np.float32)}
    passed = Hidden(None, last, inner)
    assert np.allclose(head_states(passed, ["layer_4", "layer_5", "hidden"]), 2.0)
    assert head_states(passed, ["hidden"]) is last
    with pytest.raises(ConfigurationError, match=r"\['layer_2'\].*add-layers"):
        head_states(passed, ["layer_2", "hidden"])


def test_export_add_layer_outputs_exposes_an_inner_layer_and_keeps_hidden(tmp_path: Any) -> None:
    onnx = pytest.importorskip("onnx")
    import onnxruntime

    from brinkwatch.coding.learned.export import add_layer_outputs
    from brinkwatch.errors import ConfigurationError

    # A stand-in encoder: layer 4's tensor carries the name a MiniLM export gives it; "hidden" follows.
    inner = "/model/encoder/layer.3/output/LayerNorm/LayerNormalization_output_0"
    helper = onnx.helper
    graph = helper.make_graph(
        [helper.make_node("Relu", ["x"], [inner]), helper.make_node("Neg", [inner], ["hidden"])],
        "stand-in",
        [helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [2])],
        [helper.make_tensor_value_info("hidden", onnx.TensorProto.FLOAT, [2])],
    )
    path = tmp_path / "encoder.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))
    assert add_layer_outputs(path, (4,)) == ["layer_4"]
    assert add_layer_outputs(path, (4,)) == []  # already there: the file is left as it is
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    assert [o.name for o in session.get_outputs()] == ["hidden", "layer_4"]
    hidden, layer = session.run(None, {"x": np.array([-1.0, 2.0], dtype=np.float32)})
    assert hidden.tolist() == [0.0, -2.0] and layer.tolist() == [0.0, 2.0]
    with pytest.raises(ConfigurationError, match="layer 2"):
        add_layer_outputs(path, (2,))


def test_entities_head_of_several_members_averages_their_probabilities() -> None:
    from brinkwatch.coding.learned.entity_train import _Head

    rng = np.random.default_rng(0)
    one = {
        "mean": np.zeros(5),
        "scale": np.ones(5),
        "hidden_w": rng.normal(size=(4, 5)),
        "hidden_b": rng.normal(size=4),
        "out_w": rng.normal(size=(len(ENTITY_TAGS), 4)),
        "out_b": rng.normal(size=len(ENTITY_TAGS)),
    }
    other = {**one, "out_b": one["out_b"] + rng.normal(size=len(ENTITY_TAGS))}
    keys = ("hidden_w", "hidden_b", "out_w", "out_b")
    stacked = {**one, **{k: np.stack([one[k], other[k]]) for k in keys}}
    x = rng.normal(size=(3, 5)).astype(np.float32)
    first, second = np.exp(_Head(one).log_probs(x)), np.exp(_Head(other).log_probs(x))
    assert np.allclose(np.exp(_Head(stacked).log_probs(x)), (first + second) / 2, atol=1e-5)
    assert np.allclose(first.sum(axis=1), 1.0, atol=1e-5)


@pytest.mark.slow
def test_export_int8_writes_inner_layers_beside_hidden(tmp_path: Any) -> None:
    # A retrained event model must carry the layers its entity head reads: export them and check them
    # against torch's own hidden states.
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    import onnxruntime

    from brinkwatch.coding.learned.export import export_int8, minilm_dir

    target = tmp_path / "encoder.int8.onnx"
    export_int8(minilm_dir(), target, inner_layers=(3,))
    session = onnxruntime.InferenceSession(str(target), providers=["CPUExecutionProvider"])
    assert [o.name for o in session.get_outputs()] == ["hidden", "layer_3"]
    tokenizer = transformers.AutoTokenizer.from_pretrained(str(minilm_dir()))
    batch = tokenizer(["Lena Varga met the Nordic Council in Tallinn."], return_tensors="np")
    feeds = {k: batch[k].astype(np.int64) for k in ("input_ids", "attention_mask", "token_type_ids")}
    hidden, layer = session.run(None, feeds)
    with torch.no_grad():
        out = transformers.AutoModel.from_pretrained(str(minilm_dir()))(
            **{k: torch.from_numpy(v) for k, v in feeds.items()}, output_hidden_states=True
        )
    for exported, reference in ((hidden, out.last_hidden_state), (layer, out.hidden_states[3])):
        ref = reference.numpy()[0]
        cosine = np.sum(exported[0] * ref, axis=1) / (np.linalg.norm(exported[0], axis=1) * np.linalg.norm(ref, axis=1))
        assert cosine.min() >= 0.95, cosine.min()


def test_entity_train_ensemble_stacks_one_member_per_seed() -> None:
    # The recipe's stacking, not the learning (the PUD gate measures that): members, their epochs and
    # dev scores line up with the seeds, and the ensemble's dev score is that of its own predictions.
    pytest.importorskip("torch")
    from brinkwatch.coding.learned.entity_train import Encoded, predict, train_ensemble

    text = "Lena Varga met Omar Haddad"  # invented
    words = [Word(0, 0, 4), Word(1, 5, 10), Word(2, 11, 14), Word(3, 15, 19), Word(4, 20, 26)]
    states = np.random.default_rng(0).normal(size=(5, 8)).astype(np.float16)
    data = Encoded([text] * 20, [[(0, 10, "PER"), (15, 26, "PER")]] * 20, [words] * 20, np.tile(states, (20, 1)))
    best = train_ensemble([data], data, seeds=(13, 1, 2), epochs=2, hidden=4)
    weights = best["weights"]
    assert weights["hidden_w"].shape == (3, 4, 8 * 3 + len(ORTHO))
    assert weights["out_b"].shape == (3, len(ENTITY_TAGS)) and weights["mean"].shape == (8 * 3 + len(ORTHO),)
    assert len(best["epoch"]) == len(best["dev_members"]) == 3
    assert best["dev"] == span_prf(data.spans, predict(weights, data))
    assert train_ensemble([data], data, seeds=(13,), epochs=1, hidden=4)["weights"]["hidden_w"].ndim == 2
