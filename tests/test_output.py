"""The HTML file: deterministic, self-contained on request, embeddable, written atomically."""
import os
import re

import pytest

from mapgen import write_map
from mapgen.api import embed
from mapgen.errors import MapgenError
from mapgen.files import write_atomic

from conftest import STORY, fact, run_cli, run_module

EXTERNAL_RESOURCE = re.compile(r"<(script|link)\b[^>]*(src|href)=[\"']?(https?:)?//", re.IGNORECASE)


def test_two_builds_are_byte_identical(tmp_path):
    first = run_module("build", "--out", tmp_path / "a" / "map.html")
    second = run_module("build", "--out", tmp_path / "b" / "map.html")
    assert first.returncode == second.returncode == 0
    assert first.stdout.splitlines()[0].endswith("map.html")
    for name in ("map.html", "map.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_builds_in_one_process_are_identical_too(tmp_path):
    a = write_map(tmp_path / "a" / "map.html", STORY, suppliers=["huawei"])
    b = write_map(tmp_path / "b" / "map.html", STORY, suppliers=["huawei"])
    assert a.read_bytes() == b.read_bytes()


def test_self_contained_loads_nothing_from_a_network(tmp_path):
    html = write_map(tmp_path / "map.html", STORY, self_contained=True).read_text(encoding="utf-8")
    assert not EXTERNAL_RESOURCE.search(html)
    assert "url(images/" not in html  # Leaflet's stylesheet images are inlined as data URIs
    assert "sourceMappingURL" not in html
    assert "L.map(" in html and "Leaflet" in html


def test_a_build_is_self_contained_unless_asked_for_the_cdn(tmp_path, cli):
    assert cli("build", "--out", tmp_path / "map.html").exit_code == 0
    html = (tmp_path / "map.html").read_text(encoding="utf-8")
    assert not re.findall(r"<(?:script|link)\b[^>]*(?:src|href)=\"https?://", html)
    assert cli("build", "--cdn", "--out", tmp_path / "cdn.html").exit_code == 0
    assert "cdn.jsdelivr.net" in (tmp_path / "cdn.html").read_text(encoding="utf-8")


def test_cdn_mode_links_only_leaflet(tmp_path):
    html = write_map(tmp_path / "map.html", STORY, self_contained=False).read_text(encoding="utf-8")
    links = re.findall(r"<(?:script|link)\b[^>]*(?:src|href)=\"(https?://[^\"]+)\"", html)
    assert sorted(links) == ["https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css",
                             "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"]


def test_page_lets_the_article_scroll_and_readers_zoom(tmp_path):
    html = write_map(tmp_path / "map.html", STORY).read_text(encoding="utf-8")
    assert "user-scalable=no" not in html and "maximum-scale" not in html
    assert '"scrollWheelZoom": false' in html
    assert "<title>" in html


def test_embed_snippet_is_responsive_and_escaped():
    snippet = embed('maps/a "b".html', title="Map <1>")
    assert snippet.startswith('<div class="mapgen-embed"><iframe ') and "width:100%" in snippet
    assert "min-height:" in snippet and "aspect-ratio" in snippet
    assert 'src="maps/a &#34;b&#34;.html"' in snippet and 'title="Map &lt;1&gt;"' in snippet


def test_embed_command_prints_the_snippet(cli):
    result = cli("embed", "https://example.org/map.html", "--title", "A map")
    assert result.exit_code == 0 and 'src="https://example.org/map.html"' in result.stdout


def test_the_frame_takes_its_title_from_the_page_it_embeds(tmp_path, cli):
    assert cli("build", "--out", tmp_path / "dahua" / "map.html", "--title", "Dahua & co").exit_code == 0
    assert 'title="Dahua &amp; co"' in embed("dahua/map.html")  # the page's own title, not the project's
    result = run_cli("embed", "missing.html")
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "no map page here" in result.stderr
    # an address that is not a file here (nothing is fetched) takes the project's title
    assert 'title="Chinese AI' in embed("https://example.org/map.html", project=STORY.parent)


def test_failed_build_keeps_the_previous_file_and_leaves_no_partial(tmp_path, facts_dir):
    out = tmp_path / "out" / "map.html"
    assert run_cli("build", "--out", out).returncode == 0
    before = out.read_bytes()
    bad = facts_dir([fact(country="Atlantis")])
    result = run_cli("build", "--facts", bad, "--out", out)
    assert result.returncode == 2
    assert out.read_bytes() == before
    assert sorted(os.listdir(out.parent)) == ["map.csv", "map.html"]


def test_interrupted_write_keeps_the_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "map.html"
    target.write_bytes(b"previous")

    def broken_fsync(_):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(MapgenError, match=r"map\.html: cannot write it \(No space left on device\)") as raised:
        write_atomic(target, b"new contents")
    assert "mapgen-tmp" not in str(raised.value)  # the user's file is named, not a temporary one
    assert target.read_bytes() == b"previous"
    assert os.listdir(tmp_path) == ["map.html"]


def test_unwritable_output_is_one_clear_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_cli("build", "--out", blocker / "map.html")
    assert result.returncode == 2
    assert result.stderr.startswith("mapgen: error:") and "Traceback" not in result.stderr
