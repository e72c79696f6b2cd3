"""Loading and validating facts files: the shipped data, and every kind of bad input."""
import pytest

from mapgen.errors import InputProblems
from mapgen.facts import load_facts

from conftest import ONE_SOURCE, SHARED, fact, run_cli


def problems_of(path) -> list[str]:
    with pytest.raises(InputProblems) as caught:
        load_facts(path)
    return [str(problem) for problem in caught.value.problems]


def test_shipped_facts_are_valid_and_cover_the_required_claims():
    factset = load_facts()
    ids = {f.id for f in factset.facts}
    assert {"agg-chinese-tech-63", "agg-bri-36-of-86", "agg-huawei-50", "dahua-brazil-projects",
            "dahua-italy-projects", "hikvision-xinjiang-contracts"} <= ids
    blacklisted = {factset.suppliers[f.supplier].name for f in factset.named
                   if f.role == "restriction" and f.country.iso3 == "USA" and f.supplier}
    assert blacklisted == {"Huawei", "Hikvision", "Dahua", "SenseTime", "Megvii", "iFlytek", "Yitu",
                           "Meiya Pico", "Yixin"}
    assert all(f.source in factset.sources for f in factset.facts)
    assert all(f.evidence for f in factset.facts), "every shipped fact quotes its evidence"


SOURCES = SHARED / "sources"
needs_sources = pytest.mark.skipif(not SOURCES.is_dir(), reason="../shared/sources is absent")


@needs_sources
def test_every_shipped_fact_is_borne_out_by_its_source_text(cli):
    result = cli("check", "--sources", SOURCES, story=False)
    assert result.exit_code == 0, result.output
    assert "every quote found in its source's text" in result.stdout


def test_supplier_written_by_alias_is_stored_under_its_catalogue_id(facts_dir):
    factset = load_facts(facts_dir([fact(supplier="Zhejiang Dahua Technology")]))
    assert factset.facts[0].supplier == "dahua"


def test_unknown_country_names_file_line_value_and_suggests(facts_dir):
    path = facts_dir([fact(id="ok"), fact(id="bad", country="Brasil")])
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:3:")
    assert '"Brasil"' in problem and 'did you mean "Brazil"' in problem


def test_duplicate_id_is_reported_with_the_first_line(facts_dir):
    [problem] = problems_of(facts_dir([fact(id="same"), fact(id="same", country="Italy")]))
    assert ':3: duplicate id "same" (first on line 2)' in problem


def test_named_fact_without_a_country(facts_dir):
    [problem] = problems_of(facts_dir([fact(country="")]))
    assert "a named fact needs a country" in problem


def test_aggregate_claim_with_a_country_is_refused(facts_dir):
    [problem] = problems_of(facts_dir([fact(kind="aggregate", value="63")]))
    assert "aggregate claim names no country" in problem


@pytest.mark.parametrize("source, expected", [("", "no source"), ("elsewhere", '"elsewhere" is not in sources.csv')])
def test_fact_whose_source_is_missing(facts_dir, source, expected):
    [problem] = problems_of(facts_dir([fact(source=source)]))
    assert expected in problem


def test_missing_sources_table(facts_dir):
    path = facts_dir([fact()])
    (path.parent / "sources.csv").unlink()
    assert any("no sources table" in p for p in problems_of(path))


def test_a_facts_file_saved_by_excel_loads_like_a_dataset(facts_dir):
    """Windows-1252 text and semicolons, as Excel saves a CSV in much of Europe."""
    path = facts_dir([fact(), fact(id="f2", claim="Projets à São Paulo")])
    text = path.read_text(encoding="utf-8").replace(",", ";")
    path.write_bytes(text.encode("cp1252"))
    factset = load_facts(path)
    assert [f.claim for f in factset.facts][1] == "Projets à São Paulo"
    path.write_bytes(text.encode("utf-16"))
    assert load_facts(path).facts[1].claim == "Projets à São Paulo"


def test_text_in_no_known_encoding_gives_the_line(facts_dir):
    path = facts_dir([fact(), fact(id="f2")])
    path.write_bytes(path.read_bytes().replace(b"f2", b"\x81\x8d"))
    [problem] = problems_of(path)
    assert ":3:" in problem and "neither UTF-8 nor Windows-1252" in problem


def test_a_repeated_header_is_refused(facts_dir):
    path = facts_dir([fact()])
    path.write_text(path.read_text(encoding="utf-8").replace(",claim,", ",country,", 1), encoding="utf-8")
    assert "column country appears twice in the header" in problems_of(path)[0]


def test_malformed_rows_and_missing_columns(tmp_path, facts_dir):
    path = facts_dir([fact()])
    path.write_text(path.read_text(encoding="utf-8") + 'f2,named,Italy,Dahua,deployment,,,,Too,many,cells,src,,x,y,z\n',
                    encoding="utf-8")
    assert any("cells but the header has" in p for p in problems_of(path))
    path.write_text("id,kind,country\nf1,named,Brazil\n", encoding="utf-8")
    [problem] = problems_of(path)
    assert "missing column(s) role, claim, source" in problem


def test_empty_file(facts_dir):
    path = facts_dir([])
    path.write_text("", encoding="utf-8")
    assert "empty file" in problems_of(path)[0]


def test_every_problem_is_collected(facts_dir):
    rows = [fact(id="Bad Id"), fact(id="f2", role="spying"), fact(id="f3", value="many"),
            fact(id="f4", supplier="Acme"), fact(id="f5", claim="")]
    messages = " | ".join(problems_of(facts_dir(rows)))
    for expected in ('id "Bad Id"', 'role must be one of', 'value "many": a figure is a non-negative number',
                     'unknown supplier "Acme"', "empty claim"):
        assert expected in messages


def test_source_links_must_be_http(facts_dir):
    bad = {**ONE_SOURCE, "url": "javascript:alert(1)"}
    assert any("url must start with http" in p for p in problems_of(facts_dir([fact()], [bad])))


def test_check_command_lists_all_problems_and_exits_2(facts_dir):
    path = facts_dir([fact(country="Atlantis"), fact(id="f2", country="")])
    result = run_cli("check", "--facts", path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3 and "2 problem(s) found" in lines[-1]
    assert "Traceback" not in result.stderr


def test_check_command_on_good_data():
    result = run_cli("check", story=False)
    assert result.returncode == 0
    assert "OK:" in result.stdout and "aggregate claims" in result.stdout
