"""Fact checks that say which way, scopes checked when facts load, framing that follows the
selection, and evidence checked against the source texts."""
import csv
import io
import re
import shutil

import pytest

from mapgen import api, report
from mapgen.captions import check_line, foot, headline
from mapgen.i18n import languages

from conftest import STORY, STORY_TEXTS, fact, run_cli

# Invented for these tests: 40 rows naming Huawei, 3 of them members; 2 rows naming only NEC.
TABLE = ("country,companies,member\n"
         + "".join(f"{name},Huawei,{1 if i < 3 else 0}\n" for i, name in enumerate(
             ["Kenya", "Peru", "Chile", "Ghana", "Nepal", "Oman", "Fiji", "Togo", "Mali", "Chad",
              "Laos", "Iraq", "Iran", "Cuba", "Haiti", "Gabon", "Benin", "Niger", "Egypt", "Qatar",
              "Spain", "Japan", "India", "Italy", "Yemen", "Syria", "Sudan", "Samoa", "Tonga", "Malta",
              "Libya", "Nauru", "Palau", "Kuwait", "Israel", "Jordan", "Angola", "Zambia", "Uganda", "Rwanda"]))
         + "Bhutan,NEC,0\nBelize,NEC,1\n")
RECIPE = ('title = "Vendor index"\npublisher = "A Lab"\nyear = 2022\nlicence = "CC BY 4.0"\norigins_from = "catalogue"\n'
          '[suppliers]\ncolumn = "companies"\n[memberships]\nBRI = "member"\n')


@pytest.fixture
def table(tmp_path):
    path = tmp_path / "index.csv"
    path.write_text(TABLE, encoding="utf-8")
    (tmp_path / "index.recipe.toml").write_text(RECIPE, encoding="utf-8")
    return path


def test_checks_are_numbers_and_say_which_way_from_the_articles_side(table):
    data = report(STORY, datasets=[table])
    checks = {a["id"]: a["reconciliation"] for a in data["aggregate"]}
    [huawei] = checks["agg-huawei-50"]
    assert (huawei["count"], huawei["gap"], huawei["verdict"]) == (40, 10, "article_higher")
    assert huawei["text"].startswith("The article says 50 countries; Vendor index 2022 lists 40: "
                                     "the article's figure is 10 higher.")
    # A claim from 2019 against a 2022 edition says so, rather than reading as an error.
    assert "The claim dates from 2019; the dataset from 2022." in huawei["text"]
    [bri] = checks["agg-36-of-86"]
    assert (bri["count"], bri["denominator"], bri["denominator_gap"]) == (3, 4, 82)
    assert "the article's figure is 33 higher. The totals differ: 86 in the article, 4 in the dataset." in bri["text"]
    [at_least] = checks["agg-63"]
    assert at_least["claim"]["qualifier"] == "at_least" and at_least["verdict"] == "article_higher"


@pytest.mark.parametrize("code, expected", [
    ("en", "the article's figure is 10 higher"), ("pt", "o número do artigo é 10 maior"),
    ("it", "la cifra dell'articolo è più alta di 10"), ("es", "la cifra del artículo es 10 mayor"),
    ("fr", "le chiffre de l'article est supérieur de 10"), ("de", "die Zahl des Artikels ist um 10 höher"),
    ("zh", "文章的数字高出10"),
])
def test_every_language_words_the_same_check(table, code, expected):
    data = api.load(STORY, datasets=[table])
    claim = next(a for a in data.aggregate if a.id == "agg-huawei-50")
    [check] = data.reconciliations[claim.id]
    text = check_line(languages()[code], data, claim, check)
    assert expected in text and "50" in text and "40" in text


def test_members_without_a_join_date_are_counted_both_ways(tmp_path, table):
    members = tmp_path / "club.csv"
    members.write_text("iso3,mou\nKEN,2015-01-01\nPER,\nCHL,2030-01-01\n", encoding="utf-8")
    (tmp_path / "club.recipe.toml").write_text('title = "Club"\nkind = "membership"\nname = "BRI"\n'
                                               'country = "iso3"\njoin = "mou"\n', encoding="utf-8")
    result = run_cli("report", "--dataset", table, "--membership", members, "--as-of", "2019-09-30")
    assert result.returncode == 0, result.stderr
    assert "lists 1 of 1; 2 of 2 if members with no join date count" in result.stdout


@pytest.mark.parametrize("scope, expected", [
    ("supplier=Huwaei", 'unknown supplier "Huwaei"; did you mean "Huawei"?'),
    ("supplier_origin=Chnia", 'unknown country "Chnia"; did you mean "China"?'),
    ("member=BRl", 'unknown membership "BRl"; did you mean "BRI"?'),
    ("suplier=Huawei", 'scope key "suplier" is not one of supplier, supplier_origin, member; did you mean "supplier"?'),
])
def test_scope_typos_fail_check_with_a_suggestion_with_or_without_a_dataset(facts_dir, scope, expected):
    path = facts_dir([fact(id="a1", kind="aggregate", country="", value="50", scope=scope)])
    result = run_cli("check", "--facts", path)
    assert result.returncode == 2 and expected in result.stderr and "Traceback" not in result.stderr


def test_a_map_of_a_non_chinese_supplier_is_not_headed_chinese(table):
    english = languages()["en"]
    assert headline(api.load(STORY), english, None).startswith("Chinese")
    nec = api.load(STORY, suppliers=["NEC"], datasets=[table])
    assert headline(nec, english, None) == "AI surveillance: the countries the sources name"
    assert "Chinese" not in headline(api.load(STORY, datasets=[table]), english, None)


