"""Load and validate a facts file, with its sources table and supplier catalogue.

A facts file is a CSV with one sourced claim per row (see data/story/README.md).
``sources.csv`` must sit beside it; ``suppliers.csv`` may, else mapgen's own catalogue is used.
Every problem found is collected, so ``mapgen check`` can list them all at once.
"""
from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar

from mapgen.countries import Country, CountryResolver, UnknownCountry
from mapgen.errors import InputProblems, Problem, shown
from mapgen.evidence import TextCheck
from mapgen.names import did_you_mean
from mapgen.numbers import MAX_VALUE, NumberError, read_number
from mapgen.paths import DEFAULT_FACTS, data_path
from mapgen.project import Project, default_project, project_for_facts
from mapgen.qualifiers import EXACT, QUALIFIERS
from mapgen.scopes import MembershipCatalogue, Scope, ScopeError, load_memberships, parse_scope
from mapgen.suppliers import SupplierCatalogue, load_suppliers
from mapgen.tables import MAX_FACT_ROWS, Row, is_frame, listed, read_table

KINDS = ("named", "aggregate")
# Required columns; supplier, value, denominator, unit, date, scope, qualifier and evidence may be left out.
FACT_COLUMNS = ("id", "kind", "country", "role", "claim", "source")
SOURCE_COLUMNS = ("id", "file", "headline", "publisher", "date")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
URL_PATTERN = re.compile(r"^https?://[^\s<>\"'`]+$", re.IGNORECASE)
MAX_URL_CHARS = 2_000  # what browsers and servers reliably accept
MAX_EVIDENCE_WORDS = 15
NOT_STATED = "not stated"


def stated(text: str) -> bool:
    """Whether a source's field says something: not empty and not "not stated"."""
    return bool(text.strip()) and text.strip().casefold() != NOT_STATED
FRAME_LABEL = "facts DataFrame"


@dataclass(frozen=True)
class Source:
    id: str
    file: str
    headline: str  # as the text prints it, or "not stated"
    publisher: str
    date: str
    url: str = ""
    note: str = ""
    summary: str = ""  # what the text is about, for a text that prints no headline
    sha256: str = ""  # of the text file, where the table records it
    line: int = 0

    @property
    def has_headline(self) -> bool:
        return stated(self.headline)


@dataclass(frozen=True, kw_only=True)
class Fact:
    """What every row of a facts file has. A row is a NamedFact or an AggregateClaim."""

    id: str
    supplier: str | None  # a supplier id from the catalogue
    role: str | None
    claim: str
    source: str  # a source id
    date: str = ""
    line: int = 0
    evidence: str = ""  # the words of the cited text that support the row
    value: float | None = None
    denominator: float | None = None
    unit: str = ""
    qualifier: str = EXACT  # how the source qualifies its figure (mapgen.qualifiers)

    kind: ClassVar[str] = ""


@dataclass(frozen=True, kw_only=True)
class NamedFact(Fact):
    """A claim whose source names the country: it colours that country."""

    country: Country
    role: str

    kind: ClassVar[str] = "named"


@dataclass(frozen=True, kw_only=True)
class AggregateClaim(Fact):
    """A claim that names no country (often a figure): shown apart, it colours nothing."""

    scope: Scope | None = None  # what its figure counts, resolved, when it states it

    kind: ClassVar[str] = "aggregate"


@dataclass
class FactSet:
    facts: list[Fact]
    sources: dict[str, Source]
    suppliers: SupplierCatalogue
    path: Path
    resolver: CountryResolver = field(repr=False)
    memberships: MembershipCatalogue = field(default_factory=lambda: MembershipCatalogue([]), repr=False)
    project: Project = field(default_factory=default_project, repr=False)
    evidence: TextCheck = field(default_factory=TextCheck, repr=False)  # what the build checked of the quotes

    @property
    def named(self) -> list[NamedFact]:
        return [fact for fact in self.facts if isinstance(fact, NamedFact)]

    @property
    def aggregate(self) -> list[AggregateClaim]:
        return [fact for fact in self.facts if isinstance(fact, AggregateClaim)]

    def only_suppliers(self, supplier_ids: set[str]) -> FactSet:
        """The facts about these suppliers (named and aggregate); facts with no supplier drop out."""
        return replace(self, facts=[fact for fact in self.facts if fact.supplier in supplier_ids])


def default_facts_path() -> Path:
    return data_path(DEFAULT_FACTS)


def _beside(folder: Path, name: str) -> Path:
    """A catalogue in the facts' folder, else mapgen's own. Any entry by that name is the folder's
    own, even one that cannot be read (a looping link): an error, never mapgen's catalogue instead."""
    own = folder / name
    return own if os.path.lexists(own) else default_facts_path().parent / name


