"""Trains and exports models/cxr-findings-densenet-demo: the chest task of train_cxr_findings_demo.py (same data,
splits, labels and samples) with a DenseNet-style network, so that the chest ensemble has two architectures."""
import dataclasses

import train_cxr_findings_demo
from demo_pipeline import run

SPEC = dataclasses.replace(
    train_cxr_findings_demo.SPEC,
    model_id="cxr-findings-densenet-demo",
    version="1.0.0",
    title="Synthetic chest radiograph findings, DenseNet-style (demonstration)",
    architecture="densenet",
    feature_channels=48,
    # The schedule it was trained with (the ResNet's changed in decision 0410).
    epochs=14,
    cam_supervision=0.3,
    script="train_cxr_findings_densenet_demo.py",
)

if __name__ == "__main__":
    run(SPEC)
