"""Writes the ingest benchmark's corpus with pydicom (independent of our own writer).

  /usr/bin/python3 scripts/bench/ingest_corpus.py slices OUT_DIR [STUDIES] [SLICES_PER_STUDY]
      CT slices as a scanner sends them: 512 x 512, 16 bits, explicit VR little endian (~513 kB each), pydicom's
      CT_small.dcm header with new UIDs; STUDIES (16) studies of SLICES_PER_STUDY (25) slices, 4 patients.
  /usr/bin/python3 scripts/bench/ingest_corpus.py multiframe OUT_FILE [MEGABYTES]
      One multi-frame object of about MEGABYTES (1024) MB: 1024 x 1024 16-bit frames (2 MiB each), uncompressed.
      Pixel Data is written frame by frame, so this script never holds the whole object in memory either.
"""
import os
import random
import struct
import sys

import pydicom
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

TEMPLATE = os.path.join(os.path.dirname(pydicom.__file__), "data", "test_files", "CT_small.dcm")


def template(study, series, patient):
    ds = pydicom.dcmread(TEMPLATE)
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series
    ds.PatientID, ds.PatientName = f"BENCH-{patient:03d}", f"BENCH^PATIENT{patient:03d}"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 0
    return ds


def slices(out, studies=16, per_study=25):
    os.makedirs(out, exist_ok=True)
    rng = random.Random(20261207)
    for s in range(studies):
        study, series = generate_uid(), generate_uid()
        for n in range(per_study):
            ds = template(study, series, s % 4)
            ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
            ds.InstanceNumber = n + 1
            ds.Rows = ds.Columns = 512
            ds.PixelData = rng.randbytes(512 * 512 * 2)
            ds.save_as(os.path.join(out, f"s{s:02d}-{n:03d}.dcm"), write_like_original=False)


def multiframe(out, megabytes=1024):
    rows = columns = 1024
    frame = rows * columns * 2
    frames = max(1, megabytes * 1024 * 1024 // frame)
    ds = template(generate_uid(), generate_uid(), 999)
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7.3"  # Multi-frame Grayscale Word SC
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    ds.Modality = "OT"
    ds.Rows, ds.Columns, ds.NumberOfFrames = rows, columns, frames
    ds.FrameIncrementPointer = 0x00181063  # Frame Time
    ds.FrameTime = 40
    # Everything up to Pixel Data through pydicom, then the Pixel Data element by hand, one frame at a time.
    del ds.PixelData
    for tag in [e.tag for e in ds if e.tag > 0x7FE00010]:  # CT_small's Data Set Trailing Padding: it would follow Pixel Data
        del ds[tag]
    ds.save_as(out, write_like_original=False)
    rng = random.Random(1)
    with open(out, "ab") as f:
        f.write(struct.pack("<HH2sHI", 0x7FE0, 0x0010, b"OW", 0, frame * frames))
        for _ in range(frames):
            f.write(rng.randbytes(frame))


if __name__ == "__main__":
    kind, target, rest = sys.argv[1], sys.argv[2], [int(a) for a in sys.argv[3:]]
    {"slices": slices, "multiframe": multiframe}[kind](target, *rest)
