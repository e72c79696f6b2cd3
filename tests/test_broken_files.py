"""Broken and hostile input files: one line, exit 2, bounded time and memory, outputs untouched."""
import io
import os
import time
import zipfile

import pytest

from conftest import run_cli


def build_over(tmp_path, *args):
    """Build once, then again with ``args``: the second must fail cleanly and leave the first's files."""
    out = tmp_path / "out" / "map.html"
    assert run_cli("build", "--out", out).returncode == 0
    before = {p.name: p.read_bytes() for p in out.parent.iterdir()}
    result = run_cli("build", "--out", out, *args)
    assert result.returncode == 2, result.stdout
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert {p.name: p.read_bytes() for p in out.parent.iterdir()} == before
    return result.stderr


def test_a_pipe_or_a_device_is_refused_at_once(tmp_path):
    fifo = tmp_path / "table.csv"
    os.mkfifo(fifo)
    started = time.monotonic()
    assert "is not a regular file" in build_over(tmp_path, "--dataset", fifo, "--suppliers-column", "x")
    assert "is not a regular file" in build_over(tmp_path, "--dataset", "/dev/zero", "--suppliers-column", "x")
    assert time.monotonic() - started < 10


def test_an_oversized_file_is_refused_unless_the_limit_is_raised(tmp_path):
    table = tmp_path / "big.csv"
    table.write_text("country,suppliers\n" + "Kenya,Dahua Technology Company Limited\n" * 60_000,
                     encoding="utf-8")  # about 2.3 MB, within the row limit
    assert "larger than 1 MB" in build_over(tmp_path, "--dataset", table, "--suppliers-column", "suppliers",
                                            "--max-input-mb", "1")
    result = run_cli("report", "--dataset", table, "--suppliers-column", "suppliers", "--max-input-mb", "5")
    assert result.returncode == 0


def test_an_excel_file_that_would_unpack_too_far_is_refused_before_reading(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    bomb.write_bytes(buffer.getvalue())
    assert bomb.stat().st_size < 1024 * 1024
    assert "unpacks to 60 MB" in build_over(tmp_path, "--dataset", bomb, "--suppliers-column", "x")


@pytest.mark.parametrize("content, expected", [
    ('country,suppliers\nKenya,"Dahua\nBrazil,Huawei\n', "a quote is left open"),
    ("country,suppliers\nKenya,Dahua\n".encode("utf-16")[:-1], "damaged UTF-16"),
    (b"country,suppliers\nKenya,Dahua \x81\x8d\n", "neither UTF-8 nor Windows-1252"),
    (b"", "empty file"),
])
def test_malformed_tables_are_one_line(tmp_path, content, expected):
    table = tmp_path / "t.csv"
    table.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    assert expected in build_over(tmp_path, "--dataset", table, "--suppliers-column", "suppliers")


def test_a_recipe_that_is_a_pipe_is_refused(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("country,suppliers\nKenya,Dahua\n", encoding="utf-8")
    recipe = tmp_path / "t.recipe.toml"
    os.mkfifo(recipe)
    assert "is not a regular file" in build_over(tmp_path, "--dataset", table)


def test_a_table_longer_than_mapgen_reads_is_refused_before_parsing(tmp_path):
    table = tmp_path / "long.csv"
    table.write_text("country,suppliers\n" + "Kenya,Dahua\n" * 130_000, encoding="utf-8")
    started = time.monotonic()
    assert "more than 120,000 rows, the most mapgen reads" in build_over(tmp_path, "--dataset", table,
                                                                         "--suppliers-column", "suppliers")
    assert time.monotonic() - started < 10


def test_many_unknown_countries_take_bounded_time(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("country,suppliers\n" + "".join(f"Nowhere{i},Dahua\n" for i in range(20_000)), encoding="utf-8")
    started = time.monotonic()
    result = run_cli("report", "--dataset", table, "--suppliers-column", "suppliers", "--skip-unresolved")
    assert time.monotonic() - started < 20
    assert result.returncode == 2 and "no rows with a country" in result.stderr


def test_a_translation_table_with_a_nul_byte_or_a_repeated_key_is_refused(tmp_path):
    table = tmp_path / "strings.csv"
    table.write_bytes(b"key,en\nlegend_title,What\x00 now\n")
    assert "control character" in build_over(tmp_path, "--lang", "en", "--strings", table)
    table.write_bytes(b"key,en\nlegend_title,One\nlegend_title,Two\n")
    assert 'key "legend_title" again' in build_over(tmp_path, "--lang", "en", "--strings", table)


def test_an_alias_given_twice_is_refused(tmp_path):
    from mapgen.countries import read_aliases
    from mapgen.errors import InputProblems

    table = tmp_path / "aliases.csv"
    table.write_text("alias,iso3,note\nBurma,MMR,\nburma,BUR,\n", encoding="utf-8")
    with pytest.raises(InputProblems, match='alias "burma" again'):
        read_aliases(table)
