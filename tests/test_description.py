"""The map in words: the author's description (mapgen.toml or --description), else one mapgen
writes from the view, used as the page's accessible description and the images' alt text."""
import html as html_lib
import re
import shutil

from mapgen import api
from mapgen.i18n import language
from mapgen.view import build_view

from conftest import ROOT

EUROPE = ROOT / "tests" / "fixtures" / "europe"


def project_copy(tmp_path, extra: str = ""):
    folder = tmp_path / "europe"
    shutil.copytree(EUROPE, folder)
    if extra:
        toml = folder / "mapgen.toml"
        toml.write_text(toml.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return folder


def described_by(page: str) -> str:
    """The text of the element the map's aria-describedby names."""
    target = re.search(r'class="folium-map"[^>]*aria-describedby="([^"]+)"', page).group(1)
    return html_lib.unescape(re.search(rf'id="{target}"[^>]*>([^<]*)<', page).group(1))


def test_without_a_description_mapgen_writes_one_from_the_view_and_warns(tmp_path, cli):
    out = tmp_path / "site" / "map.html"
    result = cli("build", EUROPE, "--out", out, "--png", tmp_path / "site" / "map.png")
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if "no description" in line]
    assert len(warnings) == 1 and "--description" in warnings[0]
    page = out.read_text(encoding="utf-8")
    text = described_by(page)
    # what is coloured (by legend row), by whom, how many claims apart
    assert text.startswith("Map of 12 countries, coloured by what the sources say.")
    assert "Government acts against suppliers: Estonia." in text
    assert "Technology deployed or projects: Egypt, Finland, Hungary, Iran, Jordan, Poland" in text
    assert "and 3 more." in text  # eleven countries in that row: eight named, the rest counted
    assert "Suppliers named: Northcam and Vistaline." not in text and "Companies named: Northcam and Vistaline." in text
    assert text.endswith("Beside the map: 2 claims naming no country.")
    assert f'alt="{html_lib.escape(text, quote=True)}"' in page  # the still image for readers without JavaScript


def test_the_written_description_follows_the_maps_language_and_selection(tmp_path):
    data = api.load(project=EUROPE)
    german = build_view(data, language("de")).description
    assert german.startswith("Karte: 12 Länder, eingefärbt") and "Finnland" in german and "Northcam und Vistaline" in german
    only = build_view(api.select(data, ["Vistaline"]), language("en")).description
    assert "Hungary" not in only and "Estonia" in only and "Companies named: Vistaline." in only
    assert not build_view(data, language("en")).described


def test_the_projects_description_is_the_maps_and_the_images(tmp_path, cli):
    folder = project_copy(tmp_path, '\ndescription = { en = "Twelve countries <b>bought</b> cameras.", '
                                    'de = "Zwölf Länder kauften Kameras." }\n')
    out = tmp_path / "map.html"
    result = cli("build", folder, "--out", out, "--social-card", tmp_path / "card.png", "--png", tmp_path / "map.png")
    assert result.exit_code == 0 and "no description" not in result.stderr
    page = out.read_text(encoding="utf-8")
    assert described_by(page) == "Twelve countries <b>bought</b> cameras."
    assert "<b>bought" not in page  # escaped, as every text
    assert 'alt="Twelve countries &lt;b&gt;bought&lt;/b&gt; cameras."' in page
    assert '<meta property="og:image:alt" content="Twelve countries &lt;b&gt;bought&lt;/b&gt; cameras.">' in page
    german = tmp_path / "de.html"
    assert cli("build", folder, "--out", german, "--lang", "de").exit_code == 0
    assert described_by(german.read_text(encoding="utf-8")) == "Zwölf Länder kauften Kameras."


def test_the_command_lines_description_wins(tmp_path, cli):
    out = tmp_path / "map.html"
    result = cli("build", EUROPE, "--out", out, "--description", "Cameras sold around the Black Sea.")
    assert result.exit_code == 0 and "no description" not in result.stderr
    assert described_by(out.read_text(encoding="utf-8")) == "Cameras sold around the Black Sea."


def test_the_gallery_cards_carry_each_maps_description(tmp_path):
    index = api.write_per_supplier(api.load(project=EUROPE), tmp_path / "gallery")
    page = index.read_text(encoding="utf-8")
    alts = re.findall(r'<img [^>]*alt="([^"]+)"', page)
    assert len(alts) == 3 and all(alt.startswith("Map of ") for alt in alts)
    assert any("Companies named: Northcam." in alt for alt in alts)


def test_a_misnamed_description_key_is_pointed_out(tmp_path, cli):
    folder = project_copy(tmp_path, '\nalt = "A map."\n')
    result = cli("build", folder, "--out", tmp_path / "map.html")
    assert result.exit_code == 2 and 'did you mean description?' in result.stderr


def test_the_view_lists_every_country_for_search_and_the_coloured_ones_for_keys_and_taps():
    view = build_view(api.load(project=EUROPE), language("de"))
    finder = dict(view.finder)
    assert finder["Ungarn"] == "HUN" and finder["Österreich"] == "AUT" and "ATA" not in finder.values()
    names = [name for name, _ in view.finder]
    assert names.index("Österreich") < names.index("Polen")  # sorted as German sorts
    coloured = [c.iso3 for c in view.countries if c.candidates]
    assert [place.iso3 for place in view.places] == coloured
    hungary = next(place for place in view.places if place.iso3 == "HUN")
    finland = next(place for place in view.places if place.iso3 == "FIN")
    assert 0 < hungary.size[1] < finland.size[1]
    # the point is inside the country: Hungary lies between 16 and 23 E, 45.7 and 48.6 N
    from pyproj import Transformer

    from mapgen.boundaries import EQUAL_EARTH, PLANAR_UNIT
    lon, lat = Transformer.from_crs(EQUAL_EARTH, "EPSG:4326", always_xy=True).transform(
        hungary.point[1] * PLANAR_UNIT, hungary.point[0] * PLANAR_UNIT)
    assert 16 < lon < 23 and 45.7 < lat < 48.6


def test_a_map_of_some_companies_is_not_given_the_whole_maps_description(tmp_path, cli):
    folder = project_copy(tmp_path, '\ndescription = "Twelve countries bought cameras from two companies."\n')
    out = tmp_path / "map.html"
    result = cli("build", folder, "--supplier", "Vistaline", "--out", out)
    assert result.exit_code == 0 and "not of this selection" in result.stderr
    text = described_by(out.read_text(encoding="utf-8"))
    assert text.startswith("Map of 6 countries") and "Companies named: Vistaline." in text
    index = api.write_per_supplier(api.load(project=folder), tmp_path / "gallery")
    alts = re.findall(r'<img [^>]*alt="([^"]+)"', index.read_text(encoding="utf-8"))
    assert alts[0] == "Twelve countries bought cameras from two companies."  # the map of every company
    assert all(alt.startswith("Map of ") for alt in alts[1:]) and len(alts) == 3
