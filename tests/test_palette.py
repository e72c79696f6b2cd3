"""Role colours stay distinguishable for colour-blind readers (simulated), and from the grey."""
import pytest

from mapgen.captions import DATASET_COLOUR, NO_FACT_GREY
from mapgen.palette import DEFICIENCIES, clashes
from mapgen.project import PALETTE, default_project


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_the_default_palette_and_the_storys_colours_stay_apart(deficiency):
    story = {role.key: role.colour for role in default_project().roles}
    for colours in (story, {f"palette {i}": colour for i, colour in enumerate(PALETTE)}):
        colours = colours | {"no fact": NO_FACT_GREY, "dataset only": DATASET_COLOUR}
        assert [c for c in clashes(colours) if c[2] == deficiency] == []


def test_a_colour_close_to_another_is_found():
    [(a, b, deficiency, _)] = [c for c in clashes({"one": "#E69F00", "two": "#E8A000"}) if c[2] == "normal"]
    assert (a, b) == ("one", "two")
    # red and green merge for a reader with deuteranopia, not for one with normal vision
    found = {c[2] for c in clashes({"red": "#D62728", "green": "#2CA02C"})}
    assert "deuteranopia" in found and "normal" not in found
