"""Procedural synthetic images with planted findings, for the demonstration models.

Nothing here resembles patient data. Every image is drawn from a seeded numpy Generator, so a
(seed, index) pair always yields the same pixels. Each generator returns the raw stored pixel array
exactly as a DICOM object would carry it, the DICOM attributes needed to interpret it, and the planted
lesion boxes, so that the position of a CAM peak can be checked against where the finding really is.

Boxes are [x_min, y_min, x_max, y_max] in raw pixel units, half-open: column x is inside when
x_min <= x < x_max (the same for rows). A finding may have more than one box (bilateral effusion).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

CHEST_FINDINGS = ("nodule", "pleural_effusion", "pneumothorax")
CHEST_LABELS = CHEST_FINDINGS + ("normal",)
HEAD_LABELS = ("no_hemorrhage", "hemorrhage")
BRAIN_MR_LABELS = ("no_mass", "mass")


@dataclass
class SyntheticImage:
    pixels: np.ndarray  # stored values, rows x columns (uint16 for CR, int16 for CT)
    rescale_slope: float
    rescale_intercept: float
    pixel_spacing_mm: tuple[float, float]  # (row spacing, column spacing), DICOM order
    photometric_interpretation: str
    labels: tuple[str, ...]  # positive labels
    boxes: list[dict] = field(default_factory=list)  # {"label": str, "box": [x0, y0, x1, y1]}

    def modality_values(self) -> np.ndarray:
        """Stored values through the modality LUT (rescale), as float32."""
        return self.pixels.astype(np.float32) * np.float32(self.rescale_slope) + np.float32(self.rescale_intercept)


def _grid(rows: int, cols: int) -> tuple[np.ndarray, np.ndarray]:
    yy, xx = np.mgrid[0:rows, 0:cols].astype(np.float32)
    return yy + 0.5, xx + 0.5  # pixel centres


def _smooth_noise(rng: np.random.Generator, rows: int, cols: int, cell: int) -> np.ndarray:
    """Low-frequency noise in [-1, 1]: a coarse random grid upsampled bilinearly."""
    gr, gc = rows // cell + 2, cols // cell + 2
    coarse = rng.uniform(-1.0, 1.0, size=(gr, gc)).astype(np.float32)
    ys = (np.arange(rows, dtype=np.float32) + 0.5) / cell
    xs = (np.arange(cols, dtype=np.float32) + 0.5) / cell
    y0, x0 = ys.astype(int), xs.astype(int)
    fy, fx = (ys - y0)[:, None], (xs - x0)[None, :]
    top = coarse[y0][:, x0] * (1 - fx) + coarse[y0][:, x0 + 1] * fx
    bottom = coarse[y0 + 1][:, x0] * (1 - fx) + coarse[y0 + 1][:, x0 + 1] * fx
    return top * (1 - fy) + bottom * fy


def _smoothstep(edge0: float, edge1: float, x: np.ndarray) -> np.ndarray:
    t = np.clip((x - edge0) / (edge1 - edge0), 0.0, 1.0)
    return t * t * (3 - 2 * t)


def _segment_distance(yy, xx, p0, p1) -> np.ndarray:
    """Distance from every pixel centre to the segment p0-p1 ((y, x) points)."""
    (y0, x0), (y1, x1) = p0, p1
    dy, dx = y1 - y0, x1 - x0
    length_sq = max(dy * dy + dx * dx, 1e-6)
    t = np.clip(((yy - y0) * dy + (xx - x0) * dx) / length_sq, 0.0, 1.0)
    return np.hypot(yy - (y0 + t * dy), xx - (x0 + t * dx))


def _mask_box(mask: np.ndarray) -> list[int]:
    rows = np.flatnonzero(mask.any(axis=1))
    cols = np.flatnonzero(mask.any(axis=0))
    return [int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1]


# --------------------------------------------------------------------------------------------------
# Chest radiograph (CR/DX), MONOCHROME2 12-bit: high stored value = high attenuation = bright.
# Anatomy is built in an "attenuation" image in roughly [0, 1], then mapped to detector values.
# --------------------------------------------------------------------------------------------------

@dataclass
class _Lung:
    cx: float
    cy: float
    ax: float  # semi-axis, columns
    ay: float  # semi-axis, rows
    lateral: int  # -1: lateral edge is towards column 0; +1: towards the last column
    mask: np.ndarray = None  # type: ignore[assignment]
    soft: np.ndarray = None  # type: ignore[assignment]


def _chest_lungs(rng, yy, xx, rows, cols) -> list[_Lung]:
    lungs = []
    mid = cols * rng.uniform(0.48, 0.52)
    for side in (-1, +1):  # -1: the lung drawn on the image left
        lung = _Lung(
            cx=mid + side * cols * rng.uniform(0.19, 0.23),
            cy=rows * rng.uniform(0.42, 0.47),
            ax=cols * rng.uniform(0.14, 0.17),
            ay=rows * rng.uniform(0.27, 0.31),
            lateral=side,
        )
        rho = np.sqrt(((xx - lung.cx) / lung.ax) ** 2 + ((yy - lung.cy) / lung.ay) ** 2)
        # Diaphragm dome: highest in the middle of the lung, lowest at the costophrenic angle.
        base = lung.cy + lung.ay * 0.92
        dome = base - lung.ay * 0.28 * np.clip(1 - ((xx - lung.cx + side * 0.2 * lung.ax) / lung.ax) ** 2, 0, 1)
        edge = np.minimum(1.0 - rho, (dome - yy) / lung.ay)
        lung.soft = _smoothstep(-0.02, 0.04, edge)
        lung.mask = edge > 0.0
        lungs.append(lung)
    return lungs


def _bbox_slices(cy, cx, half_y, half_x, shape) -> tuple[slice, slice]:
    return (slice(max(int(cy - half_y), 0), min(int(cy + half_y) + 2, shape[0])),
            slice(max(int(cx - half_x), 0), min(int(cx + half_x) + 2, shape[1])))


def _lung_markings(rng, yy, xx, lung: _Lung) -> np.ndarray:
    """Vessels branching from the hilum, tapering towards the periphery."""
    marks = np.zeros_like(yy)
    hilum = (lung.cy + lung.ay * 0.05, lung.cx - lung.lateral * lung.ax * 0.55)
    for _ in range(rng.integers(9, 14)):
        angle = rng.uniform(-1.4, 1.4) + (0.0 if lung.lateral > 0 else np.pi)
        step = rng.uniform(0.2, 0.37) * lung.ay
        point, width = hilum, rng.uniform(1.6, 2.4)
        for _segment in range(3):
            angle += rng.uniform(-0.35, 0.35)
            nxt = (point[0] + np.sin(angle) * step, point[1] + np.cos(angle) * step)
            reach = 3 * width
            window = _bbox_slices((point[0] + nxt[0]) / 2, (point[1] + nxt[1]) / 2,
                                  abs(point[0] - nxt[0]) / 2 + reach, abs(point[1] - nxt[1]) / 2 + reach, yy.shape)
            d = _segment_distance(yy[window], xx[window], point, nxt)
            np.maximum(marks[window], np.exp(-(d / width) ** 2), out=marks[window])
            point, width = nxt, width * 0.7
    texture = np.clip(_smooth_noise(rng, *yy.shape, cell=6), 0, 1) * 0.35
    return (0.07 * marks + 0.03 * texture) * lung.soft


def _place_nodule(rng, yy, xx, lungs, spacing) -> tuple[np.ndarray, list[int]]:
    for _attempt in range(200):
        lung = lungs[rng.integers(0, 2)]
        radius = rng.uniform(9.0, 15.0) / spacing
        cy = rng.uniform(lung.cy - lung.ay, lung.cy + lung.ay)
        cx = rng.uniform(lung.cx - lung.ax, lung.cx + lung.ax)
        probes = [(cy, cx)] + [(cy + radius * np.sin(a), cx + radius * np.cos(a)) for a in np.linspace(0, 2 * np.pi, 8, endpoint=False)]
        if all(0 <= int(py) < yy.shape[0] and 0 <= int(px) < yy.shape[1] and lung.mask[int(py), int(px)] for py, px in probes):
            break
    else:
        raise RuntimeError("could not place a nodule inside a lung")
    d = np.hypot(yy - cy, xx - cx) / radius
    blob = rng.uniform(0.14, 0.24) * np.sqrt(np.clip(1 - d * d, 0, 1))
    box = [int(np.floor(cx - radius)), int(np.floor(cy - radius)), int(np.ceil(cx + radius)), int(np.ceil(cy + radius))]
    return blob, box


def _effusion_region(rng, yy, xx, lung: _Lung) -> np.ndarray:
    """Lung pixels under a meniscus: the fluid line climbs towards the lateral chest wall."""
    bottom = lung.cy + lung.ay * 0.92
    height = rng.uniform(0.18, 0.36) * 2 * lung.ay
    lateral_pos = np.clip((xx - lung.cx) * lung.lateral / lung.ax, -1, 1)  # -1 medial .. +1 lateral
    level = bottom - height * (0.3 + 0.7 * ((lateral_pos + 1) / 2) ** 2)
    return lung.mask & (yy > level)


def _pneumothorax_region(rng, yy, xx, lung: _Lung, spacing) -> tuple[np.ndarray, np.ndarray]:
    """Apical crescent between the chest wall and a collapsed lung edge; returns (region, pleural line)."""
    gap = rng.uniform(12.0, 24.0) / spacing
    inner_cx = lung.cx - lung.lateral * gap * 0.5
    inner = np.sqrt(((xx - inner_cx) / (lung.ax - gap * 0.6)) ** 2 + ((yy - (lung.cy + gap)) / lung.ay) ** 2)
    apex_band = yy < lung.cy - lung.ay * rng.uniform(0.05, 0.3)
    region = lung.mask & (inner > 1.0) & apex_band
    line = np.exp(-((inner - 1.0) * lung.ax / 1.0) ** 2) * (lung.mask & apex_band)
    return region, line


def chest_radiograph(rng: np.random.Generator, findings: tuple[str, ...]) -> SyntheticImage:
    """A frontal chest radiograph with the given findings planted (any subset of CHEST_FINDINGS)."""
    unknown = set(findings) - set(CHEST_FINDINGS)
    if unknown:
        raise ValueError(f"unknown chest findings: {sorted(unknown)}")
    rows, cols = int(rng.integers(240, 289)), int(rng.integers(208, 257))
    spacing = 430.0 / rows * rng.uniform(0.95, 1.05)  # about a 43 cm field, mm per pixel
    yy, xx = _grid(rows, cols)

    body_rho = np.sqrt(((xx - cols * 0.5) / (cols * rng.uniform(0.44, 0.49))) ** 2
                       + ((yy - rows * 0.58) / (rows * 0.62)) ** 2)
    body = _smoothstep(-0.02, 0.02, 1.0 - body_rho)
    atten = 0.04 + body * (0.42 + 0.16 * np.clip(1 - body_rho ** 2, 0, 1))
    atten += 0.03 * _smooth_noise(rng, rows, cols, cell=24) * body

    spine_x = cols * 0.5 + rng.uniform(-3, 3)
    atten += 0.10 * np.exp(-((xx - spine_x) / (cols * 0.045)) ** 4) * body
    heart_cx = cols * rng.uniform(0.52, 0.58)
    heart = np.sqrt(((xx - heart_cx) / (cols * rng.uniform(0.14, 0.18))) ** 2 + ((yy - rows * 0.66) / (rows * 0.13)) ** 2)
    atten += 0.08 * _smoothstep(-0.05, 0.05, 1.0 - heart)

    lungs = _chest_lungs(rng, yy, xx, rows, cols)
    boxes: list[dict] = []
    for lung in lungs:
        atten -= 0.30 * lung.soft
    markings = [_lung_markings(rng, yy, xx, lung) for lung in lungs]

    if "pneumothorax" in findings:
        lung_index = int(rng.integers(0, 2))
        region, line = _pneumothorax_region(rng, yy, xx, lungs[lung_index], spacing)
        markings[lung_index] = np.where(region, 0.0, markings[lung_index])
        atten -= 0.07 * region * lungs[lung_index].soft
        atten += 0.06 * line
        boxes.append({"label": "pneumothorax", "box": _mask_box(region)})
    for mark in markings:
        atten += mark

    if "pleural_effusion" in findings:
        sides = [int(rng.integers(0, 2))] if rng.uniform() < 0.75 else [0, 1]
        for side in sides:
            region = _effusion_region(rng, yy, xx, lungs[side])
            fluid = _smoothstep(0.0, 1.0, region.astype(np.float32).cumsum(axis=0) / 4.0)
            atten += 0.27 * fluid * lungs[side].soft
            boxes.append({"label": "pleural_effusion", "box": _mask_box(region)})

    if "nodule" in findings:
        blob, box = _place_nodule(rng, yy, xx, lungs, spacing)
        atten += blob
        boxes.append({"label": "nodule", "box": box})

    # Posterior ribs: shallow arcs running laterally and downwards from the spine, on top of everything.
    for side in (-1, +1):
        first = rows * rng.uniform(0.14, 0.18)
        step = rows * rng.uniform(0.062, 0.07)
        lateral_dist = np.clip((xx - spine_x) * side, 0, None)
        phase = yy - first - 0.12 * rows * (lateral_dist / (0.4 * cols)) ** 2  # ribs droop laterally
        dist = np.abs(phase - step * np.clip(np.rint(phase / step), 0, 9))  # to the nearest of 10 ribs
        extent = (lateral_dist > cols * 0.05) & (lateral_dist < cols * 0.42)
        atten += 0.055 * _smoothstep(4.0, 2.5, dist) * extent * body

    gain, offset = 3300.0 * rng.uniform(0.85, 1.1), rng.uniform(120, 380)
    signal = offset + gain * atten
    signal += rng.normal(0.0, 1.0, size=signal.shape).astype(np.float32) * (18 + 0.012 * signal)
    pixels = np.clip(np.rint(signal), 0, 4095).astype(np.uint16)

    labels = tuple(f for f in CHEST_FINDINGS if f in findings) or ("normal",)
    return SyntheticImage(pixels, 1.0, 0.0, (spacing, spacing), "MONOCHROME2", labels, boxes)


# --------------------------------------------------------------------------------------------------
# Axial head slices at the level of the lateral ventricles: the geometry shared by CT and MR.
# --------------------------------------------------------------------------------------------------

@dataclass
class _Head:
    """A randomly placed, rotated elliptical head; u, v are head-aligned pixel offsets, um, vm the same in mm."""
    yy: np.ndarray
    xx: np.ndarray
    cx: float
    cy: float
    theta: float
    um: np.ndarray
    vm: np.ndarray
    a_mm: float  # semi-axis left-right
    b_mm: float  # semi-axis anterior-posterior
    depth: np.ndarray  # mm below the outer scalp surface (exact on the axes, close elsewhere)
    spacing: float

    @property
    def u(self) -> np.ndarray:
        return self.um / self.spacing

    def to_pixels(self, along_u: float, along_v: float) -> tuple[float, float]:
        """(row, column) of a point given in head-aligned pixel offsets."""
        return (self.cy + along_v * np.cos(self.theta) + along_u * np.sin(self.theta),
                self.cx + along_u * np.cos(self.theta) - along_v * np.sin(self.theta))


def _head(rng: np.random.Generator, size: int, spacing: float) -> _Head:
    yy, xx = _grid(size, size)
    cx, cy = size / 2 + rng.uniform(-10, 10), size / 2 + rng.uniform(-10, 10)
    theta = np.deg2rad(rng.uniform(-12, 12))
    u = (xx - cx) * np.cos(theta) + (yy - cy) * np.sin(theta)   # left-right
    v = -(xx - cx) * np.sin(theta) + (yy - cy) * np.cos(theta)  # anterior-posterior
    um, vm = u * spacing, v * spacing
    a_mm, b_mm = rng.uniform(66, 76), rng.uniform(84, 94)
    rho = np.sqrt((um / a_mm) ** 2 + (vm / b_mm) ** 2)
    depth = (1.0 - rho) * np.sqrt(a_mm * b_mm)
    return _Head(yy, xx, cx, cy, theta, um, vm, a_mm, b_mm, depth, spacing)


def _sulci(rng: np.random.Generator, head: _Head, parenchyma: np.ndarray) -> list[tuple[tuple[slice, slice], np.ndarray]]:
    """Short radial clefts from the brain surface inwards: (window, cleft mask within the window) pairs."""
    clefts = []
    for angle in rng.uniform(0, 2 * np.pi, size=rng.integers(10, 16)):
        surface = np.array([np.sin(angle) * head.b_mm, np.cos(angle) * head.a_mm]) * 0.86 / head.spacing
        inward = surface * (1 - rng.uniform(0.08, 0.16))
        p0, p1 = head.to_pixels(surface[1], surface[0]), head.to_pixels(inward[1], inward[0])
        window = _bbox_slices((p0[0] + p1[0]) / 2, (p0[1] + p1[1]) / 2, abs(p0[0] - p1[0]) / 2 + 2, abs(p0[1] - p1[1]) / 2 + 2, head.yy.shape)
        clefts.append((window, (_segment_distance(head.yy[window], head.xx[window], p0, p1) < 0.8) & parenchyma[window]))
    return clefts


def _lateral_ventricles(rng: np.random.Generator, head: _Head) -> tuple[np.ndarray, list[tuple[float, float]]]:
    """Two tilted ellipses beside the midline; returns the mask and their centres (mm, head-aligned)."""
    ventricles = np.zeros(head.um.shape, dtype=bool)
    centres = []
    for side in (-1, +1):
        vcx, vcy = side * rng.uniform(6, 10), rng.uniform(-6, 4)
        tilt = side * np.deg2rad(rng.uniform(5, 20))
        du, dv = head.um - vcx, head.vm - vcy
        pu = du * np.cos(tilt) + dv * np.sin(tilt)
        pv = -du * np.sin(tilt) + dv * np.cos(tilt)
        ventricles |= (pu / rng.uniform(3.5, 6.5)) ** 2 + (pv / rng.uniform(16, 22)) ** 2 < 1
        centres.append((vcx, vcy))
    return ventricles, centres


def _brain_lesion_centre(rng: np.random.Generator, head: _Head, cortex_depth: float, radius_mm: tuple[float, float],
                         what: str) -> tuple[float, float, float]:
    """(u, v, radius) in mm of a lesion lying at least 4 mm inside the brain surface (cortex_depth below the scalp)."""
    for _attempt in range(200):
        r_mm = rng.uniform(*radius_mm)
        u_c, v_c = rng.uniform(-head.a_mm, head.a_mm) * 0.7, rng.uniform(-head.b_mm, head.b_mm) * 0.7
        centre_depth = (1 - np.hypot(u_c / head.a_mm, v_c / head.b_mm)) * np.sqrt(head.a_mm * head.b_mm) - cortex_depth
        if centre_depth > r_mm + 4:
            return u_c, v_c, r_mm
    raise RuntimeError(f"could not place a {what} inside the brain")


def _irregular_radius(rng: np.random.Generator, head: _Head, u_c: float, v_c: float, r_mm: float) -> np.ndarray:
    """Normalised radius of a randomly oriented, squashed and wobbly blob: < 1 inside it."""
    phi = rng.uniform(0, np.pi)
    du, dv = head.um - u_c, head.vm - v_c
    pu = du * np.cos(phi) + dv * np.sin(phi)
    pv = -du * np.sin(phi) + dv * np.cos(phi)
    angle = np.arctan2(pv, pu)
    wobble = 1 + 0.12 * np.sin(3 * angle + rng.uniform(0, 6.3)) + 0.08 * np.sin(5 * angle + rng.uniform(0, 6.3))
    return np.hypot(pu, pv / rng.uniform(0.6, 1.0)) / (r_mm * wobble)


# --------------------------------------------------------------------------------------------------
# Axial CT of the head, in Hounsfield units.
# --------------------------------------------------------------------------------------------------

def head_ct(rng: np.random.Generator, hemorrhage: bool, calcification: bool | None = None) -> SyntheticImage:
    """A 256 x 256 axial head CT slice; stored as int16 with RescaleIntercept -1024.

    calcification: force the choroid plexus calcification confounder on or off (None: 35 % of images).
    """
    size, spacing = 256, 0.9
    head = _head(rng, size, spacing)
    depth = head.depth

    hu = np.full((size, size), -1000.0, dtype=np.float32)
    scalp, skull = rng.uniform(4, 6), rng.uniform(6, 8)
    hu = np.where(depth > 0, 40.0, hu)
    diploe = np.abs(depth - scalp - skull / 2) / (skull / 2)
    bone = 1500.0 - 900.0 * np.clip(1 - diploe, 0, 1) ** 2 + 120 * _smooth_noise(rng, size, size, 16)
    hu = np.where(depth > scalp, bone, hu)
    brain_depth = depth - scalp - skull
    inside = brain_depth > 0
    hu = np.where(inside, 8.0, hu)  # subarachnoid CSF
    parenchyma = brain_depth > rng.uniform(1.0, 2.0)
    grey_white = 38.0 - 10.0 * _smoothstep(3.0, 6.0, brain_depth)
    hu = np.where(parenchyma, grey_white + 2.0 * _smooth_noise(rng, size, size, 12), hu)
    for window, cleft in _sulci(rng, head, parenchyma):
        hu[window][cleft] = 10.0

    # Falx: a thin, slightly dense midline line.
    falx = (np.abs(head.u) < 0.7) & (np.abs(head.vm) < head.b_mm * 0.8) & (np.abs(head.vm) > 24) & inside
    hu = np.where(falx, rng.uniform(45, 55), hu)

    ventricles, ventricle_centres = _lateral_ventricles(rng, head)
    hu = np.where(ventricles, 5.0, hu)

    # Confounder present in both classes: a choroid plexus calcification (small, much denser than blood).
    if rng.uniform() < 0.35 if calcification is None else calcification:
        vcx, vcy = ventricle_centres[int(rng.integers(0, 2))]
        d = np.hypot(head.um - vcx, head.vm - (vcy + 10)) / rng.uniform(1.5, 3.0)
        hu = np.where(d < 1, rng.uniform(150, 400), hu)

    boxes: list[dict] = []
    if hemorrhage:
        u_c, v_c, r_mm = _brain_lesion_centre(rng, head, scalp + skull, (5, 15), "hemorrhage")
        r = _irregular_radius(rng, head, u_c, v_c, r_mm)
        blood = r < 1
        edema = (r >= 1) & (r < 1 + rng.uniform(0.1, 0.3)) & parenchyma
        hu = np.where(edema, 18.0, hu)
        hu = np.where(blood, rng.uniform(60, 80) + 3.0 * _smooth_noise(rng, size, size, 4), hu)
        boxes.append({"label": "hemorrhage", "box": _mask_box(blood)})

    hu += rng.normal(0.0, rng.uniform(3.5, 6.0), size=hu.shape).astype(np.float32)
    hu = np.where(depth > -0.5, hu, -1000.0 + rng.normal(0, 3, size=hu.shape).astype(np.float32))
    pixels = np.clip(np.rint(hu + 1024.0), -32768, 32767).astype(np.int16)
    labels = ("hemorrhage",) if hemorrhage else ("no_hemorrhage",)
    return SyntheticImage(pixels, 1.0, -1024.0, (spacing, spacing), "MONOCHROME2", labels, boxes)


# --------------------------------------------------------------------------------------------------
# Axial T2-weighted MR of the head: arbitrary scanner units, no physical scale.
# --------------------------------------------------------------------------------------------------

def brain_mr(rng: np.random.Generator, mass: bool) -> SyntheticImage:
    """A 256 x 256 axial T2-weighted brain MR slice; 12-bit uint16, slope 1 and intercept 0, in scanner units.

    Tissue signal in [0, 1] (CSF brightest, then grey matter, white matter, dark cortical bone; scalp and marrow fat
    fairly bright), a smooth receive-coil bias field, a random scanner gain and Rician noise. The confounders for a
    mass are the other bright structures: the ventricles, the sulcal CSF and the scalp.
    """
    size, spacing = 256, 0.9
    head = _head(rng, size, spacing)
    depth = head.depth

    signal = np.zeros((size, size), dtype=np.float32)
    scalp, skull = rng.uniform(4, 6), rng.uniform(6, 8)
    signal = np.where(depth > 0, rng.uniform(0.55, 0.7), signal)  # scalp fat
    diploe = np.clip(1 - np.abs(depth - scalp - skull / 2) / (skull / 2), 0, 1)
    signal = np.where(depth > scalp, 0.04 + 0.4 * diploe ** 2, signal)  # cortical bone dark, marrow brighter
    brain_depth = depth - scalp - skull
    inside = brain_depth > 0
    csf = rng.uniform(0.9, 1.0)
    signal = np.where(inside, csf, signal)
    parenchyma = brain_depth > rng.uniform(1.0, 2.0)
    grey, white = rng.uniform(0.5, 0.58), rng.uniform(0.34, 0.42)
    grey_white = grey - (grey - white) * _smoothstep(3.0, 6.0, brain_depth)
    signal = np.where(parenchyma, grey_white + 0.03 * _smooth_noise(rng, size, size, 12), signal)
    for window, cleft in _sulci(rng, head, parenchyma):
        signal[window][cleft] = csf
    falx = (np.abs(head.u) < 0.7) & (np.abs(head.vm) < head.b_mm * 0.8) & (np.abs(head.vm) > 24) & inside
    signal = np.where(falx, 0.15, signal)  # dura: dark on T2
    ventricles, _centres = _lateral_ventricles(rng, head)
    signal = np.where(ventricles, csf, signal)

    boxes: list[dict] = []
    if mass:
        u_c, v_c, r_mm = _brain_lesion_centre(rng, head, scalp + skull, (6, 18), "mass")
        r = _irregular_radius(rng, head, u_c, v_c, r_mm)
        tumour = r < 1
        edema = (r >= 1) & (r < 1 + rng.uniform(0.3, 0.9)) & parenchyma & ~ventricles
        signal = np.where(edema, rng.uniform(0.68, 0.8), signal)  # vasogenic edema: brighter than grey matter
        solid = rng.uniform(0.6, 0.75) + 0.06 * _smooth_noise(rng, size, size, 4)
        if rng.uniform() < 0.5:  # necrotic core: CSF-like signal inside a solid rim
            solid = np.where(r < rng.uniform(0.45, 0.7), rng.uniform(0.85, 0.95), solid)
        signal = np.where(tumour, solid, signal)
        boxes.append({"label": "mass", "box": _mask_box(tumour)})

    bias = 1.0 + rng.uniform(0.1, 0.25) * _smooth_noise(rng, size, size, 96)
    gain = rng.uniform(1200, 3000)
    sigma = gain * rng.uniform(0.015, 0.03)
    clean = signal * bias * gain
    noisy = np.hypot(clean + rng.normal(0, sigma, clean.shape), rng.normal(0, sigma, clean.shape))  # Rician
    pixels = np.clip(np.rint(noisy), 0, 4095).astype(np.uint16)  # 12 bits stored, as the samples declare
    labels = ("mass",) if mass else ("no_mass",)
    return SyntheticImage(pixels, 1.0, 0.0, (spacing, spacing), "MONOCHROME2", labels, boxes)
