"""Editions of a dataset: each says its series and edition, and every count stays per edition."""
import shutil

import pytest

from mapgen import load
from mapgen.errors import MapgenError
from mapgen.recipes import Recipe, load_recipe

from conftest import ROOT, STORY

EDITIONS = ROOT / "tests" / "fixtures" / "editions"
W2020, W2022 = EDITIONS / "watch-2020.csv", EDITIONS / "watch-2022.csv"


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
