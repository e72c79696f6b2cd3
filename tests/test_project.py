"""Projects: a story of your own in a folder, set up without touching code."""
import csv
import io
import json
import re

import pandas as pd
import pytest

from mapgen import api, build_map, report
from mapgen.image import still_texts
from mapgen.view import build_view

from browser import open_map, why_no_browser
from conftest import ROOT, SHARED, STORY, run_cli

# A story with nothing of the default one: its own title, words and two roles of three in use.
PROJECT = '''
facts = "facts.csv"
numbers = "en"
texts = "texts"
title = { en = "Who builds the railways", pt = "Quem constrói as ferrovias" }
standfirst = "Lines the sources place, country by country."
actor = { en = "builder", pt = "construtora" }
actors = { en = "builders", pt = "construtoras" }
[roles.built]
label = { en = "Line built", pt = "Linha construída" }
colour = "#0072B2"
[roles.planned]
label = "Line planned"
colour = "#E69F00"
[roles.cancelled]
label = "Line cancelled"
[region]
name = "africa"
'''
FACTS = [  # id, kind, country, company, role, value, unit, claim, evidence
    ("kenya", "named", "Kenya", "Acme Rail", "built", "", "",
     "Acme Rail built a line in Kenya.", "Acme Rail built a line in Kenya"),
    ("nigeria", "named", "Nigeria", "Rail Corp", "planned", "", "",
     "Rail Corp plans a line in Nigeria.", "Rail Corp plans a line in Nigeria"),
    ("total", "aggregate", "", "Acme Rail", "built", "5000", "km",
     "Acme Rail has built 5000 km of track.", "5000 km of track"),
    ("gauge", "named", "Ethiopia", "Acme Rail", "built", "1.85", "m wide",
     "The gauge is 1.85 m wide.", "The gauge is 1.85 m wide"),
]
TEXT = "Acme Rail built a line in Kenya. Rail Corp plans a line in Nigeria. 5000 km of track. The gauge is 1.85 m wide."


def make_project(folder, project=PROJECT, facts=FACTS):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mapgen.toml").write_text(project, encoding="utf-8")
    with (folder / "facts.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "kind", "country", "supplier", "role", "value", "unit", "claim", "evidence", "source"])
        writer.writerows([(*row[:7], row[7], row[8], "text") for row in facts])
    (folder / "sources.csv").write_text("id,file,headline,publisher,date\ntext,rail.txt,Rails,Rail Weekly,2024\n",
                                        encoding="utf-8")
    (folder / "suppliers.csv").write_text("id,name,aliases,home_country\nacme,Acme Rail,,\nrailcorp,Rail Corp,,\n",
                                          encoding="utf-8")
    (folder / "texts").mkdir(exist_ok=True)
    (folder / "texts" / "rail.txt").write_text(TEXT, encoding="utf-8")
    return folder


def config_of(html: str) -> dict:
    return json.loads(re.search(r'id="mapgen-config">(.*?)</script>', html, re.S).group(1))


def test_new_writes_a_project_that_builds_as_it_is(tmp_path):
    folder = tmp_path / "story"
    assert run_cli("new", folder).returncode == 0
    result = run_cli("build", folder)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(folder / "output" / "map.html"), str(folder / "output" / "map.csv")]
    assert run_cli("check", folder, "--sources", folder / "texts").returncode == 0
    assert run_cli("new", folder).returncode == 2  # never over an existing project


def test_a_project_of_its_own_shows_none_of_the_default_storys_words(tmp_path):
    folder = make_project(tmp_path / "rail")
    data = api.load(project=folder)
    html = build_map(project=folder).get_root().render()
    visible = re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]+>", " ", html, flags=re.S)
    image = " ".join(still_texts(build_view(data, api.as_language(None, story=data.project))))
    for text in (visible, image):
        assert "Who builds the railways" in text
        for word in ("Chinese", "63 countries", "Supplier", "supplier", "surveillance"):
            assert word not in text, word
    config = config_of(html)
    assert [row["label"] for row in config["legend"]] == ["Line built", "Line planned", "No fact in the sources"]
    assert "Line cancelled" not in visible  # a role no country has stays out of the legend
    assert "<h2 id=\"mapgen-switches-title\">Builders</h2>" in html


