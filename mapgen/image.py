"""The still image renderer: a map's view (mapgen.view) as PNG, SVG or PDF, for print, social
cards, newsletters and readers without JavaScript: the colours, legend, headline, claims and source
line the view decided, drawn with matplotlib and geopandas in the Equal Earth projection.

Text stays text in the vector formats: the SVG names its fonts (``svg.fonttype = "none"``) so an
editor can change a word, and the PDF embeds them as TrueType (``pdf.fonttype = 42``).

matplotlib and geopandas are imported only when an image is asked for, so building an HTML map
stays as fast as before. No text goes through matplotlib's mathtext (``parse_math=False``): a
claim about "$600m" stays as written.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mapgen.boundaries import EQUAL_EARTH, LEFT_OUT, Boundaries
from mapgen.captions import NO_FACT_GREY
from mapgen.errors import MapgenError
from mapgen.image_layout import TEXT, Layout, font_families, quiet_font_lookup
from mapgen.view import MapView

DEFAULT_IMAGE_WIDTH = 1600  # pixels
DEFAULT_DPI = 200  # text is set in points, so this decides how large it looks at a given width
WIDTH_RANGE = (320, 12000)
DPI_RANGE = (50, 1200)
MARGIN = 0.16  # inches
MUTED = "#4a4a4a"
RULE = "#d6d6d6"
CHECK_BACKGROUND = "#eef5fb"
FORMATS = ("png", "svg", "pdf")
# Text as text, fonts named (SVG) or embedded whole as TrueType (PDF), never drawn as outlines.
VECTOR_TEXT: dict[str, Any] = {"svg.fonttype": "none", "pdf.fonttype": 42, "svg.hashsalt": "mapgen"}


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


def render_image(view: MapView, boundaries: Boundaries, **options) -> bytes:
    """The map as PNG, SVG or PDF bytes; options as for draw_image()."""
    return draw_image(view, boundaries, **options).content


def draw_image(view: MapView, boundaries: Boundaries, *, format: str = "png", width: int = DEFAULT_IMAGE_WIDTH,
               dpi: int = DEFAULT_DPI) -> StillImage:
    """Draw the map, ``width`` pixels wide (its height follows what it holds), as PNG, SVG or PDF
    (the same layout, ``width / dpi`` inches wide)."""
    check_image_size(width, dpi)
    if format not in FORMATS:
        raise MapgenError(f'image format "{format}" is not one of {", ".join(FORMATS)}')
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from pyproj import Transformer

    texts = _Texts(view)
    fonts = font_families(texts.all())
    with quiet_font_lookup(), matplotlib.rc_context(_settings(fonts)):
        figure = Figure(figsize=(width / dpi, 4), dpi=dpi, facecolor="white")
        canvas = FigureCanvasAgg(figure)
        layout = Layout(figure, canvas.get_renderer(), width / dpi)
        axes = _compose(layout, view, boundaries, texts)
        buffer = io.BytesIO()
        figure.savefig(buffer, format=format, dpi=dpi, facecolor="white", metadata=_metadata(format, view.title))
    project = Transformer.from_crs("EPSG:4326", EQUAL_EARTH, always_xy=True).transform
    height = round(figure.get_figheight() * dpi)
    return StillImage(buffer.getvalue(), width, height, lambda lon, lat: axes.transData.transform(project(lon, lat)))


def _settings(fonts: list[str]) -> dict[Any, Any]:
    """matplotlib's settings for an image: its fonts, and text kept as text in SVG and PDF."""
    return {**VECTOR_TEXT, "font.family": fonts, "text.color": TEXT}


def _metadata(format: str, title: str) -> dict:
    """The file's own record: no date, so the same map gives the same bytes."""
    if format == "svg":
        return {"Date": None, "Title": title}
    if format == "pdf":
        return {"CreationDate": None, "Creator": "mapgen", "Producer": "mapgen", "Title": title}
    return {"Software": "mapgen"}


