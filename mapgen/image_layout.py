"""Laying text out on a still image: fonts for every script, measuring, wrapping and placing.

mapgen.image decides what goes where; this module knows how wide a line of text is at a given
size and resolution, where it must wrap, and which fonts can draw it (CJK included).
"""
from __future__ import annotations

import contextlib
import functools
import logging
from typing import Any

from mapgen.errors import MapgenError

TEXT = "#1b1b1b"
SANS = "DejaVu Sans"
WRAP_SAFETY = 0.97  # widths are summed per character, without kerning: keep a little room
# Fonts tried for Chinese, Japanese and Korean text, in this order (Debian: fonts-noto-cjk, fonts-wqy-*).
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Micro Hei",
             "WenQuanYi Zen Hei", "Droid Sans Fallback")


@contextlib.contextmanager
def quiet_font_lookup():
    """matplotlib logs each time a font lacks a bold face (most CJK fonts do): regular is fine."""
    logger = logging.getLogger("matplotlib.font_manager")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def font_families(texts: list[str]) -> list[str]:
    """DejaVu Sans, and a CJK font behind it when some text needs one (an error if none is installed)."""
    if not any(_is_cjk(ch) for text in texts for ch in text):
        return [SANS]
    from matplotlib import font_manager

    for attempt in range(2):
        installed = {font.name for font in font_manager.fontManager.ttflist}
        for name in CJK_FONTS:
            if name in installed:
                return [SANS, name]
        if attempt == 0:
            _add_system_cjk_fonts(font_manager)
    raise MapgenError("the image needs a font with Chinese, Japanese or Korean characters and none is installed; "
                      "install one (Debian: apt-get install fonts-wqy-microhei, or fonts-noto-cjk)")


def _add_system_cjk_fonts(font_manager) -> None:
    """matplotlib caches the list of system fonts; a CJK font installed after that is missing
    from it until it is added."""
    for path in font_manager.findSystemFonts():
        if any(hint in path.lower() for hint in ("cjk", "wqy", "droidsansfallback", "sourcehansans")):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return 0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF


class Layout:
    """Places blocks of text from the top down, measuring each, then sizes the figure to fit.

    Positions are kept in inches from the top; ``finish`` turns them into figure coordinates
    once the height is known.
    """

    def __init__(self, figure, renderer, width: float):
        self.figure, self.renderer, self.width = figure, renderer, width
        self.placed: list[tuple[Any, float, float]] = []  # (artist, x, top), inches
        self.boxes: list[tuple[Any, float, float, float, float]] = []  # (axes or patch, x, top, w, h)

    def text(self, x: float, top: float, width: float, text: str, size: float, *, bold: bool = False,
             colour: str = TEXT, background: str | None = None) -> float:
        """Wrap ``text`` to ``width`` inches at (x, top); return its height in inches."""
        if not text:
            return 0.0
        weight = "bold" if bold else "normal"
        lines = self._wrap(text, size, weight, width)
        artist = self.figure.text(0, 0, "\n".join(lines), fontsize=size, fontweight=weight, color=colour,
                                  va="top", ha="left", linespacing=1.25, parse_math=False, usetex=False,
                                  transform=self.figure.dpi_scale_trans)
        if background:
            artist.set_bbox({"facecolor": background, "edgecolor": "none", "pad": 1.2})
        self.placed.append((artist, x, top))
        return artist.get_window_extent(self.renderer).height / self.figure.dpi

    def _wrap(self, text: str, size: float, weight: str, width: float) -> list[str]:
        """Greedy wrapping by measured width; a word wider than the line is broken by character
        (which is also how Chinese text, with no spaces, wraps)."""
        limit = width * self.figure.dpi * WRAP_SAFETY

        def fits(candidate: str) -> bool:
            return self._width(candidate, size, weight) <= limit

        lines: list[str] = []
        for paragraph in text.split("\n"):
            line = ""
            for word in _tokens(paragraph):
                candidate = line + word
                if not line or fits(candidate):
                    line = candidate
                    continue
                lines.append(line.rstrip())
                line = word.lstrip()
                while len(line) > 1 and not fits(line):
                    cut = max(1, next(i for i in range(len(line), 0, -1) if fits(line[:i])))
                    lines.append(line[:cut])
                    line = line[cut:]
            lines.append(line.rstrip())
        return lines

    def _width(self, text: str, size: float, weight: str) -> float:
        """Width in pixels as the sum of each character's advance: shaping a whole line for
        each candidate costs a millisecond a time, the characters are few and cached."""
        import matplotlib

        family = tuple(matplotlib.rcParams["font.family"])
        return sum(_advance(ch, size, weight, family, self.figure.dpi) for ch in text)

    def box(self, artist, x: float, top: float, width: float, height: float) -> None:
        self.boxes.append((artist, x, top, width, height))

    def finish(self, height: float) -> None:
        # A whole number of pixels, so the saved image is exactly as tall as reported.
        height = round(height * self.figure.dpi) / self.figure.dpi
        self.figure.set_size_inches(self.width, height)
        for artist, x, top in self.placed:
            artist.set_position((x, height - top))
        for artist, x, top, width, box_height in self.boxes:
            artist.set_position([x / self.width, (height - top - box_height) / height,
                                 width / self.width, box_height / height])


@functools.lru_cache(maxsize=20_000)
def _advance(ch: str, size: float, weight: str, family: tuple, dpi: float) -> float:
    from matplotlib.font_manager import FontProperties

    renderer = _measuring_renderer(dpi)
    font = FontProperties(family=list(family), size=size, weight=weight)
    # Measured between two letters, so that a space counts too.
    return (renderer.get_text_width_height_descent(f"x{ch}x", font, ismath=False)[0]
            - renderer.get_text_width_height_descent("xx", font, ismath=False)[0])


@functools.lru_cache(maxsize=8)
def _measuring_renderer(dpi: float):
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, dpi)


def _tokens(paragraph: str) -> list[str]:
    """Words with their following space; CJK characters one by one, since they break anywhere."""
    tokens: list[str] = []
    word = ""
    for ch in paragraph:
        if _is_cjk(ch):
            if word:
                tokens.append(word)
                word = ""
            tokens.append(ch)
        elif ch == " ":
            tokens.append(word + " ")
            word = ""
        else:
            word += ch
    return tokens + [word] if word else tokens
