"""Print and sharing: the SVG's and PDF's text read back as text, the social card's legend, and
the public address that makes a shared link's preview work."""
import io
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from mapgen import api
from mapgen.image import SOCIAL_CARD, draw_card, draw_image
from mapgen.view import build_view

from conftest import STORY

pypdf = pytest.importorskip("pypdf")

SVG = "{http://www.w3.org/2000/svg}"
ADDRESS = "https://news.example/maps/surveillance/map.html"


def view_in(lang: str, **load):
    data = api.load(STORY, **load)
    return build_view(data, api.as_language(lang, story=data.project)), data.boundaries


def words(text: str) -> str:
    """Text with every run of white space (a wrapped line's break too) as one space."""
    return " ".join(text.split())


def shown_texts(view) -> list[str]:
    """What every still image must say: headline, legend, each claim."""
    return [view.title, *(view.legend[row].label for row in view.legend_in_use()),
            *(claim.claim for claim in view.shown_claims())]


def svg_text(content: bytes) -> tuple[str, set[str]]:
    """The words of an SVG's <text> elements, and the fonts they name."""
    root = ET.fromstring(content)
    elements = list(root.iter(f"{SVG}text"))
    fonts = {family.strip(" '\"") for element in elements
             for family in re.search(r"font-family:([^;]+)", element.get("style", ""))[1].split(",")}
    return words(" ".join("".join(element.itertext()) for element in elements)), fonts


def pdf_text(content: bytes) -> tuple[str, list]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    fonts = [font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()]
    return words(" ".join(page.extract_text() for page in reader.pages)), fonts


@pytest.mark.parametrize("lang, cjk_font", [("en", None), ("zh", "WenQuanYi Micro Hei")])
def test_the_svgs_text_is_text_an_editor_can_change(lang, cjk_font):
    view, boundaries = view_in(lang)
    content = draw_image(view, boundaries, format="svg").content
    text, fonts = svg_text(content)
    for expected in shown_texts(view):
        assert words(expected) in text
    assert "DejaVu Sans" in fonts
    if cjk_font:
        assert cjk_font in fonts and "供应商所在国" in text
    assert b'id="DejaVuSans-' not in content  # no glyphs drawn as outlines


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_pdf_is_the_same_layout_in_vector_with_its_fonts_embedded(lang):
    view, boundaries = view_in(lang)
    pdf = draw_image(view, boundaries, format="pdf", width=1600, dpi=200)
    text, fonts = pdf_text(pdf.content)
    for expected in shown_texts(view):
        assert words(expected) in text
    reader = pypdf.PdfReader(io.BytesIO(pdf.content))
    page = reader.pages[0]
    assert len(reader.pages) == 1 and len(page.images) == 0  # the map is drawn as shapes, not a picture
    png = draw_image(view, boundaries, format="png", width=1600, dpi=200)
    assert float(page.mediabox.width) == pytest.approx(1600 / 200 * 72)  # inches in points
    assert float(page.mediabox.height) == pytest.approx(png.height / 200 * 72, abs=1)
    assert fonts and all(font["/Subtype"] == "/Type0" for font in fonts)  # TrueType (pdf.fonttype 42), not Type 3
    for font in fonts:
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # embedded
    names = " ".join(str(font["/BaseFont"]) for font in fonts)
    assert "DejaVuSans" in names and (lang != "zh" or "WenQuanYiMicroHei" in names)


def test_build_writes_the_pdf_and_refuses_another_ending(tmp_path, cli):
    out, pdf = tmp_path / "map.html", tmp_path / "print" / "map.pdf"
    result = cli("build", "--out", out, "--pdf", pdf)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [str(out), str(out.with_suffix(".csv")), str(pdf)]
    assert "Chinese AI surveillance" in pdf_text(pdf.read_bytes())[0]
    refused = cli("build", "--out", tmp_path / "other.html", "--pdf", tmp_path / "map.png")
    assert refused.exit_code == 2
    assert "a PDF image is written to a .pdf file" in refused.stderr
    assert not (tmp_path / "other.html").exists()


@pytest.fixture
def story_project(tmp_path):
    """A copy of the tests' story as a project whose mapgen.toml gets an [output] table."""
    folder = tmp_path / "story"
    shutil.copytree(STORY.parent, folder)

    def with_output(table: str):
        toml = folder / "mapgen.toml"
        toml.write_text(toml.read_text(encoding="utf-8") + "\n[output]\n" + table, encoding="utf-8")
        return folder
    return with_output


