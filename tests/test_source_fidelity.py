"""Facts say no more than their source: numbers as the file writes them, the source's own
qualifiers, quotes checked against the texts on every build, and `check` refusing whatever
`build` refuses."""
import csv
import hashlib
import io
import json

import pandas as pd
import pytest

from mapgen import api, build_map, report
from mapgen.captions import check_line, claimed, figure
from mapgen.errors import InputProblems
from mapgen.i18n import languages
from mapgen.qualifiers import QUALIFIERS, holds, worded

from conftest import fact, run_cli

HEADER = ["id", "kind", "country", "supplier", "role", "value", "denominator", "unit", "qualifier", "claim",
          "evidence", "source"]
TEXT = ("Volt Works runs a 2,4 GW plant in Kenya. Volt Works employs about 1.000 people in Ghana. "
        "Its contracts there are worth 1.000.000,5 euros. Volt Works is in more than 10 countries.")
ROWS = [
    {"id": "kenya", "kind": "named", "country": "Kenya", "supplier": "Volt Works", "role": "built", "value": "2,4",
     "unit": "GW", "claim": "Volt Works runs a plant in Kenya.", "evidence": "runs a 2,4 GW plant in Kenya"},
    {"id": "ghana", "kind": "named", "country": "Ghana", "supplier": "Volt Works", "role": "built", "value": "1.000",
     "qualifier": "about", "unit": "Mitarbeiter", "claim": "Volt Works employs people in Ghana.",
     "evidence": "employs about 1.000 people in Ghana"},
    {"id": "contracts", "kind": "aggregate", "supplier": "Volt Works", "role": "built", "value": "1.000.000,5",
     "unit": "euros", "claim": "Volt Works' contracts in Ghana.", "evidence": "worth 1.000.000,5 euros"},
    {"id": "reach", "kind": "aggregate", "supplier": "Volt Works", "role": "built", "value": "10",
     "qualifier": "more_than", "unit": "countries", "claim": "Volt Works works in many countries.",
     "evidence": "Volt Works is in more than 10 countries"},
]
GERMAN = 'facts = "facts.csv"\nlanguage = "de"\nnumbers = "de"\ntexts = "texts"\ntitle = "Kraftwerke"\n' \
         '[roles.built]\nlabel = "Gebaut"\n'


def write_project(folder, project=GERMAN, rows=ROWS, text=TEXT, sources_extra=""):
    """A small energy story of the tests' own, its facts written as a German newsroom writes them."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mapgen.toml").write_text(project, encoding="utf-8")
    with (folder / "facts.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows({**row, "source": "wire"} for row in rows)
    (folder / "sources.csv").write_text(f"id,file,headline,publisher,date{',sha256' if sources_extra else ''}\n"
                                        f"wire,wire.txt,Power abroad,Energy Wire,2024{sources_extra}\n",
                                        encoding="utf-8")
    (folder / "suppliers.csv").write_text("id,name,aliases,home_country\nvolt,Volt Works,,Germany\n", encoding="utf-8")
    if text is not None:
        (folder / "texts").mkdir(exist_ok=True)
        (folder / "texts" / "wire.txt").write_text(text, encoding="utf-8")
    return folder


def config_of(html: str) -> dict:
    """The data the page's script reads."""
    return json.loads(html.split('id="mapgen-config"')[1].split(">", 1)[1].split("</script>")[0])


def one_error(result) -> str:
    """The build or check failed cleanly: exit 2, one line, no traceback; that line."""
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr
    errors = [line for line in lines if "warning" not in line]
    assert len(errors) == 1 or (errors[-1].endswith("problem(s) found") and len(errors) == 2), result.stderr
    return errors[0]


# --- numbers as the file writes them ------------------------------------------------------------

