"""pydicom's and dcmtk's reading of generated files: one JSON object per file named on the command line.

For each file: what pydicom reads (SOP class, modality, UIDs, patient, geometry, the decoded pixel array's shape and
range) and the exit status of dcmdump and of dciodvfy, with dciodvfy's error and warning lines.
"""
import json
import subprocess
import sys

import pydicom

out = {}
for path in sys.argv[1:]:
    ds = pydicom.dcmread(path)
    pixels = ds.pixel_array
    verify = subprocess.run(["dciodvfy", path], capture_output=True, text=True)
    out[path] = {
        "sopClass": str(ds.SOPClassUID),
        "modality": ds.Modality,
        "study": str(ds.StudyInstanceUID),
        "series": str(ds.SeriesInstanceUID),
        "sop": str(ds.SOPInstanceUID),
        "instanceNumber": int(ds.InstanceNumber),
        "patientName": str(ds.PatientName),
        "patientId": str(ds.PatientID),
        "bodyPart": str(ds.get("BodyPartExamined", "")),
        "shape": list(pixels.shape),
        "min": int(pixels.min()),
        "max": int(pixels.max()),
        "mean": float(pixels.mean()),
        "distinctValues": int(len(set(pixels.ravel().tolist()[::97]))),
        "sliceLocation": float(ds.SliceLocation) if "SliceLocation" in ds else None,
        "viewPosition": str(ds.get("ViewPosition", "")),
        "dcmdump": subprocess.run(["dcmdump", "-q", path], capture_output=True).returncode,
        "dciodvfyErrors": [line for line in (verify.stdout + verify.stderr).splitlines() if line.startswith("Error")],
        "dciodvfyWarnings": [line for line in (verify.stdout + verify.stderr).splitlines() if line.startswith("Warning")],
    }
print(json.dumps(out))
