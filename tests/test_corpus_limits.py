"""Issue 20's shapes: limits that hold on what the parser reads, damaged workbooks, duplicate
names, hostile echoes and paths, each one line and exit 2 with the outputs untouched, or built."""
import io
import os
import zipfile

import pytest
from test_corpus import (  # noqa: F401  (built is a fixture)
    HEADER,
    assert_one_line_and_no_output_touched,
    built,
    dataset_files,
    facts,
    row,
)

from conftest import STORY, run_cli

SHEET = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
CONTENT_TYPES = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
                 'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                 '<Override PartName="/xl/worksheets/sheet1.xml" '
                 'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
RELS = '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'


def workbook(rows: str, dimension: str | None = None) -> bytes:
    """A minimal XLSX whose first sheet holds these <row> elements (and a <dimension>, if given)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS + '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/'
                         'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        archive.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
                         'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                         'relationships"><sheets><sheet name="S" sheetId="1" r:id="r1"/></sheets></workbook>')
        archive.writestr("xl/_rels/workbook.xml.rels", RELS + '<Relationship Id="r1" Type="http://schemas.'
                         'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                         'Target="worksheets/sheet1.xml"/></Relationships>')
        tag = f'<dimension ref="{dimension}"/>' if dimension else ""
        archive.writestr("xl/worksheets/sheet1.xml", f"{SHEET}{tag}<sheetData>{rows}</sheetData></worksheet>")
    return buffer.getvalue()


def text_row(number: int, *cells: str, columns: str = "AB") -> str:
    inline = "".join(f'<c r="{column}{number}" t="inlineStr"><is><t>{cell}</t></is></c>'
                     for column, cell in zip(columns, cells))
    return f'<row r="{number}">{inline}</row>'


def sheet_rows(count: int) -> str:
    return text_row(1, "country", "suppliers") + "".join(text_row(n, "Kenya", "Dahua") for n in range(2, count + 2))


def xlsx_dataset(rows: str, dimension: str | None = None) -> dict[str, bytes]:
    files = dataset_files(b"", b'[suppliers]\ncolumn = "suppliers"\n')
    del files["table.csv"]
    recipe = files.pop("table.recipe.toml")
    files["mapgen.toml"] = files["mapgen.toml"].replace(b"table.csv", b"table.xlsx")
    return {**files, "table.xlsx": workbook(rows, dimension), "table.recipe.toml": recipe}


def cr_only_facts(count: int) -> bytes:
    lines = [HEADER.strip()] + [row(id=f"f{i}").strip() for i in range(count)]
    return "\r".join(lines).encode() + b"\r"


SUPPLIERS = "id,name,aliases,home_country\n"
MEMBERSHIPS = "id,name,aliases\n"

# (name, {file: content}, words the one line must hold)
SHAPES = [
    ("CR-only line ends counted", {"facts.csv": cr_only_facts(50_001)}, "more than 50,000 rows"),
    ("a cell over the limit", {"facts.csv": facts(row(claim="A" * 10_001))}, "a cell longer than 10,000 characters"),
    ("a url over the limit", {"sources.csv": b"id,file,headline,publisher,date,url\nfx-alpha,a.txt,H,P,x,https://e.org/"
                              + b"a" * 2_000 + b"\n"}, "url longer than 2,000 characters"),
    ("too many columns", dataset_files(b"country,suppliers," + b",".join(b"c%d" % i for i in range(1_000)) + b"\n"
                                       b"Kenya,Dahua\n", b'[suppliers]\ncolumn = "suppliers"\n'),
     "1,002 cells in a row, over the 1,000 columns"),
    ("XLSX without dimension, too long", xlsx_dataset(sheet_rows(120_001)), "more than 120,000 rows"),
    ("XLSX sparse row numbers", xlsx_dataset(text_row(1, "country", "suppliers") + text_row(2, "Kenya", "Dahua")
                                             + text_row(1_048_576, "x", columns="A"), "A1:XFD1048576"),
     "more than 120,000 rows"),
    ("XLSX cell in the last column", xlsx_dataset(text_row(1, "country", "suppliers")
                                                  + '<row r="2"><c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>'),
     "16,384 cells in a row"),
    ("XLSX broken XML mid-sheet", xlsx_dataset(sheet_rows(3_000) + '<row r="9000"><c r="A9000" t="inlineStr"><is><t>x'
                                                                   '</is>', "A1:B9000"), "cannot read this row"),
    ("XLSX number cell holding text", xlsx_dataset(text_row(1, "country", "suppliers")
                                                   + '<row r="2"><c r="A2" t="n"><v>Kenya</v></c></row>'),
     "table.xlsx:2: cannot read this row"),
    ("XLSX garbage date", xlsx_dataset(text_row(1, "country", "suppliers")
                                       + '<row r="2"><c r="A2" t="d"><v>garbage</v></c></row>'), "table.xlsx:2:"),
    ("XLSX NaN date", xlsx_dataset(text_row(1, "country", "suppliers")
                                   + '<row r="2"><c r="A2" t="d"><v>NaN</v></c></row>'), "table.xlsx:2:"),
    ("XLSX shared string out of range", xlsx_dataset(text_row(1, "country", "suppliers")
                                                     + '<row r="2"><c r="A2" t="s"><v>99</v></c></row>'),
     "table.xlsx:2:"),
    ("recipe nested 5,000 deep", dataset_files(b"country,suppliers\nKenya,Dahua\n",
                                               b"x = " + b"[" * 5_000 + b"]" * 5_000 + b"\n"), "nested too deep"),
    ("project nested 5,000 deep", {"mapgen.toml": b'facts = "facts.csv"\nx = ' + b"[" * 5_000 + b"]" * 5_000},
     "nested too deep"),
    ("alias given to two suppliers", {"suppliers.csv": (SUPPLIERS + "dahua,Dahua,DH,China\nhuawei,Huawei,dh,China\n"
                                                        ).encode()}, 'would name supplier "dahua"'),
    ("supplier name equal to another's id", {"suppliers.csv": (SUPPLIERS + "dahua,Dahua,,China\n"
                                                               "huawei,dahua,,China\n").encode()},
     'would name supplier "dahua"'),
    ("ids differing by case", {"suppliers.csv": (SUPPLIERS + "dahua,Dahua,,China\nDAHUA,Other,,China\n").encode()},
     'would name supplier "dahua"'),
    ("ids differing by Unicode form", {"suppliers.csv": (SUPPLIERS + "caf\u00e9,Cafe One,,China\n"
                                                         "cafe\u0301,Cafe Two,,China\n").encode()},
     "would name supplier"),
    ("membership alias twice", {"memberships.csv": (MEMBERSHIPS + "BRI,Belt and Road,B\nOBOR,One Belt,b\n").encode()},
     'would name membership "BRI"'),
    ("header with a newline and an escape", {"facts.csv": b'"id\n\x1b[2J",kind\nf1,named\n'},
     "\\u000a\\u001b[2J"),
    ("facts outside the project", {"mapgen.toml": b'facts = "../../../../../../etc/passwd"\n'},
     "is outside the project folder"),
    ("dataset outside the project", {"mapgen.toml": b'facts = "facts.csv"\n[[datasets]]\npath = "/etc/hosts"\n'},
     "is outside the project folder"),
]


@pytest.mark.parametrize("name, files, expected", SHAPES, ids=[case[0] for case in SHAPES])
def test_a_shape_is_one_line_and_touches_no_output(built, name, files, expected):  # noqa: F811
    assert_one_line_and_no_output_touched(built, name, files, expected)


def test_the_check_command_never_prints_a_file_outside_the_project(tmp_path):
    (tmp_path / "mapgen.toml").write_text('facts = "secret.csv"\n', encoding="utf-8")
    secret = tmp_path.parent / f"{tmp_path.name}-secret.csv"
    secret.write_text("root:x:0:0:the secret line\n", encoding="utf-8")
    os.symlink(secret, tmp_path / "secret.csv")
    result = run_cli("check", tmp_path)
    assert result.returncode == 2 and "outside the project folder" in result.stderr
    assert "secret line" not in result.stderr + result.stdout


def test_an_xlsx_whose_dimension_understates_it_is_read_whole(tmp_path):
    table = tmp_path / "t.xlsx"
    table.write_bytes(workbook(text_row(1, "country", "suppliers") + text_row(2, "Kenya", "Dahua")
                               + text_row(3, "Brazil", "Dahua") + text_row(9, "Peru", "Dahua"), "A1:B2"))
    result = run_cli("report", "--format", "json", "--dataset", table, "--suppliers-column", "suppliers")
    assert result.returncode == 0, result.stderr
    assert all(f'"{iso3}"' in result.stdout for iso3 in ("KEN", "BRA", "PER"))


def test_a_header_of_repeated_names_is_numbered_in_order():
    from mapgen.tables import unique_header

    header = unique_header(["a"] * 1_000 + ["a (3)", ""], 1_003)
    assert header[:3] == ["a", "a (2)", "a (3)"] and len(set(header)) == 1_003
    assert header[1_000] == "a (3) (2)" and header[1_001] == "column 1002" and header[1_002] == "column 1003"


def test_many_new_companies_get_distinct_ids(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("country,suppliers\n" + "".join(f"Kenya,Company {i}\nBrazil,company {i}\n" for i in range(3_000)),
                     encoding="utf-8")
    result = run_cli("check", "--dataset", table, "--suppliers-column", "suppliers")
    assert result.returncode == 0, result.stderr
    assert "companies not in the supplier catalogue (3000;" in result.stdout


def test_scope_typos_are_each_reported_with_a_suggestion(facts_dir):
    from mapgen.errors import InputProblems
    from mapgen.facts import load_facts

    from conftest import fact

    rows = [fact(id=f"a{i}", kind="aggregate", country="", value="5", scope="supplier=Dahuaa") for i in range(300)]
    with pytest.raises(InputProblems) as caught:
        load_facts(facts_dir(rows))
    assert len(caught.value.problems) == 300
    assert all('did you mean "Dahua"' in str(problem) for problem in caught.value.problems)


def test_a_recipe_beside_a_dataset_that_cannot_be_read_is_an_error(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("country,suppliers\nKenya,Dahua\n", encoding="utf-8")
    os.symlink("t.recipe.toml", tmp_path / "t.recipe.toml")  # a link to itself
    result = run_cli("report", "--dataset", table, "--suppliers-column", "suppliers")
    assert result.returncode == 2 and "t.recipe.toml" in result.stderr and result.stderr.count("\n") == 1


def test_a_catalogue_that_is_a_symlink_loop_is_an_error(tmp_path, facts_dir):
    from conftest import fact

    facts_path = facts_dir([fact()])
    os.symlink("suppliers.csv", tmp_path / "suppliers.csv")
    result = run_cli("build", "--facts", facts_path, "--out", tmp_path / "out" / "map.html")
    assert result.returncode == 2 and "suppliers.csv" in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize("args, expected", [
    (["build", "--bogus"], "No such option"),
    (["bogus"], "No such command"),
    (["build", "--out", ""], "an empty path names no file"),
])
def test_usage_errors_are_one_line(args, expected):
    result = run_cli(*args, story=False)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith("mapgen: error: ") and expected in result.stderr


def test_an_output_that_cannot_be_written_is_named_as_the_user_gave_it(tmp_path):
    out = tmp_path / "map.html"
    (tmp_path / "map.csv").mkdir()
    result = run_cli("build", "--out", out)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert f"{tmp_path / 'map.csv'}: is not a regular file" in result.stderr and "mapgen-tmp" not in result.stderr


def test_a_full_disk_names_the_output(tmp_path, monkeypatch):
    import errno

    import mapgen.files

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(mapgen.files.os, "fsync", full)  # the disk fills as the first file is written
    result = run_cli("build", "--out", tmp_path / "map.html")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    named = result.stderr.split(": cannot write it (No space left on device); nothing was changed")[0]
    assert named in (f"mapgen: error: {tmp_path / 'map.html'}", f"mapgen: error: {tmp_path / 'map.csv'}")
    assert sorted(path.name for path in tmp_path.iterdir()) == []  # nothing written, nothing left behind


def test_ctrl_c_is_one_line_and_status_130(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    process = subprocess.Popen([sys.executable, "-m", "mapgen", "build", "--facts", str(STORY),
                                "--out", str(tmp_path / "map.html")], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(0.3)  # while the command's imports load
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130 and err == b"mapgen: interrupted\n"
