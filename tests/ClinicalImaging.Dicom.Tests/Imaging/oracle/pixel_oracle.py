#!/usr/bin/python3
"""pydicom as an independent oracle for the pixel pipeline tests (run with Debian's /usr/bin/python3).

Commands (all output little endian, C order):
  dump OUT [--palettes NAME,...] FILE...
                        per palette NAME: what "palette OUT/palette-NAME NAME" writes; per FILE: OUT/<stem>/meta.json, pixeldata.bin (native) or frame_<n>.bin
                        (encapsulated, one frame's fragments joined), expected.bin (pixel_array of all
                        frames, when pydicom can decode it), and for monochrome files modality.bin
                        (apply_modality_lut of frame 0, float64) and voi_<k>.bin (apply_windowing of that,
                        float64) for each window in meta.json "windows". When pydicom has no decoder for a
                        JPEG or JPEG-LS file, dcmtk's dcmdjpeg / dcmdjpls decompress it first (meta.json
                        "ExpectedSource" says which).
  rle-decode DIR        for each entry of DIR/manifest.json ({"input", "output", "rows", "columns", "samples",
                        "bits"}), decodes that RLE frame with pydicom's own decoder, samples interleaved.
  palette OUT NAME      for pydicom's well-known palette NAME (HOT_IRON, FALL…): OUT/meta.json (descriptors,
                        segmented?), red/green/blue.bin (LUT data as stored) and mapped.bin
                        (apply_color_lut of the indices 0..255).
  ybr-to-rgb IN OUT     converts interleaved 8-bit YBR_FULL to RGB with pydicom's convert_color_space.
  png-check DIR         for each DIR/*.png: checks the signature and every chunk CRC with zlib.crc32, then
                        decodes it with Pillow; writes <name>.json (chunks, mode, size) and <name>.raw
                        (pixels, 16-bit as little endian).
  lut DIR               for each entry of DIR/manifest.json ({"kind": "modality"|"voi", "descriptor",
                        "data": file of 16-bit LUT words, "input": file of int32 values, "output"}), applies
                        a Modality or VOI LUT Sequence item with pydicom's apply_modality_lut / apply_voi.
  resize DIR            for each entry of DIR/manifest.json ({"input", "output", "width", "height", "mode",
                        "newWidth", "newHeight", "filter": "BOX"|"BILINEAR"}), resizes with Pillow.
File names without a directory are looked up in pydicom's test_files.
"""
import json
import os
import struct
import subprocess
import sys
import tempfile
import warnings
import zlib

import numpy as np
import pydicom
from pydicom.data import get_palette_files, get_testdata_file
from pydicom.encaps import generate_pixel_data_frame
from pydicom.pixel_data_handlers import rle_handler
from pydicom.pixel_data_handlers.util import (apply_color_lut, apply_modality_lut, apply_voi,
                                              apply_windowing, convert_color_space)

warnings.simplefilter("ignore")

# Windows evaluated for every monochrome file, beside the file's own: (center, width, function).
EXTRA_WINDOWS = [(40.0, 400.0, "LINEAR"), (1000.0, 1.0, "LINEAR"), (300.0, 601.0, "LINEAR_EXACT"),
                 (-10.5, 0.5, "LINEAR_EXACT"), (600.0, 800.0, "SIGMOID")]


def resolve(name):
    return name if os.path.sep in name else get_testdata_file(name)


def le_bytes(arr):
    return np.ascontiguousarray(arr).astype(arr.dtype.newbyteorder("<"), copy=False).tobytes()


def multi(value):
    if value is None:
        return []
    return [float(v) for v in value] if isinstance(value, pydicom.multival.MultiValue) else [float(value)]


