"""Editions of a dataset: each says its series and edition, and every count stays per edition."""
import shutil
from dataclasses import replace

import pytest

from mapgen import load, report
from mapgen.api import select, shown_suppliers
from mapgen.captions import DATASET_COLOUR, NO_FACT_GREY, check_line
from mapgen.errors import MapgenError
from mapgen.i18n import language, languages
from mapgen.recipes import Recipe, load_recipe
from mapgen.view import build_view

from conftest import ROOT, STORY, fact, run_cli

EDITIONS = ROOT / "tests" / "fixtures" / "editions"
W2020, W2022 = EDITIONS / "watch-2020.csv", EDITIONS / "watch-2022.csv"
NO_ORIGIN = EDITIONS / "no-origin.csv"


@pytest.fixture(scope="module")
def both():
    return load(STORY, datasets=[W2020, W2022])


def test_a_dataset_says_its_series_and_edition(both):
    first, second = both.datasets
    assert (first.series, first.edition) == ("Surveillance Watch Index", "2020")
    assert (second.series, second.edition) == ("Surveillance Watch Index", "2022")
    assert second.edition_label == "Surveillance Watch Index 2022"


def test_series_defaults_to_the_title_and_edition_to_the_year():
    recipe = Recipe(title="Index", year="2019")
    assert (recipe.series_name, recipe.edition_name) == ("Index", "2019")
    assert Recipe(title="Index").edition_name is None  # no year stated: no edition invented


def test_a_recipe_key_edition_is_checked(tmp_path):
    (tmp_path / "r.recipe.toml").write_text('title = "T"\nedition = true\n')
    with pytest.raises(MapgenError, match="edition"):
        load_recipe(tmp_path / "r.recipe.toml")


def test_the_same_edition_twice_is_an_error_naming_both(tmp_path):
    copy = tmp_path / "again.csv"
    shutil.copy(W2020, copy)
    with pytest.raises(MapgenError, match=r'"Surveillance Watch Index 2020" is loaded twice'):
        load(STORY, datasets=[W2020, (copy, EDITIONS / "watch-2020.recipe.toml")])


def test_a_projects_datasets_entry_sets_the_edition_over_the_recipes(tmp_path):
    for name in ("facts.csv", "sources.csv", "suppliers.csv", "memberships.csv"):
        shutil.copy(STORY.parent / name, tmp_path / name)
    shutil.copy(W2022, tmp_path / "w.csv")
    shutil.copy(EDITIONS / "watch-2022.recipe.toml", tmp_path / "w.recipe.toml")
    (tmp_path / "mapgen.toml").write_text('facts = "facts.csv"\n[[datasets]]\npath = "w.csv"\n'
                                          'series = "Watch"\nedition = "2022 (revised)"\n')
    data = load(project=tmp_path)
    assert data.datasets[0].edition_label == "Watch 2022 (revised)"


def test_a_membership_list_has_no_edition_key(tmp_path):
    (tmp_path / "facts.csv").write_text(STORY.read_text())
    (tmp_path / "mapgen.toml").write_text('facts = "facts.csv"\n[[memberships]]\npath = "m.csv"\nedition = 1\n')
    with pytest.raises(MapgenError, match="edition"):
        load(project=tmp_path)


# --- every count per edition, never added up --------------------------------------------------

def test_suppliers_gives_one_column_per_edition_never_their_sum():
    result = run_cli("suppliers", "--dataset", W2020, "--dataset", W2022)
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert "Surveillance Watch Index 2020" in header and "Surveillance Watch Index 2022" in header
    huawei = next(row for row in rows if row.startswith("Huawei")).split()
    # 2020: Brazil, Kenya; 2022: Brazil, Kenya, Peru, Ghana (China, its home, in neither).
    assert huawei[4:6] == ["2", "4"] and "6" not in huawei


def test_supplier_rows_count_each_edition_apart(both):
    rows = {row.supplier.name: row.in_datasets for row in both.supplier_table()}
    assert rows["Huawei"] == (2, 4) and rows["Megvii"] == (0, 1) and rows["Palantir"] == (1, 1)


