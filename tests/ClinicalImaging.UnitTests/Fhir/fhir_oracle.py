"""pydicom's reading of the attributes an ImagingStudy is made from, for every file named on the command line.

Prints one JSON object: {path: {study, series, sop, sopClass, modality, bodyPart, laterality, accession}}; files
pydicom cannot read, or that lack the study/series/instance UIDs, are left out.
"""
import json
import sys

import pydicom

out = {}
for path in sys.argv[1:]:
    try:
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        study, series, sop, sop_class = (str(ds.get(k, "")).strip() for k in
                                         ("StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", "SOPClassUID"))
    except Exception:
        continue
    if not (study and series and sop and sop_class):
        continue
    out[path] = {
        "study": study, "series": series, "sop": sop, "sopClass": sop_class,
        "modality": str(ds.get("Modality", "")).strip(),
        "bodyPart": str(ds.get("BodyPartExamined", "")).strip(),
        "laterality": str(ds.get("Laterality", "") or ds.get("ImageLaterality", "")).strip(),
        "accession": str(ds.get("AccessionNumber", "")).strip(),
    }
print(json.dumps(out))