def test_a_german_facts_file_gives_the_values_its_authors_wrote(tmp_path):
    data = api.load(project=write_project(tmp_path / "energy"))
    values = {f.id: f.value for f in data.facts.facts}
    assert values == {"kenya": 2.4, "ghana": 1000, "contracts": 1000000.5, "reach": 10}
    html = build_map(project=tmp_path / "energy").get_root().render()
    assert "2,4 GW" in html and "etwa 1.000 Mitarbeiter" in html and "mehr als 10 countries" in html
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(api.write_outputs(
        data, tmp_path / "out" / "map.html")[1].read_text(encoding="utf-8-sig")))}
    assert (rows["kenya"]["value"], rows["ghana"]["value"], rows["contracts"]["value"]) == ("2.4", "1000", "1000000.5")


def test_the_same_file_read_as_english_is_refused_with_both_readings(tmp_path):
    folder = write_project(tmp_path / "energy", GERMAN.replace('numbers = "de"', 'numbers = "en"'))
    problems = run_cli("check", folder).stderr
    assert 'value "2,4": English (en) numbers are not written so; it could be 2.4 or 24' in problems
    # "1.000" in English is 1; the file's other numbers show it was written otherwise, but the
    # declared convention settles it: only the unreadable values are refused.
    assert 'facts.csv:4: value "1.000.000,5"' in problems and "1000000.5" in problems


@pytest.mark.parametrize("language, value, readings", [
    ("de", "1.000", "1 or 1000"), ("en", "1.000", "1 or 1000"), ("en", "2,500", "2500 or 2.5"),
])
def test_a_value_that_reads_two_ways_is_refused_until_the_project_says_how_it_writes_numbers(
        tmp_path, language, value, readings):
    project = GERMAN.replace('numbers = "de"\n', "").replace('language = "de"', f'language = "{language}"')
    rows = [{**ROWS[1], "value": value, "evidence": ""}]
    line = one_error(run_cli("build", write_project(tmp_path / "p", project, rows), "--out", tmp_path / "o.html"))
    assert f'facts.csv:2: value "{value}": it reads two ways, {readings}' in line and f'numbers = "{language}"' in line
    assert not (tmp_path / "o.html").exists()


def test_a_declared_convention_reads_grouped_values_and_spaces(tmp_path):
    rows = [{**ROWS[1], "value": "1\u202f000,25", "evidence": ""}]
    project = GERMAN.replace('numbers = "de"', 'numbers = "fr"').replace('texts = "texts"\n', "")
    data = api.load(project=write_project(tmp_path / "p", project, rows))
    assert data.facts.facts[0].value == 1000.25


@pytest.mark.parametrize("value, words", [
    ("1e27", "written in digits"), ("10000000000000000", "beyond any sensible figure"), ("-4", "non-negative"),
    ("ten", "non-negative"),
])
def test_values_out_of_any_sensible_range_are_refused_in_one_line(tmp_path, value, words):
    rows = [{**ROWS[0], "value": value, "evidence": ""}]
    for command in ("check", "build"):
        line = one_error(run_cli(command, write_project(tmp_path / "p", rows=rows)))
        assert f'value "{value}"' in line and words in line


def test_a_dataframes_numbers_are_taken_as_numbers_whatever_the_convention(tmp_path):
    folder = write_project(tmp_path / "energy")
    frame = pd.DataFrame([{**row, "source": "wire"} for row in ROWS])
    frame["value"] = [2.4, 1000, 1000000.5, 10]
    data = api.load(frame, project=folder, sources=folder / "sources.csv")
    assert [f.value for f in data.facts.facts] == [2.4, 1000, 1000000.5, 10]
    frame["value"] = ["2,4", "1.000", "1.000.000,5", "10"]  # text cells are read by the convention
    assert [f.value for f in api.load(frame, project=folder, sources=folder / "sources.csv").facts.facts] == \
        [2.4, 1000, 1000000.5, 10]
    frame["value"] = [2.4, 1e27, 1, 1]
    with pytest.raises(InputProblems, match="at most"):
        api.load(frame, project=folder, sources=folder / "sources.csv")