def dump(out_dir, name):
    ds = pydicom.dcmread(resolve(name))
    stem = os.path.splitext(os.path.basename(name))[0]
    target = os.path.join(out_dir, stem)
    os.makedirs(target, exist_ok=True)
    ts = ds.file_meta.TransferSyntaxUID
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    meta = {
        "TransferSyntaxUid": str(ts),
        "Encapsulated": ts.is_compressed,
        "BigEndian": not ts.is_little_endian,
        "Rows": ds.Rows, "Columns": ds.Columns, "SamplesPerPixel": ds.SamplesPerPixel,
        "BitsAllocated": ds.BitsAllocated, "BitsStored": ds.BitsStored, "HighBit": ds.HighBit,
        "PixelRepresentation": ds.PixelRepresentation,
        "PlanarConfiguration": int(ds.get("PlanarConfiguration", 0) or 0),
        "PhotometricInterpretation": ds.PhotometricInterpretation, "NumberOfFrames": frames,
        "RescaleSlope": float(ds.RescaleSlope) if "RescaleSlope" in ds else None,
        "RescaleIntercept": float(ds.RescaleIntercept) if "RescaleIntercept" in ds else None,
        "WindowCenter": multi(ds.get("WindowCenter")), "WindowWidth": multi(ds.get("WindowWidth")),
    }
    if ts.is_compressed:
        for index, frame in enumerate(generate_pixel_data_frame(ds.PixelData, frames)):
            with open(os.path.join(target, f"frame_{index}.bin"), "wb") as f:
                f.write(frame)
    else:
        with open(os.path.join(target, "pixeldata.bin"), "wb") as f:
            f.write(ds.PixelData)
    try:
        arr, meta["ExpectedSource"] = decode(ds, resolve(name))
        meta["ExpectedDtype"] = arr.dtype.name
        meta["DecodedPhotometricInterpretation"] = ds.PhotometricInterpretation
        with open(os.path.join(target, "expected.bin"), "wb") as f:
            f.write(le_bytes(arr))
    except Exception as error:  # noqa: BLE001 - the reason is recorded for the test to report
        meta["ExpectedError"] = f"{type(error).__name__}: {error}"
        arr = None
    if arr is not None and meta["PhotometricInterpretation"].startswith("MONOCHROME"):
        first = arr[0] if frames > 1 else arr
        modality = apply_modality_lut(first, ds).astype(np.float64)
        with open(os.path.join(target, "modality.bin"), "wb") as f:
            f.write(le_bytes(modality))
        windows = list(zip(meta["WindowCenter"], meta["WindowWidth"], ["LINEAR"] * 8)) + EXTRA_WINDOWS
        meta["windows"] = []
        for k, (center, width, function) in enumerate(windows):
            ds.WindowCenter, ds.WindowWidth, ds.VOILUTFunction = center, width, function
            voi = apply_windowing(modality.copy(), ds)
            with open(os.path.join(target, f"voi_{k}.bin"), "wb") as f:
                f.write(le_bytes(voi.astype(np.float64)))
            meta["windows"].append({"Center": center, "Width": width, "Function": function})
    with open(os.path.join(target, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)


DCMTK_DECODERS = {"1.2.840.10008.1.2.4.50": "dcmdjpeg", "1.2.840.10008.1.2.4.51": "dcmdjpeg",
                  "1.2.840.10008.1.2.4.57": "dcmdjpeg", "1.2.840.10008.1.2.4.70": "dcmdjpeg",
                  "1.2.840.10008.1.2.4.80": "dcmdjpls", "1.2.840.10008.1.2.4.81": "dcmdjpls"}


def decode(ds, path):
    """pixel_array from pydicom's own handlers, else from dcmtk's decompressed copy."""
    try:
        return ds.pixel_array, "pydicom"
    except Exception:  # noqa: BLE001 - fall back to dcmtk where it has a decoder
        tool = DCMTK_DECODERS.get(str(ds.file_meta.TransferSyntaxUID))
        if tool is None:
            raise
    with tempfile.TemporaryDirectory() as scratch:
        target = os.path.join(scratch, "decompressed.dcm")
        subprocess.run([tool, path, target], check=True, capture_output=True)
        decompressed = pydicom.dcmread(target)
        ds.PhotometricInterpretation = decompressed.PhotometricInterpretation
        return decompressed.pixel_array, f"dcmtk {tool}"


def rle_decode(directory):
    with open(os.path.join(directory, "manifest.json")) as f:
        manifest = json.load(f)
    for entry in manifest:
        with open(os.path.join(directory, entry["input"]), "rb") as f:
            data = f.read()
        rows, columns, samples, bits = entry["rows"], entry["columns"], entry["samples"], entry["bits"]
        planar = rle_handler._rle_decode_frame(data, rows, columns, samples, bits)
        dtype = np.dtype(f"<u{bits // 8}")
        arr = np.frombuffer(bytes(planar), dtype=dtype).reshape(samples, rows * columns).T
        with open(os.path.join(directory, entry["output"]), "wb") as f:
            f.write(le_bytes(arr))


PALETTE_FILES = {"HOT_IRON": "hotiron.dcm", "PET": "pet.dcm", "HOT_METAL_BLUE": "hotmetalblue.dcm",
                 "PET_20_STEP": "pet20step.dcm", "SPRING": "spring.dcm", "SUMMER": "summer.dcm",
                 "FALL": "fall.dcm", "WINTER": "winter.dcm"}


def palette(out_dir, name):
    ds = pydicom.dcmread(get_palette_files(PALETTE_FILES[name])[0])
    os.makedirs(out_dir, exist_ok=True)
    segmented = "SegmentedRedPaletteColorLookupTableData" in ds
    meta = {"Segmented": segmented}
    for channel in ("Red", "Green", "Blue"):
        meta[channel] = list(ds[f"{channel}PaletteColorLookupTableDescriptor"].value)
        keyword = f"{'Segmented' if segmented else ''}{channel}PaletteColorLookupTableData"
        with open(os.path.join(out_dir, f"{channel.lower()}.bin"), "wb") as f:
            f.write(ds[keyword].value)
    # Passing the dataset, not the name: pydicom 2.3's name table swaps FALL and WINTER.
    mapped = apply_color_lut(np.arange(256, dtype=np.uint8), ds=ds)
    meta["MappedDtype"] = mapped.dtype.name
    with open(os.path.join(out_dir, "mapped.bin"), "wb") as f:
        f.write(le_bytes(mapped))
    with open(os.path.join(out_dir, "meta.json"), "w") as f:
        json.dump(meta, f)


def ybr_to_rgb(src, dst):
    values = np.fromfile(src, dtype=np.uint8).reshape(-1, 1, 3)
    with open(dst, "wb") as f:
        f.write(le_bytes(convert_color_space(values, "YBR_FULL", "RGB")))


def png_check(directory):
    from PIL import Image
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".png"):
            continue
        path = os.path.join(directory, name)
        with open(path, "rb") as f:
            data = f.read()
        if data[:8] != b"\x89PNG\r\n\x1a\n":
            raise SystemExit(f"{name}: bad signature")
        chunks, position = [], 8
        while position < len(data):
            length, kind = struct.unpack(">I4s", data[position:position + 8])
            body = data[position + 8:position + 8 + length]
            (crc,) = struct.unpack(">I", data[position + 8 + length:position + 12 + length])
            if zlib.crc32(kind + body) != crc:
                raise SystemExit(f"{name}: CRC mismatch in {kind!r} chunk at {position}")
            chunks.append(kind.decode("ascii"))
            position += 12 + length
        image = Image.open(path)
        image.load()
        pixels = np.array(image)
        if pixels.dtype != np.uint8:
            pixels = pixels.astype("<u2")
        with open(path[:-4] + ".raw", "wb") as f:
            f.write(pixels.tobytes())
        with open(path[:-4] + ".json", "w") as f:
            json.dump({"chunks": chunks, "mode": image.mode, "width": image.width, "height": image.height}, f)


