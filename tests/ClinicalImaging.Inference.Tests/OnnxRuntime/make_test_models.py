#!/usr/bin/python3
"""Builds the small ONNX models the binding's tests run, and numpy's expected results for them.

Usage: make_test_models.py OUTPUT_DIR
Writes <name>.onnx files and oracle.json (inputs, numpy-computed outputs, and what onnx itself reads back from each
model's metadata), so the C# tests compare ONNX Runtime through our binding with independent values.
"""
import json
import pathlib
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = [helper.make_opsetid("", 13)]
rng = np.random.default_rng(20261122)


def save(model: onnx.ModelProto, name: str) -> None:
    onnx.checker.check_model(model)
    onnx.save(model, str(OUT / f"{name}.onnx"))


def describe(values) -> list:
    """Names, element types and shapes as the model declares them (onnx's view, for the metadata tests)."""
    result = []
    for value in values:
        tensor = value.type.tensor_type
        result.append({
            "name": value.name,
            "element_type": TensorProto.DataType.Name(tensor.elem_type),
            "shape": [d.dim_param if d.HasField("dim_param") else d.dim_value for d in tensor.shape.dim],
        })
    return result


def floats(array: np.ndarray) -> list:
    return [float(v) for v in np.asarray(array, dtype=np.float32).ravel()]


def linear_softmax() -> dict:
    """logits = x @ W + b; probabilities = softmax(logits), with a symbolic batch dimension and model metadata."""
    weights = rng.standard_normal((4, 3)).astype(np.float32)
    bias = rng.standard_normal(3).astype(np.float32)
    graph = helper.make_graph(
        [
            helper.make_node("MatMul", ["x", "W"], ["xw"]),
            helper.make_node("Add", ["xw", "b"], ["logits"]),
            helper.make_node("Softmax", ["logits"], ["probabilities"], axis=-1),
        ],
        "linear_softmax",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 4])],
        [
            helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 3]),
            helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", 3]),
        ],
        initializer=[numpy_helper.from_array(weights, "W"), numpy_helper.from_array(bias, "b")],
        doc_string="A linear classifier head for the binding tests.",
    )
    model = helper.make_model(
        graph, opset_imports=OPSET, producer_name="clinicalimaging-tests", producer_version="1",
        domain="org.clinicalimaging.tests", model_version=7, doc_string="Three-class linear softmax.")
    helper.set_model_props(model, {"labels": "normal,benign,malignant", "task": "classification"})
    save(model, "linear_softmax")

    x = rng.standard_normal((8, 4)).astype(np.float32)
    logits = x @ weights + bias
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    probabilities = exp / exp.sum(axis=1, keepdims=True)
    return {
        "x": floats(x), "x_shape": list(x.shape),
        "logits": floats(logits), "probabilities": floats(probabilities), "output_shape": list(logits.shape),
        "metadata": {
            "producer_name": model.producer_name, "graph_name": model.graph.name, "domain": model.domain,
            "description": model.doc_string, "graph_description": model.graph.doc_string,
            "version": model.model_version, "custom": {p.key: p.value for p in model.metadata_props},
        },
        "inputs": describe(model.graph.input), "outputs": describe(model.graph.output),
    }


def dropout(training_mode: bool) -> dict:
    name = "dropout_train" if training_mode else "dropout_eval"
    graph = helper.make_graph(
        [helper.make_node("Dropout", ["x", "ratio", "training_mode"], ["y"])],
        name,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4096])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4096])],
        initializer=[
            numpy_helper.from_array(np.array(0.5, dtype=np.float32), "ratio"),
            numpy_helper.from_array(np.array(training_mode), "training_mode"),
        ],
    )
    save(helper.make_model(graph, opset_imports=OPSET), name)
    return {"ratio": 0.5}