def test_an_unknown_number_convention_names_the_key(tmp_path):
    line = one_error(run_cli("check", write_project(tmp_path / "p", GERMAN.replace('"de"\ntexts', '"xx-yy"\ntexts'))))
    assert "numbers must be a locale Babel knows" in line


# --- qualifiers ---------------------------------------------------------------------------------

@pytest.mark.parametrize("qualifier, value, holding, failing", [
    ("exact", 50, [50], [49, 51]),
    ("at_least", 63, [63, 64, 100], [62]),
    ("more_than", 10, [11, 40], [10, 9]),
    ("about", 30, [27, 30, 33], [26, 34]),
    ("about", 45, [40, 50], [39, 51]),  # a tenth of 45 rounds half up, to 5
    ("about", 3, [2, 4], [1, 5]),  # at least 1 either way
    ("almost", 30, [27, 28, 29], [26, 30, 31]),
    ("up_to", 40, [0, 40], [41]),
    ("fewer_than", 10, [0, 9], [10, 11]),
])
def test_each_qualifier_holds_for_the_counts_its_words_allow(qualifier, value, holding, failing):
    assert all(holds(qualifier, value, count) for count in holding)
    assert not any(holds(qualifier, value, count) for count in failing)


@pytest.mark.parametrize("code", sorted(languages()))
def test_each_qualifier_is_worded_in_every_language_and_each_differently(code):
    lang = languages()[code]
    words = {q: figure(lang, fact_with(q)) for q in QUALIFIERS}
    assert words["exact"] == lang.number(1250)
    assert all(lang.number(1250) in text for text in words.values())
    assert len(set(words.values())) == len(QUALIFIERS)  # no two qualifiers read alike
    assert all(text != lang.number(1250) for q, text in words.items() if worded(q))


def fact_with(qualifier: str):
    from mapgen.facts import AggregateClaim
    return AggregateClaim(id="x", supplier=None, role=None, claim="", source="s", value=1250, qualifier=qualifier)


@pytest.mark.parametrize("qualifier, value, verdict, words", [
    ("more_than", 40, "qualifier_fails", "Index 2024 lists 40: that is not more than 40."),
    ("more_than", 39, "holds", "that bears the article's figure out"),
    ("almost", 41, "holds", "The article says almost 41 countries"),
    ("almost", 40, "qualifier_fails", "Index 2024 lists 40: that is not almost 40."),
    ("fewer_than", 40, "qualifier_fails", "Index 2024 lists 40: that is not under 40."),
    ("up_to", 30, "article_lower", "the article's figure is 10 lower"),
])
def test_the_fact_check_applies_the_sources_qualifier(tmp_path, qualifier, value, verdict, words):
    table = index_of_40(tmp_path)
    facts = tmp_path / "facts.csv"
    row = fact(kind="aggregate", country="", supplier="Huawei", value=str(value), qualifier=qualifier,
               unit="countries", scope="supplier=Huawei")
    write_rows(facts, [row])
    [claim] = report(facts, datasets=[table])["aggregate"]
    [check] = claim["reconciliation"]
    assert check["verdict"] == verdict and words in check["text"]


@pytest.mark.parametrize("code", sorted(languages()))
def test_each_qualifiers_check_is_worded_in_every_language(tmp_path, code):
    lang = languages()[code]
    table = index_of_40(tmp_path)
    rows = [fact(id=f"q-{q.replace('_', '-')}", kind="aggregate", country="", supplier="Huawei", value="40",
                 qualifier=q, unit="countries", scope="supplier=Huawei") for q in QUALIFIERS]
    write_rows(tmp_path / "facts.csv", rows)
    data = api.load(tmp_path / "facts.csv", datasets=[table])
    for claim in data.aggregate:
        [check] = data.reconciliations[claim.id]
        text = check_line(lang, data, claim, check)
        assert figure(lang, claim) in text and lang.number(40) in text
        fails = claim.qualifier in ("more_than", "almost", "fewer_than")
        assert (lang("check_qualifier_fails", claimed=claimed(lang, claim)) in text) == fails, text


