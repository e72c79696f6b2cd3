"""Change between two editions of a dataset (mapgen compare): every category, every count, the
claims' lines, the outputs written as one set, and the legend a reader sees.

Fixture: tests/fixtures/compare (two made-up editions, 2018 and 2021; its README lists which
country falls in which category)."""
import csv
import io
import shutil
from dataclasses import replace

import pytest
from PIL import Image

from mapgen import api
from mapgen.changes import CATEGORIES, COLOURS, EditionEntry, category
from mapgen.errors import MapgenError
from mapgen.palette import clashes
from mapgen.recipes import load_recipe
from mapgen.view import NO_FACT_GREY

from browser import fill_of, open_map, why_no_browser
from conftest import ROOT, run_cli

FIXTURE = ROOT / "tests" / "fixtures" / "compare"
OLDER, NEWER = FIXTURE / "tracker-2018.csv", FIXTURE / "tracker-2021.csv"
needs_browser = pytest.mark.skipif(why_no_browser() is not None, reason=why_no_browser() or "")

HUAWEI = {"kept": ["Brazil", "Kenya"], "gained": ["Peru"], "lost": ["Italy"], "newly_covered": ["Ghana", "Zambia"],
          "no_longer_covered": ["Chile"], "listed_without": ["Egypt", "Mexico", "Nepal", "Spain"]}
CHINA = {"kept": ["Brazil", "Italy", "Kenya", "Peru"], "gained": ["Nepal"], "lost": ["Egypt"],
         "newly_covered": ["Ghana", "Zambia"], "no_longer_covered": ["Chile"], "listed_without": ["Mexico", "Spain"]}


def by_category(changes) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for change in changes.countries:
        found.setdefault(change.category, []).append(change.name)
    return found


@pytest.mark.parametrize(("older", "newer", "expected"), [
    (EditionEntry(True, True), EditionEntry(True, True), "kept"),
    (EditionEntry(True, False), EditionEntry(True, True), "gained"),
    (EditionEntry(True, True), EditionEntry(True, False), "lost"),
    (EditionEntry(False, False), EditionEntry(True, True), "newly_covered"),
    (EditionEntry(True, True), EditionEntry(False, False), "no_longer_covered"),
    (EditionEntry(True, False), EditionEntry(True, False), "listed_without"),
    (EditionEntry(False, False), EditionEntry(True, False), "listed_without"),
    (EditionEntry(True, False), EditionEntry(False, False), "listed_without"),
    (EditionEntry(False, False), EditionEntry(False, False), None),
])
def test_each_pair_of_entries_falls_in_one_category(older, newer, expected):
    assert category(older, newer) == expected


def test_a_company_every_category_and_count():
    changes = api.compare(project=FIXTURE, company="huawei technologies")  # an alias, any case
    assert by_category(changes) == HUAWEI
    assert changes.counts == {kind: len(HUAWEI[kind]) for kind in CATEGORIES}
    assert (changes.older, changes.newer, changes.older_count, changes.newer_count) == ("2018", "2021", 4, 5)
    assert changes.subject == "Huawei" and changes.series == "Surveillance Tracker"


def test_the_older_editions_paint_if_does_not_narrow_a_comparison():
    # Spain and Nepal are not flagged in 2018, so a map of that edition leaves them out; both
    # editions list them, without Huawei.
    spain = next(c for c in api.compare(project=FIXTURE, company="Huawei").countries if c.name == "Spain")
    assert (spain.older.listed, spain.older.named, spain.older.rows) == (True, False, (7,))
    assert (spain.newer.listed, spain.newer.named, spain.newer.rows) == (True, False, (8,))


def test_an_origin_counts_by_the_recipes_origin_column():
    changes = api.compare(project=FIXTURE, origin="China")
    assert by_category(changes) == CHINA
    assert (changes.older_count, changes.newer_count) == (6, 7)
    kenya = next(c for c in changes.countries if c.name == "Kenya")
    assert kenya.older.companies == ("Huawei", "Hikvision") and kenya.newer.companies == ("Huawei",)