def test_every_output_can_be_set_in_the_project(story_project, cli):
    folder = story_project('map = "site/map.html"\npng = "site/map.png"\nsvg = "print/map.svg"\n'
                           f'pdf = "print/map.pdf"\ncard = "site/card.png"\nurl = "{ADDRESS}"\n')
    result = cli("build", folder)
    assert result.exit_code == 0, result.output
    written = [folder / name for name in ("site/map.html", "site/map.csv", "site/map.png", "print/map.svg",
                                          "print/map.pdf", "site/card.png")]
    assert result.stdout.splitlines() == [str(path) for path in written]
    assert all(path.stat().st_size > 0 for path in written)
    assert "social card" not in result.stderr  # a card with an address: nothing to warn about
    page = (folder / "site" / "map.html").read_text(encoding="utf-8")
    assert '<meta property="og:image" content="https://news.example/maps/surveillance/card.png">' in page
    assert api.write_map(project=folder) == folder / "site" / "map.html"  # Python reads the same table


@pytest.mark.parametrize("table, message", [
    ('pdf = "../map.pdf"', '[output] pdf = "../map.pdf" is outside the project folder'),
    ('card = "/tmp/card.png"', '[output] card = "/tmp/card.png" is outside the project folder'),
    ('url = "javascript:alert(1)"', "[output] url must be the http(s) address readers open the map at"),
    ('url = "maps/map.html"', "[output] url must be the http(s) address readers open the map at"),
])
def test_project_outputs_stay_inside_and_the_address_is_a_web_address(story_project, cli, table, message):
    folder = story_project(table + "\n")
    result = cli("build", folder)
    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (folder / "output").exists()


def test_the_public_address_makes_og_image_and_the_canonical_link_absolute(tmp_path, cli):
    out = tmp_path / "site" / "map.html"
    result = cli("build", "--out", out, "--social-card", tmp_path / "site" / "img" / "card.png", "--url", ADDRESS)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{ADDRESS}">' in page
    assert f'<meta property="og:url" content="{ADDRESS}">' in page
    for tag in ('<meta property="og:image" content="https://news.example/maps/surveillance/img/card.png">',
                '<meta name="twitter:image" content="https://news.example/maps/surveillance/img/card.png">'):
        assert tag in page
    assert "relative address" not in result.stderr


def test_a_card_without_the_public_address_is_written_with_a_warning(tmp_path, cli):
    result = cli("build", "--out", tmp_path / "map.html", "--social-card", tmp_path / "card.png")
    assert result.exit_code == 0
    page = (tmp_path / "map.html").read_text(encoding="utf-8")
    assert '<meta property="og:image" content="card.png">' in page and 'rel="canonical"' not in page
    warning = [line for line in result.stderr.splitlines() if "relative address" in line]
    assert len(warning) == 1 and "card.png" in warning[0] and "--url" in warning[0]
    plain = cli("build", "--out", tmp_path / "plain.html")
    assert "relative address" not in plain.stderr  # no card, nothing to preview


def test_a_public_address_must_be_absolute_http(tmp_path, cli):
    result = cli("build", "--out", tmp_path / "map.html", "--social-card", tmp_path / "card.png",
                 "--url", "javascript:alert(1)//")
    assert result.exit_code == 2 and "must be an absolute http(s) URL" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_social_card_carries_the_legend_beside_the_map(lang):
    view, boundaries = view_in(lang)
    card = draw_card(view, boundaries)
    with Image.open(io.BytesIO(card.content)) as image:
        assert image.size == SOCIAL_CARD
        pixels = image.convert("RGB")
        labels = [view.legend[row].label for row in view.legend_in_use()]
        assert [key.label for key in card.legend] == labels and len(labels) >= 3
        map_right = card.map_box[2]
        for key in card.legend:
            left, top, right, bottom = key.swatch
            centre = pixels.getpixel((round((left + right) / 2), round((top + bottom) / 2)))
            assert "#{:02x}{:02x}{:02x}".format(*centre) == key.colour.lower()
            # the words beside their swatch, wholly on the card and clear of the map
            w_left, w_top, w_right, w_bottom = key.words
            assert right < w_left and map_right < left
            assert 0 <= w_top and w_bottom <= SOCIAL_CARD[1] and w_right <= SOCIAL_CARD[0]
            assert w_top < (top + bottom) / 2 < w_bottom
            # something is drawn in the words' box: dark text pixels, not white
            crop = pixels.crop((round(w_left), round(w_top), round(w_right), round(w_bottom)))
            assert min(sum(colour) for _, colour in crop.getcolors(1 << 16)) < 200
        boxes = [key.words for key in card.legend]
        assert all(a[3] <= b[1] + 1 for a, b in zip(boxes, boxes[1:]))  # rows one under another, none overlapping


def test_hostile_words_stay_words_in_the_svg_and_pdf():
    data = api.load(STORY)
    title = '<svg onload=alert(1)> & "x" ]]> <!-- $1'
    view = build_view(data, api.as_language("en", story=data.project), title=title)
    svg = draw_image(view, data.boundaries, format="svg").content
    root = ET.fromstring(svg)  # still well-formed XML
    assert not list(root.iter(f"{SVG}script")) and not root.findall(f".//{SVG}svg")
    assert title in svg_text(svg)[0]
    pdf = draw_image(view, data.boundaries, format="pdf").content
    assert title in pdf_text(pdf)[0]
