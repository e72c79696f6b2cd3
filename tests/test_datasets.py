"""Bring-your-own datasets: shapes, encodings, membership lists, reconciliation, bad input."""
import datetime
import json

import pytest

from conftest import ROOT, SHARED, run_module
from mapgen import report
from mapgen.datasets import DatasetError, Recipe, load_dataset, load_membership, load_recipe
from mapgen.facts import load_facts
from mapgen.reconcile import ScopeError, parse_scope, verdict

AIGS = SHARED / "datasets" / "aigs-2019-index.csv"
BRI = SHARED / "datasets" / "bri-members-gfdc-2025-05.csv"
AIGS_RECIPE = ROOT / "data" / "recipes" / "aigs-2019-index.recipe.toml"
BRI_RECIPE = ROOT / "data" / "recipes" / "bri-members-gfdc.recipe.toml"
needs_shared = pytest.mark.skipif(not AIGS.exists() or not BRI.exists(),
                                  reason="../shared/datasets is absent (reference datasets are not in this repository)")


@pytest.fixture
def factset():
    return load_facts()


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
    data = report(datasets=[table], format="dict")
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
    at = lambda day: load_membership(table, recipe, factset.resolver, datetime.date.fromisoformat(day)).current()
    assert at("2019-09-30") == {"ITA", "PAN", "GRC"}
    assert at("2024-01-01") == {"PAN", "GRC"}
    assert at("2018-01-01") == {"PAN"}


def test_scope_language_and_verdicts():
    assert [(t.key, t.value) for t in parse_scope("supplier_origin=China & member=BRI")] == [
        ("supplier_origin", "China"), ("member", "BRI")]
    for bad in ("supplier", "colour=red", "supplier="):
        with pytest.raises(ScopeError):
            parse_scope(bad)
    assert verdict(63, 63, "at_least") == "holds" and verdict(70, 63, "at_least") == "holds"
    assert verdict(49, 50, "exact") == "one short" and verdict(52, 50, "exact") == "two over"
    assert verdict(47, 50, "about") == "holds"


def test_a_bad_scope_in_a_facts_file_is_reported(facts_dir):
    from conftest import fact
    path = facts_dir([fact(id="a1", kind="aggregate", country="", value="5", scope="colour=red")])
    result = run_module("check", "--facts", path)
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
    result = run_module("report", "--dataset", table)
    assert result.returncode == 2, result.stdout
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert expected in result.stderr


def test_wrong_encoding_is_one_line(tmp_path):
    table = tmp_path / "t.csv"
    table.write_bytes(b"country,suppliers\nBrazil,Dahua \x81\x8d\n")
    result = run_module("report", "--dataset", table)
    assert result.returncode == 2 and "neither UTF-8 nor Windows-1252" in result.stderr


def test_skip_unresolved_lists_every_skipped_row(tmp_path):
    table = write(tmp_path / "t.csv", "country,suppliers\nAtlantis,Dahua\nBrazil,Dahua\nLemuria,ZTE\n")
    result = run_module("report", "--format", "json", "--dataset", table, "--suppliers-column", "suppliers",
                        "--skip-unresolved")
    assert result.returncode == 0
    warnings = result.stderr.strip().splitlines()
    assert len(warnings) == 2 and ":2:" in warnings[0] and ":4:" in warnings[1]
    assert [c["iso3"] for c in json.loads(result.stdout)["dataset_countries"]] == ["BRA"]


def test_shipped_recipes_are_valid():
    assert load_recipe(AIGS_RECIPE).paint_if == "china_ai_tech"
    assert load_recipe(BRI_RECIPE).kind == "membership"


@needs_shared
def test_aigs_paints_its_63_chinese_technology_countries_and_reconciles_the_articles():
    result = run_module("report", "--format", "json", "--dataset", AIGS, "--recipe", AIGS_RECIPE,
                        "--membership", BRI, "--membership-recipe", BRI_RECIPE, "--as-of", "2019-09-30")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["dataset_countries"]) == 63
    italy = next(c for c in data["dataset_countries"] if c["iso3"] == "ITA")
    assert italy["datasets"][0]["suppliers"] == ["Huawei"] and italy["also_named_by_articles"]
    checks = {a["value"]: a["reconciliation"] for a in data["aggregate"] if a["reconciliation"]}
    assert [(r["count"], r["verdict"]) for r in checks[63]] == [(63, "holds")]
    assert [(r["count"], r["verdict"]) for r in checks[50]] == [(49, "one short")]
    assert len(checks[50][0]["countries"]) == 49
    bri = {r["membership"].split(" (")[0].split(",")[0]: (r["count"], r["denominator"]) for r in checks[36]}
    assert bri == {"AI Global Surveillance Index": (36, 43), "Belt and Road Initiative participants": (45, 131)}


@needs_shared
def test_supplier_filter_applies_to_the_dataset_too():
    data = report(suppliers=["huawei"], datasets=[(AIGS, AIGS_RECIPE)], format="dict")
    assert len(data["dataset_countries"]) == 49
    assert all("Huawei" in c["datasets"][0]["suppliers"] for c in data["dataset_countries"])
    text = report(datasets=[(AIGS, AIGS_RECIPE)], format="text")
    assert "Fact check against AI Global Surveillance Index" in text and "one short" in text


@needs_shared
def test_unknown_companies_are_listed_as_suppliers(cli):
    result = cli("suppliers", "--dataset", AIGS, "--recipe", AIGS_RECIPE)
    assert result.exit_code == 0
    lines = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert "Palantir" in lines and "unknown" in lines["Palantir"]
    assert "IBMN" not in lines and "Mult" not in lines
