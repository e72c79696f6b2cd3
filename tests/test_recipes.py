"""Dataset recipes are checked against a schema, and every cell of a dataset is accounted for."""
import pytest

from mapgen import report
from mapgen.datasets import load_dataset
from mapgen.facts import load_facts
from mapgen.recipes import Recipe

from conftest import STORY, run_cli

# A later edition's shape: company columns past "Company 3" have no header, and "0" means none.
SPILL = ("Country,Company 1,Company 2,Company 3,,,\n"
         "Kenya,Dahua,0,Axis,Huawei,,\n"
         "Peru,Huawei,-,,,,Hikvision\n"
         "Chile,0,n/a,none,,,\n")


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def one_line_error(*args):
    result = run_cli(*args)
    assert result.returncode == 2, result.stdout
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    return result.stderr


def test_columns_without_a_header_are_kept_apart_and_counted(tmp_path):
    table = write(tmp_path / "t.csv", SPILL)
    write(tmp_path / "t.recipe.toml", 'title = "T"\ncountry = "Country"\n'
                                      '[suppliers]\ncolumns = ["Company *", "column *"]\n')
    data = report(STORY, datasets=[table])
    suppliers = {c["iso3"]: c["datasets"][0]["suppliers"] for c in data["dataset_countries"]}
    assert suppliers == {"KEN": ["Dahua", "Axis", "Huawei"], "PER": ["Huawei", "Hikvision"], "CHL": []}
    assert "0" not in str(suppliers) and "n/a" not in str(suppliers)


def test_a_recipe_that_misses_the_spill_columns_warns_about_every_unused_cell(tmp_path):
    table = write(tmp_path / "t.csv", SPILL)
    write(tmp_path / "t.recipe.toml", 'title = "T"\ncountry = "Country"\n[suppliers]\ncolumns = ["Company *"]\n')
    result = run_cli("report", "--dataset", table)
    assert result.returncode == 0
    warnings = result.stderr.strip().splitlines()
    assert len(warnings) == 3
    assert 'column "column 5": 1 non-empty cell(s) unused (e.g. "Huawei")' in warnings[0]
    assert 'column "column 7": 1 non-empty cell(s) unused (e.g. "Hikvision")' in warnings[1]
    # Kenya's "Axis" follows a "0": a company cell after a blank one, as misaligned spill cells are.
    assert 't.csv:2: company cell "Axis" (column "Company 3") follows the blank "Company 2"' in warnings[2]


def test_repeated_headers_are_numbered_not_merged(tmp_path):
    table = write(tmp_path / "t.csv", "country,vendor,vendor\nKenya,Dahua,Huawei\n")
    write(tmp_path / "t.recipe.toml", 'title = "T"\n[suppliers]\ncolumns = ["vendor", "vendor (2)"]\n')
    factset = load_facts(STORY)
    from mapgen.recipes import recipe_for
    dataset = load_dataset(table, recipe_for(table), factset.resolver, factset.suppliers)
    assert dataset.countries["KEN"].suppliers == ["dahua", "huawei"]


def test_a_group_token_counts_toward_its_origin_and_is_named_in_popups(tmp_path):
    table = write(tmp_path / "t.csv", "country,companies\nKenya,\"Mult; Axis\"\nPeru,Axis\n")
    write(tmp_path / "t.recipe.toml", 'title = "T"\norigins_from = "catalogue"\n[suppliers]\ncolumn = "companies"\n'
                                      'separators = ",;"\n'
                                      '[suppliers.groups]\nMult = { label = "several Chinese firms", origin = "China" }\n')
    facts = STORY.parent
    data = report(facts / "facts.csv", datasets=[table])
    kenya = next(c for c in data["dataset_countries"] if c["iso3"] == "KEN")
    assert kenya["datasets"][0]["suppliers"] == ["several Chinese firms (\u201cMult\u201d)", "Axis"]
    at_least = next(a for a in data["aggregate"] if a["id"] == "agg-63")
    [check] = at_least["reconciliation"]
    assert check["countries"] == ["KEN"]  # Peru has only Axis, whose home is unknown


def test_check_prints_the_account_of_a_dataset(tmp_path, cli):
    table = write(tmp_path / "t.csv", "Country,Company 1,,Note\nKenya,Acme Vision,Dahua,x\nAtlantis,Dahua,,\n")
    write(tmp_path / "t.recipe.toml", 'title = "T"\ncountry = "Country"\n[suppliers]\ncolumns = ["Company *"]\n')
    result = cli("check", "--dataset", table, "--skip-unresolved")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "rows read: 2; mapped to a country: 1; skipped: 1" in out and 'unknown country "Atlantis"' in out
    assert 'column "column 3": 1 non-empty cell(s) unused (e.g. "Dahua")' in out
    assert 'column "Note": 1 non-empty cell(s) unused (e.g. "x")' in out
    assert "companies not in the supplier catalogue (1; rows): Acme Vision (1)" in out


@pytest.mark.parametrize("recipe, expected", [
    ('paint_iff = "flag"\n', 'unknown key "paint_iff"; did you mean "paint_if"?'),
    ('[suppliers]\ncolum = "vendors"\n', 'unknown key "[suppliers] colum"; did you mean "column"?'),
    ('[origin]\nChina = "flag"\n', 'unknown key "origin"; did you mean "origins"?'),
    ('[suppliers]\nignore = ["Mult"]\n', 'did you mean nothing'),
    ('[suppliers]\ncolumns = 5\n', "[suppliers] columns must be a string or a list of strings, got 5"),
    ('[suppliers]\nseparators = ""\n', "[suppliers] separators must be at least one character"),
    ('suppliers = "x"\n', "suppliers must be a table"),
    ('[suppliers]\naliases = ["a"]\n', "[suppliers] aliases must be a table of strings"),
    ('flags = 3\n', "flags must be a list of non-empty strings, got 3"),
    ('paint_if = 5\n', "paint_if must be a non-empty string, got 5"),
    ('[origins]\nChina = 1\n', "origins must be a table of strings"),
    ('kind = "people"\n', 'kind must be "suppliers" or "membership"'),
    ('[suppliers.groups]\nMult = "China"\n', "[suppliers.groups] Mult must be a table"),
    ('[suppliers.groups]\nMult = { lable = "x" }\n', 'unknown key "lable" in [suppliers.groups] Mult; did you mean "label"?'),
    ('[origins]\nChnia = "flag"\n', 'unknown country "Chnia"; did you mean "China"?'),
    ('title = \n', "not a TOML recipe"),
])
def test_recipe_typos_and_wrong_types_are_one_line_with_the_key(tmp_path, recipe, expected):
    table = write(tmp_path / "t.csv", "country,vendors,flag\nKenya,Dahua,1\n")
    write(tmp_path / "t.recipe.toml", 'title = "T"\n' + recipe.replace("title = \n", "title = \n"))
    stderr = one_line_error("report", "--dataset", table)
    assert "t.recipe.toml" in stderr and expected in stderr


def test_a_recipe_built_in_python_is_checked_the_same_way():
    assert Recipe(title="T").nothing >= {"0", "-", "n/a", "none", ""}
