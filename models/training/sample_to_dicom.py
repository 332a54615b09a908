#!/usr/bin/env python3
"""Wraps a model sample (samples/<case>.raw + .json) as a DICOM Part 10 file, written by pydicom.

The samples hold stored pixel values and the attributes to read them; this adds what a real object carries
(SOP class, UIDs, Modality and Body Part Examined from the model's manifest, a synthetic patient) so that the
samples can be sent to the API, archived, or given to `clinimg infer`:

    /usr/bin/python3 models/training/sample_to_dicom.py models/cxr-findings-demo/samples/cxr-normal.json /tmp/cxr.dcm
    ./scripts/clinimg infer /tmp/cxr.dcm --out /tmp/cxr

--modality / --body-part override the manifest's values (e.g. to see a model refuse another modality).
"""
import argparse
import json
import pathlib

import numpy as np
import pydicom
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

SOP_CLASSES = {
    "CR": "1.2.840.10008.5.1.4.1.1.1",      # Computed Radiography Image Storage
    "DX": "1.2.840.10008.5.1.4.1.1.1.1",    # Digital X-Ray Image Storage - For Presentation
    "CT": "1.2.840.10008.5.1.4.1.1.2",      # CT Image Storage
    "MR": "1.2.840.10008.5.1.4.1.1.4",      # MR Image Storage
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sample", type=pathlib.Path, help="samples/<case>.json of a model folder")
    parser.add_argument("output", type=pathlib.Path)
    parser.add_argument("--modality")
    parser.add_argument("--body-part")
    parser.add_argument("--sop-instance-uid")
    args = parser.parse_args()

    sample = json.loads(args.sample.read_text())
    manifest = json.loads((args.sample.parent.parent / "manifest.json").read_text())
    modality = args.modality or manifest["modalities"][0]
    body_part = args.body_part if args.body_part is not None else (manifest["body_parts"] or [""])[0]
    pixels = np.fromfile(args.sample.parent / sample["pixels"]["file"], dtype=sample["pixels"]["dtype"]).reshape(sample["pixels"]["shape"])

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = SOP_CLASSES.get(modality, "1.2.840.10008.5.1.4.1.1.7")  # else Secondary Capture
    meta.MediaStorageSOPInstanceUID = args.sop_instance_uid or generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(str(args.output), {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.PatientName = "Synthetic^Demo"
    ds.PatientID = "SYNTHETIC-" + args.sample.stem
    ds.Modality = modality
    if body_part:
        ds.BodyPartExamined = body_part
    ds.SeriesNumber = 1
    ds.InstanceNumber = 1
    ds.ImageComments = "Synthetic demonstration image with planted lesions: " + ", ".join(sample["labels"] or ["none"])
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = sample["photometric_interpretation"]
    ds.Rows, ds.Columns = sample["rows"], sample["columns"]
    ds.BitsAllocated = sample["bits_allocated"]
    ds.BitsStored = sample["bits_stored"]
    ds.HighBit = sample["high_bit"]
    ds.PixelRepresentation = sample["pixel_representation"]
    ds.PixelSpacing = [f"{v:.6f}" for v in sample["pixel_spacing_mm"]]
    if modality == "CT" or sample["rescale_slope"] != 1.0 or sample["rescale_intercept"] != 0.0:
        ds.RescaleSlope = f"{sample['rescale_slope']:g}"
        ds.RescaleIntercept = f"{sample['rescale_intercept']:g}"
        ds.RescaleType = "HU" if modality == "CT" else "US"
    ds.PixelData = pixels.astype(pixels.dtype.newbyteorder("<")).tobytes()
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.save_as(str(args.output), write_like_original=False)


if __name__ == "__main__":
    main()
