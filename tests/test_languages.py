"""--lang: interface strings from the translation table, country names from Natural Earth."""
import csv
import json
import re
import shutil

import pytest

from mapgen import write_map
from mapgen.i18n import languages

from browser import center_of, open_map, why_no_browser
from conftest import STORY, run_cli

SHIPPED = {"en", "pt", "it", "es", "fr", "de", "zh"}


def config_of(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="mapgen-config">(.*?)</script>', html, re.S).group(1)
    return json.loads(block)


def build(tmp_path, *args, cli):
    out = tmp_path / "map.html"
    result = cli("build", "--out", out, *args)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_the_shipped_table_has_every_language_the_newsroom_asked_for():
    assert SHIPPED <= set(languages())
    english = languages()["en"].strings
    for code in SHIPPED:
        assert languages()[code].strings.keys() == english.keys(), code


@pytest.mark.parametrize("code, names, interface", [
    ("pt", {"BRA": "Brasil", "ITA": "Itália", "USA": "Estados Unidos", "JPN": "Japão"},
     ["O que dizem as fontes", "Afirmações que não citam países", "Fornecedores", "Baixar os dados (CSV)"]),
    ("zh", {"BRA": "巴西", "ITA": "意大利", "USA": "美国", "JPN": "日本"},
     ["消息来源的说法", "未点名国家的说法", "供应商", "获取数据（CSV）"]),
    ("it", {"BRA": "Brasile", "DEU": "Germania"}, ["Affermazioni che non nominano paesi"]),
])
def test_a_language_translates_country_names_and_interface_but_not_facts(tmp_path, cli, code, names, interface):
    html = build(tmp_path, "--lang", code, cli=cli)
    config = config_of(html)
    assert f'<html lang="{code}">' in html
    for iso3, name in names.items():
        assert config["countries"][iso3]["name"] == name
    for text in interface:
        assert text in html
    assert config["text"]["legendTitle"] == languages()[code]("legend_title")
    roles = [row["label"] for row in config["legend"][:-1]]  # the roles in use, then the grey of no fact
    assert roles == [languages()[code](f"role_{key}") for key in ("supplier_home", "deployment", "restriction", "partnership")]
    assert config["legend"][-1]["label"] == languages()[code]("no_fact")
    # The facts keep the language they were written in.
    assert "Dahua has projects in Brazil." in html
    # The named list says the country in the map's language too.
    assert f'<th scope="row">{names["BRA"]}</th>' in html


def test_english_stays_the_default(tmp_path, cli):
    html = build(tmp_path, cli=cli)
    assert '<html lang="en">' in html
    assert config_of(html)["countries"]["BRA"]["name"] == "Brazil"
    assert "Claims that name no countries" in html


def test_an_unsupported_language_exits_2_and_lists_the_supported_ones(cli):
    result = cli("build", "--lang", "xx")
    assert result.exit_code == 2
    assert result.stderr.strip() == 'mapgen: error: language "xx" is not supported; supported: de, en, es, fr, it, pt, zh'


def own_table(path, column: str, strings: dict[str, str]):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["key", column])
        writer.writerows(strings.items())
    return path


def test_a_table_of_your_own_adds_a_language(tmp_path, cli):
    dutch = dict(languages()["en"].strings, legend_title="Wat de bronnen zeggen", no_fact="Geen feit in de bronnen")
    table = own_table(tmp_path / "nl.csv", "nl", dutch)
    html = build(tmp_path, "--lang", "nl", "--strings", table, cli=cli)
    assert '<html lang="nl">' in html and "Wat de bronnen zeggen" in html and "Geen feit in de bronnen" in html
    assert config_of(html)["countries"]["BRA"]["name"] == "Brazilië"  # Natural Earth's NAME_NL


