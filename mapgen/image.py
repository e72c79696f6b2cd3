"""A still image of a map (PNG or SVG) for print, social cards, newsletters and readers without
JavaScript: the same colours, legend, headline, claims panel and source line as the HTML map,
drawn with matplotlib and geopandas in the Equal Earth projection, without a browser.

matplotlib and geopandas are imported only when an image is asked for, so building an HTML map
stays as fast as before. No text goes through matplotlib's mathtext (``parse_math=False``): a
claim about "$600m" stays as written.
"""
from __future__ import annotations

import contextlib
import functools
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass

from mapgen import captions
from mapgen.captions import DATASET_COLOUR, NO_FACT_GREY, ROLE_COLOURS
from mapgen.errors import MapgenError
from mapgen.i18n import Language
from mapgen.join import MapData

DEFAULT_IMAGE_WIDTH = 1600  # pixels
DEFAULT_DPI = 200  # text is set in points, so this decides how large it looks at a given width
WIDTH_RANGE = (320, 12000)
DPI_RANGE = (50, 1200)
EQUAL_EARTH = "EPSG:8857"
LEFT_OUT = {"ATA"}  # Antarctica: no fact names it, and in Equal Earth it would take a fifth of the height
MARGIN = 0.16  # inches
WRAP_SAFETY = 0.97  # widths are summed per character, without kerning: keep a little room
TEXT = "#1b1b1b"
MUTED = "#4a4a4a"
RULE = "#d6d6d6"
CHECK_BACKGROUND = "#eef5fb"
SANS = "DejaVu Sans"
# Fonts tried for Chinese, Japanese and Korean text, in this order (Debian: fonts-noto-cjk, fonts-wqy-*).
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Micro Hei",
             "WenQuanYi Zen Hei", "Droid Sans Fallback")


@dataclass(frozen=True)
class StillImage:
    """A rendered image, and where places fall on it."""

    content: bytes
    width: int
    height: int
    _to_pixel: Callable[[float, float], tuple[float, float]]

    def pixel(self, lon: float, lat: float) -> tuple[int, int]:
        """The pixel (x from the left, y from the top) showing this longitude and latitude."""
        x, y = self._to_pixel(lon, lat)
        return round(x), round(self.height - y)


def render_image(data: MapData, **options) -> bytes:
    """The map as PNG or SVG bytes; options as for draw_image()."""
    return draw_image(data, **options).content


def draw_image(data: MapData, *, lang: Language, title: str | None = None, subtitle: str | None = None,
               format: str = "png", width: int = DEFAULT_IMAGE_WIDTH, dpi: int = DEFAULT_DPI) -> StillImage:
    """Draw the map, ``width`` pixels wide (its height follows what it holds), as PNG or SVG."""
    check_image_size(width, dpi)
    if format not in ("png", "svg"):
        raise MapgenError(f'image format "{format}" is not one of png, svg')
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from pyproj import Transformer

    texts = _Texts(data, lang, title, subtitle)
    fonts = _font_families(texts.all())
    with _quiet_font_lookup(), matplotlib.rc_context({"svg.hashsalt": "mapgen", "font.family": fonts,
                                                      "text.color": TEXT}):
        figure = Figure(figsize=(width / dpi, 4), dpi=dpi, facecolor="white")
        canvas = FigureCanvasAgg(figure)
        layout = _Layout(figure, canvas.get_renderer(), width / dpi)
        axes = _compose(layout, data, texts)
        buffer = io.BytesIO()
        metadata = {"Date": None} if format == "svg" else {"Software": "mapgen"}
        figure.savefig(buffer, format=format, dpi=dpi, facecolor="white", metadata=metadata)
    project = Transformer.from_crs("EPSG:4326", EQUAL_EARTH, always_xy=True).transform
    height = round(figure.get_figheight() * dpi)
    return StillImage(buffer.getvalue(), width, height, lambda lon, lat: axes.transData.transform(project(lon, lat)))


@contextlib.contextmanager
def _quiet_font_lookup():
    """matplotlib logs each time a font lacks a bold face (most CJK fonts do): regular is fine."""
    logger = logging.getLogger("matplotlib.font_manager")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def check_image_size(width: int, dpi: int) -> None:
    if not WIDTH_RANGE[0] <= width <= WIDTH_RANGE[1]:
        raise MapgenError(f"image width {width} px is outside {WIDTH_RANGE[0]}-{WIDTH_RANGE[1]} px")
    if not DPI_RANGE[0] <= dpi <= DPI_RANGE[1]:
        raise MapgenError(f"image resolution {dpi} dpi is outside {DPI_RANGE[0]}-{DPI_RANGE[1]} dpi")
    if width / dpi < 2.5:
        raise MapgenError(f"an image {width} px wide at {dpi} dpi is {width / dpi:.1f} inches: too narrow for its "
                          "text (it needs at least 2.5 inches)", option="dpi", hint="lower dpi or raise width")


