"""pydicom as the oracle for clinimg's tests. Usage: oracle.py json FILE OURS.json | pixels FILE FRAME OURS.npy"""
import json
import sys

import numpy as np
import pydicom


def normalise(dataset_json):
    """FL/OF values are float32: compare them as float32, whatever decimal form each side printed."""
    for element in dataset_json.values():
        if element.get("vr") in ("FL", "OF") and "Value" in element:
            element["Value"] = [float(np.float32(v)) if isinstance(v, (int, float)) else v for v in element["Value"]]
        for item in element.get("Value", []) if element.get("vr") == "SQ" else []:
            normalise(item)
    return dataset_json


def main():
    mode, path = sys.argv[1], sys.argv[2]
    dataset = pydicom.dcmread(path)
    if mode == "json":
        ours = normalise(json.load(open(sys.argv[3])))
        theirs = normalise(dataset.to_json_dict())
        differing = sorted(k for k in set(ours) | set(theirs) if ours.get(k) != theirs.get(k))
        print("equal" if not differing else "differ: " + ", ".join(differing[:10]))
    elif mode == "pixels":
        frame = int(sys.argv[3]) - 1
        expected = dataset.pixel_array
        if int(getattr(dataset, "NumberOfFrames", 1) or 1) > 1:
            expected = expected[frame]
        expected = expected.astype(expected.dtype.newbyteorder("<"))  # big-endian files: compare values, not byte order
        ours = np.load(sys.argv[4])
        if ours.dtype != expected.dtype or ours.shape != expected.shape:
            print(f"differ: ours {ours.dtype}{ours.shape}, pydicom {expected.dtype}{expected.shape}")
        else:
            print("equal" if np.array_equal(ours, expected) else f"differ: {int(np.count_nonzero(ours != expected))} values")


main()