def test_a_table_of_your_own_may_change_a_few_strings_of_a_shipped_language(tmp_path, cli):
    table = own_table(tmp_path / "pt.csv", "pt", {"legend_title": "Legenda"})
    html = build(tmp_path, "--lang", "pt", "--strings", table, cli=cli)
    assert "Legenda" in html and "Afirmações que não citam países" in html


@pytest.mark.parametrize("strings, message", [
    ({"legend_title": "Wat"}, 'nl.csv:1: language nl: no text for'),
    ({**{"legend_title": "x"}, "bogus_key": "x"}, 'unknown key "bogus_key"'),
])
def test_an_incomplete_or_wrong_table_is_one_clear_line(tmp_path, cli, strings, message):
    table = own_table(tmp_path / "nl.csv", "nl", strings)
    result = cli("build", "--lang", "nl", "--strings", table, "--out", tmp_path / "map.html")
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "map.html").exists()


def test_a_template_with_wrong_placeholders_names_its_line(tmp_path, cli):
    table = own_table(tmp_path / "pt.csv", "pt", {"legend_title": "Legenda", "fact_other": "{count} fatos"})
    result = cli("build", "--lang", "pt", "--strings", table)
    assert result.exit_code == 2
    assert 'pt.csv:3: language pt, "fact_other": placeholders must be {n}' in result.stderr


def test_a_template_cannot_reach_into_its_values(tmp_path, cli):
    table = own_table(tmp_path / "pt.csv", "pt", {"fact_other": "{n} {n.__class__} {0}"})
    html = build(tmp_path, "--lang", "pt", "--strings", table, cli=cli)
    assert config_of(html)["plurals"]["fact"]["other"] == "{n} {n.__class__} {0}"  # kept as text, never evaluated
    assert languages(table)["pt"]("fact_other", n=3) == "3 {n.__class__} {0}"


reason = why_no_browser()


@pytest.mark.skipif(reason is not None, reason=reason or "")
def test_chinese_map_in_the_browser(tmp_path, chromium):
    path = write_map(tmp_path / "map.html", STORY, self_contained=True, lang="zh")
    page = open_map(chromium, path)
    assert "消息来源的说法" in page.locator(".mapgen-legend").inner_text()
    assert page.locator(".leaflet-control-zoom-in").get_attribute("title") == "放大"
    assert page.locator(".leaflet-control-zoom-out").get_attribute("aria-label") == "缩小"
    x, y = center_of(page, "BRA")
    page.mouse.move(x, y)
    tooltip = page.locator(".mapgen-tooltip")
    tooltip.wait_for()
    assert "巴西" in tooltip.inner_text() and "已部署技术或项目" in tooltip.inner_text()


def test_a_map_in_a_language_the_project_has_no_words_for_says_so(tmp_path):
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "mapgen.toml").write_text(
        'facts = "facts.csv"\nlanguage = "de"\nnumbers = "en"\ntitle = { de = "Kraftwerke", en = "Power plants" }\n'
        'standfirst = "Für alle Sprachen."\n[roles.deployment]\nlabel = { de = "Gebaut" }\n', encoding="utf-8")
    shutil.copy(STORY, folder / "facts.csv")
    for name in ("sources.csv", "suppliers.csv"):
        shutil.copy(STORY.parent / name, folder / name)
    (folder / "facts.csv").write_text((folder / "facts.csv").read_text(encoding="utf-8").replace(
        "supplier_home", "deployment").replace("restriction", "deployment").replace("partnership", "deployment"),
        encoding="utf-8")
    result = run_cli("build", folder, "--lang", "fr", "--out", tmp_path / "map.html")
    assert result.returncode == 0, result.stderr
    warning = [line for line in result.stderr.splitlines() if "no fr words" in line]
    assert warning == [f"mapgen: warning: {folder / 'mapgen.toml'}: no fr words for title, [roles.deployment] label; "
                       'the map shows them in de (add fr = "..." to each)']
    assert "no de words" not in run_cli("build", folder, "--out", tmp_path / "de.html").stderr
