"""Hostile text in every field of a facts, sources or suppliers file.

For each payload the build either succeeds and Chromium shows the text literally, with no script
run and no dialog opened, or it fails with status 2 and one clear line.
"""
import re

import pytest

from mapgen.cli import main

from browser import center_of, why_no_browser, with_hooks
from conftest import FACT_HEADER, ONE_SOURCE, SOURCE_HEADER, fact, write_csv

reason = why_no_browser()
pytestmark = pytest.mark.skipif(reason is not None, reason=reason or "")

FLAG = "window.__pwned=1"
PAYLOADS = [
    f"<script>{FLAG}</script>",
    f"</script><script>{FLAG}</script>",
    f"<img src=x onerror=\"{FLAG}\">",
    f"\"><img src=x onerror={FLAG}>",
    f"<svg onload={FLAG}>",
    "<iframe src=\"javascript:parent.__pwned=1\"></iframe>",
    f"<details open ontoggle={FLAG}>",
    f"<a href=\"javascript:{FLAG}\">read</a>",
    f"<math><mtext><table><mglyph><style><img src=x onerror={FLAG}>",
    f"</textarea><script>{FLAG}</script>",
    f"]]><script>{FLAG}</script>",
    f"<!--<script>{FLAG}</script>-->",
    "<style>body{display:none}</style>",
    "<base href=\"https://attacker.example/\">",
    f"<meta http-equiv=\"refresh\" content=\"0;url=javascript:{FLAG}\">",
    f"`${{{FLAG}}}`",
    f"${{{FLAG}}}",
    f"'; {FLAG}; '",
    f"\"; {FLAG}; \"",
    f"\\\"; {FLAG}; //",
    f"\" onmouseover=\"{FLAG}\" x=\"",
    f"' onfocus='{FLAG}' autofocus='",
    f"javascript:{FLAG}",
    f"data:text/html,<script>{FLAG}</script>",
    f"line\u2028{FLAG}\u2029end",
    "{{ 7 * 7 }} {% if true %}jinja{% endif %} {# hidden #}",
    "&lt;script&gt; stays an entity &amp; text",
    "\u202eevil\u202c reversed, \u200fمرحبا right-to-left mark",
    "A" * 10_000,  # the longest cell mapgen reads (tables.MAX_CELL_CHARS)
    f"multi\nline\r\n<script>{FLAG}</script>",
    "null\x00byte",
    f"https://example.org/?q=${{{FLAG}}}",
    f"https://example.org/\"><script>{FLAG}</script>",
]
SUPPLIER_HEADER = ["id", "name", "aliases", "home_country"]
# Control characters such as NUL have no place in text: refused. Every other payload must build.
REFUSED_IN_TEXT = {"null\x00byte"}
REFUSAL_REASON = {"country": "unknown country", "supplier": "unknown supplier", "source": "is not in sources.csv",
                  "url": "url must start with http"}


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def build(folder, payload, cli_runner, where: str):
    """Write facts with the payload in ``where`` ("texts": every free-text field; or one field)."""
    source = dict(ONE_SOURCE)
    supplier = {"id": "dahua", "name": "Dahua", "aliases": "Dahua Technology", "home_country": "China"}
    row = fact(unit="", date="")
    if where == "texts":
        row.update(claim=payload, unit=payload, date=payload, value="1")
        source.update(headline=payload, publisher=payload, file=payload, note=payload)
        supplier.update(name=payload, aliases=payload)
    elif where == "url":
        source["url"] = payload
    else:
        row[where] = payload
    write_csv(folder / "sources.csv", SOURCE_HEADER, [source])
    write_csv(folder / "suppliers.csv", SUPPLIER_HEADER, [supplier])
    facts = write_csv(folder / "facts.csv", FACT_HEADER, [row])
    return cli_runner.invoke(main, ["build", "--self-contained", "--facts", str(facts),
                                    "--out", str(folder / "map.html")])


