"""A panel that scales: with about 75 companies, most of them named only by a dataset, the view
groups the switches by home country, folds the dataset-only ones and offers a filter box; the page
renders exactly that, fits one screen at 1280 px and keeps every switch reachable by keyboard."""
import csv

import pytest

from mapgen import load
from mapgen.api import view_of

from browser import open_map, why_no_browser

needs_browser = pytest.mark.skipif(why_no_browser() is not None, reason=why_no_browser() or "")

# Companies with article facts, by home country; the dataset also names 60 companies of its own
# ("Vendor 01" .. "Vendor 60", home not stated) and two catalogue companies no article names.
WITH_FACTS = {"China": ["Alpha Vision", "Beta Cloud", "Gamma Grid", "Delta Eye", "Epsilon Net", "Zeta Lens",
                        "Eta Signal", "Theta Labs"],
              "United States": ["Iota Systems", "Kappa Data", "Lambda Sight"],
              "Japan": ["Mu Optics", "Nu Sense"]}
DATASET_ONLY_CATALOGUE = {"Omikron Tech": "China", "Xi Secure": "Japan"}
VENDORS = [f"Vendor {n:02d}" for n in range(1, 61)]
COUNTRIES = ["Kenya", "Ghana", "Peru", "Chile", "Brazil", "Egypt", "Spain", "India", "Laos", "Mexico", "Nepal",
             "Oman", "Qatar"]
LISTED = ["Argentina", "Bolivia", "Colombia", "Ecuador", "Uruguay", "Paraguay", "Morocco", "Tunisia", "Zambia",
          "Angola", "Namibia", "Botswana"]


