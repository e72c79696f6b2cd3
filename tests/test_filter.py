"""Filtering by supplier, from the CLI and the API."""
import json

from mapgen import report

from conftest import STORY, run_cli


def test_alias_and_case_give_identical_reports_and_maps(tmp_path, cli):
    outputs = []
    for name in ("dahua", "Zhejiang Dahua Technology", "DAHUA"):
        result = cli("report", "--format", "json", "--supplier", name)
        assert result.exit_code == 0
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    first, second = tmp_path / "a" / "map.html", tmp_path / "b" / "map.html"
    cli("build", "--supplier", "dahua", "--out", first)
    cli("build", "--supplier", "Zhejiang Dahua Technology", "--out", second)
    assert first.read_bytes() == second.read_bytes()
    assert first.with_suffix(".csv").read_bytes() == second.with_suffix(".csv").read_bytes()


def test_filter_keeps_only_that_suppliers_named_and_aggregate_facts():
    data = report(STORY, suppliers=["dahua"], format="dict")
    assert data["filter"]["suppliers"] == ["Dahua"]
    assert {entry["iso3"] for entry in data["named"]} == {"BRA", "ITA", "CHN", "USA"}
    assert all(f["supplier"] == "Dahua" for entry in data["named"] for f in entry["facts"])
    assert data["aggregate"] and all(a["suppliers"] == ["Dahua"] for a in data["aggregate"])


def test_repeated_supplier_option_unites_suppliers():
    data = report(STORY, suppliers=["dahua", "sensetime"], format="dict")
    assert {"BRA", "JPN"} <= {entry["iso3"] for entry in data["named"]}


def test_unknown_supplier_exits_2_and_lists_the_known_ones():
    result = run_cli("build", "--supplier", "Acme", "--out", "/nonexistent/never.html")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert 'unknown supplier "Acme"' in result.stderr
    for known in ("Huawei", "Hikvision", "Dahua", "SenseTime"):
        assert known in result.stderr


def test_suppliers_command_counts_named_countries_and_claims(cli):
    result = cli("suppliers")
    assert result.exit_code == 0
    rows = {line.split()[0]: line.split()[1:3] for line in result.stdout.splitlines()[1:]}
    assert rows["Dahua"] == ["4", "3"]  # Brazil, Italy, China, US; three aggregate claims
    assert rows["Huawei"][1] == "1"
    assert json.loads(run_cli("report", "--format", "json", "--supplier", "huawei").stdout)["aggregate"][0]["value"] == 50