def check_image_size(width: int, dpi: int) -> None:
    if not WIDTH_RANGE[0] <= width <= WIDTH_RANGE[1]:
        raise MapgenError(f"image width {width} px is outside {WIDTH_RANGE[0]}-{WIDTH_RANGE[1]} px")
    if not DPI_RANGE[0] <= dpi <= DPI_RANGE[1]:
        raise MapgenError(f"image resolution {dpi} dpi is outside {DPI_RANGE[0]}-{DPI_RANGE[1]} dpi")
    if width / dpi < 2.5:
        raise MapgenError(f"an image {width} px wide at {dpi} dpi is {width / dpi:.1f} inches: too narrow for its "
                          "text (it needs at least 2.5 inches)", option="dpi", hint="lower dpi or raise width")


THUMBNAIL_SIZE = (480, 360)  # the gallery's 4:3 cards, at twice their usual width for sharp screens


def thumbnail(png: bytes) -> bytes:
    """A small PNG of a still image's top (headline and map) for a gallery card: 480 x 360 px at
    most, in 64 colours, so a page of many cards stays light."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        width, height = THUMBNAIL_SIZE
        scaled = image.convert("RGB").resize((width, max(1, round(image.height * width / image.width))))
        cropped = scaled.crop((0, 0, width, min(height, scaled.height)))
        buffer = io.BytesIO()
        cropped.quantize(colors=64, dither=Image.Dither.NONE).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


SOCIAL_CARD = (1200, 630)  # the size Open Graph and Twitter cards show best
CARD_DPI = 150
CARD_LEGEND_WIDTH = 2.4  # inches, of the card's 8
CARD_TEXT_SIZES = (10.0, 8.5, 7.0)  # the legend's type, tried in turn until every row fits


@dataclass(frozen=True)
class LegendKey:
    """One legend row as drawn on a card: its colour and label, and the boxes (left, top,
    right, bottom, in pixels from the top left) of its swatch and its words."""

    colour: str
    label: str
    swatch: tuple[float, float, float, float]
    words: tuple[float, float, float, float]


@dataclass(frozen=True)
class SocialCard:
    content: bytes
    legend: tuple[LegendKey, ...]
    map_box: tuple[float, float, float, float]  # left, top, right, bottom, in pixels


def social_card(view: MapView, boundaries: Boundaries) -> bytes:
    """A 1200 x 630 PNG for shared links: headline, map and the legend beside it."""
    return draw_card(view, boundaries).content


def draw_card(view: MapView, boundaries: Boundaries) -> SocialCard:
    """The social card: the headline and standfirst on top, the map fitted below on the left, and the legend
    (title, then a swatch and its words per row) in a column on the right, so that a preview's
    colours can be read. The legend's type shrinks until every row fits the card's height."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    width, height = (side / CARD_DPI for side in SOCIAL_CARD)
    texts = _Texts(view)
    fonts = font_families([texts.headline, texts.standfirst, texts.legend_title, *(label for _, label in texts.legend)])
    with quiet_font_lookup(), matplotlib.rc_context(_settings(fonts)):
        figure = Figure(figsize=(width, height), dpi=CARD_DPI, facecolor="white")
        canvas = FigureCanvasAgg(figure)
        layout = Layout(figure, canvas.get_renderer(), width)
        top = MARGIN + layout.text(MARGIN, MARGIN, width - 2 * MARGIN, texts.headline, 15, bold=True) + 0.04
        top += layout.text(MARGIN, top, width - 2 * MARGIN, texts.standfirst, 9, colour=MUTED) + 0.12
        room = height - top - MARGIN
        legend_x = width - MARGIN - CARD_LEGEND_WIDTH
        for size in CARD_TEXT_SIZES:
            first = len(layout.placed)
            legend_height = _draw_legend_column(layout, texts, legend_x, top, CARD_LEGEND_WIDTH, size)
            if legend_height <= room or size == CARD_TEXT_SIZES[-1]:
                break
            for artist, _, _ in layout.placed[first:]:
                artist.remove()
            del layout.placed[first:]
        swatches = [(artist, x, at) for artist, x, at in layout.placed[first:] if isinstance(artist, _Swatch)]
        words = [(artist, x, at) for artist, x, at in layout.placed[first + 1:] if not isinstance(artist, _Swatch)]
        axes, _ = _draw_map(layout, view, boundaries, MARGIN, top, legend_x - 2 * MARGIN, max_height=room)
        layout.finish(height)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=CARD_DPI, facecolor="white", metadata={"Software": "mapgen"})
        renderer = canvas.get_renderer()
        keys = tuple(LegendKey(colour, label, _pixel_box(swatch.patch.get_window_extent(renderer), SOCIAL_CARD[1]),
                               _pixel_box(word.get_window_extent(renderer), SOCIAL_CARD[1]))
                     for (colour, label), (swatch, _, _), (word, _, _) in zip(texts.legend, swatches, words))
        map_box = _pixel_box(axes.get_window_extent(renderer), SOCIAL_CARD[1])
    return SocialCard(buffer.getvalue(), keys, map_box)


