"""One view, every output: for any selection of companies, the page, the still image and the
report give every country the same colour and the same counts."""
import itertools
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mapgen import api, renderers
from mapgen.captions import DATASET_COLOUR
from mapgen.image import still_texts
from mapgen.view import holds

from conftest import STORY

COMPANIES = ["huawei", "hikvision", "dahua", "sensetime", "megvii"]


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    folder = tmp_path_factory.mktemp("vendors")
    path = folder / "vendors.csv"
    path.write_text("country,suppliers\nKenya,Huawei\nPeru,Dahua;Hikvision\nBrazil,Dahua\nChile,0\n", encoding="utf-8")
    (folder / "vendors.recipe.toml").write_text('title = "Vendors"\n[suppliers]\ncolumn = "suppliers"\n',
                                                encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def everything(table):
    return api.load(STORY), api.load(STORY, datasets=[table])


def page_colours(html: str) -> dict[str, str]:
    """Each country's colour as the page's script paints it as the page opens: the first
    candidate whose switches are all on, applied to the page's own data."""
    config = json.loads(re.search(r'id="mapgen-config">(.*?)</script>', html, re.S).group(1))
    on = {key for key, state in enumerate(config["switches"]) if state}
    colours = {}
    for iso3, country in config["countries"].items():
        row = next((row for row, when in country.get("fill", []) if holds(when, on)), None)
        if row is not None:
            colours[iso3] = config["legend"][row]["color"]
    return colours


def page_counts(html: str) -> tuple[str, str]:
    claims = re.search(r'data-mapgen-count="claim">([^<]*)<', html).group(1)
    countries = re.search(r'data-mapgen-count="country">([^<]*)<', html).group(1)
    return claims, countries


def report_colours(report: dict, view) -> dict[str, str]:
    """Each country's colour as the report says it: the role it is painted as, else the dataset's."""
    role_colour = {row.key: row.colour for row in view.legend}
    colours = {entry["iso3"]: role_colour[entry["painted_as"]] for entry in report["named"]}
    for entry in report["dataset_countries"]:
        colours.setdefault(entry["iso3"], DATASET_COLOUR)
    return colours


def outputs_agree(data) -> None:
    view = api.view_of(data)
    assert json.loads(json.dumps(view.to_dict()))["claims_count"] == view.claims_count  # plain data, JSON and back
    context = renderers.Context(data.boundaries)
    html = renderers.render("page", view, context).decode("utf-8")
    report = json.loads(renderers.render("report-json", view, context))
    assert page_colours(html) == view.colours() == report_colours(report, view)  # the still image draws view.colours()
    assert page_counts(html) == (view.claims_count, view.countries_count)
    counts = report["counts"]
    assert view.claims_count.startswith(f"{counts['aggregate_claims']} ")
    assert view.countries_count.startswith(f"{counts['painted_countries'] + len(data.dataset_only())} ")
    texts = still_texts(view)
    claims = [claim.figure for claim in view.shown_claims() if claim.figure]
    assert all(figure in texts for figure in claims)


@pytest.mark.parametrize("size", range(len(COMPANIES) + 1))
def test_every_selection_of_the_test_story_agrees_in_page_image_and_report(everything, size):
    plain, with_table = everything
    for chosen in itertools.combinations(COMPANIES, size):
        for data in (plain, with_table):
            outputs_agree(api.select(data, list(chosen)) if chosen else data)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chosen=st.lists(st.sampled_from(COMPANIES), unique=True), lang=st.sampled_from(["en", "de", "zh", "fr"]))
def test_random_selections_agree_in_every_language(everything, chosen, lang):
    data = api.select(everything[1], chosen) if chosen else everything[1]
    view = api.view_of(data, lang)
    html = renderers.render("page", view, renderers.Context(data.boundaries)).decode("utf-8")
    assert page_colours(html) == view.colours()
    assert page_counts(html) == (view.claims_count, view.countries_count)