def test_the_json_report_says_which_edition_named_which_company():
    data = report(STORY, datasets=[W2020, W2022])
    kenya = next(c for c in data["dataset_countries"] if c["iso3"] == "KEN")
    assert [(d["edition"], d["suppliers"]) for d in kenya["datasets"]] == [
        ("2020", ["Huawei", "Hikvision"]), ("2022", ["Huawei", "Hikvision", "Dahua"])]
    first, second = data["datasets"]
    assert (first["series"], first["edition"], second["edition"]) == ("Surveillance Watch Index", "2020", "2022")
    assert first["supplier_countries"]["Huawei"] == 2 and second["supplier_countries"]["Huawei"] == 4


def test_scope_differences_stay_with_their_edition():
    data = report(STORY, datasets=[W2020, W2022])
    editions = {c["iso3"]: [d["edition"] for d in c["datasets"]] for c in data["dataset_countries"]}
    assert editions["CHL"] == ["2020"]  # the 2022 edition does not cover Chile
    assert editions["GHA"] == ["2022"]  # nor the 2020 edition Ghana


def test_the_text_report_gives_each_edition_its_own_line():
    text = report(STORY, datasets=[W2020, W2022], format="text")
    assert ("  Kenya (KEN)\n"
            "    In Surveillance Watch Index 2020 (A made-up institute): Suppliers: Huawei, Hikvision [watch-2020.csv, row 3]\n"
            "    In Surveillance Watch Index 2022 (A made-up institute): Suppliers: Huawei, Hikvision, Dahua "
            "[watch-2022.csv, row 3]") in text


def test_popups_keep_editions_apart(both):
    kenya = next(c for c in build_view(both, language("en")).countries if c.iso3 == "KEN")
    assert [(line.heading, line.companies) for line in kenya.datasets] == [
        ("In Surveillance Watch Index 2020 (A made-up institute)", "Companies: Huawei, Hikvision"),
        ("In Surveillance Watch Index 2022 (A made-up institute)", "Companies: Huawei, Hikvision, Dahua")]


# --- what a count counted -------------------------------------------------------------------

def checks_of(data, claim_id):
    return {check["dataset"]: check for check in
            next(a for a in data["aggregate"] if a["id"] == claim_id)["reconciliation"]}


def test_origin_counted_from_the_recipes_column_and_the_words_say_so(tmp_path):
    [check] = checks_of(report(STORY, datasets=[W2020]), "agg-63").values()
    # china_tech says yes for Brazil, Kenya, Italy, Chile and China; China is not counted as its own.
    assert (check["count"], check["countries"]) == (4, ["BRA", "CHL", "ITA", "KEN"])
    assert check["text"].startswith("The article says at least 63 countries; Surveillance Watch Index 2020, "
                                    "column china_tech lists 4: the article's figure is 59 higher.")
    assert "China itself is not counted." in check["text"]


def test_without_an_origin_column_a_count_of_origin_is_not_made_up():
    [check] = checks_of(report(STORY, datasets=[NO_ORIGIN]), "agg-63").values()
    assert (check["verdict"], check["count"]) == ("not_checked", None)
    assert check["text"] == ("Not checked against Supplier list without an origin column 2021: it has no column "
                             "saying which countries have technology from China.")


def test_the_catalogue_counts_origin_only_when_the_recipe_says_so():
    recipe = replace(load_recipe(EDITIONS / "no-origin.recipe.toml"), origins_from="catalogue")
    [check] = checks_of(report(STORY, datasets=[(NO_ORIGIN, recipe)]), "agg-63").values()
    # Brazil (Huawei), Kenya (Hikvision), Ghana ("Mult", Dahua); China lists Chinese firms at home.
    assert (check["count"], check["countries"]) == (3, ["BRA", "GHA", "KEN"])
    assert ("Supplier list without an origin column 2021, with each company's home country from mapgen's "
            "supplier catalogue lists 3") in check["text"]
    assert "China itself is not counted." in check["text"]


def test_the_home_rule_holds_in_every_edition_and_a_recipe_key_reverses_it():
    checks = checks_of(report(STORY, datasets=[W2020, W2022]), "agg-huawei-50")
    # Both editions list Huawei in China; neither counts it there.
    assert [(c["count"], "China itself is not counted." in c["text"]) for c in checks.values()] == [(2, True), (4, True)]
    counted = replace(load_recipe(EDITIONS / "watch-2022.recipe.toml"), count_home=True)
    [check] = checks_of(report(STORY, datasets=[(W2022, counted)]), "agg-huawei-50").values()
    assert check["count"] == 5 and "China itself is counted, as the dataset counts it." in check["text"]