def _pixel_box(extent, height: int) -> tuple[float, float, float, float]:
    """A matplotlib extent (from the bottom left) as left, top, right, bottom from the top left."""
    return float(extent.x0), float(height - extent.y1), float(extent.x1), float(height - extent.y0)


def still_texts(view: MapView) -> list[str]:
    """Every text a still image of the view shows, in reading order (for alt text and checks)."""
    return _Texts(view).all()


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
    corrections: list[str]  # dated notes, newest first

    def __init__(self, view: MapView):
        words = view.words
        self.headline = view.title
        self.standfirst = view.standfirst
        self.legend_title = words["legendTitle"]
        self.legend = [(view.legend[index].colour, view.legend[index].label) for index in view.legend_in_use()]
        self.aggregate_title = words["aggregateTitle"]
        self.aggregate_note = words["aggregateNote"]
        self.claims = [
            {"figure": claim.figure, "claim": " · ".join(filter(None, [claim.company, claim.claim])),
             "source": " ".join(filter(None, [claim.source.prefix, claim.source.label, claim.source.date,
                                              claim.source.quote, claim.source.unchecked])),
             "checks": list(claim.checks)}
            for claim in view.shown_claims()
        ] or [{"figure": "", "claim": words["noneSelected"], "source": "", "checks": []}]
        self.foot = view.foot
        self.corrections = [correction.note for correction in view.corrections]

    def all(self) -> list[str]:
        claims = [text for claim in self.claims for text in (claim["figure"], claim["claim"], claim["source"],
                                                              *claim["checks"])]
        return [self.headline, self.standfirst, self.legend_title, *(label for _, label in self.legend),
                self.aggregate_title, self.aggregate_note, *claims, *self.corrections, self.foot]


def _compose(layout: Layout, view: MapView, boundaries: Boundaries, texts: _Texts):
    """Headline, standfirst, map, legend, claims in columns, corrections, source line: the page from the top."""
    inner = layout.width - 2 * MARGIN
    scale = min(1.6, max(0.8, layout.width / 8))  # type grows a little with the page, within limits
    top = MARGIN
    top += layout.text(MARGIN, top, inner, texts.headline, 12.5 * scale, bold=True) + 0.04
    top += layout.text(MARGIN, top, inner, texts.standfirst, 7.5 * scale, colour=MUTED) + 0.1
    axes, map_height = _draw_map(layout, view, boundaries, MARGIN, top, inner)
    top += map_height + 0.08
    top += _draw_legend(layout, texts, MARGIN, top, inner, scale) + 0.12
    _rule(layout, top)
    top += 0.06
    top += layout.text(MARGIN, top, inner, texts.aggregate_title, 9 * scale, bold=True) + 0.02
    top += layout.text(MARGIN, top, inner, texts.aggregate_note, 6.8 * scale, colour=MUTED) + 0.06
    top += _draw_claims(layout, texts.claims, MARGIN, top, inner, scale) + 0.06
    _rule(layout, top)
    top += 0.05
    for note in texts.corrections:
        top += layout.text(MARGIN, top, inner, note, 6.4 * scale) + 0.04
    top += layout.text(MARGIN, top, inner, texts.foot, 6 * scale, colour=MUTED)
    layout.finish(top + MARGIN)
    return axes


