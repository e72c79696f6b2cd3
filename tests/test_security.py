"""Text from a facts file is untrusted: it must reach the page as text, never as markup or script."""
import re

import pytest
from markupsafe import escape

from mapgen import write_map

from conftest import ONE_SOURCE, fact, write_csv

PAYLOADS = [
    "</script><script>window.pwned=1</script>",
    "<img src=x onerror=window.pwned=1>",
    "`${window.pwned=1}`",
    "\" onmouseover=\"window.pwned=1",
    "line\u2028separator\u2029paragraph",
    "{{ 7 * 7 }} {% if true %}jinja{% endif %}",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_claims_sources_and_suppliers_are_escaped(tmp_path, facts_dir, payload):
    path = facts_dir([fact(claim=f"Claim {payload}"), fact(id="a1", kind="aggregate", country="", claim=payload)],
                     [{**ONE_SOURCE, "headline": payload, "publisher": payload}])
    write_csv(path.parent / "suppliers.csv", ["id", "name", "aliases", "home_country"],
              [{"id": "dahua", "name": f"Dahua {payload}", "aliases": "Dahua", "home_country": "China"}])
    html = write_map(tmp_path / "map.html", facts=path).read_text(encoding="utf-8")
    scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    assert not any("window.pwned" in s and "<img" in s for s in scripts)
    assert "<script>window.pwned" not in html
    assert "<img src=x" not in html
    assert "\u2028" not in "".join(scripts) and "\u2029" not in "".join(scripts)
    body = re.sub(r"<script.*?</script>", "", html.split("<body>", 1)[1], flags=re.S)  # the page's text
    assert 'onmouseover="window' not in body
    assert str(escape(f"Claim {payload}")) in body  # shown, as text


def test_template_syntax_is_never_evaluated(tmp_path, facts_dir):
    # branca compiles rendered scripts as Jinja templates; "{{ 7 * 7 }}" must not become 49.
    payload = "Costs {{ 7 * 7 }} {% if true %}yes{% endif %}"
    path = facts_dir([fact(claim=payload)], [{**ONE_SOURCE, "headline": payload}])
    html = write_map(tmp_path / "map.html", facts=path).read_text(encoding="utf-8")
    assert payload in html  # the panel shows it as text
    assert "Costs 49" not in html and "Costs {{ 7 * 7 }} yes" not in html
    assert "\\u007b{ 7 * 7 }}" in html  # the script data, with the brace escaped
