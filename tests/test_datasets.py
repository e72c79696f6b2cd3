"""Bring-your-own datasets: shapes, encodings, membership lists, reconciliation, bad input."""
import datetime
import json

import pytest

from mapgen import report
from mapgen.datasets import load_dataset, load_membership
from mapgen.facts import load_facts
from mapgen.recipes import Recipe, load_recipe

from conftest import ROOT, SHARED, STORY, run_cli

AIGS = SHARED / "datasets" / "aigs-2019-index.csv"
BRI = SHARED / "datasets" / "bri-members-gfdc-2025-05.csv"
AIGS_RECIPE = ROOT / "data" / "recipes" / "aigs-2019-index.recipe.toml"
BRI_RECIPE = ROOT / "data" / "recipes" / "bri-members-gfdc.recipe.toml"
needs_shared = pytest.mark.skipif(not AIGS.exists() or not BRI.exists(),
                                  reason="../shared/datasets is absent (reference datasets are not in this repository)")


@pytest.fixture
def factset():
    return load_facts(STORY)


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_one_delimited_supplier_column_with_flags(tmp_path, factset):
    table = write(tmp_path / "t.csv", "Country,Vendors,Chinese tech\n"
                                       "Ivory Coast,\"Huawei, Acme Vision\",yes\n"
                                       "Czech Republic,ZTE,✔\nUAE,Palantir,0\n")
    recipe = Recipe(title="T", country="Country", suppliers_column="Vendors", flags=("Chinese tech",))
    dataset = load_dataset(table, recipe, factset.resolver, factset.suppliers)
    assert set(dataset.countries) == {"CIV", "CZE", "ARE"}
    assert dataset.countries["CIV"].suppliers == ["huawei", "acme-vision"]
    assert factset.suppliers["acme-vision"].home_iso3 is None  # unknown company: its own supplier
    assert dataset.flagged("Chinese tech") == {"CIV", "CZE"}


def test_company_columns_semicolons_and_windows_1252_need_only_a_recipe(tmp_path, factset):
    table = write(tmp_path / "vendors.csv", "Land;Company 1;Company 2;Company 3\n"
                                             "Côte d'Ivoire;Hikvision;Dahua;\nTürkiye;Dahua;;\n", "cp1252")
    write(tmp_path / "vendors.recipe.toml", 'title = "Vendors"\ncountry = "Land"\n'
                                             '[suppliers]\ncolumns = ["Company *"]\n')
    data = report(STORY, datasets=[table], format="dict")
    countries = {c["iso3"]: c["datasets"][0]["suppliers"] for c in data["dataset_countries"]}
    assert countries == {"CIV": ["Hikvision", "Dahua"], "TUR": ["Dahua"]}


def test_long_format_tsv_with_bom(tmp_path, factset):
    table = write(tmp_path / "long.tsv", "\ufeffcountry\tcompany\nBrazil\tDahua\nBrazil\tAxis\nItaly\tHuawei\n")
    recipe = Recipe(title="Long", suppliers_column="company")
    dataset = load_dataset(table, recipe, factset.resolver, factset.suppliers)
    assert dataset.countries["BRA"].suppliers == ["dahua", "axis"]
    assert dataset.countries["BRA"].rows == [2, 3]


def test_xlsx(tmp_path, factset):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["Country", "Suppliers"])
    workbook.active.append(["Burma/Myanmar", "Huawei"])
    workbook.active.append(["DR Congo", "Huawei, Hikvision"])
    workbook.save(tmp_path / "t.xlsx")
    recipe = Recipe(title="X", country="Country", suppliers_column="Suppliers")
    dataset = load_dataset(tmp_path / "t.xlsx", recipe, factset.resolver, factset.suppliers)
    assert dataset.countries["COD"].suppliers == ["huawei", "hikvision"] and "MMR" in dataset.countries


def test_membership_as_of_a_date(tmp_path, factset):
    table = write(tmp_path / "m.csv", "iso3,mou,exit\nITA,2019-03-01,2023-12-06\nPAN,2017-06-01,2025-02-04\n"
                                       "AUT,,\nCHN,2013-12-01,\nGRC,2018-08-27,\n")
    recipe = Recipe(title="M", kind="membership", name="BRI", country="iso3", join="mou", exit="exit",
                    exclude=("China",))
    def at(day):
        return load_membership(table, recipe, factset.resolver, datetime.date.fromisoformat(day)).current()
    assert at("2019-09-30") == {"ITA", "PAN", "GRC"}
    assert at("2024-01-01") == {"PAN", "GRC"}
    assert at("2018-01-01") == {"PAN"}


def test_a_bad_scope_in_a_facts_file_is_reported(facts_dir):
    from conftest import fact
    path = facts_dir([fact(id="a1", kind="aggregate", country="", value="5", scope="colour=red")])
    result = run_cli("check", "--facts", path)
    assert result.returncode == 2 and 'scope key "colour"' in result.stderr


@pytest.mark.parametrize("content, recipe, expected", [
    ("nation,suppliers\nBrazil,Dahua\n", "", 'no country column "country"'),
    ("country,suppliers\nAtlantis,Dahua\n", "", 't.csv:2: unknown country "Atlantis"'),
    ("", "", "empty file"),
    ("country,suppliers\nBrazil,Dahua\n", '[suppliers]\ncolumn = "vendors"\n', 'names column "vendors"'),
    ("country,flag\nBrazil,maybe\n", 'flags = ["flag"]\n', "should be yes or no"),
])
def test_bad_datasets_fail_with_one_line(tmp_path, content, recipe, expected):
    table = write(tmp_path / "t.csv", content)
    write(tmp_path / "t.recipe.toml", 'title = "T"\n' + recipe)
    result = run_cli("report", "--dataset", table)
    assert result.returncode == 2, result.stdout
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert expected in result.stderr


