"""A corpus of malformed inputs, as a new user's files come: every one is exit 2 and one line,
no traceback, and the previous outputs stay as they were."""
import shutil

import pytest

from conftest import STORY, run_cli

GOOD_FACT = "f1,named,Brazil,Dahua,deployment,,,,Dahua has projects in Brazil.,fx-alpha,,,,\n"
HEADER = "id,kind,country,supplier,role,value,denominator,unit,claim,source,date,scope,qualifier,evidence\n"


def facts(*rows: str) -> bytes:
    return (HEADER + "".join(rows)).encode("utf-8")


def row(**values) -> str:
    fields = dict(zip(HEADER.strip().split(","), GOOD_FACT.strip().split(",")))
    fields.update(values)
    return ",".join(fields[name] for name in HEADER.strip().split(",")) + "\n"


TABLE = "table.csv"
RECIPE = "table.recipe.toml"
WITH_DATASET = '\n[[datasets]]\npath = "table.csv"\n'


KENYA_DAHUA = b"country,suppliers\nKenya,Dahua\n"


def dataset_files(table: bytes, recipe: bytes) -> dict[str, bytes]:
    """A project whose one dataset is this table with this recipe."""
    return {TABLE: table, RECIPE: recipe, "mapgen.toml": b'facts = "facts.csv"' + WITH_DATASET.encode()}
MEMBERS = '\n[[memberships]]\npath = "members.csv"\nrecipe = "members.recipe.toml"\n'