def test_the_project_language_and_its_words(tmp_path):
    folder = make_project(tmp_path / "rail", 'language = "pt"\n' + PROJECT)
    html = build_map(project=folder).get_root().render()
    assert '<html lang="pt">' in html and "<h1>Quem constrói as ferrovias</h1>" in html
    assert "Construtoras" in html and "Linha construída" in html


@pytest.mark.parametrize("code, expected", [("de", ["5.000 km", "1,85"]), ("pt", ["5.000 km", "1,85"]),
                                            ("en", ["5,000 km", "1.85"])])
def test_numbers_are_written_as_the_maps_language_writes_them(tmp_path, code, expected):
    folder = make_project(tmp_path / "rail")
    html = build_map(project=folder, lang=code).get_root().render()
    assert expected[0] in html
    data = api.load(project=folder)
    assert api.as_language(code).number(1.85) == expected[1]
    assert data.aggregate[0].value == 5000  # the data keeps the number itself


def test_the_map_opens_on_the_projects_region(tmp_path):
    folder = make_project(tmp_path / "rail")
    data = api.load(project=folder)
    assert data.view_box() == ((-35.5, -18.5), (37.6, 52))
    # the page fits the same box, projected to Equal Earth (units of 100 km)
    (south, west), (north, east) = data.planar_view_box()
    assert config_of(build_map(project=folder).get_root().render())["bounds"] == [[south, west], [north, east]]
    assert -45 < south < -35 and -20 < west < -15 and 40 < north < 50 and 45 < east < 55
    countries = make_project(tmp_path / "fit", PROJECT.replace('name = "africa"', 'countries = ["Kenya", "Nigeria"]'))
    (south, west), (north, east) = api.load(project=countries).view_box()
    assert 2 < west < 4 and 40 < east < 43 and -5 < south < 0 and 13 < north < 15  # Nigeria's west to Kenya's east


@pytest.mark.skipif(why_no_browser() is not None, reason=why_no_browser() or "")
@pytest.mark.parametrize("width, height", [(390, 760), (1280, 760)])
def test_a_project_framed_on_africa_opens_on_africa(chromium, tmp_path, width, height):
    folder = make_project(tmp_path / "rail")
    path = api.write_map(tmp_path / "map.html", project=folder, self_contained=True)
    page = open_map(chromium, path, width, height)
    inside = page.evaluate("""() => {
        const view = window.mapgenMap.map.getBounds(), shown = {};
        const countries = window.mapgenMap.countries;
        countries.ids().forEach(id => { shown[id] = view.contains(countries.boundsOf(id)); });
        return shown; }""")
    # the whole continent is in view, and what lies far from it is not
    assert all(inside[iso3] for iso3 in ("ZAF", "EGY", "MAR", "SOM", "KEN", "NGA", "MDG"))
    assert not any(inside[iso3] for iso3 in ("BRA", "CHN", "USA", "AUS", "RUS"))
    # the script's own strings are in the story's words
    config = page.evaluate("() => JSON.parse(document.getElementById('mapgen-config').textContent).text")
    assert config["switchedOff"] == "Its builders are switched off"
    visible = page.locator("body").inner_text()
    assert "Who builds the railways" in visible and "Line built" in visible
    assert not any(word in visible for word in ("Chinese", "63 countries", "Supplier", "supplier"))


@pytest.mark.parametrize("toml, expected", [
    ('facts = "facts.csv"\ntitel = "x"\n', 'unknown key "titel"; did you mean "title"?'),
    ('facts = "facts.csv"\nsubtitle = "x"\n', 'did you mean standfirst?'),
    ('facts = "facts.csv"\ntitle = 5\n', "title must be a string, or a table by language code"),
    ('facts = "facts.csv"\n[roles.built]\ncolor = "#000000"\n', 'unknown key "[roles.built] color"; did you mean colour?'),
    ('facts = "facts.csv"\n[roles.built]\ncolour = "blue"\n', '[roles.built] colour must be a colour as "#RRGGBB"'),
    ('facts = "facts.csv"\n[region]\nname = "atlantis"\n', "[region] name must be one of world, africa"),
    ('facts = "facts.csv"\n[region]\nbox = [10, 20]\n', "[region] box must be [west, south, east, north]"),
    ('facts = "facts.csv"\nas_of = "soon"\n', "as_of must be a date"),
    ('title = "x"\n', "no facts key"),
    ('facts = "facts.csv"\n[[datasets]]\nfile = "x.csv"\n', 'unknown key "[[datasets]] file"'),
])
def test_a_wrong_project_file_is_one_line_naming_the_key(tmp_path, toml, expected):
    folder = make_project(tmp_path / "rail", toml)
    result = run_cli("build", folder)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "mapgen.toml" in result.stderr and expected in result.stderr