def load_facts(path: Path | Any | None = None, resolver: CountryResolver | None = None,
               project: Project | None = None, sources: Path | Any | None = None) -> FactSet:
    """Read and validate a facts file (by default, its project's) or a pandas DataFrame of facts;
    raise InputProblems listing every problem found, each with its file (or table) and line (or
    row). ``sources``: the sources table (a path or DataFrame; default: sources.csv beside the
    facts). Roles are the project's (the mapgen.toml beside the facts, if any)."""
    frame = path if is_frame(path) else None
    if project is None:
        project = project_for_facts(Path(path)) if path is not None and frame is None else default_project()
    if frame is not None:
        if sources is None:
            raise InputProblems([Problem(FRAME_LABEL, None, "facts given as a DataFrame need sources too "
                                                            "(a DataFrame or a path)")])
        path = Path(FRAME_LABEL)
    else:
        path = Path(path) if path else project.facts
        if not path.is_file():
            raise InputProblems([Problem(str(path), None, "facts file not found")])
    resolver = resolver or CountryResolver.from_file()
    problems: list[Problem] = []
    sources_table = path.parent / "sources.csv" if sources is None else sources
    loaded_sources = _collect(problems, lambda: load_sources(sources_table)) or {}
    sources = loaded_sources
    folder = project.folder if frame is not None else path.parent
    catalogue = _collect(problems, lambda: load_suppliers(_beside(folder, "suppliers.csv"), resolver))
    memberships = _collect(problems, lambda: load_memberships(_beside(folder, "memberships.csv")))
    rows = _collect(problems, lambda: read_table(frame if frame is not None else path, FACT_COLUMNS, str(path),
                                                 max_rows=MAX_FACT_ROWS))
    facts: list[Fact] = []
    if rows is not None and catalogue is not None and memberships is not None:
        checker = _FactChecker(str(path), sources, catalogue, resolver, memberships, problems, project)
        facts = [fact for fact in map(checker.check, rows) if fact is not None]
        if not rows:
            problems.append(Problem(str(path), None, "no facts: the file has a header but no rows"))
        elif "draft" in rows[0].values:
            problems.append(Problem(str(path), None, "a draft of facts, not facts: accept its reviewed rows with "
                                                     "mapgen draft --accept ID"))
    if problems:
        raise InputProblems(problems)
    assert catalogue is not None and memberships is not None
    return FactSet(facts, sources, catalogue, path, resolver, memberships, project)


def _collect(problems: list[Problem], read):
    try:
        return read()
    except InputProblems as err:
        problems.extend(err.problems)
        return None


def load_sources(source: Path | Any) -> dict[str, Source]:
    """The sources table: a path, or a DataFrame."""
    if is_frame(source):
        path, rows = Path("sources DataFrame"), read_table(source, SOURCE_COLUMNS, "sources DataFrame")
    else:
        path = Path(source)
        if not path.exists():
            raise InputProblems([Problem(str(path), None, "no sources table beside the facts file (expected sources.csv)")])
        rows = read_table(path, SOURCE_COLUMNS)
    problems: list[Problem] = []
    sources: dict[str, Source] = {}
    for row in rows:
        source = Source(id=row.get("id"), file=row.get("file"), headline=row.get("headline"),
                        publisher=row.get("publisher"), date=row.get("date"), url=row.get("url"), note=row.get("note"),
                        summary=row.get("summary"), sha256=row.get("sha256").lower(), line=row.line)
        for column in ("id", "file", "headline", "publisher", "date"):
            if not getattr(source, column):
                problems.append(Problem(str(path), row.line, f'empty "{column}" (write "not stated" where the text gives none)'))
        if source.sha256 and not SHA256.match(source.sha256):
            problems.append(Problem(str(path), row.line, f'sha256 must be 64 hexadecimal digits, got "{shown(source.sha256)}"'))
        if len(source.url) > MAX_URL_CHARS:
            problems.append(Problem(str(path), row.line, f"url longer than {MAX_URL_CHARS:,} characters"))
        elif source.url and not URL_PATTERN.match(source.url):
            problems.append(Problem(str(path), row.line, f'url must start with http:// or https://, got "{shown(source.url)}"'))
        if not source.has_headline and not source.summary:
            problems.append(Problem(str(path), row.line, 'a source whose text prints no headline needs a "summary" '
                                                         "column saying what it is about"))
        if source.id in sources:
            problems.append(Problem(str(path), row.line, f'duplicate source id "{source.id}"'))
        sources.setdefault(source.id, source)
    if problems:
        raise InputProblems(problems)
    return sources


