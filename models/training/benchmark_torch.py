#!/usr/bin/env python3
"""PyTorch eager baseline for docs/benchmarks.md: the same demo networks as the ONNX files, in torch 1.13 (CPU).

Each model's network is rebuilt from its model.onnx (Conv with the exported, BatchNorm-folded weights, ReLU, Add,
Concat, MaxPool, global average pooling, Linear): exactly the graph ONNX Runtime runs, executed by torch eager. Same random
normalised inputs and batch sizes as tests/ClinicalImaging.Inference.Tests/Benchmarks/InferenceBenchmark.cs.
"Inference" is a no-grad forward pass for the logits. "Inference + Grad-CAM" is pytorch-grad-cam's recipe: the
`features` activations are kept and a tensor hook keeps their gradient, backward from the top class's logit,
channel weights = spatial mean of the gradient, ReLU of the weighted sum, per-image min-max, bilinear upsampling
to the input size (align_corners=False, as cv2.resize).

    /usr/bin/python3 models/training/benchmark_torch.py 2 50   # torch intra-op threads, timed runs
"""
import json
import pathlib
import statistics
import sys
import time

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper
from torch import nn

WARM_UP, BATCHES = 5, (1, 8, 32)
MODELS = pathlib.Path(__file__).resolve().parent.parent


class OnnxNet(nn.Module):
    """The demo graph as torch eager operations, node by node up to `features`, then the GAP + linear head.

    Conv nodes become nn.Conv2d modules holding the exported (BatchNorm-folded) weights; Relu, Add (residual
    shortcuts), Concat (dense blocks) and MaxPool run as torch functions on the named tensors, in graph order.
    """

    def __init__(self, path: pathlib.Path):
        super().__init__()
        graph = onnx.load(str(path)).graph
        weights = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in graph.initializer}
        self.convs = nn.ModuleDict()
        self.steps = []  # (op, inputs, output, attributes) of the body, in graph order
        for index, node in enumerate(graph.node):
            attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
            if node.op_type == "Conv":
                w = weights[node.input[1]]
                conv = nn.Conv2d(w.shape[1], w.shape[0], tuple(attrs["kernel_shape"]), tuple(attrs["strides"]), tuple(attrs["pads"][:2]))
                conv.weight.data, conv.bias.data = w, weights[node.input[2]]
                self.convs[str(index)] = conv
                attrs = {"module": str(index)}
            elif node.op_type == "Gemm":
                w = weights[node.input[1]]
                self.classifier = nn.Linear(w.shape[1], w.shape[0])
                self.classifier.weight.data, self.classifier.bias.data = w, weights[node.input[2]]
                continue
            elif node.op_type not in ("Relu", "Add", "Concat", "MaxPool"):
                continue  # the head (pooling, dropout, activations) is the module's own code
            self.steps.append((node.op_type, list(node.input[:1] if node.op_type == "Conv" else node.input), node.output[0], attrs))
        self.eval()

    def features(self, image: torch.Tensor) -> torch.Tensor:
        values = {"image": image}
        for op, inputs, output, attrs in self.steps:
            args = [values[name] for name in inputs]
            if op == "Conv":
                values[output] = self.convs[attrs["module"]](args[0])
            elif op == "Relu":
                values[output] = F.relu(args[0])
            elif op == "Add":
                values[output] = args[0] + args[1]
            elif op == "Concat":
                values[output] = torch.cat(args, dim=attrs["axis"])
            else:
                values[output] = F.max_pool2d(args[0], tuple(attrs["kernel_shape"]), tuple(attrs["strides"]))
            if output == "features":
                return values[output]
        raise ValueError("the graph has no `features` tensor")

    def forward(self, image, saved: dict | None = None):
        features = self.features(image)
        if saved is not None:  # pytorch-grad-cam's hooks: keep the activations and, on backward, their gradient
            saved["activations"] = features
            features.register_hook(lambda grad: saved.__setitem__("gradients", grad))
        return self.classifier(features.mean(dim=(2, 3)))


def grad_cam(net: OnnxNet, image: torch.Tensor) -> torch.Tensor:
    saved = {}
    logits = net(image, saved)
    net.zero_grad(set_to_none=True)
    logits.gather(1, logits.argmax(1, keepdim=True)).sum().backward()
    activations, gradients = saved["activations"].detach(), saved["gradients"]
    cam = F.relu((gradients.mean(dim=(2, 3), keepdim=True) * activations).sum(1))
    low = cam.amin(dim=(1, 2), keepdim=True)
    cam = (cam - low) / ((cam - low).amax(dim=(1, 2), keepdim=True) + 1e-7)
    return F.interpolate(cam[:, None], size=image.shape[-1], mode="bilinear", align_corners=False)[:, 0]


def timed(run, runs: int) -> list[float]:
    for _ in range(WARM_UP):
        run()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    torch.set_num_threads(threads)
    print(f"torch {torch.__version__}, {threads} intra-op threads, {runs} runs after {WARM_UP} warm-up runs: median (minimum)\n")
    print("| Model | Batch | Inference ms / batch | Images/s (median) | Inference + Grad-CAM ms / batch | Overhead (median, minimum) |")
    print("|---|---:|---:|---:|---:|---:|")
    for manifest_path in sorted(MODELS.glob("*/manifest.json")):
        manifest = json.loads(manifest_path.read_text())
        net = OnnxNet(manifest_path.parent / manifest["file"])
        channels, size = len(manifest["preprocessing"]["channels"]), manifest["preprocessing"]["input_size"]
        for batch in BATCHES:
            image = torch.from_numpy(np.random.default_rng(batch).uniform(-1, 1, (batch, channels, size, size)).astype(np.float32))

            def infer():
                with torch.no_grad():
                    net(image)

            plain, cam = timed(infer, runs), timed(lambda: grad_cam(net, image), runs)
            p_med, p_min, c_med, c_min = statistics.median(plain), min(plain), statistics.median(cam), min(cam)
            print(f"| {manifest['id']} | {batch} | {p_med:.2f} ({p_min:.2f}) | {batch * 1000 / p_med:.0f} | "
                  f"{c_med:.2f} ({c_min:.2f}) | {c_med / p_med:.2f}x, {c_min / p_min:.2f}x |")


if __name__ == "__main__":
    main()
