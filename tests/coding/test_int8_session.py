"""int8 sessions compute exact integer products on every x86 CPU (runtime.int8_session).

A hand-built MatMulInteger whose pairwise products overflow a 16-bit intermediate: onnxruntime's
default u8s8 kernel on CPUs without VNNI saturates it, the exact u8u8 product does not.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from brinkwatch.coding.learned.runtime import int8_session, load_event_model

onnx = pytest.importorskip("onnx")
onnxruntime = pytest.importorskip("onnxruntime")

DEPTH = 64


def _matmul_integer(path: Path) -> Path:
    helper = onnx.helper
    weights = onnx.numpy_helper.from_array(np.full((DEPTH, 4), 127, dtype=np.int8), "B")
    graph = helper.make_graph(
        [helper.make_node("MatMulInteger", ["A", "B"], ["Y"])],
        "saturation-probe",
        [helper.make_tensor_value_info("A", onnx.TensorProto.UINT8, [1, DEPTH])],
        [helper.make_tensor_value_info("Y", onnx.TensorProto.INT32, [1, 4])],
        initializer=[weights],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, str(path))
    return path


def test_int8_session_multiplies_exactly_where_pairs_overflow_16_bits(tmp_path: Path) -> None:
    session = int8_session(onnxruntime, _matmul_integer(tmp_path / "probe.onnx"), threads=1)
    (product,) = session.run(None, {"A": np.full((1, DEPTH), 255, dtype=np.uint8)})
    # 255 * 127 * 2 = 64,770 per pair does not fit in int16; the saturated kernel returns 32 * 32,767.
    assert product.tolist() == [[255 * 127 * DEPTH] * 4]


def test_int8_session_serves_the_event_model() -> None:
    options = load_event_model().session.get_session_options()
    assert options.get_session_config_entry("session.x64quantprecision") == "1"
