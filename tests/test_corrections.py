"""Corrections: [[corrections]] in mapgen.toml, shown as dated notes in every output."""
import csv
import io
import json
import re

import pytest
from markupsafe import escape

from mapgen import api
from mapgen.image import draw_image, still_texts
from mapgen.project import ProjectError, load_project

from conftest import STORY, story_copy

HOSTILE = 'An earlier version showed Italy <script>alert("x")</script> & more.'
CORRECTION = f'''
[[corrections]]
date = 2026-12-01
what = {{ en = {json.dumps(HOSTILE)}, pt = "Uma versão anterior mostrava a Itália." }}
why = "The source names Brazil only."
'''


def story_with(tmp_path, toml_tail: str, drop_fact: str | None = None):
    """A copy of the tests' story with ``toml_tail`` added to its mapgen.toml (and a fact removed)."""
    folder = story_copy(tmp_path / "story")
    with (folder / "mapgen.toml").open("a", encoding="utf-8") as handle:
        handle.write(toml_tail)
    if drop_fact:
        facts = folder / "facts.csv"
        lines = facts.read_text(encoding="utf-8").splitlines(keepends=True)
        facts.write_text("".join(line for line in lines if not line.startswith(f"{drop_fact},")), encoding="utf-8")
    return folder


def note(lang: str = "en") -> str:
    if lang == "pt":
        return "Correção, 1 de dezembro de 2026: Uma versão anterior mostrava a Itália. The source names Brazil only."
    return f"Correction, December 1, 2026: {HOSTILE} The source names Brazil only."


@pytest.fixture
def corrected(tmp_path):
    return api.load(project=story_with(tmp_path, CORRECTION))


def test_the_page_shows_the_dated_note_escaped_and_lists_it_in_json_ld(tmp_path, corrected):
    page = api.write_outputs(corrected, tmp_path / "out" / "map.html")[0].read_text(encoding="utf-8")
    assert str(escape(note())) in page
    assert "<script>alert" not in page
    assert '<time datetime="2026-12-01">' in page
    linked = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert linked["@type"] == "Map" and linked["name"] == api.view_of(corrected).title
    assert linked["dateModified"] == "2026-12-01"
    assert linked["correction"] == [{"@type": "CorrectionComment", "datePublished": "2026-12-01",
                                     "text": f"{HOSTILE} The source names Brazil only."}]


def test_a_page_without_corrections_has_json_ld_without_them(tmp_path):
    page = api.write_outputs(api.load(STORY), tmp_path / "map.html", data_file=False)[0].read_text(encoding="utf-8")
    linked = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert linked["@type"] == "Map" and "correction" not in linked and "dateModified" not in linked
    assert 'class="mapgen-correction"' not in page


def test_the_still_image_sets_the_note_and_grows_to_hold_it(corrected):
    view = api.view_of(corrected)
    assert note() in still_texts(view)
    plain = api.view_of(api.load(STORY))
    assert note() not in still_texts(plain)
    corrected_image = draw_image(view, corrected.boundaries, width=800, dpi=100)
    plain_image = draw_image(plain, corrected.boundaries, width=800, dpi=100)
    assert corrected_image.height > plain_image.height


def test_the_data_file_lists_the_correction_as_a_row_of_its_own(tmp_path, corrected):
    out = api.write_outputs(corrected, tmp_path / "map.html")[1]
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    corrections = [row for row in rows if row["kind"] == "correction"]
    assert corrections == [{**{key: "" for key in rows[0]}, "id": "correction:1", "kind": "correction",
                            "date": "2026-12-01", "claim": note()}]
    assert len(rows) > 1  # the facts are still there


def test_the_report_lists_corrections_in_text_and_json(corrected):
    text = api.render_report(corrected, "text")
    assert f"Corrections:\n  - {note()}\n" in text
    data = json.loads(api.render_report(corrected, "json", lang="pt"))
    assert data["corrections"] == [{"date": "2026-12-01", "what": "Uma versão anterior mostrava a Itália.",
                                    "why": "The source names Brazil only.", "note": note("pt")}]


def test_notes_are_newest_first_with_dates_in_the_maps_language(tmp_path):
    later = '\n[[corrections]]\ndate = 2027-01-15\nwhat = "Added Peru."\nwhy = "A new source."\n'
    data = api.load(project=story_with(tmp_path, CORRECTION + later))
    assert [c.date for c in api.view_of(data).corrections] == ["2027-01-15", "2026-12-01"]
    assert api.view_of(data, "de").corrections[0].note == "Korrektur, 15. Januar 2027: Added Peru. A new source."
    rows = [row for row in api.view_of(data).rows if row["kind"] == "correction"]
    assert [row["id"] for row in rows] == ["correction:2", "correction:1"]


def test_a_correction_that_removes_a_fact_keeps_its_note(tmp_path):
    data = api.load(project=story_with(tmp_path, CORRECTION, drop_fact="dahua-italy"))
    view = api.view_of(data)
    assert "ITA" not in {country.iso3 for country in view.countries}
    assert [c.note for c in view.corrections] == [note()]
    page = api.write_outputs(data, tmp_path / "map.html")[0].read_text(encoding="utf-8")
    assert str(escape(note())) in page and "Dahua has projects in Italy." not in page


@pytest.mark.parametrize("tail, message", [
    ('\n[[corrections]]\ndate = 2026-12-01\nwhat = "x"\n', "[[corrections]] #1 needs why"),
    ('\n[[corrections]]\ndate = "yesterday"\nwhat = "x"\nwhy = "y"\n', "[[corrections]] #1 date must be a date"),
    ('\n[[corrections]]\ndate = 2026-12-01\nwhat = "x"\nwhy = "y"\nreason = "z"\n',
     'unknown key "[[corrections]] #1 reason"; did you mean why?'),
    ('\n[[corrections]]\ndate = 2026-12-01\nwhat = ""\nwhy = "y"\n', "[[corrections]] #1 what must be a string"),
    ('\ncorrections = "fixed"\n', "corrections must be tables"),
])
def test_a_wrong_correction_is_one_error_naming_the_key(tmp_path, tail, message):
    with pytest.raises(ProjectError) as err:
        load_project(story_with(tmp_path, tail))
    assert message in str(err.value) and "\n" not in str(err.value)


def test_the_cli_says_a_wrong_correction_in_one_line(tmp_path, cli):
    folder = story_with(tmp_path, '\n[[corrections]]\ndate = 2026-12-01\n')
    result = cli("build", folder, "--out", tmp_path / "map.html")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "needs what and why" in result.stderr
    assert not (tmp_path / "map.html").exists()


def test_a_correction_without_words_in_the_maps_language_is_a_warning(corrected):
    lines = [line for line in api.warnings(corrected, "de") if "no de words" in line]
    assert len(lines) == 1 and "[[corrections]] #1 what" in lines[0]
    assert not [line for line in api.warnings(corrected, "pt") if "[[corrections]] #1 what" in line]