def write_editions(folder, rows: dict[str, str], recipe: str = "") -> tuple:
    """Two editions (2018, 2021) of a small table "T": country, companies."""
    for year, text in rows.items():
        (folder / f"t-{year}.csv").write_text(f"country,companies\n{text}", encoding="utf-8")
        (folder / f"t-{year}.recipe.toml").write_text(f'title = "T"\nyear = {year}\n{recipe}[suppliers]\n'
                                                      'column = "companies"\n', encoding="utf-8")
    return folder / "t-2018.csv", folder / "t-2021.csv"


def test_an_origin_without_a_column_counts_by_the_catalogue_only_when_the_recipe_says_so(tmp_path):
    rows = {"2018": "Kenya,Huawei\nSpain,Axis\nChina,ZTE\n", "2021": "Kenya,Axis\nSpain,ZTE\nChina,Huawei\n"}
    with pytest.raises(MapgenError, match='no column says which rows have companies based in China.*origins_from'):
        api.compare(*write_editions(tmp_path, rows), origin="China", facts=FIXTURE / "facts.csv")
    changes = api.compare(*write_editions(tmp_path, rows, 'origins_from = "catalogue"\n'), origin="China",
                          facts=FIXTURE / "facts.csv")
    # China's own row is the companies' home, not a country they supply (no count_home)
    assert by_category(changes) == {"listed_without": ["China"], "lost": ["Kenya"], "gained": ["Spain"]}


def test_a_company_listed_in_its_home_country_is_not_named_there(tmp_path):
    rows = {"2018": "Kenya,Huawei\nChina,ZTE\n", "2021": "Kenya,Huawei\nChina,Huawei\n"}
    changes = api.compare(*write_editions(tmp_path, rows), company="Huawei", facts=FIXTURE / "facts.csv")
    assert by_category(changes) == {"listed_without": ["China"], "kept": ["Kenya"]}
    counted = api.compare(*write_editions(tmp_path, rows, "count_home = true\n"), company="Huawei",
                          facts=FIXTURE / "facts.csv")
    assert by_category(counted) == {"gained": ["China"], "kept": ["Kenya"]}


def test_claims_about_the_subject_say_what_both_editions_count():
    assert api.compare(project=FIXTURE, company="Huawei").claims == (
        ("huawei-4", "The 2018 edition lists 4; the 2021 edition lists 5."),)
    assert api.compare(project=FIXTURE, origin="China").claims == (
        ("china-6", "The 2018 edition lists 6; the 2021 edition lists 7."),)
    assert api.compare(project=FIXTURE, company="ZTE").claims == ()  # no claim counts ZTE


def test_editions_named_by_edition_in_the_order_given_or_by_path():
    by_name = api.compare("2018", "2021", project=FIXTURE, company="Huawei")
    assert by_category(by_name) == HUAWEI
    reversed_ = api.compare("2021", "2018", project=FIXTURE, company="Huawei")
    assert by_category(reversed_)["gained"] == ["Italy"] and by_category(reversed_)["lost"] == ["Peru"]
    by_path = api.compare(OLDER, NEWER, facts=FIXTURE / "facts.csv", company="Huawei")
    assert by_category(by_path) == HUAWEI


def test_in_another_language_the_labels_and_counts_follow(tmp_path):
    paths, _ = api.write_compare(tmp_path / "pt.html", project=FIXTURE, company="Huawei", lang="pt")
    page = paths[0].read_text(encoding="utf-8")
    assert "Huawei no Surveillance Tracker: edições de 2018 e 2021 comparadas" in page
    assert "A edição de 2018 lista 4; a de 2021 lista 5." in page
    rows = list(csv.DictReader(io.StringIO(paths[1].read_text(encoding="utf-8-sig"))))
    assert {row["change_label"] for row in rows if row["change"] == "gained"} == {
        "Ganho: citada em 2021, listada sem Huawei em 2018"}


@pytest.mark.parametrize(("options", "message"), [
    ({"company": "Huawei", "origin": "China"}, "compare one company or one origin"),
    ({}, "compare one company or one origin"),
    ({"company": "Huawai"}, 'did you mean "Huawei"'),
    ({"origin": "Chna"}, "origin:"),
    ({"company": "Huawei", "older": "2018"}, "give both the older and the newer one"),
])
def test_what_cannot_be_compared_is_one_clear_error(options, message):
    with pytest.raises(MapgenError, match=message):
        api.compare(project=FIXTURE, **options)


