"""--per-supplier: a map per supplier and a gallery (see tests/test_batch.py for worker processes)."""
import csv
import io
import os
import pty
import subprocess
import sys

from mapgen import load
from mapgen.api import shown_suppliers
from mapgen.gallery import file_slugs

from conftest import STORY


def test_every_supplier_gets_a_map_csv_and_thumbnail_and_the_gallery_links_them(tmp_path, cli):
    out_dir = tmp_path / "maps"
    result = cli("build", "--per-supplier", "--out-dir", out_dir)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out_dir / "index.html")
    suppliers = shown_suppliers(load(STORY))
    slugs = file_slugs(["all", *(s.id for s in suppliers)], reserved={"index"})
    gallery = (out_dir / "index.html").read_text(encoding="utf-8")
    for slug in slugs:
        for suffix in (".html", ".csv", ".png"):
            assert (out_dir / f"{slug}{suffix}").stat().st_size > 0
        # the gallery shows small thumbnails, not the full images
        assert 0 < (out_dir / f"{slug}.thumb.png").stat().st_size <= 60_000
        assert f'href="{slug}.html"' in gallery and f'src="{slug}.thumb.png"' in gallery and f'href="{slug}.csv"' in gallery
    for supplier, slug in zip(suppliers, slugs[1:]):
        rows = list(csv.DictReader(io.StringIO((out_dir / f"{slug}.csv").read_text(encoding="utf-8-sig"))))
        assert rows and {row["supplier"] for row in rows} == {supplier.name}
        assert supplier.name in gallery
    # Without a terminal: one plain line per map as it is finished (in any order), then a summary.
    lines = result.stderr.strip().splitlines()
    labels = ["All suppliers", *(s.name for s in suppliers)]
    assert [line.partition("] ")[0] for line in lines[:-2]] == [f"mapgen: [{n}/{len(slugs)}" for n in range(1, len(slugs) + 1)]
    assert sorted(line.partition("] ")[2] for line in lines[:-2]) == sorted(labels)
    assert lines[-2] == f"mapgen: {len(slugs)} maps written"
    assert lines[-1].startswith("mapgen: warning: ") and "no description of the map" in lines[-1]


def test_a_terminal_gets_a_progress_bar(tmp_path):
    leader, follower = pty.openpty()
    process = subprocess.run([sys.executable, "-m", "mapgen", "build", "--per-supplier", "--supplier", "dahua",
                              "--out-dir", str(tmp_path)], stdout=subprocess.PIPE, stderr=follower, text=True)
    os.close(follower)
    shown = os.read(leader, 65536).decode("utf-8", "replace")
    os.close(leader)
    assert process.returncode == 0
    assert "mapgen: maps" in shown and "2/2" in shown and "[1/" not in shown
    assert sorted(p.name for p in tmp_path.iterdir()) == ["all.csv", "all.html", "all.png", "all.thumb.png", "dahua.csv",
                                                           "dahua.html", "dahua.png", "dahua.thumb.png", "index.html"]


def test_file_names_are_safe_and_distinct():
    assert file_slugs(["../../etc/passwd", "Dahua", "dahua", "华为", "index"], reserved={"index"}) == [
        "etc-passwd", "dahua", "dahua-2", "supplier", "index-2"]


def test_per_supplier_needs_an_out_dir_and_refuses_single_map_options(tmp_path, cli):
    for args in (["--per-supplier"], ["--per-supplier", "--out-dir", tmp_path, "--png", tmp_path / "x.png"],
                 ["--out-dir", tmp_path]):
        result = cli("build", *args)
        assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
