"""Check that each fact's evidence occurs in the text of the source it cites.

A row's ``evidence`` is the few words of its source that support it; passages from the same
text may be joined with "…". The comparison ignores case, runs of whitespace and the style of
quotation marks and apostrophes, and nothing else: a paraphrase is not evidence.

A project names the folder of its source texts (``texts`` in mapgen.toml, or ``--texts``), and
every build checks every quote against them: a quote its text does not hold stops the build.
A text that is not at hand (a project shared without its texts) leaves its quotes unchecked,
and the map says so next to each one. Each text read is identified by its SHA-256, which the
outputs record and which ``sources.csv`` may state (``sha256``) so that a different text is
refused.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mapgen.errors import InputProblems, Problem, shown
from mapgen.tables import read_input

if TYPE_CHECKING:
    from mapgen.facts import Fact, FactSet, Source

QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
                        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"', "\u2033": '"'})
ELLIPSIS = re.compile(r"\s*(?:\u2026|\.\.\.)\s*")


@dataclass(frozen=True)
class TextCheck:
    """What a build knows of its quotes: the sources whose text every quote was found in (with
    the text's SHA-256), and those whose text was not at hand (with the reason)."""

    folder: Path | None = None
    checked: dict[str, str] = field(default_factory=dict)  # source id -> SHA-256 of its text
    not_at_hand: dict[str, str] = field(default_factory=dict)  # source id -> why its quotes are unchecked

    def verified(self, fact: Fact) -> bool:
        """Whether the fact's quote was found in its source's text on this build."""
        return bool(fact.evidence) and fact.source in self.checked


def comparable(text: str) -> str:
    """Text folded for comparison: case, whitespace and quote styles do not count."""
    return " ".join(text.translate(QUOTES).casefold().split())


def passages(evidence: str) -> list[str]:
    return [part for part in ELLIPSIS.split(evidence) if part.strip()]


def check_texts(facts: FactSet, folder: Path | None, *, required: bool = False) -> TextCheck:
    """Check every quote whose source text is in ``folder``; raise InputProblems listing every
    quote a text does not hold (and every text that cannot be read or differs from the SHA-256
    the sources table records). ``required``: a missing folder is an error, not a warning."""
    if folder is None:
        return TextCheck(None, {}, {s: "the project names no folder of source texts" for s in facts.sources})
    folder = Path(folder)
    if not folder.is_dir():
        if required:
            raise InputProblems([Problem(str(folder), None, "no such folder of source texts")])
        return TextCheck(folder, {}, {s: f"{folder} is not at hand" for s in facts.sources})
    problems: list[Problem] = []
    table = str(facts.path.parent / "sources.csv")
    checked, texts, not_at_hand = {}, {}, {}
    for source in facts.sources.values():
        read = _source_text(folder, source, table, problems)
        if isinstance(read, str):
            not_at_hand[source.id] = read
        elif read is not None:
            texts[source.id], checked[source.id] = read
    for fact in facts.facts:
        if fact.source in texts:
            problem = _quote_problem(fact, texts[fact.source], facts.sources[fact.source])
            if problem:
                problems.append(Problem(str(facts.path), fact.line, problem))
    if problems:
        raise InputProblems(problems)
    return TextCheck(folder, checked, not_at_hand)


def _quote_problem(fact: Fact, text: str, source: Source) -> str | None:
    if not fact.evidence:
        return f"{fact.id}: no evidence; quote the words of {source.file} that support it"
    missing = [part for part in passages(fact.evidence) if comparable(part) not in text]
    if missing:
        return f'{fact.id}: evidence "{shown(missing[0], 80)}" is not in {source.file}'
    return None


def _source_text(folder: Path, source: Source, table: str, problems: list[Problem]) -> tuple[str, str] | str | None:
    """(the text folded for comparison, its SHA-256); a reason when the file is not there; None
    after recording a problem."""
    name = Path(source.file).name
    if name != source.file or name in ("", ".", ".."):
        problems.append(Problem(table, source.line, f'file "{shown(source.file)}" must be a plain file name '
                                                    f"inside the folder of source texts"))
        return None
    path = folder / name
    if not path.exists() and not path.is_symlink():
        return f"{path} is not at hand"
    try:
        data = read_input(path, "source text")
        text = data.decode("utf-8-sig")
    except InputProblems as err:
        problems.append(Problem(table, source.line, f"{source.id}: {err.problems[0]}"))
        return None
    except UnicodeDecodeError:
        problems.append(Problem(table, source.line, f"{source.id}: {path} is not UTF-8 text"))
        return None
    digest = hashlib.sha256(data).hexdigest()
    if source.sha256 and source.sha256 != digest:
        problems.append(Problem(table, source.line, f"{source.id}: {path} is not the text this table records "
                                                    f"(its SHA-256 is {digest}, the table says {source.sha256})"))
        return None
    return comparable(text), digest