def test_facts_with_roles_the_project_lacks_are_refused(tmp_path):
    folder = make_project(tmp_path / "rail", PROJECT.replace("[roles.planned]", "[roles.proposed]"))
    result = run_cli("check", folder)
    assert result.returncode == 2 and 'got "planned"' in result.stderr


def test_a_colour_readers_could_confuse_is_a_warning_naming_the_role(tmp_path):
    folder = make_project(tmp_path / "rail", PROJECT.replace('colour = "#E69F00"', 'colour = "#0A74B5"'))
    result = run_cli("build", folder, "--out", tmp_path / "map.html")
    assert result.returncode == 0
    assert 'the colour of role "built" looks like role "planned"' in result.stderr


def test_a_story_without_companies_has_no_switch_panel(tmp_path):
    facts = [(row[0], row[1], row[2], "", *row[4:]) for row in FACTS]
    html = build_map(project=make_project(tmp_path / "rail", facts=facts)).get_root().render()
    assert "mapgen-switches" not in re.sub(r"<script.*?</script>", "", html.split("<body>")[1], flags=re.S)


def test_command_line_options_override_the_project(tmp_path):
    folder = make_project(tmp_path / "rail")
    out = tmp_path / "elsewhere.html"
    assert run_cli("build", folder, "--out", out, "--title", "Railways", "--lang", "pt").returncode == 0
    html = out.read_text(encoding="utf-8")
    assert "<h1>Railways</h1>" in html and '<html lang="pt">' in html


def test_build_with_no_argument_is_the_default_story(tmp_path):
    assert report()["named"] and "Chinese" in report(format="text").splitlines()[0]
    assert api.embed("map.html", project=ROOT / "data" / "story").count("Chinese AI surveillance") == 1


def test_facts_and_sources_as_dataframes(tmp_path):
    facts = pd.read_csv(STORY, keep_default_na=False)
    sources = pd.read_csv(STORY.parent / "sources.csv", keep_default_na=False)
    assert {e["iso3"] for e in report(facts, sources=sources)["named"]} == \
        {e["iso3"] for e in report(STORY)["named"]}
    facts.loc[9, "country"] = "Atlantis"
    with pytest.raises(api.MapgenError, match=r'facts DataFrame, row 9: unknown country "Atlantis"'):
        report(facts, sources=sources)
    with pytest.raises(api.MapgenError, match="need sources too"):
        report(facts)


def test_the_shipped_example_builds(tmp_path):
    example = ROOT / "examples" / "washington"
    out = tmp_path / "washington.html"
    result = run_cli("build", example, "--out", out, "--png", tmp_path / "washington.png")
    assert result.returncode == 0, result.stderr
    text = report(project=example, format="text")
    assert text.startswith("Washington's measures against Chinese AI companies")
    rows = list(csv.DictReader(io.StringIO(out.with_suffix(".csv").read_text(encoding="utf-8-sig"))))
    assert {row["role"] for row in rows if row["iso3"] == "USA"} == {"trade_blacklist", "contract_ban", "partners_hit"}
    if (SHARED / "sources").is_dir():
        assert run_cli("check", example, "--sources", SHARED / "sources").returncode == 0


def test_a_projects_outputs_are_honoured_from_python_as_from_the_cli(tmp_path):
    folder = make_project(tmp_path / "rail", PROJECT + '[output]\nmap = "site/rail.html"\npng = "site/rail.png"\n')
    written = api.write_map(project=folder)
    assert written == folder / "site" / "rail.html"
    assert sorted(p.name for p in (folder / "site").iterdir()) == ["rail.csv", "rail.html", "rail.png"]
    assert api.write_map(tmp_path / "elsewhere.html", project=folder) == tmp_path / "elsewhere.html"  # out wins