def lut(directory):
    from pydicom.dataset import Dataset
    with open(os.path.join(directory, "manifest.json")) as f:
        manifest = json.load(f)
    for entry in manifest:
        item = Dataset()
        item.LUTDescriptor = entry["descriptor"]
        with open(os.path.join(directory, entry["data"]), "rb") as f:
            item.add_new("LUTData", "OW", f.read())
        ds = Dataset()
        ds.is_little_endian = True
        values = np.fromfile(os.path.join(directory, entry["input"]), dtype="<i4")
        if entry["kind"] == "modality":
            ds.ModalityLUTSequence = [item]
            mapped = apply_modality_lut(values, ds)
        else:
            ds.VOILUTSequence = [item]
            mapped = apply_voi(values, ds)
        with open(os.path.join(directory, entry["output"]), "wb") as f:
            f.write(le_bytes(mapped.astype("<i4")))


def resize(directory):
    from PIL import Image
    with open(os.path.join(directory, "manifest.json")) as f:
        manifest = json.load(f)
    for entry in manifest:
        with open(os.path.join(directory, entry["input"]), "rb") as f:
            image = Image.frombytes(entry["mode"], (entry["width"], entry["height"]), f.read())
        filters = {"BOX": Image.BOX, "BILINEAR": Image.BILINEAR}
        resized = image.resize((entry["newWidth"], entry["newHeight"]), filters[entry["filter"]])
        with open(os.path.join(directory, entry["output"]), "wb") as f:
            f.write(resized.tobytes())


def main(argv):
    command = argv[1]
    if command == "dump":
        files = argv[3:]
        if files[:1] == ["--palettes"]:
            for name in files[1].split(","):
                palette(os.path.join(argv[2], f"palette-{name}"), name)
            files = files[2:]
        for name in files:
            dump(argv[2], name)
    elif command == "rle-decode":
        rle_decode(argv[2])
    elif command == "palette":
        palette(argv[2], argv[3])
    elif command == "png-check":
        png_check(argv[2])
    elif command == "lut":
        lut(argv[2])
    elif command == "resize":
        resize(argv[2])
    elif command == "ybr-to-rgb":
        ybr_to_rgb(argv[2], argv[3])
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv)