def _rule(layout: Layout, top: float) -> None:
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


def _draw_map(layout: Layout, view: MapView, boundaries: Boundaries, x: float, top: float, width: float,
              max_height: float | None = None):
    """The map ``width`` inches wide; given ``max_height``, fitted and centred in that box."""
    world, markers = _projected(boundaries)
    minx, miny, maxx, maxy = world.total_bounds if view.region is None else _projected_box(view.region)
    height = width * (maxy - miny) / (maxx - minx)
    if max_height is not None and height > max_height:
        x, width, height = x + (width - width * max_height / height) / 2, width * max_height / height, max_height
    elif max_height is not None:
        top += (max_height - height) / 2
    axes = layout.figure.add_axes([0, 0, 1, 1])
    axes.set_axis_off()
    colours = view.colours()
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


def _projected_box(box: tuple[tuple[float, float], tuple[float, float]]) -> tuple[float, float, float, float]:
    """The Equal Earth extent of a longitude/latitude box (its edges sampled, as they curve)."""
    from pyproj import Transformer

    (south, west), (north, east) = box
    steps = [i / 20 for i in range(21)]
    edge = ([(west + (east - west) * t, south) for t in steps] + [(west + (east - west) * t, north) for t in steps]
            + [(west, south + (north - south) * t) for t in steps] + [(east, south + (north - south) * t) for t in steps])
    project = Transformer.from_crs("EPSG:4326", EQUAL_EARTH, always_xy=True).transform
    xs, ys = zip(*(project(lon, lat) for lon, lat in edge))
    return min(xs), min(ys), max(xs), max(ys)


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


def _draw_legend_column(layout: Layout, texts: _Texts, x: float, top: float, width: float, size: float) -> float:
    """The legend title, then one row per swatch, in a column ``width`` inches wide."""
    height = layout.text(x, top, width, texts.legend_title, size, bold=True) + 0.06
    swatch = size / 72 * 1.1
    for colour, label in texts.legend:
        _place_swatch(layout, colour, swatch, x, top + height + 0.015)
        height += layout.text(x + swatch + 0.07, top + height, width - swatch - 0.07, label, size) + 0.05
    return height


def _place_swatch(layout: Layout, colour: str, side: float, x: float, top: float) -> None:
    from matplotlib.patches import Rectangle

    patch = Rectangle((0, 0), side, side, facecolor=colour, edgecolor="#00000059", linewidth=0.5,
                      transform=layout.figure.dpi_scale_trans)
    layout.figure.add_artist(patch)
    layout.placed.append((_Swatch(patch, side), x, top))


def _draw_legend(layout: Layout, texts: _Texts, x: float, top: float, width: float, scale: float) -> float:
    """The legend title, then swatches flowing in rows."""
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
        _place_swatch(layout, colour, swatch, cx, top + height + 0.01)
        row_height = max(row_height, layout.text(cx + swatch + 0.05, top + height, cell - swatch - 0.1, label, size))
    return height + row_height


class _Swatch:
    """A legend square, placed by its top-left corner like a text."""

    def __init__(self, patch, side: float):
        self.patch, self.side = patch, side

    def set_position(self, position):
        self.patch.set_xy((position[0], position[1] - self.side))

    def remove(self):
        self.patch.remove()


def _draw_claims(layout: Layout, claims: list[dict], x: float, top: float, width: float, scale: float) -> float:
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


def _place_claim(layout: Layout, claim: dict, x: float, top: float, width: float, scale: float) -> float:
    height = layout.text(x, top, width, claim["figure"], 7.6 * scale, bold=True)
    height += layout.text(x, top + height, width, claim["claim"], 6.6 * scale) + 0.01
    height += layout.text(x, top + height, width, claim["source"], 5.6 * scale, colour=MUTED)
    for check in claim["checks"]:
        height += 0.02 + layout.text(x + 0.02, top + height + 0.02, width - 0.04, check, 5.8 * scale,
                                     background=CHECK_BACKGROUND)
    return height + 0.09