def conv_relu() -> dict:
    """activations = relu(conv3x3(x) + bias); score = global average of each activation channel (a CAM-style head)."""
    kernels = rng.standard_normal((2, 1, 3, 3)).astype(np.float32)
    bias = rng.standard_normal(2).astype(np.float32)
    graph = helper.make_graph(
        [
            helper.make_node("Conv", ["x", "K", "B"], ["conv"], pads=[1, 1, 1, 1]),
            helper.make_node("Relu", ["conv"], ["activations"]),
            helper.make_node("GlobalAveragePool", ["activations"], ["pooled"]),
            helper.make_node("Flatten", ["pooled"], ["score"]),
        ],
        "conv_relu",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1, 6, 6])],
        [
            helper.make_tensor_value_info("activations", TensorProto.FLOAT, [1, 2, 6, 6]),
            helper.make_tensor_value_info("score", TensorProto.FLOAT, [1, 2]),
        ],
        initializer=[numpy_helper.from_array(kernels, "K"), numpy_helper.from_array(bias, "B")],
    )
    save(helper.make_model(graph, opset_imports=OPSET), "conv_relu")

    x = rng.standard_normal((1, 1, 6, 6)).astype(np.float32)
    padded = np.pad(x[0, 0], 1)
    conv = np.empty((2, 6, 6), dtype=np.float32)
    for channel in range(2):
        for row in range(6):
            for column in range(6):
                conv[channel, row, column] = np.sum(padded[row:row + 3, column:column + 3] * kernels[channel, 0]) + bias[channel]
    activations = np.maximum(conv, 0)[np.newaxis]
    return {
        "x": floats(x), "x_shape": list(x.shape),
        "activations": floats(activations), "activations_shape": list(activations.shape),
        "score": floats(activations.mean(axis=(2, 3))), "score_shape": [1, 2],
    }


def int64_add() -> dict:
    offset = np.array([10, -20, 30_000_000_000], dtype=np.int64)
    graph = helper.make_graph(
        [helper.make_node("Add", ["a", "offset"], ["sum"])],
        "int64_add",
        [helper.make_tensor_value_info("a", TensorProto.INT64, [3])],
        [helper.make_tensor_value_info("sum", TensorProto.INT64, [3])],
        initializer=[numpy_helper.from_array(offset, "offset")],
    )
    save(helper.make_model(graph, opset_imports=OPSET), "int64_add")
    a = np.array([1, 2, 5_000_000_000], dtype=np.int64)
    return {"a": a.tolist(), "sum": (a + offset).tolist()}


# Every element type the binding maps to a .NET type, by ONNX name.
ROUND_TRIP_TYPES = ["FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32", "INT64", "BOOL", "FLOAT16", "DOUBLE", "UINT32", "UINT64"]


def identity_all_types() -> dict:
    """in_<type> -> out_<type> through Identity, one pair per element type, each of shape [2, 2]."""
    nodes, inputs, outputs = [], [], []
    for name in ROUND_TRIP_TYPES:
        element_type = TensorProto.DataType.Value(name)
        nodes.append(helper.make_node("Identity", [f"in_{name}"], [f"out_{name}"]))
        inputs.append(helper.make_tensor_value_info(f"in_{name}", element_type, [2, 2]))
        outputs.append(helper.make_tensor_value_info(f"out_{name}", element_type, [2, 2]))
    save(helper.make_model(helper.make_graph(nodes, "identity_all_types", inputs, outputs), opset_imports=OPSET), "identity_all_types")
    return {"types": ROUND_TRIP_TYPES}


def unused_initializer() -> dict:
    """y = x, plus an initializer no node reads: ONNX Runtime warns that it removes it."""
    graph = helper.make_graph(
        [helper.make_node("Identity", ["x"], ["y"])],
        "unused_initializer",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])],
        initializer=[numpy_helper.from_array(np.zeros(1, dtype=np.float32), "never_read")],
    )
    save(helper.make_model(graph, opset_imports=OPSET), "unused_initializer")
    return {"initializer": "never_read"}


def scale() -> dict:
    """y = 2x over 64 Ki floats: each run allocates a 256 KiB output, so a leaked output would show at once."""
    graph = helper.make_graph(
        [helper.make_node("Mul", ["x", "two"], ["y"])],
        "scale",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 65536])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 65536])],
        initializer=[numpy_helper.from_array(np.array(2, dtype=np.float32), "two")],
    )
    save(helper.make_model(graph, opset_imports=OPSET), "scale")
    return {"output_bytes": 65536 * 4}


if __name__ == "__main__":
    OUT = pathlib.Path(sys.argv[1])
    OUT.mkdir(parents=True, exist_ok=True)
    oracle = {
        "linear_softmax": linear_softmax(),
        "dropout": dropout(True) | dropout(False),
        "conv_relu": conv_relu(),
        "int64_add": int64_add(),
        "scale": scale(),
        "identity_all_types": identity_all_types(),
        "unused_initializer": unused_initializer(),
        "tensor_proto_data_types": {name: value for name, value in TensorProto.DataType.items()},
    }
    (OUT / "oracle.json").write_text(json.dumps(oracle, indent=1), encoding="utf-8")