def index_of_40(folder):
    """A dataset of the tests' own naming Huawei in 40 countries."""
    table = folder / "index.csv"
    table.write_text("country,companies\n" + "".join(f"{c},Huawei\n" for c in COUNTRIES_40), encoding="utf-8")
    (folder / "index.recipe.toml").write_text('title = "Index"\npublisher = "Lab"\nyear = 2024\nlicence = "CC0"\n'
                                              '[suppliers]\ncolumn = "companies"\n', encoding="utf-8")
    return table


COUNTRIES_40 = ["Kenya", "Peru", "Chile", "Ghana", "Nepal", "Oman", "Fiji", "Togo", "Mali", "Chad", "Laos", "Iraq",
                "Iran", "Cuba", "Haiti", "Gabon", "Benin", "Niger", "Egypt", "Qatar", "Spain", "Japan", "India",
                "Italy", "Yemen", "Syria", "Sudan", "Samoa", "Tonga", "Malta", "Libya", "Nauru", "Palau", "Kuwait",
                "Israel", "Jordan", "Angola", "Zambia", "Uganda", "Rwanda"]


def write_rows(facts, rows):
    header = ["id", "kind", "country", "supplier", "role", "value", "denominator", "unit", "claim", "source", "scope",
              "qualifier", "evidence"]
    with facts.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    (facts.parent / "sources.csv").write_text("id,file,headline,publisher,date\nsrc,a.txt,A,B,2024\n", encoding="utf-8")


def test_a_qualified_figure_in_another_language(tmp_path):
    data = api.load(project=write_project(tmp_path / "energy"))
    claim = next(f for f in data.aggregate if f.id == "reach")
    assert figure(languages()["fr"], claim) == "plus de 10 countries"


# --- quotes checked on every build --------------------------------------------------------------

def test_a_build_refuses_a_quote_its_text_does_not_hold(tmp_path):
    rows = [ROWS[0], {**ROWS[1], "evidence": "employs about 2.000 people in Ghana"}]
    folder = write_project(tmp_path / "energy", rows=rows)
    for command in ("build", "check"):
        line = one_error(run_cli(command, folder, "--out", tmp_path / "map.html")
                         if command == "build" else run_cli(command, folder))
        assert 'facts.csv:3: ghana: evidence "employs about 2.000 people in Ghana" is not in wire.txt' in line
    assert not (tmp_path / "map.html").exists()


@pytest.mark.parametrize("evidence", ["…", "... …", " ... "])
def test_evidence_made_only_of_ellipses_is_refused(tmp_path, evidence):
    line = one_error(run_cli("check", write_project(tmp_path / "p", rows=[{**ROWS[0], "evidence": evidence}])))
    assert "evidence holds no words" in line


def test_checked_quotes_are_recorded_with_their_texts_sha256(tmp_path):
    folder = write_project(tmp_path / "energy")
    outputs = api.write_outputs(api.load(project=folder), tmp_path / "out" / "map.html")
    rows = list(csv.DictReader(io.StringIO(outputs[1].read_text(encoding="utf-8-sig"))))
    digest = hashlib.sha256(TEXT.encode()).hexdigest()
    assert {(row["evidence_checked"], row["source_sha256"]) for row in rows} == {("yes", digest)}
    html = outputs[0].read_text(encoding="utf-8")
    assert "quote not checked" not in html and "mapgen-unchecked" not in html.split("</style>")[-1].split("<script")[0]
    assert json.loads(report(project=folder, format="json"))["named"][0]["facts"][0]["evidence_checked"] is True