def test_the_footer_credits_the_datasets_and_is_never_empty(table):
    english = languages()["en"]
    nec = api.load(STORY, suppliers=["NEC"], datasets=[table])
    line = foot(nec, english)
    assert line.startswith("No article fact in this selection. Data: Vendor index (A Lab, 2022; licence: CC BY 4.0).")
    assert "Sources: ;" not in line
    everything = foot(api.load(STORY, datasets=[table]), english)
    assert everything.startswith("Sources: Fixture Times, Fixture Wire and 1 article with no publisher named;")


def test_dataset_countries_are_in_the_text_report_the_page_list_and_the_csv(tmp_path, table, cli):
    text = report(STORY, datasets=[table], format="text")
    assert "Countries only a dataset colours (40):" in text
    assert "  Bhutan (BTN)\n    In Vendor index 2022 (A Lab): Suppliers: NEC [index.csv, row 42]" in text
    out = tmp_path / "map.html"
    assert cli("build", "--out", out, "--dataset", table).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.with_suffix(".csv").read_text(encoding="utf-8-sig"))))
    bhutan = next(row for row in rows if row["iso3"] == "BTN")
    assert (bhutan["kind"], bhutan["supplier"], bhutan["source_headline"], bhutan["dataset_rows"]) == \
        ("dataset", "NEC", "Vendor index", "42")
    assert "Countries only a dataset colours (40)" in out.read_text(encoding="utf-8")


def test_headings_and_data_keep_the_qualifier(tmp_path, cli):
    data = report(STORY)
    at_least = next(a for a in data["aggregate"] if a["id"] == "agg-63")
    assert at_least["figure"] == "at least 63 countries" and at_least["qualifier"] == "at_least"
    out = tmp_path / "map.html"
    cli("build", "--out", out)
    assert "at least 63 countries" in out.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(out.with_suffix(".csv").read_text(encoding="utf-8-sig"))))
    assert next(r for r in rows if r["id"] == "agg-63")["figure"] == "at least 63 countries"


def test_evidence_is_checked_against_the_source_texts(tmp_path, cli):
    assert cli("check", "--sources", STORY_TEXTS).exit_code == 0
    story = tmp_path / "story"
    shutil.copytree(STORY.parent, story)
    facts = (story / "facts.csv").read_text(encoding="utf-8")
    (story / "facts.csv").write_text(facts.replace("Dahua Technology has projects in Brazil\n",
                                                   "Dahua Technology has many projects in Brazil\n"), encoding="utf-8")
    result = cli("check", "--facts", story / "facts.csv", "--sources", story / "texts")
    assert result.exit_code == 2
    assert 'facts.csv:9: dahua-brazil: evidence "Dahua Technology has many projects in Brazil" is not in alpha.txt' \
        in result.stderr


def test_evidence_longer_than_fifteen_words_is_refused(facts_dir):
    path = facts_dir([fact(evidence=" ".join(["word"] * 16))])
    result = run_cli("check", "--facts", path)
    assert result.returncode == 2 and "evidence has 16 words" in result.stderr


def test_a_source_without_a_headline_is_described_not_quoted():
    html = api.build_map(STORY).get_root().render()
    assert "untitled text: Washington&#39;s measures and partners abroad" in html
    assert "\u201cnot stated\u201d" not in html
    beta = next(f["source"] for c in report(STORY)["named"] for f in c["facts"] if f["source"]["id"] == "fx-beta")
    assert beta["headline"] == "not stated" and beta["summary"] == "Washington's measures and partners abroad"


def _check(**values):
    from mapgen.reconcile import Check
    base = dict(claim_id="c", dataset="Index (Lab, 2022)", dataset_title="Index", dataset_year="2022",
                membership=None, membership_column=None, value=50, qualifier="exact", claim_denominator=None,
                claim_year="2022", count=50, denominator=None)
    return Check(**{**base, **values})


VERDICT_KEYS = {
    "agree": ({}, "check_agree"),
    "bears out": ({"qualifier": "at_least", "count": 60}, "check_bears_out"),
    "higher": ({"count": 45}, "check_higher"),
    "lower": ({"count": 58}, "check_lower"),
    "totals": ({"claim_denominator": 86, "denominator": 43, "membership_column": "bri"}, "check_totals"),
    "edition": ({"claim_year": "2019"}, "check_edition"),
    "undated": ({"claim_denominator": 86, "denominator": 43, "undated": 1, "undated_members": 4,
                 "membership": "Club list"}, "check_undated"),
    "not checked": ({"count": None, "unchecked": "no_membership", "membership_name": "BRI"}, "check_not_checked"),
}


@pytest.mark.parametrize("code", sorted(languages()))
@pytest.mark.parametrize("case", sorted(VERDICT_KEYS))
def test_every_verdict_is_worded_in_every_language(code, case):
    from mapgen.facts import AggregateClaim
    lang = languages()[code]
    values, key = VERDICT_KEYS[case]
    check = _check(**values)
    claim = AggregateClaim(id="c", supplier=None, role=None, claim="x", source="s", value=50,
                           denominator=check.claim_denominator, unit="", qualifier=check.qualifier)
    text = check_line(lang, api.load(STORY), claim, check)
    # The key's own words (its text between placeholders) are in the line, in this language.
    fixed = [part for part in re.split(r"\{[a-z_]+\}", lang.template(key)) if len(part.strip(" .;:,")) > 2]
    assert fixed and all(part.strip() in text for part in fixed), (key, text)