def test_wrong_encoding_is_one_line(tmp_path):
    table = tmp_path / "t.csv"
    table.write_bytes(b"country,suppliers\nBrazil,Dahua \x81\x8d\n")
    result = run_cli("report", "--dataset", table)
    assert result.returncode == 2 and "neither UTF-8 nor Windows-1252" in result.stderr


def test_skip_unresolved_lists_every_skipped_row(tmp_path):
    table = write(tmp_path / "t.csv", "country,suppliers\nAtlantis,Dahua\nBrazil,Dahua\nLemuria,ZTE\n")
    result = run_cli("report", "--format", "json", "--dataset", table, "--suppliers-column", "suppliers",
                        "--skip-unresolved")
    assert result.returncode == 0
    warnings = result.stderr.strip().splitlines()
    assert len(warnings) == 2 and ":2:" in warnings[0] and ":4:" in warnings[1]
    assert [c["iso3"] for c in json.loads(result.stdout)["dataset_countries"]] == ["BRA"]


def test_shipped_recipes_are_valid():
    assert load_recipe(AIGS_RECIPE).paint_if == "china_ai_tech"
    assert load_recipe(BRI_RECIPE).kind == "membership"


@needs_shared
def test_aigs_paints_its_63_chinese_technology_countries_and_checks_the_articles():
    result = run_cli("report", "--format", "json", "--dataset", AIGS, "--recipe", AIGS_RECIPE,
                        "--membership", BRI, "--membership-recipe", BRI_RECIPE, "--as-of", "2019-09-30")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["dataset_countries"]) == 63
    italy = next(c for c in data["dataset_countries"] if c["iso3"] == "ITA")
    assert italy["datasets"][0]["suppliers"] == ["Huawei"] and italy["also_named_by_articles"]
    checks = {a["value"]: a["reconciliation"] for a in data["aggregate"] if a["reconciliation"]}
    assert [(r["count"], r["verdict"]) for r in checks[63]] == [(63, "holds")]
    assert [(r["count"], r["gap"], r["verdict"]) for r in checks[50]] == [(49, 1, "article_higher")]
    assert len(checks[50][0]["countries"]) == 49
    # The story's scope for "36 of 86" counts Chinese technology in BRI members: 36 of the index's
    # own 43, and 45 of 131 on the Fudan list as of the report's date (46 of 135 with undated rows).
    by_source = {(r["membership_column"] or r["membership"].split(" (")[0]): r for r in checks[36]}
    index, fudan = by_source["bri"], by_source["Belt and Road Initiative participants"]
    assert (index["count"], index["denominator"], index["denominator_gap"]) == (36, 43, 43)
    assert (fudan["count"], fudan["denominator"]) == (45, 131)
    assert (fudan["count_with_undated_members"], fudan["denominator_with_undated_members"]) == (46, 135)
    assert index["claim"] == {"value": 36, "qualifier": "exact", "denominator": 86, "year": "2019"}


@needs_shared
def test_the_default_facts_checked_against_the_index_say_which_way_they_differ():
    text = report(datasets=[(AIGS, AIGS_RECIPE)], format="text")
    assert ("The article says 50 countries; AI Global Surveillance Index 2019 lists 49: "
            "the article's figure is 1 higher.") in text
    assert "36 of 86 Belt and Road countries" in text and "43 in the dataset" in text
    data = report(datasets=[(AIGS, AIGS_RECIPE)])
    at_least = next(a for a in data["aggregate"] if a["id"] == "agg-chinese-tech-63")
    assert at_least["qualifier"] == "at_least" and at_least["figure"] == "at least 63 countries"
    assert at_least["reconciliation"][0]["verdict"] == "holds"


@needs_shared
def test_supplier_filter_applies_to_the_dataset_too():
    data = report(STORY, suppliers=["huawei"], datasets=[(AIGS, AIGS_RECIPE)], format="dict")
    assert len(data["dataset_countries"]) == 49
    assert all("Huawei" in c["datasets"][0]["suppliers"] for c in data["dataset_countries"])


@needs_shared
def test_unknown_companies_and_the_group_token_are_listed_as_suppliers(cli):
    result = cli("suppliers", "--dataset", AIGS, "--recipe", AIGS_RECIPE)
    assert result.exit_code == 0
    lines = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert "Palantir" in lines and "unknown" in lines["Palantir"]
    assert "IBMN" not in lines and "Mult" not in lines
    assert "several" in lines and "CHN" in lines["several"]


@needs_shared
def test_check_accounts_for_every_cell_of_the_index(cli):
    result = cli("check", "--dataset", AIGS, "--recipe", AIGS_RECIPE)
    assert result.exit_code == 0, result.output
    assert "rows read: 75; mapped to a country: 75; skipped: 0" in result.stdout
    assert "non-empty cells no recipe key reads: none" in result.stdout
    assert "group several Chinese firms, not named (\u201cMult\u201d): 2 row(s)" in result.stdout
