"""The core promise: only countries a source names are painted; aggregate claims paint nothing."""
import json

from mapgen import report

from conftest import STORY, fact, run_cli


def test_report_names_brazil_and_italy_with_dahua_and_china_and_the_us():
    result = run_cli("report", "--format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    named = {entry["iso3"]: entry for entry in data["named"]}
    assert "Dahua" in named["BRA"]["suppliers"] and "Dahua" in named["ITA"]["suppliers"]
    assert {"CHN", "USA"} <= set(named)
    assert "restriction" in named["USA"]["roles"]
    for entry in data["named"]:
        assert {"iso3", "name", "roles", "suppliers", "facts"} <= set(entry)
        assert all(f["source"]["headline"] for f in entry["facts"])


def test_aggregate_figures_are_listed_with_their_sources():
    data = report(STORY, format="dict")
    figures = {(a["value"], a["denominator"]) for a in data["aggregate"]}
    assert {(63, None), (36, 86), (50, None)} <= figures
    huawei = next(a for a in data["aggregate"] if a["value"] == 50)
    assert huawei["suppliers"] == ["Huawei"] and huawei["source"]["file"].endswith(".txt")
    for entry in data["aggregate"]:
        assert {"id", "claim", "value", "suppliers", "source"} <= set(entry)


def test_painted_countries_are_exactly_the_countries_of_named_facts():
    data = report(STORY, format="dict")
    painted = {entry["iso3"] for entry in data["named"]}
    from mapgen.facts import load_facts
    named_countries = {f.country.iso3 for f in load_facts(STORY).named}
    assert painted == named_countries
    assert all(f["kind"] == "named" for entry in data["named"] for f in entry["facts"])


def test_a_file_of_only_aggregate_claims_paints_no_country(facts_dir):
    path = facts_dir([fact(id="a1", kind="aggregate", country="", value="63", unit="countries"),
                      fact(id="a2", kind="aggregate", country="", supplier="Huawei", value="50")])
    data = report(facts=path, format="dict")
    assert data["named"] == []
    assert [a["value"] for a in data["aggregate"]] == [63, 50]


def test_text_report_keeps_the_two_apart():
    text = report(STORY, format="text")
    painted, aggregate = text.split("Claims that name no countries")
    assert "Brazil (BRA)" in painted and "63" not in painted.split("\n")[0]
    assert "at least 63 countries" in aggregate and "36 of 86" in aggregate


def test_the_standfirst_says_blue_means_only_a_dataset_when_one_is_loaded(tmp_path, cli):
    table = tmp_path / "table.csv"
    table.write_text("country,suppliers\nNigeria,Huawei\n", encoding="utf-8")
    plain, with_dataset = tmp_path / "plain.html", tmp_path / "dataset.html"
    cli("build", "--out", plain)
    cli("build", "--out", with_dataset, "--dataset", table, "--country-column", "country",
        "--suppliers-column", "suppliers")
    assert "A country is coloured only where an article names it." in plain.read_text(encoding="utf-8")
    html = with_dataset.read_text(encoding="utf-8")
    assert "and in blue where only a dataset does" in html
    assert "A country is coloured only where an article names it." not in html
