"""Still images: the same map as PNG or SVG, with the role colours where the countries are."""
import io
import re

import pytest
from PIL import Image

from mapgen import api
from mapgen.captions import DATASET_COLOUR, NO_FACT_GREY
from mapgen.i18n import language
from mapgen.image import draw_image
from mapgen.project import default_roles
from mapgen.view import build_view

from conftest import STORY

ROLE_COLOURS = {role.key: role.colour for role in default_roles()}

# A point well inside each country (longitude, latitude).
INSIDE = {"BRA": (-50, -10), "CHN": (105, 35), "USA": (-100, 40), "JPN": (138.5, 36.5), "ITA": (12.5, 42.5),
          "AUS": (134, -25), "RUS": (100, 62), "NGA": (8, 9)}


def colour_at(image, iso3: str) -> str:
    pixels = Image.open(io.BytesIO(image.content)).convert("RGB")
    return "#{:02x}{:02x}{:02x}".format(*pixels.getpixel(image.pixel(*INSIDE[iso3])))


def still(data, **options):
    """The still image of the data's map, in English."""
    return draw_image(build_view(data, language()), data.boundaries, **options)


@pytest.fixture(scope="module")
def default_image():
    return still(api.load(STORY))


def test_the_png_has_the_asked_width_and_is_not_blank(default_image):
    picture = Image.open(io.BytesIO(default_image.content))
    assert picture.format == "PNG"
    assert picture.size == (1600, default_image.height)
    assert 1000 < default_image.height < 4000
    colours = picture.convert("RGB").getcolors(maxcolors=1 << 20)
    assert len(colours) > 50  # map, text and swatches, not one flat colour
    white = max(count for count, _ in colours)
    assert white < 0.9 * picture.size[0] * picture.size[1]


def test_painted_countries_carry_their_role_colours(default_image):
    assert colour_at(default_image, "CHN") == ROLE_COLOURS["supplier_home"].lower()
    assert colour_at(default_image, "BRA") == ROLE_COLOURS["deployment"].lower()
    assert colour_at(default_image, "ITA") == ROLE_COLOURS["deployment"].lower()
    assert colour_at(default_image, "USA") == ROLE_COLOURS["restriction"].lower()
    assert colour_at(default_image, "JPN") == ROLE_COLOURS["partnership"].lower()
    for unnamed in ("AUS", "RUS", "NGA"):
        assert colour_at(default_image, unnamed) == NO_FACT_GREY


def test_a_filtered_image_paints_only_that_suppliers_countries():
    image = still(api.load(STORY, suppliers=["dahua"]))
    assert colour_at(image, "BRA") == ROLE_COLOURS["deployment"].lower()
    assert colour_at(image, "JPN") == NO_FACT_GREY  # SenseTime's partner, not Dahua's


def test_dataset_countries_are_sky_blue(tmp_path):
    table = tmp_path / "table.csv"
    table.write_text("country,suppliers\nNigeria,Huawei\nBrazil,Dahua\n", encoding="utf-8")
    recipe = tmp_path / "table.recipe.toml"
    recipe.write_text('title = "T"\npublisher = "P"\nyear = 2019\ncountry = "country"\n[suppliers]\ncolumn = "suppliers"\n',
                      encoding="utf-8")
    image = still(api.load(STORY, datasets=[table]))
    assert colour_at(image, "NGA") == DATASET_COLOUR.lower()
    assert colour_at(image, "BRA") == ROLE_COLOURS["deployment"].lower()  # the articles' colour wins


def test_images_are_deterministic_and_svg_is_svg():
    data = api.load(STORY, suppliers=["huawei"])
    assert still(data).content == still(data).content
    first = still(data, format="svg").content
    assert first == still(data, format="svg").content
    assert first.startswith(b"<?xml") and b"<svg" in first[:500]
    assert not re.search(rb"<dc:date>", first)


def test_width_and_dpi_set_the_size(tmp_path):
    image = still(api.load(STORY), width=800, dpi=100)
    assert Image.open(io.BytesIO(image.content)).size == (800, image.height)
    assert colour_at(image, "CHN") == ROLE_COLOURS["supplier_home"].lower()


def test_text_with_dollar_signs_is_not_read_as_mathematics(tmp_path, facts_dir):
    from conftest import fact
    facts = facts_dir([fact(claim="A $600m deal and a $2bn one, with x_1^2 in it.")])
    image = still(api.load(facts), format="svg")
    assert image.content.startswith(b"<?xml")  # mathtext would have raised on the unbalanced text


def test_build_writes_png_and_svg_and_the_page_falls_back_to_the_png(tmp_path, cli):
    out = tmp_path / "site" / "map.html"
    result = cli("build", "--out", out, "--png", tmp_path / "site" / "img" / "map.png", "--svg", tmp_path / "map.svg",
                 "--image-width", 1000)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [str(out), str(out.with_suffix(".csv")), str(tmp_path / "site/img/map.png"),
                                          str(tmp_path / "map.svg")]
    assert Image.open(tmp_path / "site" / "img" / "map.png").size[0] == 1000
    html = out.read_text(encoding="utf-8")
    assert re.search(r'<noscript>.*<img src="img/map.png" alt="Map of [^"]+">.*</noscript>', html)


@pytest.mark.parametrize("args, message", [
    (["--image-width", "10"], "image width 10 px is outside 320-12000 px"),
    (["--dpi", "5000"], "image resolution 5000 dpi is outside 50-1200 dpi"),
    (["--image-width", "400", "--dpi", "400"], "too narrow for its text"),
    (["--svg", "map.jpg"], "a SVG image is written to a .svg file; give it a .svg name"),
])
def test_impossible_sizes_fail_before_writing_anything(tmp_path, cli, args, message):
    args = [tmp_path / arg if arg.endswith(".jpg") else arg for arg in args]
    result = cli("build", "--out", tmp_path / "map.html", "--png", tmp_path / "map.png", *args)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
