"""Check that each fact's evidence occurs in the text of the source it cites.

A row's ``evidence`` is the few words of its source that support it; passages from the same
text may be joined with "…". The comparison ignores case, runs of whitespace and the style of
quotation marks and apostrophes, and nothing else: a paraphrase is not evidence.
"""
from __future__ import annotations

import re
from pathlib import Path

from mapgen.errors import InputProblems, Problem, shown
from mapgen.facts import FactSet, Source
from mapgen.tables import read_input

QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
                        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"', "\u2033": '"'})
ELLIPSIS = re.compile(r"\s*(?:\u2026|\.\.\.)\s*")


def comparable(text: str) -> str:
    """Text folded for comparison: case, whitespace and quote styles do not count."""
    return " ".join(text.translate(QUOTES).casefold().split())


def passages(evidence: str) -> list[str]:
    return [part for part in ELLIPSIS.split(evidence) if part.strip()]


def check_evidence(facts: FactSet, folder: Path) -> list[Problem]:
    """Every row whose evidence is missing or not found in its source's text under ``folder``."""
    folder = Path(folder)
    if not folder.is_dir():
        return [Problem(str(folder), None, "no such folder of source texts")]
    problems: list[Problem] = []
    texts: dict[str, str | None] = {}
    for source in facts.sources.values():
        texts[source.id] = _source_text(folder, source, facts.path.parent / "sources.csv", problems)
    label = str(facts.path)
    for fact in facts.facts:
        text = texts.get(fact.source)
        if text is None:
            continue
        if not fact.evidence:
            problems.append(Problem(label, fact.line, f'{fact.id}: no evidence; quote the words of '
                                                      f'{facts.sources[fact.source].file} that support it'))
            continue
        missing = [part for part in passages(fact.evidence) if comparable(part) not in text]
        if missing:
            problems.append(Problem(label, fact.line, f'{fact.id}: evidence "{shown(missing[0], 80)}" is not in '
                                                      f'{facts.sources[fact.source].file}'))
    return problems


def _source_text(folder: Path, source: Source, table: Path, problems: list[Problem]) -> str | None:
    name = Path(source.file).name
    if name != source.file or name in ("", ".", ".."):
        problems.append(Problem(str(table), source.line, f'file "{shown(source.file)}" must be a plain file name '
                                                         f"inside the folder of source texts"))
        return None
    path = folder / name
    try:
        return comparable(read_input(path, "source text").decode("utf-8-sig"))
    except InputProblems as err:
        problems.append(Problem(str(table), source.line, f"{source.id}: {err.problems[0]}"))
    except UnicodeDecodeError:
        problems.append(Problem(str(table), source.line, f"{source.id}: {path} is not UTF-8 text"))
    return None