class _Texts:
    """Every string the image shows, in the map's language."""

    headline: str
    standfirst: str
    legend_title: str
    legend: list[tuple[str, str]]
    aggregate_title: str
    aggregate_note: str
    claims: list[dict]
    foot: str

    def __init__(self, data: MapData, lang: Language, title: str | None, subtitle: str | None):
        self.headline = captions.headline(data, lang, title)
        self.standfirst = captions.standfirst(data, lang, subtitle)
        self.legend_title = lang("legend_title")
        self.legend = captions.legend_rows(data, lang)
        self.aggregate_title = lang("aggregate_title")
        self.aggregate_note = lang("aggregate_note")
        self.claims = [
            {"figure": captions.figure(lang, fact),
             "claim": " · ".join(filter(None, [data.supplier_name(fact.supplier), fact.claim])),
             "source": f"{lang('source')} {captions.source_label(lang, data.facts.sources[fact.source])}"
                       + (f" {captions.quoted(lang, fact.evidence)}" if fact.evidence else ""),
             "checks": [captions.check_line(lang, data, fact, r) for r in data.reconciliations.get(fact.id, [])]}
            for fact in data.aggregate
        ] or [{"figure": "", "claim": lang("none_selected"), "source": "", "checks": []}]
        self.foot = captions.foot(data, lang)

    def all(self) -> list[str]:
        claims = [text for claim in self.claims for text in (claim["figure"], claim["claim"], claim["source"],
                                                              *claim["checks"])]
        return [self.headline, self.standfirst, self.legend_title, *(label for _, label in self.legend),
                self.aggregate_title, self.aggregate_note, *claims, self.foot]


def _font_families(texts: list[str]) -> list[str]:
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


class _Layout:
    """Places blocks of text from the top down, measuring each, then sizes the figure to fit.

    Positions are kept in inches from the top; ``finish`` turns them into figure coordinates
    once the height is known.
    """

    def __init__(self, figure, renderer, width: float):
        self.figure, self.renderer, self.width = figure, renderer, width
        self.placed: list[tuple[object, float, float]] = []  # (artist, x, top), inches
        self.boxes: list[tuple[object, float, float, float, float]] = []  # (axes or patch, x, top, w, h)

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


def _compose(layout: _Layout, data: MapData, texts: _Texts):
    """Headline, standfirst, map, legend, claims in columns, source line: the page from the top."""
    inner = layout.width - 2 * MARGIN
    scale = min(1.6, max(0.8, layout.width / 8))  # type grows a little with the page, within limits
    top = MARGIN
    top += layout.text(MARGIN, top, inner, texts.headline, 12.5 * scale, bold=True) + 0.04
    top += layout.text(MARGIN, top, inner, texts.standfirst, 7.5 * scale, colour=MUTED) + 0.1
    axes, map_height = _draw_map(layout, data, MARGIN, top, inner)
    top += map_height + 0.08
    top += _draw_legend(layout, texts, MARGIN, top, inner, scale) + 0.12
    _rule(layout, top)
    top += 0.06
    top += layout.text(MARGIN, top, inner, texts.aggregate_title, 9 * scale, bold=True) + 0.02
    top += layout.text(MARGIN, top, inner, texts.aggregate_note, 6.8 * scale, colour=MUTED) + 0.06
    top += _draw_claims(layout, texts.claims, MARGIN, top, inner, scale) + 0.06
    _rule(layout, top)
    top += 0.05
    top += layout.text(MARGIN, top, inner, texts.foot, 6 * scale, colour=MUTED)
    layout.finish(top + MARGIN)
    return axes


def _rule(layout: _Layout, top: float) -> None:
    from matplotlib.lines import Line2D

    line = Line2D([MARGIN, layout.width - MARGIN], [0, 0], color=RULE, linewidth=0.6,
                  transform=layout.figure.dpi_scale_trans)
    layout.figure.add_artist(line)
    layout.placed.append((_HorizontalLine(line), 0, top))


class _HorizontalLine:
    """Lets a rule be placed like a text: set_position moves it to its final height."""

    def __init__(self, line):
        self.line = line

    def set_position(self, position):
        self.line.set_ydata([position[1], position[1]])


def _draw_map(layout: _Layout, data: MapData, x: float, top: float, width: float):
    world, markers = _projected(data.boundaries)
    minx, miny, maxx, maxy = world.total_bounds
    height = width * (maxy - miny) / (maxx - minx)
    axes = layout.figure.add_axes([0, 0, 1, 1])
    axes.set_axis_off()
    colours = _country_colours(data)
    world.plot(ax=axes, color=[colours.get(iso3, NO_FACT_GREY) for iso3 in world["iso3"]],
               edgecolor="white", linewidth=0.3)
    painted = markers[markers["iso3"].isin(list(colours))]
    if len(painted):
        axes.scatter(painted.geometry.x, painted.geometry.y, s=16, zorder=3, linewidths=0.7, edgecolors="#222222",
                     c=[colours[iso3] for iso3 in painted["iso3"]])
    axes.set_xlim(minx, maxx)
    axes.set_ylim(miny, maxy)
    axes.set_aspect("equal", adjustable="box")
    layout.box(axes, x, top, width, height)
    return axes, height