def assert_one_clear_line(result):
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mapgen: error: ") and "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def tab(chromium):
    """One browser tab for every payload's map (each is a fresh document in it), and the
    messages of any dialog a page opened, since the last map."""
    page = chromium.new_page(viewport={"width": 1280, "height": 760})
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield page, dialogs
    page.close()


def assert_shown_literally(tab, html_path, payload):
    page, dialogs = tab
    dialogs.clear()
    page.mouse.move(0, 0)
    page.goto(html_path.as_uri())
    page.wait_for_selector("html[data-mapgen-ready]", state="attached")
    with_hooks(page)
    x, y = center_of(page, "BRA")
    page.mouse.move(x, y)
    page.locator(".leaflet-tooltip").wait_for()
    page.mouse.click(x, y)
    page.locator(".leaflet-popup-content").wait_for()
    texts = {
        "panel": page.locator(".mapgen-named tbody tr").first.text_content(),
        "popup": page.locator(".leaflet-popup-content").text_content(),
    }
    flagged = page.evaluate("[window.__pwned, window.parent.__pwned, document.querySelectorAll('base').length]")
    assert flagged == [None, None, 0]
    assert dialogs == []
    expected = squash(payload.replace("\x00", ""))
    for where, text in texts.items():
        assert expected in squash(text), f"{where} does not show the payload as text"


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_payload_in_every_text_field(tmp_path, tab, payload):
    from click.testing import CliRunner

    result = build(tmp_path, payload, CliRunner(), "texts")
    if payload in REFUSED_IN_TEXT:
        assert_one_clear_line(result)
        assert "control character U+0000" in result.stderr
        return
    assert result.exit_code == 0, result.stderr
    assert_shown_literally(tab, tmp_path / "map.html", payload.strip())


@pytest.mark.parametrize("field", ["country", "supplier", "source", "url"])
@pytest.mark.parametrize("payload", PAYLOADS[:12] + PAYLOADS[22:25], ids=list(range(12)) + [22, 23, 24])
def test_payload_in_a_field_that_must_name_something_known(tmp_path, payload, field):
    from click.testing import CliRunner

    result = build(tmp_path, payload, CliRunner(), field)
    assert_one_clear_line(result)
    assert REFUSAL_REASON[field] in result.stderr


@pytest.mark.parametrize("payload", [f"<img src=x onerror=\"{FLAG}\">", f"<svg onload={FLAG}>",
                                     f"<a href=\"javascript:{FLAG}\">NE</a>"])
def test_a_translation_reaches_the_page_as_text_the_attribution_too(tmp_path, tab, payload):
    """Every interface string, the credit line Leaflet would write as HTML included, is text."""
    from click.testing import CliRunner

    strings = tmp_path / "strings.csv"
    write_csv(strings, ["key", "en"], [{"key": "attribution", "en": payload + " {version}"},
                                       {"key": "legend_title", "en": payload}])
    write_csv(tmp_path / "sources.csv", SOURCE_HEADER, [ONE_SOURCE])
    facts = write_csv(tmp_path / "facts.csv", FACT_HEADER, [fact()])
    result = CliRunner().invoke(main, ["build", "--facts", str(facts), "--lang", "en", "--strings", str(strings),
                                       "--out", str(tmp_path / "map.html")])
    assert result.exit_code == 0, result.stderr
    page, dialogs = tab
    dialogs.clear()
    page.goto((tmp_path / "map.html").as_uri())
    page.wait_for_selector("html[data-mapgen-ready]", state="attached")
    with_hooks(page)
    credit = page.locator(".leaflet-control-attribution")
    assert credit.count() == 1
    assert credit.text_content().startswith(payload + " ")
    assert credit.locator("img, svg, a").count() == 0
    assert page.locator(".mapgen-legend img, .mapgen-legend svg").count() == 0
    assert page.evaluate("[window.__pwned, document.querySelectorAll('img[src=x]').length]") == [None, 0]
    assert dialogs == []
