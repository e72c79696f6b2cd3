"""Whether fill colours stay apart: for every reader, and under simulated colour-vision deficiencies.

A project may choose its own role colours; mapgen warns, naming the role, when one would look like
another role, the grey of countries without facts or the blue of dataset-only countries.
"""
from __future__ import annotations

import itertools

# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
DEFICIENCIES = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}
# CIE76 distance in Lab after simulation. The Okabe-Ito fills keep at least 17 under every
# deficiency; a fill changed to one that merges with another falls below this floor.
MIN_DISTANCE = 15


def linear(hex_colour: str) -> list[float]:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


def lab(rgb: list[float]) -> tuple[float, float, float]:
    rgb = [min(1.0, max(0.0, c)) for c in rgb]
    x = 0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]
    y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
    z = 0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116
    fx, fy, fz = f(x / 0.95047), f(y), f(z / 1.08883)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def seen_as(hex_colour: str, matrix: tuple[tuple[float, float, float], ...]) -> tuple[float, float, float]:
    rgb = linear(hex_colour)
    return lab([sum(m * c for m, c in zip(row, rgb)) for row in matrix])


def clashes(colours: dict[str, str]) -> list[tuple[str, str, str, float]]:
    """Every pair of named colours closer than MIN_DISTANCE for some reader:
    (name, other name, deficiency, distance)."""
    found = []
    for deficiency, matrix in DEFICIENCIES.items():
        for (a, colour_a), (b, colour_b) in itertools.combinations(colours.items(), 2):
            distance = sum((p - q) ** 2 for p, q in zip(seen_as(colour_a, matrix), seen_as(colour_b, matrix))) ** 0.5
            if distance < MIN_DISTANCE:
                found.append((a, b, deficiency, distance))
    return found
