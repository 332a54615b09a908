"""Reference implementation of the preprocessing a manifest.json describes.

The C# inference side must reproduce this bit for bit in float32 (the golden tensors in
models/<id>/golden/ are produced by this code from the raw samples in models/<id>/samples/):

1. Modality LUT: value = stored * RescaleSlope + RescaleIntercept (HU for CT).
2. Per output channel, a VOI step mapping to [0, 1]:
   - "window":     y = clip((value - (center - width / 2)) / width, 0, 1)
                   (DICOM LINEAR_EXACT, PS3.3 C.11.2.1.3.2, then scaled to [0, 1]).
   - "percentile": lower/upper = numpy-'linear' percentiles of all modality values of the image
                   (sorted ascending, index = p / 100 * (n - 1), linear interpolation between
                   neighbours), y = clip((value - lower) / (upper - lower), 0, 1); y = 0 where upper == lower.
3. MONOCHROME1: y = 1 - y (so that 1 always means bright / dense), after the VOI step.
4. Aspect-preserving resize so the longer side equals the input size: the resized extent of each axis
   is round_half_to_even(extent * size / longer_side); bilinear with half-pixel centres
   (src = (dst + 0.5) * extent / resized_extent - 0.5, clamped to [0, extent - 1]), no anti-aliasing.
5. Centred zero padding to size x size: pad_before = (size - resized) // 2 on each axis, value 0.
6. Normalisation per channel: (y - mean[c]) / std[c]. Padding is normalised too.
"""
from __future__ import annotations

import numpy as np


def voi_channel(values: np.ndarray, spec: dict, photometric: str) -> np.ndarray:
    if spec["type"] == "window":
        center, width = np.float32(spec["center"]), np.float32(spec["width"])
        y = np.clip((values - (center - width / np.float32(2))) / width, 0, 1)
    elif spec["type"] == "percentile":
        lower, upper = np.percentile(values, [spec["lower"], spec["upper"]]).astype(np.float32)
        y = np.clip((values - lower) / (upper - lower), 0, 1) if upper > lower else np.zeros_like(values)
    else:
        raise ValueError(f"unknown VOI type {spec['type']!r}")
    if photometric == "MONOCHROME1":
        y = np.float32(1) - y
    elif photometric != "MONOCHROME2":
        raise ValueError(f"unsupported photometric interpretation {photometric!r}")
    return y.astype(np.float32)


def resized_extent(rows: int, cols: int, size: int) -> tuple[int, int]:
    longer = max(rows, cols)
    return int(round(rows * size / longer)), int(round(cols * size / longer))


def _resize_axis(src_len: int, dst_len: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    scale = np.float32(src_len) / np.float32(dst_len)
    src = np.clip((np.arange(dst_len, dtype=np.float32) + np.float32(0.5)) * scale - np.float32(0.5), 0, src_len - 1)
    i0 = np.floor(src).astype(np.int64)
    i1 = np.minimum(i0 + 1, src_len - 1)
    return i0, i1, (src - i0).astype(np.float32)


def resize_bilinear(image: np.ndarray, rows: int, cols: int) -> np.ndarray:
    y0, y1, fy = _resize_axis(image.shape[0], rows)
    x0, x1, fx = _resize_axis(image.shape[1], cols)
    fy, fx = fy[:, None], fx[None, :]
    top = image[y0][:, x0] * (1 - fx) + image[y0][:, x1] * fx
    bottom = image[y1][:, x0] * (1 - fx) + image[y1][:, x1] * fx
    return (top * (1 - fy) + bottom * fy).astype(np.float32)


def letterbox_geometry(rows: int, cols: int, size: int) -> dict:
    """Where the image lands in the model input: raw pixel (x, y) maps to (x * sx + left, y * sy + top)."""
    new_rows, new_cols = resized_extent(rows, cols, size)
    return {
        "resized": [new_rows, new_cols],
        "top": (size - new_rows) // 2,
        "left": (size - new_cols) // 2,
        "scale_y": new_rows / rows,
        "scale_x": new_cols / cols,
    }


def box_to_input(box: list[int], geometry: dict) -> list[float]:
    x0, y0, x1, y1 = box
    sx, sy, left, top = geometry["scale_x"], geometry["scale_y"], geometry["left"], geometry["top"]
    return [round(x0 * sx + left, 3), round(y0 * sy + top, 3), round(x1 * sx + left, 3), round(y1 * sy + top, 3)]


def preprocess(modality_values: np.ndarray, photometric: str, spec: dict) -> np.ndarray:
    """(rows, cols) modality values -> (channels, size, size) float32 model input."""
    size = spec["input_size"]
    geometry = letterbox_geometry(*modality_values.shape, size)
    new_rows, new_cols = geometry["resized"]
    values = modality_values.astype(np.float32)
    out = np.zeros((len(spec["channels"]), size, size), dtype=np.float32)
    for c, channel in enumerate(spec["channels"]):
        y = resize_bilinear(voi_channel(values, channel, photometric), new_rows, new_cols)
        out[c, geometry["top"]:geometry["top"] + new_rows, geometry["left"]:geometry["left"] + new_cols] = y
    mean = np.asarray(spec["mean"], dtype=np.float32)[:, None, None]
    std = np.asarray(spec["std"], dtype=np.float32)[:, None, None]
    return ((out - mean) / std).astype(np.float32)