# (name, {file: content or None to delete it}, words the one line must hold)
CORPUS = [
    ("empty facts", {"facts.csv": b""}, "empty file"),
    ("header only", {"facts.csv": facts()}, "no facts"),
    ("missing columns", {"facts.csv": b"id,kind\nf1,named\n"}, "missing column(s)"),
    ("repeated header", {"facts.csv": HEADER.replace("unit", "claim").encode() + GOOD_FACT.encode()},
     "appears twice"),
    ("quote left open", {"facts.csv": facts('f1,named,Brazil,Dahua,deployment,,,,"Open quote,fx-alpha,,,,\n')},
     "quote is left open"),
    ("extra cells", {"facts.csv": facts(GOOD_FACT.strip() + ",x,y\n")}, "cells but the header has"),
    ("NUL byte", {"facts.csv": facts(row(claim="Nul\0here"))}, "control character U+0000"),
    ("escape character", {"facts.csv": facts(row(claim="Esc\x1bhere"))}, "control character U+001B"),
    ("unknown country", {"facts.csv": facts(row(country="Brasil"))}, 'did you mean "Brazil"'),
    ("unknown supplier", {"facts.csv": facts(row(supplier="Dahuaa"))}, 'unknown supplier "Dahuaa"'),
    ("unknown role", {"facts.csv": facts(row(role="spying"))}, "role must be one of"),
    ("bad kind", {"facts.csv": facts(row(kind="rumour"))}, "kind must be one of"),
    ("negative value", {"facts.csv": facts(row(value="-3"))}, "non-negative number"),
    ("value NaN", {"facts.csv": facts(row(value="nan"))}, "non-negative number"),
    ("value infinite", {"facts.csv": facts(row(value="inf"))}, "non-negative number"),
    ("value words", {"facts.csv": facts(row(value="many"))}, "non-negative number"),
    ("denominator alone", {"facts.csv": facts(row(denominator="86"))}, "a denominator needs a value"),
    ("duplicate id", {"facts.csv": facts(GOOD_FACT, GOOD_FACT)}, "duplicate id"),
    ("bad id", {"facts.csv": facts(row(id="Not An Id"))}, "must be lower-case"),
    ("aggregate with a country", {"facts.csv": facts(row(kind="aggregate"))}, "aggregate claim names no country"),
    ("named without country", {"facts.csv": facts(row(country=""))}, "a named fact needs a country"),
    ("named without role", {"facts.csv": facts(row(role=""))}, "a named fact needs a role"),
    ("unknown source", {"facts.csv": facts(row(source="elsewhere"))}, "is not in sources.csv"),
    ("no source", {"facts.csv": facts(row(source=""))}, "no source"),
    ("empty claim", {"facts.csv": facts(row(claim=""))}, "empty claim"),
    ("scope key typo", {"facts.csv": facts(row(kind="aggregate", country="", value="5", scope="suplier=Dahua"))},
     'did you mean "supplier"'),
    ("scope supplier typo", {"facts.csv": facts(row(kind="aggregate", country="", value="5", scope="supplier=Dahuaa"))},
     'did you mean "Dahua"'),
    ("scope origin typo", {"facts.csv": facts(row(kind="aggregate", country="", value="5", scope="supplier_origin=Chnia"))},
     'did you mean "China"'),
    ("scope membership typo", {"facts.csv": facts(row(kind="aggregate", country="", value="5", scope="member=BRl"))},
     'did you mean "BRI"'),
    ("scope key twice", {"facts.csv": facts(row(kind="aggregate", country="", value="5",
                                                scope="member=BRI & member=BRI"))}, "given twice"),
    ("scope on a named fact", {"facts.csv": facts(row(scope="member=BRI"))}, "only an aggregate claim"),
    ("bad qualifier", {"facts.csv": facts(row(value="5", qualifier="roughly"))}, "qualifier must be one of"),
    ("long evidence", {"facts.csv": facts(row(evidence=" ".join(["word"] * 16)))}, "evidence has 16 words"),
    ("UTF-16 cut short", {"facts.csv": facts(GOOD_FACT).decode().encode("utf-16")[:-1]}, "damaged UTF-16"),
    ("no known encoding", {"facts.csv": facts(GOOD_FACT).replace(b"Dahua has", b"\x81\x8d")},
     "neither UTF-8 nor Windows-1252"),
    ("binary garbage", {"facts.csv": b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256))}, "facts.csv"),
    ("sources missing", {"sources.csv": None}, "no sources table"),
    ("javascript url", {"sources.csv": b"id,file,headline,publisher,date,url\n"
                                       b"fx-alpha,a.txt,H,P,2020,javascript:alert(1)\n"}, "url must start with http"),
    ("duplicate source", {"sources.csv": b"id,file,headline,publisher,date\nfx-alpha,a.txt,H,P,x\n"
                                         b"fx-alpha,b.txt,H,P,x\n"}, "duplicate source id"),
    ("empty headline", {"sources.csv": b"id,file,headline,publisher,date\nfx-alpha,a.txt,,P,x\n"}, 'empty "headline"'),
    ("no headline, no summary", {"sources.csv": b"id,file,headline,publisher,date\n"
                                                b"fx-alpha,a.txt,not stated,P,x\n"}, 'needs a "summary"'),
    ("sources repeated header", {"sources.csv": b"id,id,file,headline,publisher,date\n"}, "appears twice"),
    ("duplicate supplier", {"suppliers.csv": b"id,name,aliases,home_country\ndahua,Dahua,,China\n"
                                             b"dahua,Dahua,,China\n"}, "duplicate supplier id"),
    ("supplier home unknown", {"suppliers.csv": b"id,name,aliases,home_country\ndahua,Dahua,,Chinaa\n"},
     "unknown country"),
    ("supplier without name", {"suppliers.csv": b"id,name,aliases,home_country\ndahua,,,China\n"},
     "needs an id and a name"),
    ("membership without name", {"memberships.csv": b"id,name,aliases\nBRI,,\n"}, "needs an id and a name"),
    ("duplicate membership", {"memberships.csv": b"id,name,aliases\nBRI,Belt and Road,\nBRI,Other,\n"},
     "duplicate membership id"),
    ("project not TOML", {"mapgen.toml": b'facts = "facts.csv\n'}, "not a TOML project file"),
    ("project key typo", {"mapgen.toml": b'facts = "facts.csv"\ntitel = "x"\n'}, 'did you mean "title"'),
    ("project title type", {"mapgen.toml": b'facts = "facts.csv"\ntitle = 5\n'}, "title must be a string"),
    ("project colour", {"mapgen.toml": b'facts = "facts.csv"\n[roles.deployment]\ncolour = "orange"\n'},
     'colour must be a colour as "#RRGGBB"'),
    ("project region", {"mapgen.toml": b'facts = "facts.csv"\n[region]\nname = "mars"\n'}, "name must be one of"),
    ("project box", {"mapgen.toml": b'facts = "facts.csv"\n[region]\nbox = [1, 2, 3]\n'}, "box must be"),
    ("project as_of", {"mapgen.toml": b'facts = "facts.csv"\nas_of = "later"\n'}, "as_of must be a date"),
    ("project roles", {"mapgen.toml": b'facts = "facts.csv"\nroles = 3\n'}, "roles must be tables"),
    ("project without facts", {"mapgen.toml": b'title = "x"\n'}, "no facts key"),
    ("project dataset without path", {"mapgen.toml": b'facts = "facts.csv"\n[[datasets]]\nrecipe = "r.toml"\n'},
     "needs a path"),
    ("project dataset missing", {"mapgen.toml": b'facts = "facts.csv"\n[[datasets]]\npath = "gone.csv"\n'},
     "not found"),
    ("project output", {"mapgen.toml": b'facts = "facts.csv"\noutput = "map.html"\n'}, "output must be a table"),
    ("project language", {"mapgen.toml": b'facts = "facts.csv"\nlanguage = "English"\n'}, "a language code"),
    ("recipe key typo", dataset_files(KENYA_DAHUA, b'paint_iff = "x"\n'), 'did you mean "paint_if"'),
    ("recipe columns type", dataset_files(KENYA_DAHUA, b"[suppliers]\ncolumns = 5\n"), "columns must be"),
    ("recipe separators", dataset_files(KENYA_DAHUA, b'[suppliers]\nseparators = ""\n'), "at least one character"),
    ("recipe kind", dataset_files(KENYA_DAHUA, b'kind = "people"\n'), "kind must be"),
    ("dataset country", dataset_files(b"country,suppliers\nAtlantis,Dahua\n", b'[suppliers]\ncolumn = "suppliers"\n'),
     'unknown country "Atlantis"'),
    ("dataset flag", dataset_files(b"country,flag\nKenya,maybe\n", b'flags = ["flag"]\n'), "should be yes or no"),
    ("dataset column missing", dataset_files(b"nation,suppliers\nKenya,Dahua\n", b""), "no country column"),
    ("membership date", {"members.csv": b"iso3,mou\nKEN,soon\n",
                         "members.recipe.toml": b'kind = "membership"\nname = "BRI"\ncountry = "iso3"\njoin = "mou"\n',
                         "mapgen.toml": b'facts = "facts.csv"' + MEMBERS.encode()}, "not a date"),
    ("membership recipe kind", {"members.csv": b"iso3\nKEN\n", "members.recipe.toml": b'country = "iso3"\n',
                                "mapgen.toml": b'facts = "facts.csv"' + MEMBERS.encode()},
     'recipe with kind = "membership"'),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A copy of the test story, built once: every case breaks one file of it and builds again."""
    folder = tmp_path_factory.mktemp("corpus")
    story = folder / "story"
    shutil.copytree(STORY.parent, story)
    out = folder / "out" / "map.html"
    assert run_cli("build", story, "--out", out).returncode == 0
    return story, out, {p.name: p.read_bytes() for p in out.parent.iterdir()}


def test_the_corpus_is_large_and_varied():
    assert len(CORPUS) >= 60 and len({name for name, _, _ in CORPUS}) == len(CORPUS)


def assert_one_line_and_no_output_touched(built, name, files, expected):
    """Break the built story's files as ``files`` says, build again, put them back: the build
    must fail with one line holding ``expected`` and leave the first build's outputs as they were."""
    story, out, before = built
    saved = {file: (story / file).read_bytes() if (story / file).exists() else None for file in files}
    try:
        for file, content in files.items():
            if content is None:
                (story / file).unlink()
            else:
                (story / file).write_bytes(content)
        result = run_cli("build", story, "--out", out)
    finally:
        for file, content in saved.items():
            if content is None:
                (story / file).unlink(missing_ok=True)
            else:
                (story / file).write_bytes(content)
    assert result.returncode == 2, (name, result.stdout)
    assert result.stderr.count("\n") == 1 and "\x1b" not in result.stderr, result.stderr
    assert expected in result.stderr, result.stderr
    assert {p.name: p.read_bytes() for p in out.parent.iterdir()} == before


@pytest.mark.parametrize("name, files, expected", CORPUS, ids=[case[0] for case in CORPUS])
def test_a_malformed_input_is_one_line_and_touches_no_output(built, name, files, expected):
    assert_one_line_and_no_output_touched(built, name, files, expected)