class _FactChecker:
    """Turns one row into a NamedFact or an AggregateClaim, or records why it cannot."""

    def __init__(self, label, sources, catalogue, resolver, memberships, problems, project: Project):
        self.label, self.sources, self.catalogue = label, sources, catalogue
        self.resolver, self.memberships, self.problems = resolver, memberships, problems
        self.roles = project.role_keys
        self.convention, self.declared = project.number_convention, project.numbers is not None
        self.first_line: dict[str, int] = {}

    def problem(self, row: Row, message: str) -> None:
        self.problems.append(Problem(self.label, row.line, message))

    def check(self, row: Row) -> Fact | None:
        before = len(self.problems)
        fact_id, kind, role = row.get("id"), row.get("kind"), row.get("role") or None
        self._check_id(row, fact_id)
        if kind not in KINDS:
            self.problem(row, f'kind must be one of {", ".join(KINDS)}, got "{shown(kind)}"')
        if role is not None and role not in self.roles:
            self.problem(row, f'role must be one of {", ".join(self.roles)} (the project\'s roles), '
                              f'got "{shown(role)}"{did_you_mean(role, self.roles)}')
        country = self._country(row, kind)
        if kind == "named" and role is None:
            self.problem(row, "a named fact needs a role")
        supplier = self._supplier(row)
        value, denominator = self._number(row, "value"), self._number(row, "denominator")
        if denominator is not None and value is None:
            self.problem(row, "a denominator needs a value")
        qualifier = row.get("qualifier") or EXACT
        if qualifier not in QUALIFIERS:
            self.problem(row, f'qualifier must be one of {", ".join(QUALIFIERS)}, got "{shown(qualifier)}"')
        if not row.get("claim"):
            self.problem(row, "empty claim: say in a sentence what the source says")
        self._check_source(row)
        evidence = self._evidence(row)
        scope = self._scope(row, kind, value)
        if len(self.problems) > before:
            return None
        common: dict[str, Any] = dict(id=fact_id, supplier=supplier, claim=row.get("claim"), source=row.get("source"),
                      date=row.get("date"), line=row.line, evidence=evidence, value=value,
                      denominator=denominator, unit=row.get("unit"), qualifier=qualifier)
        if kind == "named":
            assert country is not None and role is not None
            return NamedFact(**common, country=country, role=role)
        return AggregateClaim(**common, role=role, scope=scope)

    def _check_source(self, row: Row) -> None:
        source = row.get("source")
        if not source:
            self.problem(row, "no source: every fact needs the id of a row in sources.csv")
        elif source not in self.sources:
            self.problem(row, f'source "{shown(source)}" is not in sources.csv')

    def _evidence(self, row: Row) -> str:
        evidence = row.get("evidence")
        words = len(evidence.replace("\u2026", " ").replace("...", " ").split())
        if evidence and not any(character.isalnum() for character in evidence):
            self.problem(row, "evidence holds no words; quote the words of the source that bear the row out")
        if words > MAX_EVIDENCE_WORDS:
            self.problem(row, f"evidence has {words} words; quote at most {MAX_EVIDENCE_WORDS} of the source's words")
        return evidence

    def _scope(self, row: Row, kind: str, value: float | None) -> Scope | None:
        text = row.get("scope")
        if not text:
            return None
        if kind != "aggregate" or value is None:
            self.problem(row, "only an aggregate claim with a value can have a scope")
            return None
        try:
            return parse_scope(text, self.catalogue, self.resolver, self.memberships)
        except ScopeError as err:
            self.problem(row, str(err))
            return None

    def _check_id(self, row: Row, fact_id: str) -> None:
        if not ID_PATTERN.match(fact_id):
            self.problem(row, f'id "{shown(fact_id)}" must be lower-case letters, digits, ".", "_" or "-"')
        elif fact_id in self.first_line:
            self.problem(row, f'duplicate id "{fact_id}" (first on line {self.first_line[fact_id]})')
        else:
            self.first_line[fact_id] = row.line

    def _country(self, row: Row, kind: str) -> Country | None:
        text = row.get("country")
        if kind == "aggregate" and text:
            self.problem(row, f'an aggregate claim names no country, but country is "{shown(text)}"; make it a named fact')
            return None
        if kind == "named" and not text:
            self.problem(row, "a named fact needs a country")
            return None
        if not text:
            return None
        try:
            return self.resolver.resolve(text)
        except UnknownCountry as err:
            self.problem(row, str(err))
            return None

    def _supplier(self, row: Row) -> str | None:
        text = row.get("supplier")
        if not text:
            return None
        supplier = self.catalogue.find(text)
        if supplier is None:
            known = listed([supplier.name for supplier in self.catalogue])
            self.problem(row, f'unknown supplier "{shown(text)}"{self.catalogue.did_you_mean(text)}; '
                              f"add it to suppliers.csv (known: {known})")
            return None
        return supplier.id

    def _number(self, row: Row, column: str) -> float | None:
        """A figure as the file writes it (a DataFrame's numeric cells as they are)."""
        text = row.get(column)
        if not text:
            return None
        try:
            if column in row.typed:
                return _typed_number(float(text))
            return read_number(text, self.convention, self.declared)
        except (NumberError, ValueError) as err:
            self.problem(row, f'{column} "{shown(text)}": {err}')
            return None


def _typed_number(number: float) -> float:
    if not (math.isfinite(number) and 0 <= number <= MAX_VALUE):
        raise NumberError(f"a figure is a non-negative number of at most {MAX_VALUE}")
    return number

