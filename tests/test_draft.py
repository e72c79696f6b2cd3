"""mapgen draft: each rule on small texts of our own, the draft files, accepting rows."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mapgen import api
from mapgen.countries import CountryResolver
from mapgen.draft import Drafter, sentences
from mapgen.errors import MapgenError
from mapgen.project import default_roles
from mapgen.suppliers import Supplier, SupplierCatalogue

GOLD = Path(__file__).parent / "fixtures" / "draft"


@pytest.fixture(scope="module")
def drafter() -> Drafter:
    catalogue = SupplierCatalogue([Supplier("kestrel", "Kestrel Optics", ("Kestrel",), "CHN"),
                                   Supplier("orbis", "Orbis Labs", (), "GBR")])
    return Drafter(catalogue, CountryResolver.from_file(), [role.key for role in default_roles()])


def named(drafter: Drafter, text: str, file: str = "t.txt") -> set[tuple[str, str, str, bool]]:
    rows = drafter.draft("t", file, text).rows
    return {(r.iso3, r.supplier, r.role, r.hedged) for r in rows if r.kind == "named"}


def figures(drafter: Drafter, text: str) -> list[tuple[float | None, float | None, str, str]]:
    return [(r.value, r.denominator, r.qualifier, r.unit) for r in drafter.draft("t", "t.txt", text).rows
            if r.kind == "aggregate"]


def test_a_deployment_names_country_company_and_cue(drafter):
    assert named(drafter, "Kestrel Optics installed cameras in Peru.") == {("PER", "Kestrel Optics", "deployment", False)}


def test_hedged_statements_are_marked_never_stated_as_done(drafter):
    for text in ("Ghana could ban Kestrel Optics.", "Ghana is considering a ban on Kestrel Optics.",
                 "Ghana plans to ban Kestrel Optics.", "Ghana said it would ban Kestrel Optics."):
        rows = drafter.draft("t", "t.txt", text).rows
        assert [(r.iso3, r.role, r.hedged) for r in rows] == [("GHA", "restriction", True)], text
        assert rows[0].claim.startswith("Not stated as done")
    assert named(drafter, "Le Ghana pourrait interdire Kestrel Optics.") == {("GHA", "Kestrel Optics", "restriction", True)}


def test_a_conference_venue_is_no_fact(drafter):
    assert named(drafter, "Kestrel Optics showed its cameras at a security conference in Dubai.") == set()
    assert named(drafter, "Kestrel Optics a présenté ses caméras au salon Milipol, à Paris.") == set()


def test_a_comparison_or_a_newspaper_name_is_no_fact(drafter):
    assert named(drafter, "Kestrel Optics cameras are cheaper than those sold in Japan.") == set()
    assert named(drafter, "Kestrel Optics sold cameras, the South China Morning Post reported.") == set()


def test_nationality_adjectives(drafter):
    assert named(drafter, "The Chinese camera maker Kestrel Optics sold cameras to Kenya.") == {
        ("CHN", "Kestrel Optics", "supplier_home", False), ("KEN", "Kestrel Optics", "deployment", False)}
    # An adjective on a government is that government acting, not the company's home.
    assert named(drafter, "The Dutch government banned Kestrel Optics.") == {("NLD", "Kestrel Optics", "restriction", False)}
    assert named(drafter, "Orbis Labs, a British firm, signed a partnership in Chile.") == {
        ("GBR", "Orbis Labs", "supplier_home", False), ("CHL", "Orbis Labs", "partnership", False)}
    assert named(drafter, "Die deutsche Firma Kestrel Optics liefert Kameras nach Serbien.") == {
        ("DEU", "Kestrel Optics", "supplier_home", False), ("SRB", "Kestrel Optics", "deployment", False)}


def test_n_of_m_figures_and_qualifiers_in_each_language(drafter):
    assert figures(drafter, "Kestrel Optics cameras watch 12 of the 54 African states.") == [(12, 54, "exact", "African states")]
    assert figures(drafter, "Three out of seven vendors sell abroad.") == [(3, 7, "exact", "vendors")]
    assert figures(drafter, "Kestrel Optics sells to at least 63 countries.") == [(63, None, "at_least", "countries")]
    assert figures(drafter, "Près de 60 % du chiffre d'affaires vient de l'étranger.")[0][:3] == (60, None, "almost")
    spanish = "Casi 2.500 cámaras fueron instaladas en las calles de la ciudad por la empresa."
    assert figures(drafter, spanish) == [(2500, None, "almost", "cámaras")]
    german = "Mehr als 1.000 Kameras wurden in der Stadt und im Umland installiert."
    assert figures(drafter, german) == [(1000, None, "more_than", "Kameras")]
    portuguese = "Cerca de 1,5 milhões de câmeras foram vendidas para o governo e para a polícia da cidade."
    assert figures(drafter, portuguese)[0][:3] == (1.5, None, "about")
    assert figures(drafter, "The contract was signed in 2019 by the police.") == []


def test_a_figure_in_a_sentence_naming_a_country_stays_on_the_named_fact(drafter):
    rows = drafter.draft("t", "t.txt", "Kestrel Optics supplies cameras to 9 of the 15 ministries in Uganda.").rows
    assert [(r.kind, r.iso3, r.value, r.denominator) for r in rows] == [("named", "UGA", 9, 15)]


def test_the_company_is_followed_to_the_sentence_before_it_is_not(drafter):
    text = "Kestrel Optics opened an office. The company signed a partnership in Nigeria."
    rows = drafter.draft("t", "t.txt", text).rows
    assert [(r.iso3, r.supplier, r.role) for r in rows] == [("NGA", "Kestrel Optics", "partnership")]
    assert "from the sentence before" in rows[0].reason and rows[0].confidence < 0.9
    assert named(drafter, "Kestrel Optics opened an office. It signed a partnership in Nigeria.") == set()


def test_evidence_is_the_text_itself_at_its_offsets(drafter):
    text = "Headline\n\nAfter months of talks, Kestrel Optics installed cameras in Peru, officials said."
    row = drafter.draft("t", "t.txt", text).rows[0]
    assert [text[s.start:s.end] for s in row.spans] == [row.evidence]
    assert "Kestrel Optics" in row.evidence and "Peru" in row.evidence and len(row.evidence.split()) <= 15
    assert "Kestrel Optics" in row.reason and "installed" in row.reason


def test_html_markup_stays_out_of_evidence(drafter):
    text = "<p>Kestrel Optics <b>installed</b> cameras in Peru.</p>"
    row = drafter.draft("t", "t.html", text).rows[0]
    assert "<" not in row.evidence and all(text[s.start:s.end] in row.evidence for s in row.spans)


def test_sentences_do_not_end_at_abbreviations():
    text = "The U.S. Commerce Department acted. Kestrel Ltd. said so."
    assert [text[s.start:s.end] for s in sentences(text)] == ["The U.S. Commerce Department acted.", "Kestrel Ltd. said so."]


def test_the_same_text_gives_the_same_rows(drafter):
    text = (GOLD / "texts" / "wire.txt").read_text(encoding="utf-8")
    assert drafter.draft("w", "wire.txt", text).rows == drafter.draft("w", "wire.txt", text).rows


@pytest.fixture()
def project(tmp_path) -> Path:
    folder = tmp_path / "story"
    shutil.copytree(GOLD, folder)
    (folder / "facts.csv").write_text((GOLD / "facts.csv").read_text(encoding="utf-8").splitlines()[0] + "\n"
                                      + (GOLD / "facts.csv").read_text(encoding="utf-8").splitlines()[1] + "\n",
                                      encoding="utf-8")
    return folder


def test_draft_review_accept_check(project):
    paths = api.draft([project / "texts" / "wire.txt", project / "texts" / "ban.txt"], project)
    assert [p.name for p in paths] == ["facts.draft.html", "facts.draft.csv", "sources.draft.csv"]
    draft = (project / "facts.draft.csv").read_text(encoding="utf-8")
    assert "wire-helix-vision-ken-deployment" in draft
    page = (project / "facts.draft.html").read_text(encoding="utf-8")
    assert '<mark id="wire-span' in page and "wire-helix-vision-ken-deployment" in page
    before = api.load(project=project)
    assert len(before.facts.facts) == 1  # a build never shows a draft row
    api.accept_draft(["wire-helix-vision-ken-deployment"], project)
    after = api.load(project=project)
    assert [f.id for f in after.facts.facts] == ["wire-helix-china", "wire-helix-vision-ken-deployment"]
    assert after.facts.evidence.verified(after.facts.facts[1])
    assert "wire-helix-vision-ken-deployment" not in (project / "facts.draft.csv").read_text(encoding="utf-8")


def test_drafting_again_proposes_only_what_the_facts_do_not_state(project):
    said: list[str] = []
    api.draft([project / "texts" / "wire.txt"], project, warn=said.append)
    first = (project / "facts.draft.csv").read_text(encoding="utf-8")
    assert "wire-helix-vision-chn-supplier-home" not in first  # facts.csv states it (wire-helix-china)
    assert said == [f"{project / 'facts.csv'}: already states 1 of the proposed rows; left out of the draft "
                    "(the review page names them)"]
    api.accept_draft(["wire-helix-vision-ken-deployment"], project)
    api.draft([project / "texts" / "wire.txt"], project, warn=said.append)
    again = (project / "facts.draft.csv").read_text(encoding="utf-8")
    assert "wire-helix-vision-ken-deployment" not in again and "wire-helix-vision-zmb-deployment" in again
    assert "already states 2 of the proposed rows" in said[-1]
    page = (project / "facts.draft.html").read_text(encoding="utf-8")
    assert "named: Kenya, Helix Vision, deployment (fact <code>wire-helix-vision-ken-deployment</code>)" in page


def test_the_readmes_loop_on_a_new_project_drafts_and_accepts_what_the_facts_lack(tmp_path):
    from conftest import ROOT, run_cli

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    accepted = "example-source-example-rail-co-tza-built"
    assert f"mapgen draft --accept {accepted} --project rail" in readme
    rail = tmp_path / "rail"
    assert run_cli("new", rail).returncode == 0
    drafted = run_cli("draft", rail / "texts" / "example.txt", "--project", rail)
    assert drafted.returncode == 0 and "already states 4 of the proposed rows" in drafted.stderr
    proposed = [line.split(",")[0] for line in (rail / "facts.draft.csv").read_text(encoding="utf-8").splitlines()[1:]]
    assert proposed == [accepted]
    assert run_cli("draft", "--accept", accepted, "--project", rail).returncode == 0
    assert run_cli("check", rail).returncode == 0


def test_a_draft_file_is_refused_as_facts(project):
    api.draft([project / "texts" / "wire.txt"], project)
    with pytest.raises(MapgenError, match="a draft of facts"):
        api.load(project / "facts.draft.csv")


def test_accept_refuses_unknown_ids_and_symlinks_and_leaves_facts_alone(project, tmp_path):
    api.draft([project / "texts" / "wire.txt"], project)
    facts = (project / "facts.csv").read_bytes()
    with pytest.raises(MapgenError, match="no draft row"):
        api.accept_draft(["nothing-such"], project)
    for target, refusal in ((project / "kept.csv", "symbolic link"), (tmp_path / "elsewhere.csv", "outside the project")):
        target.write_bytes(facts)
        (project / "facts.csv").unlink()
        (project / "facts.csv").symlink_to(target)
        with pytest.raises(MapgenError, match=refusal):
            api.accept_draft(["wire-helix-vision-ken-deployment"], project)
        assert target.read_bytes() == facts


def test_review_page_escapes_the_text(project):
    hostile = project / "texts" / "hostile.txt"
    hostile.write_text("<script>alert(1)</script> Helix Vision installed cameras in Peru.", encoding="utf-8")
    api.draft([hostile], project)
    page = (project / "facts.draft.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_a_projects_own_roles_are_drafted_by_the_cue_words_it_declares(tmp_path):
    from mapgen.project import load_project

    (tmp_path / "mapgen.toml").write_text(
        'facts = "facts.csv"\n[roles.commissioned]\nlabel = "Plant commissioned"\n'
        'cues = { en = ["commissioned", "switched on"], fr = ["a mis en service"] }\n'
        '[roles.planned]\ncues = ["plans*"]\n', encoding="utf-8")
    project = load_project(tmp_path)
    catalogue = SupplierCatalogue([Supplier("kestrel", "Kestrel Optics", ("Kestrel",), "CHN")])
    drafter = Drafter(catalogue, CountryResolver.from_file(), project.role_keys,
                      {role.key: role.cues for role in project.roles})
    assert named(drafter, "Kestrel Optics commissioned a power plant in Kenya.") == \
        {("KEN", "Kestrel Optics", "commissioned", False)}
    assert named(drafter, "Kestrel Optics a mis en service une centrale au Sénégal, selon le ministère.") == \
        {("SEN", "Kestrel Optics", "commissioned", False)}
    # a role the project does not declare cue words for is never proposed, whatever the text says
    assert named(drafter, "Kestrel Optics installed cameras in Peru.") == set()
