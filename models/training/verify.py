"""Re-checks every models/<id>/ folder without torch: run with /usr/bin/python3 models/training/verify.py.

Per model: the SHA-256 of model.onnx against manifest.json and golden/golden.json; onnx.checker; the
declared inputs and outputs; each sample in samples/ through preprocessing.py against its golden input
tensor; the numpy ONNX evaluator's outputs against the golden outputs; the gap-linear head identity
logits = W . mean_hw(features) + b; the closed-form Grad-CAM against the golden maps. Exit code 1 on any
failure. ort_verify.cjs runs the same golden files through ONNX Runtime 1.30 itself.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import onnx

import preprocessing
from onnx_numpy import NumpyOnnxModel

MODELS = Path(__file__).resolve().parents[1]


def read_raw(folder: Path, spec: dict) -> np.ndarray:
    return np.fromfile(folder / spec["file"], dtype=np.dtype(spec["dtype"]).newbyteorder("<")).reshape(spec["shape"])


def check_signature(model: onnx.ModelProto, manifest: dict, failures: list[str]) -> None:
    graph = model.graph
    opset = next(o.version for o in model.opset_import if o.domain in ("", "ai.onnx"))
    if opset != manifest["opset"]:
        failures.append(f"opset {opset}, manifest says {manifest['opset']}")
    inputs = {i.name: i for i in graph.input}
    image = inputs.get(manifest["input"]["name"])
    if image is None:
        failures.append(f"no input {manifest['input']['name']}")
    else:
        dims = [d.dim_param or d.dim_value for d in image.type.tensor_type.shape.dim]
        if dims != manifest["input"]["shape"]:
            failures.append(f"input shape {dims}, manifest says {manifest['input']['shape']}")
    dropout = inputs.get(manifest["mc_dropout"]["input"])
    if dropout is None or dropout.type.tensor_type.elem_type != onnx.TensorProto.BOOL or dropout.type.tensor_type.shape.dim:
        failures.append("mc_dropout input missing or not a bool scalar")
    outputs = {o.name for o in graph.output}
    declared = {manifest["outputs"]["logits"], manifest["outputs"]["probabilities"], manifest["head"]["classifier_weight"],
                manifest["head"]["classifier_bias"], manifest["mc_dropout"]["mask_output"]}
    declared |= {layer["output"] for layer in manifest["cam"]["target_layers"]}
    if declared - outputs:
        failures.append(f"outputs missing from the graph: {sorted(declared - outputs)}")


def verify_model(folder: Path) -> list[str]:
    failures: list[str] = []
    manifest = json.loads((folder / "manifest.json").read_text())
    golden_dir = folder / "golden"
    golden = json.loads((golden_dir / "golden.json").read_text())
    onnx_path = folder / manifest["file"]
    digest = hashlib.sha256(onnx_path.read_bytes()).hexdigest()
    if digest != manifest["sha256"] or digest != golden["model_sha256"]:
        failures.append(f"sha256 {digest} differs from manifest {manifest['sha256']} or golden {golden['model_sha256']}")
        return failures  # the remaining checks would describe some other model
    model = onnx.load(str(onnx_path))
    onnx.checker.check_model(model, full_check=True)
    check_signature(model, manifest, failures)

    atol, rtol = golden["tolerance"]["absolute"], golden["tolerance"]["relative"]
    evaluator = NumpyOnnxModel(str(onnx_path))
    weight = read_raw(golden_dir, golden["classifier_weight"])
    bias = read_raw(golden_dir, golden["classifier_bias"])
    labels = manifest["labels"]

    def close(what: str, actual: np.ndarray, expected: np.ndarray, tolerance: tuple[float, float] = (atol, rtol)) -> None:
        if actual.shape != expected.shape or not np.allclose(actual, expected, atol=tolerance[0], rtol=tolerance[1]):
            failures.append(f"{what}: differs (max abs diff {np.max(np.abs(actual - expected)) if actual.shape == expected.shape else 'shape'})")

    for case in golden["cases"]:
        name = case["name"]
        sample = json.loads((folder / case["sample"]).read_text())
        stored = read_raw(folder / "samples", sample["pixels"])
        values = stored.astype(np.float32) * np.float32(sample["rescale_slope"]) + np.float32(sample["rescale_intercept"])
        tensor = read_raw(golden_dir, case["input"])
        close(f"{name}: preprocessing of the raw sample", preprocessing.preprocess(values, sample["photometric_interpretation"],
                                                                              manifest["preprocessing"])[None], tensor, (1e-5, 0))
        geometry = preprocessing.letterbox_geometry(*values.shape, manifest["preprocessing"]["input_size"])
        expected_boxes = [{"label": b["label"], "box": preprocessing.box_to_input(b["box"], geometry)} for b in sample["boxes"]]
        if expected_boxes != case["boxes_in_input"]:
            failures.append(f"{name}: boxes in input coordinates do not match the sample's boxes")

        outputs = evaluator.run({manifest["input"]["name"]: tensor, manifest["mc_dropout"]["input"]: np.array(False)})
        for key, spec in case["outputs"].items():
            close(f"{name}: output {key}", outputs[key], read_raw(golden_dir, spec))
        close(f"{name}: classifier_weight", outputs[manifest["head"]["classifier_weight"]], weight, (0, 0))
        close(f"{name}: classifier_bias", outputs[manifest["head"]["classifier_bias"]], bias, (0, 0))

        features = outputs[manifest["cam"]["target_layers"][0]["output"]]
        close(f"{name}: gap-linear head identity", features.mean(axis=(2, 3)) @ weight.T + bias, outputs["logits"])
        for label, spec in case["grad_cam"].items():
            cam = np.maximum(np.tensordot(weight[labels.index(label)], features[0], axes=1), 0) / np.float32(features[0, 0].size)
            close(f"{name}: grad_cam {label}", cam, read_raw(golden_dir, spec))
    return failures


def main() -> int:
    folders = sorted(p.parent for p in MODELS.glob("*/manifest.json"))
    if not folders:
        print("no models found")
        return 1
    ok = True
    for folder in folders:
        failures = verify_model(folder)
        ok &= not failures
        print(f"{folder.name}: {'OK' if not failures else 'FAILED'}")
        for failure in failures:
            print(f"  {failure}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