def test_quotes_whose_text_is_not_at_hand_are_marked_unchecked_everywhere(tmp_path):
    folder = write_project(tmp_path / "energy", text=None)
    result = run_cli("build", folder, "--out", tmp_path / "out" / "map.html")
    assert result.returncode == 0, result.stderr
    assert "4 quote(s) from wire.txt not checked" in result.stderr
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out" / "map.csv").read_text(encoding="utf-8-sig"))))
    assert {row["evidence_checked"] for row in rows} == {"no"}
    html = (tmp_path / "out" / "map.html").read_text(encoding="utf-8")
    config = config_of(html)
    assert all(f[5][3] == "(Zitat nicht am Quelltext geprüft)" for f in config["countries"]["KEN"]["facts"])
    assert html.count("(Zitat nicht am Quelltext geprüft)") >= 2  # country list and claims, in the map's language
    # A project that names no texts at all says so too.
    bare = write_project(tmp_path / "bare", GERMAN.replace('texts = "texts"\n', ""))
    assert "not checked against their source texts: the project names no folder" in run_cli("check", bare).stderr


def test_a_text_that_differs_from_the_recorded_sha256_is_refused(tmp_path):
    folder = write_project(tmp_path / "energy", sources_extra="," + "0" * 64)
    line = one_error(run_cli("build", folder, "--out", tmp_path / "map.html"))
    assert "sources.csv:2: wire: " in line and "is not the text this table records" in line


def test_a_texts_folder_outside_the_project_is_refused(tmp_path):
    line = one_error(run_cli("check", write_project(tmp_path / "p", GERMAN.replace('"texts"', '"../elsewhere"'))))
    assert 'texts = "../elsewhere" is outside the project' in line


# --- a named fact's figure reaches the reader ---------------------------------------------------

def test_a_named_facts_figure_is_in_its_popup_line_and_the_country_list(tmp_path):
    html = build_map(project=write_project(tmp_path / "energy")).get_root().render()
    config = config_of(html)
    assert [f[3] for f in config["countries"]["KEN"]["facts"]] == ["2,4 GW"]
    assert [f[3] for f in config["countries"]["GHA"]["facts"]] == ["etwa 1.000 Mitarbeiter"]
    panel = html.split('class="mapgen-named"')[1]
    assert '<span class="mapgen-figure">2,4 GW</span>Volt Works runs a plant in Kenya.' in panel


# --- check refuses everything build refuses -----------------------------------------------------

@pytest.mark.parametrize("setting, words", [
    ('[region]\ncountries = ["Atlantis"]', 'unknown country "Atlantis"'),
    ('[region]\ncountries = ["Tokelau"]', 'does not draw "Tokelau" on its own'),
    ('[region]\ncountries = ["Bouvet Island"]', 'does not draw "Bouvet Island"'),
    ('[region]\ncountries = ["Svalbard and Jan Mayen"]', 'does not draw "Svalbard and Jan Mayen"'),
    ('[region]\ncountries = ["Réunion"]', 'does not draw "Réunion"'),
    ('[region]\ncountries = ["Christmas Island"]', 'does not draw "Christmas Island"'),
    ('[region]\ncountries = ["Cocos (Keeling) Islands"]', 'does not draw "Cocos (Keeling) Islands"'),
    ('title_origin = "Chnia"', 'title_origin: unknown country "Chnia"; did you mean "China"?'),
    ('[roles.planned]\ncolour = "blue"', 'colour must be a colour as "#RRGGBB"'),
    ('[roles.Bad-Key]\nlabel = "x"', 'role key "Bad-Key" must be'),
])
def test_check_and_build_refuse_the_same_project_file_in_one_line(tmp_path, setting, words):
    project = GERMAN.replace("[roles.built]", f"{setting}\n[roles.built]") if setting.startswith("title") else \
        GERMAN + setting + "\n"
    folder = write_project(tmp_path / "p", project)
    for command in ("check", "build"):
        args = (command, folder) if command == "check" else (command, folder, "--out", tmp_path / "m.html")
        assert words in one_error(run_cli(*args)), command
    assert not (tmp_path / "m.html").exists()
