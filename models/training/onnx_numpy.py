"""A minimal ONNX interpreter in numpy: the second implementation that confirms the golden outputs.

python3-onnx 1.12 predates onnx.reference.ReferenceEvaluator (onnx 1.13) and onnxruntime's Python
package is not installable here, so this runs the exported graph directly from the .onnx file, with
no torch involved. It implements only the operators the demonstration models use, and refuses any
other operator or attribute instead of guessing.
"""
from __future__ import annotations

import numpy as np
import onnx
from onnx import numpy_helper


def _attrs(node: onnx.NodeProto) -> dict:
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _conv(x, w, b=None, *, strides=(1, 1), pads=(0, 0, 0, 0), dilations=(1, 1), group=1, kernel_shape=None):
    if group != 1 or tuple(dilations) != (1, 1):
        raise NotImplementedError("Conv: only group=1 and dilation 1 are implemented")
    top, left, bottom, right = pads
    x = np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)))
    kh, kw = w.shape[2:]
    windows = np.lib.stride_tricks.sliding_window_view(x, (kh, kw), axis=(2, 3))[:, :, ::strides[0], ::strides[1]]
    y = np.einsum("nchwij,ocij->nohw", windows, w, optimize=True).astype(np.float32)
    return y + b[None, :, None, None] if b is not None else y


def _max_pool(x, *, kernel_shape, strides=None, pads=(0, 0, 0, 0), ceil_mode=0, dilations=(1, 1), storage_order=0):
    if any(pads) or ceil_mode or tuple(dilations) != (1, 1) or storage_order:
        raise NotImplementedError("MaxPool: only unpadded, floor-mode pooling is implemented")
    strides = strides or kernel_shape
    windows = np.lib.stride_tricks.sliding_window_view(x, tuple(kernel_shape), axis=(2, 3))
    return windows[:, :, ::strides[0], ::strides[1]].max(axis=(4, 5))


def _average_pool(x, *, kernel_shape, strides=None, pads=(0, 0, 0, 0), ceil_mode=0, count_include_pad=0):
    if any(pads) or ceil_mode:
        raise NotImplementedError("AveragePool: only unpadded, floor-mode pooling is implemented")
    strides = strides or kernel_shape
    windows = np.lib.stride_tricks.sliding_window_view(x, tuple(kernel_shape), axis=(2, 3))
    return windows[:, :, ::strides[0], ::strides[1]].mean(axis=(4, 5), dtype=np.float32)


def _pad(x, pads, constant_value=None, axes=None, *, mode=b"constant"):
    if mode != b"constant" or axes is not None:
        raise NotImplementedError("Pad: only constant mode over all axes is implemented")
    rank = x.ndim
    widths = [(int(pads[i]), int(pads[i + rank])) for i in range(rank)]
    fill = constant_value.item() if constant_value is not None else 0
    return np.pad(x, widths, constant_values=fill)


def _gemm(a, b, c=None, *, alpha=1.0, beta=1.0, transA=0, transB=0):
    a = a.T if transA else a
    b = b.T if transB else b
    y = np.float32(alpha) * (a @ b)
    return y + np.float32(beta) * c if c is not None else y


def _softmax(x, *, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _dropout(x, ratio=None, training_mode=None, *, seed=None, rng=None):
    """Returns (output, mask); the mask is all true outside training mode."""
    if training_mode is None or not bool(training_mode):
        return x, np.ones(x.shape, dtype=bool)
    p = float(ratio) if ratio is not None else 0.5
    keep = rng.uniform(size=x.shape) >= p
    return (x * keep / np.float32(1 - p)).astype(np.float32), keep


class NumpyOnnxModel:
    def __init__(self, path: str, seed: int = 0):
        self.model = onnx.load(path)
        self.graph = self.model.graph
        self.initializers = {t.name: numpy_helper.to_array(t) for t in self.graph.initializer}
        self.rng = np.random.default_rng(seed)

    def run(self, feeds: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        values: dict[str, np.ndarray] = dict(self.initializers)
        values.update(feeds)
        for node in self.graph.node:
            inputs = [values[name] if name else None for name in node.input]
            attrs = _attrs(node)
            op = node.op_type
            if op == "Conv":
                out = _conv(*inputs, **attrs)
            elif op == "Relu":
                out = np.maximum(inputs[0], 0)
            elif op == "Add":
                if inputs[0].shape != inputs[1].shape:
                    raise NotImplementedError("Add: only equal shapes (no broadcasting) are implemented")
                out = inputs[0] + inputs[1]
            elif op == "Concat":
                out = np.concatenate(inputs, axis=attrs["axis"])
            elif op == "MaxPool":
                out = _max_pool(inputs[0], **attrs)
            elif op == "Constant":
                if set(attrs) != {"value"}:
                    raise NotImplementedError("Constant: only the tensor 'value' attribute is implemented")
                out = numpy_helper.to_array(attrs["value"])
            elif op == "Pad":
                out = _pad(*inputs, **attrs)
            elif op == "AveragePool":
                out = _average_pool(inputs[0], **attrs)
            elif op == "GlobalAveragePool":
                out = inputs[0].mean(axis=(2, 3), keepdims=True, dtype=np.float32)
            elif op == "Flatten":
                axis = attrs.get("axis", 1)
                out = inputs[0].reshape(int(np.prod(inputs[0].shape[:axis])), -1)
            elif op == "Gemm":
                out = _gemm(*inputs, **attrs)
            elif op == "Sigmoid":
                out = (1 / (1 + np.exp(-inputs[0]))).astype(np.float32)
            elif op == "Softmax":
                out = _softmax(inputs[0], **attrs).astype(np.float32)
            elif op == "Identity":
                out = inputs[0]
            elif op == "Dropout":
                out = _dropout(*inputs, **attrs, rng=self.rng)
            else:
                raise NotImplementedError(f"operator {op} is not implemented by the numpy evaluator")
            if op == "Dropout":
                out, mask = out
                if len(node.output) > 1:
                    values[node.output[1]] = mask
            values[node.output[0]] = out
        return {o.name: values[o.name] for o in self.graph.output}