def test_two_different_series_are_not_compared(tmp_path):
    other = replace(load_recipe(NEWER.with_name("tracker-2021.recipe.toml")), title="Another Index")
    with pytest.raises(MapgenError, match="only two editions of one series"):
        api.compare(OLDER, (NEWER, other), facts=FIXTURE / "facts.csv", company="Huawei")


def test_the_cli_writes_map_change_table_and_still_image(tmp_path):
    out = tmp_path / "out" / "huawei.html"
    result = run_cli("compare", FIXTURE, "--company", "Huawei", "--out", out)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:3] == [str(out), str(out.with_suffix(".csv")), str(out.with_suffix(".png"))]
    assert "named in 4 -> 5 countries; kept 2, gained 1, lost 1, newly covered 2" in lines[3]
    assert lines[4] == "claim huawei-4: The 2018 edition lists 4; the 2021 edition lists 5."
    rows = list(csv.DictReader(io.StringIO(out.with_suffix(".csv").read_text(encoding="utf-8-sig"))))
    assert {row["country"]: row["change"] for row in rows} == {name: kind for kind, names in HUAWEI.items()
                                                               for name in names}
    chile = next(row for row in rows if row["country"] == "Chile")
    assert (chile["older_listed"], chile["older_named"], chile["older_rows"], chile["newer_listed"]) == \
        ("yes", "yes", "5", "no")
    with Image.open(out.with_suffix(".png")) as image:
        assert image.format == "PNG" and image.width == api.DEFAULT_IMAGE_WIDTH
    assert 'href="huawei.csv"' in out.read_text(encoding="utf-8")  # the page's "get the data" link


def test_the_cli_refuses_to_write_over_an_input_and_writes_nothing(tmp_path):
    project = shutil.copytree(FIXTURE, tmp_path / "project")
    before = (project / "tracker-2018.csv").read_bytes()
    result = run_cli("compare", project, "--company", "Huawei", "--out", project / "tracker-2018.html")
    assert result.returncode == 2 and "would overwrite the input" in result.stderr
    assert (project / "tracker-2018.csv").read_bytes() == before
    assert not (project / "tracker-2018.html").exists() and not (project / "tracker-2018.png").exists()


def test_the_categories_colours_are_told_apart_by_every_reader():
    assert clashes({**COLOURS, "grey": NO_FACT_GREY}) == []


@pytest.fixture(scope="module")
def two_category_page(tmp_path_factory):
    """Editions where Huawei is only kept (Kenya) or gained (Peru), plus a country listed in
    neither edition's table: the legend lists two categories and the grey."""
    folder = tmp_path_factory.mktemp("compare-legend")
    write_editions(folder, {"2018": "Kenya,Huawei\nPeru,Dahua\n", "2021": "Kenya,Huawei\nPeru,Huawei\n"})
    paths, _ = api.write_compare(folder / "out" / "map.html", folder / "t-2018.csv", folder / "t-2021.csv",
                                 company="Huawei", facts=FIXTURE / "facts.csv")
    return paths[0]


@needs_browser
def test_the_legend_lists_only_the_categories_in_use(chromium, two_category_page):
    page = open_map(chromium, two_category_page)
    rows = [row.inner_text() for row in page.locator(".mapgen-legend [data-mapgen-legend]").all() if row.is_visible()]
    assert rows == ["Named in both editions", "Gained: named in 2021, listed without Huawei in 2018",
                    "In neither edition's table"]
    assert page.locator(".mapgen-legend strong").inner_text() == "What changed"
    assert fill_of(page, "PER").upper() == COLOURS["gained"] and fill_of(page, "KEN").upper() == COLOURS["kept"]
    assert fill_of(page, "CHL") == NO_FACT_GREY