def test_the_words_of_what_was_counted_exist_in_every_language():
    data = load(STORY, datasets=[W2020])
    claim = next(a for a in data.aggregate if a.id == "agg-63")
    [check] = data.reconciliations[claim.id]
    worded = {code: check_line(language(code), data, claim, check) for code in languages()}
    assert worded["fr"].endswith("Chine n'est pas compté. L'affirmation date de 2019 ; les données de 2020.")
    assert all("china_tech" in text and "{" not in text for text in worded.values())


# --- one meaning per colour -------------------------------------------------------------------

def dataset_rows(view):
    return [row for row in view.legend if row.key == "dataset"]


@pytest.mark.parametrize("code, label", [
    ("en", "Technology from China, per Surveillance Watch Index 2020"),
    ("pt", "Tecnologia de China, segundo Surveillance Watch Index 2020"),
    ("zh", "来自中华人民共和国的技术（据Surveillance Watch Index 2020）"),
])
def test_the_dataset_legend_says_what_its_colour_shows(code, label):
    [row] = dataset_rows(build_view(load(STORY, datasets=[W2020]), language(code)))
    assert row.label == label


def test_two_editions_share_one_colour_with_one_meaning(both):
    [row] = dataset_rows(build_view(both, language("en")))
    assert row.label == ("Technology from China, per Surveillance Watch Index 2020; "
                         "Named by Surveillance Watch Index 2022")


def test_a_country_the_dataset_names_but_does_not_colour_says_why():
    view = build_view(load(STORY, datasets=[W2020]), language("en"))
    peru = next(c for c in view.countries if c.iso3 == "PER")
    assert peru.candidates == ()
    [line] = peru.datasets
    assert line.heading == ("In Surveillance Watch Index 2020 (A made-up institute); not coloured: "
                            "its column “china_tech” says no")
    assert view.legend[line.legend].colour == NO_FACT_GREY and line.companies == "Companies: Palantir"


def test_a_companys_map_colours_every_country_the_dataset_names_for_it():
    data = load(STORY, datasets=[W2020])
    for supplier in data.facts.suppliers:
        named = {iso3 for iso3, country in data.datasets[0].countries.items() if supplier.id in country.suppliers}
        if not named:
            continue
        chosen = select(data, [supplier])
        assert set(chosen.mentions) == named, supplier.name
    palantir = build_view(select(data, ["Palantir"]), language("en"))
    assert [row.label for row in dataset_rows(palantir)] == ["Named by Surveillance Watch Index 2020"]
    assert palantir.colours().get("PER") == DATASET_COLOUR


def test_a_legend_never_lists_a_colour_no_country_has():
    data = load(STORY, datasets=[W2020])
    for supplier in shown_suppliers(data):
        view = build_view(select(data, [supplier]), language("en"))
        painted = set(view.colours().values()) | {NO_FACT_GREY}
        assert {view.legend[i].colour for i in view.legend_in_use()} <= painted, supplier.name
    # Dahua's only 2020 country, Italy, has the articles' colour: no blue row on Dahua's map.
    dahua = build_view(select(data, ["Dahua"]), language("en"))
    assert DATASET_COLOUR not in {dahua.legend[i].colour for i in dahua.legend_in_use()}


def test_a_grey_countrys_line_needs_no_switch_the_map_lacks(facts_dir):
    facts = facts_dir([fact()])  # one fact, of Dahua: no switch for Palantir, none for "no company"
    view = build_view(load(facts, datasets=[W2020]), language("en"))
    peru = next(c for c in view.countries if c.iso3 == "PER")
    [line] = peru.datasets
    assert line.when == ((view.switches.index(next(s for s in view.switches if s.kind == "dataset")),),)


def test_a_company_listed_at_home_is_shown_uncounted_in_the_popup(both):
    china = next(c for c in build_view(both, language("en")).countries if c.iso3 == "CHN")
    # The 2022 edition colours every row it has (its line first); the 2020 edition's paint_if leaves
    # China out, since China is not counted among the countries with technology from itself.
    assert [(line.heading.split(";")[0], line.companies) for line in china.datasets] == [
        ("In Surveillance Watch Index 2022 (A made-up institute)",
         "(listed in its home country, not counted here: Huawei)"),
        ("In Surveillance Watch Index 2020 (A made-up institute)",
         "(listed in its home country, not counted here: Huawei, Megvii)")]
