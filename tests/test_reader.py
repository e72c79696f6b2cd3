"""The reader's map: sources as readers know them, sharing, and a page that stands alone."""
import io
import re

from PIL import Image

from mapgen import write_map

from conftest import STORY


def test_sources_are_named_as_readers_know_them_and_facts_are_dated(tmp_path):
    html = write_map(tmp_path / "map.html", STORY).read_text(encoding="utf-8")
    body = html.split("<body>")[1]
    assert not re.search(r"\b(alpha|beta|gamma)\.txt\b", body)  # file names stay in the data CSV
    assert "“Fixture report on surveillance suppliers”, Fixture Times" in body
    assert '<span class="mapgen-date">When: 2019-10</span>' in body
    data = (tmp_path / "map.csv").read_text(encoding="utf-8-sig")
    assert "alpha.txt" in data and "Fixture report on surveillance suppliers" in data


def test_shared_links_get_a_preview_and_a_card_of_the_right_size(tmp_path, cli):
    out, card = tmp_path / "map.html", tmp_path / "card.png"
    assert cli("build", "--out", out, "--social-card", card).exit_code == 0
    with Image.open(io.BytesIO(card.read_bytes())) as image:
        assert image.size == (1200, 630)
    html = out.read_text(encoding="utf-8")
    for tag in ('<meta property="og:title" content="Chinese AI surveillance: the countries the sources name">',
                '<meta property="og:image" content="card.png">', '<meta property="og:image:width" content="1200">',
                '<meta name="twitter:card" content="summary_large_image">',
                '<meta name="twitter:image" content="card.png">'):
        assert tag in html
    assert '<meta property="og:description" content="A country is coloured only where' in html
    plain = tmp_path / "plain.html"
    assert cli("build", "--out", plain).exit_code == 0
    assert '<meta name="twitter:card" content="summary">' in plain.read_text(encoding="utf-8")
    assert cli("build", "--out", tmp_path / "x.html", "--social-card", tmp_path / "card.jpg").exit_code == 2
