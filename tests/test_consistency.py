"""A table's own faults are warned about, in check and on every build; excluded and skipped rows
are said, on the page and in the report."""
import pytest

from mapgen import load, report
from mapgen.api import warnings

from conftest import ROOT, STORY, run_cli

EDITIONS = ROOT / "tests" / "fixtures" / "editions"
SPILL = EDITIONS / "spill.csv"


@pytest.fixture(scope="module")
def spill():
    return load(STORY, datasets=[SPILL], skip_unresolved=True)


def lines_about(data, row):
    return [line for line in warnings(data) if f"spill.csv:{row}:" in line]


@pytest.mark.parametrize("row, warning", [
    # Company cells after blank ones: spill cells misaligned.
    (2, 'company cell "Dahua" (column "column 7") follows the blank "Company 2": spilled cells may sit'),
    # A company whose origin flag is blank on its row.
    (3, 'Hikvision (a company from CHN) is listed, but its origin column "china_tech" is not yes'),
    # A group ("Mult") on a row without its origin.
    (4, '"several Chinese firms, not named (“Mult”)" stands for companies from CHN, but its origin column'),
])
def test_cells_that_look_misread_are_warned_about(spill, row, warning):
    [line] = lines_about(spill, row)
    assert warning in line


def test_a_near_miss_company_name_gets_a_suggestion(spill):
    [line] = lines_about(spill, 5)
    assert 'company "Hikvsion" is not in the supplier catalogue; did you mean "Hikvision"?' in line
    # A company of its own all the same: nothing is renamed behind the reader's back.
    assert "hikvsion" in spill.datasets[0].countries["ITA"].suppliers


def test_clean_rows_and_a_company_at_home_raise_no_warning(spill):
    assert lines_about(spill, 6) == [] and lines_about(spill, 8) == []  # China lists Huawei; Chile is clean
    assert spill.datasets[0].account.at_home == {"Huawei": 1}


def test_exclude_works_in_a_supplier_recipe(spill):
    dataset = spill.datasets[0]
    assert "MNG" not in dataset.countries and dataset.account.excluded == ["Mongolia (row 7)"]
    assert any("excluded by its recipe" in line and "Mongolia (row 7)" in line for line in warnings(spill))
    # Mongolia's china_tech and bri say yes, and still it is in no count.
    checks = report(STORY, datasets=[SPILL], skip_unresolved=True)["aggregate"]
    assert all("MNG" not in r["countries"] for claim in checks for r in claim["reconciliation"])


def test_check_lists_every_warning_and_the_home_rule():
    result = run_cli("check", "--dataset", SPILL, "--skip-unresolved")
    assert result.returncode == 0, result.stderr
    assert "  cells that look misread: 4" in result.stdout
    assert "  companies listed in their own home country, not counted there (the home rule) (rows): Huawei (1)" \
        in result.stdout
    assert "  excluded by the recipe: Mongolia (row 7)" in result.stdout
    # each is said once: in the dataset's account, not again as a warning
    said = result.stdout + result.stderr
    assert said.count('did you mean "Hikvision"') == 1 and said.count('unknown country "Atlantis"') == 1


def test_skipped_rows_are_credited_on_the_page_and_in_the_report(tmp_path):
    out = tmp_path / "map.html"
    result = run_cli("build", "--out", out, "--dataset", SPILL, "--skip-unresolved")
    assert result.returncode == 0, result.stderr
    assert "(1 row left out: its country was not recognised)" in out.read_text(encoding="utf-8")
    text = report(STORY, datasets=[SPILL], skip_unresolved=True, format="text")
    assert "Dataset rows left out (country not recognised) (1):\n" in text and 'unknown country "Atlantis"' in text
    data = report(STORY, datasets=[SPILL], skip_unresolved=True)
    assert data["datasets"][0]["account"]["rows_skipped"][0].endswith('spill.csv:9: unknown country "Atlantis"')
    assert len(data["datasets"][0]["account"]["warnings"]) == 4