def _country_colours(data: MapData) -> dict[str, str]:
    """The colour of each coloured country, as the HTML map gives it with every supplier on."""
    colours = {iso3: DATASET_COLOUR for iso3 in data.mentions}
    colours.update({country.iso3: ROLE_COLOURS[country.primary_role] for country in data.painted})
    return colours


_PROJECTED: dict[int, tuple] = {}


def _projected(boundaries):
    """Countries (GeoDataFrame) and micro-state dots in Equal Earth, computed once per process."""
    cached = _PROJECTED.get(id(boundaries))
    if cached and cached[0] is boundaries:
        return cached[1], cached[2]
    import geopandas
    from shapely.geometry import Point, shape

    areas = [a for a in boundaries.areas if a.iso3 not in LEFT_OUT]
    drawn = [(a.iso3, boundaries.geometry(a)) for a in areas]
    world = geopandas.GeoDataFrame({"iso3": [iso3 for iso3, g in drawn if g]},
                                   geometry=[shape(g) for _, g in drawn if g], crs="EPSG:4326").to_crs(EQUAL_EARTH)
    dots = [(a.iso3, Point(a.marker[1], a.marker[0])) for a in areas if a.marker]
    markers = geopandas.GeoDataFrame({"iso3": [iso3 for iso3, _ in dots]}, geometry=[p for _, p in dots],
                                     crs="EPSG:4326").to_crs(EQUAL_EARTH)
    _PROJECTED.clear()
    _PROJECTED[id(boundaries)] = (boundaries, world, markers)
    return world, markers


def _draw_legend(layout: _Layout, texts: _Texts, x: float, top: float, width: float, scale: float) -> float:
    """The legend title, then swatches flowing in rows."""
    from matplotlib.patches import Rectangle

    size = 6.8 * scale
    height = layout.text(x, top, width, texts.legend_title, size, bold=True) + 0.03
    swatch = size / 72 * 1.05
    column = max(1, int(width // 2.4))
    cell = width / column
    row_height = 0.0
    for index, (colour, label) in enumerate(texts.legend):
        cx = x + (index % column) * cell
        if index and index % column == 0:
            height += row_height + 0.03
            row_height = 0.0
        patch = Rectangle((0, 0), swatch, swatch, facecolor=colour, edgecolor="#00000059", linewidth=0.5,
                          transform=layout.figure.dpi_scale_trans)
        layout.figure.add_artist(patch)
        layout.placed.append((_Swatch(patch, swatch), cx, top + height + 0.01))
        row_height = max(row_height, layout.text(cx + swatch + 0.05, top + height, cell - swatch - 0.1, label, size))
    return height + row_height


class _Swatch:
    """A legend square, placed by its top-left corner like a text."""

    def __init__(self, patch, side: float):
        self.patch, self.side = patch, side

    def set_position(self, position):
        self.patch.set_xy((position[0], position[1] - self.side))


def _draw_claims(layout: _Layout, claims: list[dict], x: float, top: float, width: float, scale: float) -> float:
    """Aggregate claims in reading order, down the first column and then the next."""
    columns = 3 if width >= 11 else 2 if width >= 5.5 else 1
    gap = 0.22
    column_width = (width - gap * (columns - 1)) / columns
    placed = []  # (first artist index, last, height): each claim is set once at (0, 0), then moved
    for claim in claims:
        first = len(layout.placed)
        height = _place_claim(layout, claim, 0, 0, column_width, scale)
        placed.append((first, len(layout.placed), height))
    target = sum(height for _, _, height in placed) / columns
    column, used, tallest = 0, 0.0, 0.0
    for first, last, height in placed:
        if used and used + height / 2 > target and column < columns - 1:
            column, used = column + 1, 0.0
        dx, dy = x + column * (column_width + gap), top + used
        layout.placed[first:last] = [(artist, ax + dx, at + dy) for artist, ax, at in layout.placed[first:last]]
        used += height
        tallest = max(tallest, used)
    return tallest


def _place_claim(layout: _Layout, claim: dict, x: float, top: float, width: float, scale: float) -> float:
    height = layout.text(x, top, width, claim["figure"], 7.6 * scale, bold=True)
    height += layout.text(x, top + height, width, claim["claim"], 6.6 * scale) + 0.01
    height += layout.text(x, top + height, width, claim["source"], 5.6 * scale, colour=MUTED)
    for check in claim["checks"]:
        height += 0.02 + layout.text(x + 0.02, top + height + 0.02, width - 0.04, check, 5.8 * scale,
                                     background=CHECK_BACKGROUND)
    return height + 0.09