@needs_browser
def test_a_countrys_popup_says_what_each_edition_has(chromium, two_category_page):
    from browser import center_of

    page = open_map(chromium, two_category_page)
    page.mouse.click(*center_of(page, "PER"))
    popup = page.locator(".mapgen-popup").inner_text()
    assert "Gained: named in 2021, listed without Huawei in 2018" in popup
    assert "2018: row 3; 2021: row 3" in popup


@needs_browser
def test_the_keyboard_and_the_description_reach_every_changed_country(chromium, two_category_page):
    page = open_map(chromium, two_category_page, 390, 844)
    described = page.evaluate("""() => document.getElementById(
        document.querySelector('.folium-map').getAttribute('aria-describedby')).textContent""")
    assert "Named in both editions: Kenya" in described and "Peru" in described
    for _ in range(12):  # Tab: the map, its buttons, then the countries' one stop
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.mapgenItem"):
            break
    reached = []
    for _ in range(2):
        reached.append(page.evaluate("document.activeElement.getAttribute('aria-label')"))
        page.keyboard.press("Enter")
        page.wait_for_function(f"[...document.querySelectorAll('.mapgen-popup .mapgen-tip strong')].pop()"
                               f"?.textContent === {reached[-1]!r}", timeout=5000)
        page.keyboard.press("Escape")
        page.keyboard.press("ArrowRight")
    assert reached == ["Kenya", "Peru"]


def test_a_project_without_exactly_two_editions_is_one_line_naming_them(tmp_path):
    project = shutil.copytree(FIXTURE, tmp_path / "project")
    shutil.copy(OLDER, project / "tracker-2020.csv")
    (project / "tracker-2020.recipe.toml").write_text(
        (FIXTURE / "tracker-2018.recipe.toml").read_text(encoding="utf-8").replace("year = 2018", "year = 2020"),
        encoding="utf-8")
    with (project / "mapgen.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[[datasets]]\npath = "tracker-2020.csv"\n')
    result = run_cli("compare", project, "--company", "Huawei", "--out", tmp_path / "c.html")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "exactly two editions of a dataset; loaded: Surveillance Tracker 2018, Surveillance Tracker 2021, " \
           "Surveillance Tracker 2020" in result.stderr
    chosen = run_cli("compare", project, "--older", "2020", "--newer", "2021", "--company", "Huawei",
                     "--out", tmp_path / "c.html")
    assert chosen.returncode == 0 and "Surveillance Tracker 2020 -> 2021" in chosen.stdout


def test_hostile_company_names_stay_text_in_every_output(tmp_path):
    hostile = "<img src=x onerror=alert(1)>"
    older, newer = write_editions(tmp_path, {"2018": "Kenya,Dahua\n", "2021": f'Kenya,"{hostile}"\n'})
    paths, changes = api.write_compare(tmp_path / "out" / "c.html", older, newer, company=hostile,
                                       facts=FIXTURE / "facts.csv")
    assert by_category(changes) == {"gained": ["Kenya"]}
    page = paths[0].read_text(encoding="utf-8")
    assert hostile not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    formula = '=HYPERLINK("http://x")'
    older, newer = write_editions(tmp_path, {"2018": "Kenya,Dahua\n", "2021": 'Kenya,"=HYPERLINK(""http://x"")"\n'})
    paths, _ = api.write_compare(tmp_path / "out" / "f.html", older, newer, company=formula,
                                 facts=FIXTURE / "facts.csv")
    [row] = list(csv.DictReader(io.StringIO(paths[1].read_text(encoding="utf-8-sig"))))
    assert row["change"] == "gained" and row["newer_companies"] == "'" + formula  # a spreadsheet shows it as text


def test_the_cli_refuses_to_write_over_its_own_translation_table(tmp_path):
    strings = tmp_path / "c.csv"
    strings.write_bytes((ROOT / "data" / "i18n" / "interface.csv").read_bytes())
    before = strings.read_bytes()
    result = run_cli("compare", FIXTURE, "--company", "Huawei", "--strings", strings, "--out", tmp_path / "c.html")
    assert result.returncode == 2 and "would overwrite the input" in result.stderr
    assert strings.read_bytes() == before and not (tmp_path / "c.html").exists()
