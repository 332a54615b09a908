"""Oracle for the C# DICOM tests: reads each file given on stdin (one path per line) with pydicom and writes
<output_dir>/<index>.json holding {"ok": bool, "error": str, "transfer_syntax": uid, "json": to_json_dict()}.
Run with /usr/bin/python3 (the Debian pydicom). Elements pydicom cannot convert are listed in "invalid"; public
tags its (older) dictionary does not know, which it must read as UN from implicit VR files, in "unknown"."""
import json
import sys
import warnings

import pydicom
import pydicom.datadict


def element_json(dataset):
    """to_json_dict, but per element so one unconvertible element does not lose the rest."""
    result, invalid = {}, []
    for element in dataset:
        key = "%08X" % element.tag
        try:
            result[key] = element.to_json_dict(bulk_data_element_handler=None, bulk_data_threshold=1 << 62)
        except Exception:  # noqa: BLE001 - record and go on, the C# side then skips this tag
            invalid.append(key)
    return result, invalid


def main():
    output_dir = sys.argv[1]
    warnings.simplefilter("ignore")
    for index, path in enumerate(line.rstrip("\n") for line in sys.stdin):
        record = {"path": path}
        try:
            dataset = pydicom.dcmread(path, force=True)
            dataset.decode()
            record["json"], record["invalid"] = element_json(dataset)
            record["unknown"] = sorted({"%08X" % e.tag for e in dataset.iterall()
                                        if not e.tag.is_private and not pydicom.datadict.dictionary_has_tag(e.tag)})
            meta = getattr(dataset, "file_meta", None)
            record["transfer_syntax"] = str(meta.TransferSyntaxUID) if meta is not None and "TransferSyntaxUID" in meta else None
            record["ok"] = True
        except Exception as error:  # noqa: BLE001 - the C# side decides what a failure means
            record["ok"] = False
            record["error"] = "%s: %s" % (type(error).__name__, error)
        with open("%s/%d.json" % (output_dir, index), "w", encoding="utf-8") as handle:
            json.dump(record, handle)


if __name__ == "__main__":
    main()
