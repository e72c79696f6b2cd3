"""Property-based: whatever bytes or TOML reach a reader, only mapgen's own error comes out."""
import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mapgen.errors import MapgenError
from mapgen.facts import load_facts
from mapgen.i18n import languages
from mapgen.project import ProjectError, load_project
from mapgen.recipes import RecipeError, load_recipe, recipe_from_dict
from mapgen.tables import read_any_table, read_table

from conftest import STORY

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Values TOML can hold, nested a little: what a hand-edited recipe or project may contain.
TOML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
).filter(lambda value: value is not None)
KEYS = st.sampled_from(["title", "facts", "kind", "country", "suppliers", "flags", "paint_if", "origins", "roles",
                        "region", "datasets", "output", "language", "as_of", "actor", "unused", "name", "exclude",
                        "nothing", "groups", "column", "columns", "separators", "aliases", "memberships", "x"])
TABLE_BYTES = st.binary(max_size=400) | st.text(alphabet=',;\t"\n\r\x00abcKenyaDahua1 ', max_size=200).map(
    lambda text: text.encode("utf-8"))


def only_mapgen_errors(call):
    try:
        call()
    except MapgenError:
        pass


@FAST
@given(content=TABLE_BYTES, suffix=st.sampled_from([".csv", ".tsv", ".xlsx"]))
def test_any_bytes_as_a_dataset_or_a_keyed_table(tmp_path, content, suffix):
    path = tmp_path / f"table{suffix}"
    path.write_bytes(content)
    only_mapgen_errors(lambda: read_any_table(path))
    only_mapgen_errors(lambda: read_table(path, ("id", "name")))


@FAST
@given(content=TABLE_BYTES)
def test_any_bytes_as_a_facts_file_or_a_translation_table(tmp_path, content):
    story = tmp_path / "story"
    if not story.exists():
        shutil.copytree(STORY.parent, story)
    (story / "facts.csv").write_bytes(content)
    only_mapgen_errors(lambda: load_facts(story / "facts.csv"))
    (tmp_path / "strings.csv").write_bytes(content)
    only_mapgen_errors(lambda: languages(tmp_path / "strings.csv"))


@FAST
@given(data=st.dictionaries(KEYS, TOML_VALUES, max_size=6))
def test_any_toml_as_a_recipe(data):
    try:
        recipe_from_dict(data)
    except RecipeError:
        pass


@FAST
@given(text=st.text(max_size=200))
def test_any_text_as_a_recipe_or_project_file(tmp_path, text):
    path = tmp_path / "x.recipe.toml"
    path.write_text(text, encoding="utf-8")
    only_mapgen_errors(lambda: load_recipe(path))
    project = tmp_path / "mapgen.toml"
    project.write_text(text, encoding="utf-8")
    only_mapgen_errors(lambda: load_project(project))


@FAST
@given(data=st.dictionaries(KEYS, TOML_VALUES, max_size=6))
def test_any_toml_as_a_project(tmp_path, data):
    import tomllib

    def dumps(value):  # a tiny TOML writer for what TOML_VALUES holds
        import json
        return json.dumps(value)

    lines = []
    for key, value in data.items():
        if isinstance(value, dict):
            continue
        lines.append(f'"{key}" = {dumps(value) if not isinstance(value, bool) else str(value).lower()}')
    text = "\n".join(lines)
    try:
        tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError):
        return
    (tmp_path / "mapgen.toml").write_text(text, encoding="utf-8")
    try:
        load_project(tmp_path / "mapgen.toml")
    except ProjectError:
        pass
