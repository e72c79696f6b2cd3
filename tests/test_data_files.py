"""The data behind a map: the CSV of exactly its facts beside it, and `mapgen export`."""
import csv
import io
import json

import pytest
from markupsafe import escape

from mapgen import report

from conftest import STORY, fact


def read_csv(path) -> list[dict]:
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def fact_ids_of(data: dict) -> set[str]:
    return {f["id"] for entry in data["named"] for f in entry["facts"]} | {a["id"] for a in data["aggregate"]}


@pytest.mark.parametrize("suppliers", [[], ["dahua"], ["huawei", "sensetime"]])
def test_the_csv_beside_a_map_holds_exactly_its_facts(tmp_path, cli, suppliers):
    out = tmp_path / "map.html"
    args = [arg for name in suppliers for arg in ("--supplier", name)]
    assert cli("build", "--out", out, *args).exit_code == 0
    rows = read_csv(out.with_suffix(".csv"))
    shown = report(STORY, suppliers=suppliers)
    assert [row["id"] for row in rows] == sorted({row["id"] for row in rows}, key=[r["id"] for r in rows].index)
    assert {row["id"] for row in rows} == fact_ids_of(shown)
    html = out.read_text(encoding="utf-8")
    for row in rows:
        assert row["source_headline"] and row["source_publisher"]
        assert str(escape(row["claim"])) in html
    assert 'href="map.csv" download' in html


def test_the_csv_names_each_facts_source_and_country(tmp_path, cli):
    out = tmp_path / "dahua.html"
    cli("build", "--out", out, "--supplier", "dahua")
    rows = {row["id"]: row for row in read_csv(tmp_path / "dahua.csv")}
    brazil = next(row for row in rows.values() if row["iso3"] == "BRA")
    assert brazil["kind"] == "named" and brazil["supplier"] == "Dahua" and brazil["role"] == "deployment"
    assert brazil["source_url"] == "https://example.org/alpha"
    assert brazil["evidence"] == "Dahua Technology has projects in Brazil"
    aggregate = [row for row in rows.values() if row["kind"] == "aggregate"]
    assert aggregate and all(row["iso3"] == "" for row in aggregate)


def test_spreadsheet_formulas_in_facts_are_defused(tmp_path, cli, facts_dir):
    facts = facts_dir([fact(claim='=HYPERLINK("http://evil.example","click")'),
                       fact(id="f2", claim="+1 more project", country="Italy")])
    out = tmp_path / "out" / "map.html"
    assert cli("build", "--facts", facts, "--out", out).exit_code == 0
    claims = {row["claim"] for row in read_csv(out.with_suffix(".csv"))}
    assert claims == {"'=HYPERLINK(\"http://evil.example\",\"click\")", "'+1 more project"}


def test_no_data_writes_no_csv_and_no_link(tmp_path, cli):
    out = tmp_path / "map.html"
    result = cli("build", "--out", out, "--no-data")
    assert result.stdout.splitlines() == [str(out)]
    assert not out.with_suffix(".csv").exists()
    assert "mapgen-data-link" not in out.read_text(encoding="utf-8")


def test_export_csv_has_a_row_per_coloured_country(cli):
    result = cli("export", "--format", "csv", "--supplier", "dahua")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert {row["iso3"] for row in rows} == {"BRA", "CHN", "ITA", "USA"}
    brazil = next(row for row in rows if row["iso3"] == "BRA")
    assert brazil["painted_as"] == "deployment" and brazil["suppliers"] == "Dahua" and int(brazil["facts"]) == 1


def test_export_geojson_carries_boundaries_and_the_claims_apart(tmp_path, cli):
    out = tmp_path / "joined.geojson"
    result = cli("export", "--format", "geojson", "--out", out)
    assert result.exit_code == 0 and result.stdout.strip() == str(out)
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    features = {feature["id"]: feature for feature in collection["features"]}
    assert set(features) == {entry["iso3"] for entry in report(STORY)["named"]}
    assert features["BRA"]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert features["HKG"]["geometry"]["type"] in ("Point", "Polygon", "MultiPolygon")
    assert features["USA"]["properties"]["painted_as"] == "restriction"
    assert len(collection["aggregate_claims"]) == len(report(STORY)["aggregate"])
    lon, lat = features["BRA"]["geometry"]["coordinates"][0][0][0] if features["BRA"]["geometry"]["type"] == "MultiPolygon" \
        else features["BRA"]["geometry"]["coordinates"][0][0]
    assert -75 < lon < -30 and -35 < lat < 6


def test_a_failed_build_keeps_the_previous_csv_too(tmp_path, cli, facts_dir):
    out = tmp_path / "out" / "map.html"
    cli("build", "--out", out)
    before = out.with_suffix(".csv").read_bytes()
    bad = facts_dir([fact(country="Atlantis")])
    assert cli("build", "--facts", bad, "--out", out).exit_code == 2
    assert out.with_suffix(".csv").read_bytes() == before


def test_a_build_never_overwrites_its_inputs(tmp_path, cli, facts_dir):
    facts = facts_dir([fact()])
    before = facts.read_bytes()
    result = cli("build", "--facts", facts, "--out", facts.with_suffix(".html"))
    assert result.exit_code == 2
    assert "would overwrite the input" in result.stderr and "--no-data" in result.stderr
    assert facts.read_bytes() == before and not facts.with_suffix(".html").exists()
    table = tmp_path / "table.csv"
    table.write_text("country,suppliers\nNigeria,Huawei\n", encoding="utf-8")
    result = cli("build", "--dataset", table, "--country-column", "country", "--suppliers-column", "suppliers",
                 "--png", table)
    assert result.exit_code == 2 and table.read_text(encoding="utf-8").startswith("country,suppliers")


def test_outputs_of_one_build_cannot_collide(tmp_path, cli):
    result = cli("build", "--out", tmp_path / "map.csv")
    assert result.exit_code == 2 and "two outputs would be the same file" in result.stderr
    result = cli("build", "--out", tmp_path / "map.html", "--png", tmp_path / "map.html")
    assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == []
