"""The page adapter: one page, however the map is written (build, save, notebook)."""
import html

from mapgen import build_map

from conftest import STORY


def test_build_map_save_writes_the_same_page_as_mapgen_build(tmp_path, cli):
    saved = tmp_path / "saved.html"
    build_map(STORY, suppliers=["dahua"]).save(str(saved))
    built = tmp_path / "built.html"
    assert cli("build", "--supplier", "dahua", "--no-data", "--out", built).exit_code == 0
    page = saved.read_text(encoding="utf-8")
    assert saved.read_bytes() == built.read_bytes()
    assert '<html lang="en">' in page and "user-scalable=no" not in page
    assert 'id="map_0001"' in page and "mapgenSetup(mapgenData('mapgen-config'), mapgenData('mapgen-shapes'), map_0001)" in page


def test_a_notebook_shows_the_same_page(tmp_path):
    fmap = build_map(STORY, lang="pt")
    frame = fmap._repr_html_()
    assert html.escape('<html lang="pt">') in frame
    assert html.escape(fmap.get_root().render()) in frame


def test_rendering_twice_gives_the_same_ids():
    fmap = build_map(STORY)
    assert fmap.get_root().render() == fmap.get_root().render()