def write_project(folder):
    (folder / "mapgen.toml").write_text('facts = "facts.csv"\n[[datasets]]\npath = "index.csv"\n', encoding="utf-8")
    homes = {name: home for home, names in WITH_FACTS.items() for name in names} | DATASET_ONLY_CATALOGUE
    with (folder / "suppliers.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "aliases", "home_country"])
        writer.writerows([name.lower().replace(" ", "-"), name, "Zhōngguó Alias" if name == "Beta Cloud" else "", home]
                         for name, home in homes.items())
    named = [name for names in WITH_FACTS.values() for name in names]
    with (folder / "facts.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "kind", "country", "supplier", "role", "claim", "source"])
        writer.writerows([f"f{i}", "named", COUNTRIES[i % len(COUNTRIES)], name, "deployment",
                          f"{name} cameras in {COUNTRIES[i % len(COUNTRIES)]}.", "wire"]
                         for i, name in enumerate(named))
    (folder / "sources.csv").write_text("id,file,headline,publisher,date\nwire,w.txt,Wire,Wire Co,2024\n",
                                        encoding="utf-8")
    companies = VENDORS + list(DATASET_ONLY_CATALOGUE)
    with (folder / "index.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["country", "companies"])
        writer.writerows([country, ", ".join(companies[i::len(LISTED)])] for i, country in enumerate(LISTED))
    (folder / "index.recipe.toml").write_text('title = "Index"\n[suppliers]\ncolumn = "companies"\n', encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return write_project(tmp_path_factory.mktemp("panel"))


@pytest.fixture(scope="module")
def view(project):
    return view_of(load(project=project))


def labels(view, numbers):
    return [view.switches[n].label for n in numbers]


def test_a_long_list_is_grouped_by_home_country_most_companies_first_home_unknown_last(view):
    companies = [s for s in view.switches if s.kind == "company"]
    assert len(companies) == 75 and view.switch_filter
    headings = [group.heading for group in view.switch_groups]
    assert headings == ["Based in China (9)", "Based in Japan (3)", "Based in United States of America (3)",
                        "Home country not stated (60)"]
    listed = [n for group in view.switch_groups for n in (*group.shown, *group.folded)]
    assert sorted(listed) == [n for n, s in enumerate(view.switches) if s.kind == "company"]  # each once


def test_companies_only_a_dataset_names_are_folded_and_counted(view):
    china, japan, _, no_home = view.switch_groups
    assert labels(view, china.shown) == WITH_FACTS["China"]
    assert labels(view, china.folded) == ["Omikron Tech"] and china.folded_label == "Named only in datasets (1)"
    assert no_home.shown == () and labels(view, no_home.folded) == VENDORS
    assert no_home.folded_label == "Named only in datasets (60)"
    assert labels(view, japan.shown) == WITH_FACTS["Japan"] and labels(view, japan.folded) == ["Xi Secure"]


def test_the_filter_words_are_each_switch_name_and_aliases_without_accents(view):
    china = view.switch_groups[0]
    assert china.search[1] == "beta cloud zhongguo alias"
    assert len(china.search) == len(china.shown) + len(china.folded)


def test_a_short_list_stays_one_plain_list(tmp_path):
    folder = write_project(tmp_path)
    (folder / "mapgen.toml").write_text('facts = "facts.csv"\n', encoding="utf-8")
    short = view_of(load(project=folder, suppliers=["Alpha Vision", "Iota Systems"]))
    assert not short.switch_filter
    assert [(g.heading, labels(short, g.shown), g.folded) for g in short.switch_groups] == [
        ("", ["Alpha Vision", "Iota Systems"], ())]


@pytest.fixture(scope="module")
def page_path(project, tmp_path_factory):
    from mapgen import write_map

    return write_map(tmp_path_factory.mktemp("panel-out") / "map.html", project=project)


def shown_switches(page) -> list[str]:
    return [text.split("\n")[0] for text in page.locator("[data-mapgen-filter-item]:visible").all_inner_texts()]


@needs_browser
def test_the_switches_fit_one_screen_at_1280_px(chromium, page_path):
    page = open_map(chromium, page_path, width=1280, height=760)
    height = page.evaluate("document.querySelector('.mapgen-switches').getBoundingClientRect().height")
    assert height <= 760
    assert page.evaluate("document.querySelector('.mapgen-panel').getBoundingClientRect().bottom") <= 760
    assert page.locator(".mapgen-switches [data-mapgen-switch]:visible").count() == 13  # the companies the articles name


@needs_browser
def test_the_filter_box_narrows_the_list_and_opens_the_fold_holding_a_match(chromium, page_path):
    page = open_map(chromium, page_path)
    page.get_by_label("Find companies").fill("vendor 4")
    assert shown_switches(page) == [f"Vendor {n}" for n in range(40, 50)]
    assert page.locator("#mapgen-filter-status").inner_text() == "10 of 75 shown"
    page.get_by_label("Find companies").fill("zhongguo")  # an alias, typed without its accent
    assert shown_switches(page) == ["Beta Cloud"]
    page.get_by_label("Find companies").fill("")
    assert page.locator(".mapgen-switches [data-mapgen-switch]:visible").count() == 13
    assert page.locator("#mapgen-filter-status").inner_text() == ""


@needs_browser
def test_a_folded_switch_is_reached_and_switched_by_keyboard(chromium, page_path):
    page = open_map(chromium, page_path)
    vendor = page.get_by_label("Vendor 07", exact=False)
    assert not vendor.is_visible() and vendor.is_checked()
    summary = page.get_by_text("Named only in datasets (60)")
    summary.focus()
    page.keyboard.press("Enter")  # open the fold
    for _ in range(7):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.parentElement.textContent").startswith("Vendor 07")
    page.keyboard.press("Space")
    assert not vendor.is_checked()


@needs_browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_grouped_panel_and_its_filter_reach_4_5_to_1(chromium, page_path, scheme):
    from test_accessibility_browser import TEXT_COLOURS, contrast

    page = open_map(chromium, page_path, color_scheme=scheme)
    page.get_by_label("Find companies").fill("a")  # the status line and every fold holding a match show
    assert page.locator("#mapgen-filter-status").inner_text()
    for element in page.evaluate(TEXT_COLOURS):
        assert element["background"] is not None, f"translucent background behind {element['text']!r}"
        ratio = contrast(element["colour"], element["background"])
        assert ratio >= 4.5, f"{element['text']!r}: contrast {ratio:.2f} ({scheme})"
