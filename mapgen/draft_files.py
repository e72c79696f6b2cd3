"""The draft on disk: ``facts.draft.csv`` (and ``sources.draft.csv``, and the review page
``facts.draft.html``) beside a project's facts, and moving reviewed rows into its facts file.

A draft file is never a facts file: it has a ``draft`` column, which the facts loader refuses, so
no build shows a draft row. Accepting rows rewrites only the facts file it extends (atomically,
never through a symlink), after checking the new file as ``mapgen check`` does, quotes included.
"""
from __future__ import annotations

import contextlib
import csv
import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from mapgen.countries import CountryResolver
from mapgen.draft import Drafter, DraftText, draft_texts
from mapgen.errors import InputProblems, MapgenError, shown
from mapgen.evidence import check_texts
from mapgen.facts import default_facts_path, load_facts, load_sources
from mapgen.files import write_set
from mapgen.names import slug
from mapgen.numbers import plain
from mapgen.project import Project
from mapgen.review import review_html
from mapgen.suppliers import SupplierCatalogue, load_suppliers
from mapgen.tables import read_table

DRAFT_FILE = "facts.draft.csv"
DRAFT_SOURCES = "sources.draft.csv"
REVIEW_FILE = "facts.draft.html"
FACT_FIELDS = ("id", "kind", "country", "supplier", "role", "value", "denominator", "unit", "claim", "source",
               "date", "qualifier", "evidence")
DRAFT_FIELDS = (*FACT_FIELDS, "hedged", "confidence", "reason", "evidence_offsets", "draft")


def draft_project(project: Project, texts: list[Path], warn: Callable[[str], None] | None = None) -> list[Path]:
    """Draft ``texts`` for ``project`` and write the draft, its new sources and the review page
    beside the project's facts, as one set. Returns the paths written. ``warn(line)`` hears how
    many proposed rows the facts file already states (left out of the draft)."""
    folder = project.facts.parent
    outputs = [folder / REVIEW_FILE, folder / DRAFT_FILE, folder / DRAFT_SOURCES]
    _refuse_unsafe(outputs, [project.facts, *texts, *(p for p in (project.path,) if p)])
    resolver = CountryResolver.from_file()
    suppliers = load_suppliers(_beside(project, "suppliers.csv"), resolver)
    drafter = Drafter(suppliers, resolver, project.role_keys, {role.key: role.cues for role in project.roles if role.cues})
    known = load_sources(folder / "sources.csv") if (folder / "sources.csv").exists() else {}
    by_file = {source.file: source.id for source in known.values()}
    names = [path.name for path in texts]
    if len(set(names)) < len(names):
        raise MapgenError("two texts have the same file name; sources.csv names texts by file name")
    ids = dict(by_file)
    for name in names:
        ids.setdefault(name, slug(Path(name).stem, set(ids.values()), fallback="text"))
    taken = _fact_ids(project.facts)
    drafted = draft_texts(texts, drafter, ids, taken)
    _leave_out_stated(drafted, _stated(project.facts, resolver, suppliers))
    stated = sum(len(text.stated) for text in drafted)
    if stated and warn is not None:
        warn(f"{project.facts}: already states {stated} of the proposed rows; left out of the draft "
             f"(the review page names them)")
    new_sources = [t for t in drafted if t.file not in by_file]
    return write_set({outputs[0]: review_html(drafted).encode("utf-8"), outputs[1]: _draft_csv(drafted),
                      outputs[2]: _sources_csv(new_sources)})


def _beside(project: Project, name: str) -> Path:
    own = project.facts.parent / name
    return own if own.exists() else default_facts_path().parent / name


def _refuse_unsafe(outputs: list[Path], inputs: list[Path]) -> None:
    resolved = {path.resolve() for path in inputs}
    for output in outputs:
        if output.is_symlink():
            raise MapgenError(f"{output}: is a symbolic link; mapgen writes nothing through one")
        if output.resolve() in resolved:
            raise MapgenError(f"{output}: this output would overwrite an input; rename that input")


def _fact_ids(facts: Path) -> set[str]:
    if not facts.is_file():
        return set()
    return {row.get("id") for row in read_table(facts, ("id",))}


Statement = tuple[str, str, str, str, str, float | None]  # source, kind, country, supplier, role, value


def _stated(facts: Path, resolver: CountryResolver, suppliers: SupplierCatalogue) -> dict[Statement, str]:
    """What the facts file already states, by the id of the fact stating it."""
    if not facts.is_file():
        return {}
    stated: dict[Statement, str] = {}
    for row in read_table(facts, ("id",)):
        country = row.get("country") or ""
        with contextlib.suppress(ValueError):
            country = resolver.resolve(country).iso3 if country else ""
        key = (row.get("source") or "", row.get("kind") or "", country, _company(row.get("supplier") or "", suppliers),
               row.get("role") or "", _number(row.get("value") or ""))
        stated.setdefault(key, row.get("id") or "")
    return stated


def _leave_out_stated(texts: list[DraftText], stated: dict[Statement, str]) -> None:
    """Take out of the draft the rows the facts file already states (re-drafting a text already
    drafted and accepted proposes only what is new), noting which fact states each."""
    for text in texts:
        kept = []
        for row in text.rows:
            key = (row.source, row.kind, row.iso3, _company(row.supplier, None), row.role, row.value)
            fact = stated.get(key)
            if fact is None:
                kept.append(row)
            else:
                text.stated.append((row, fact))
        text.rows = kept


def _company(name: str, suppliers: SupplierCatalogue | None) -> str:
    """A company as the draft names it: its catalogue name, else the name as written."""
    known = suppliers.find(name) if suppliers is not None and name else None
    return (known.name if known else name).casefold()


def _number(value: str) -> float | None:
    try:
        return float(value) if value.strip() else None
    except ValueError:
        return None


def _csv(header: tuple[str, ...], rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _draft_csv(texts: list[DraftText]) -> bytes:
    rows = []
    for text in texts:
        for row in text.rows:
            rows.append({"id": row.id, "kind": row.kind, "country": row.country, "supplier": row.supplier,
                         "role": row.role, "value": "" if row.value is None else plain(row.value),
                         "denominator": "" if row.denominator is None else plain(row.denominator),
                         "unit": row.unit, "claim": row.claim, "source": row.source, "date": "",
                         "qualifier": row.qualifier if row.value is not None else "", "evidence": row.evidence,
                         "hedged": "yes" if row.hedged else "no", "confidence": f"{row.confidence:.2f}",
                         "reason": row.reason, "evidence_offsets": ";".join(f"{s.start}-{s.end}" for s in row.spans),
                         "draft": "proposed"})
    return _csv(DRAFT_FIELDS, rows)


def _sources_csv(texts: list[DraftText]) -> bytes:
    header = ("id", "file", "headline", "publisher", "date", "url", "note", "summary", "sha256")
    rows = [{"id": t.source, "file": t.file, "headline": "not stated", "publisher": "not stated",
             "date": "not stated", "url": "", "note": "drafted by mapgen draft: fill in headline, publisher and date",
             "summary": _first_line(t.text), "sha256": t.sha256} for t in texts]
    return _csv(header, rows)


def _first_line(text: str) -> str:
    line = next((line.strip() for line in text.splitlines() if line.strip()), "untitled text")
    return line if len(line) <= 120 else line[:119] + "…"


# --- accepting ---------------------------------------------------------------------------------

def accept_rows(project: Project, ids: list[str], texts: Path | None = None) -> Path:
    """Move the draft rows ``ids`` into the project's facts file, once the new facts file passes
    every check, quotes included (against ``texts`` or the project's texts). Returns its path."""
    folder, facts = project.facts.parent, project.facts
    draft_path = folder / DRAFT_FILE
    for path in (facts, draft_path):
        if path.is_symlink():
            raise MapgenError(f"{path}: is a symbolic link; mapgen writes nothing through one")
    if not facts.resolve().is_relative_to(project.folder.resolve()):
        raise MapgenError(f"{facts}: is outside the project {project.folder}")
    draft = {row.get("id"): row for row in read_table(draft_path, DRAFT_FIELDS)}
    missing = [i for i in ids if i not in draft]
    if missing:
        raise MapgenError(f'{draft_path}: no draft row "{shown(missing[0])}"; the review page lists the ids')
    header, rows = _fact_rows(facts)
    header = header + [column for column in FACT_FIELDS if column not in header]
    chosen = [draft[i] for i in dict.fromkeys(ids)]
    new_text = _csv(tuple(header), rows + [{c: row.get(c) for c in header} for row in chosen])
    checked = _checked(project, facts, new_text, texts, [row.get("source") for row in chosen])
    remaining = [row.values for key, row in draft.items() if key not in ids]
    write_set({facts: checked, draft_path: _csv(DRAFT_FIELDS, [{c: r.get(c, "") for c in DRAFT_FIELDS}
                                                             for r in remaining])})
    return facts


def _fact_rows(facts: Path) -> tuple[list[str], list[dict[str, str]]]:
    if not facts.is_file():
        return list(FACT_FIELDS), []
    text = facts.read_bytes().decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or FACT_FIELDS), [dict(row) for row in reader]


def _checked(project: Project, facts: Path, content: bytes, texts: Path | None, sources: list[str]) -> bytes:
    """``content`` as the facts file, checked as `mapgen check` would, in a temporary file beside it."""
    handle, name = tempfile.mkstemp(dir=facts.parent, prefix=".facts-accept.", suffix=".csv")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        try:
            factset = load_facts(temporary, project=project)
            folder = texts or project.texts
            check = check_texts(factset, folder, required=True)
        except InputProblems as err:
            raise MapgenError(f"the accepted rows would not pass mapgen check: {err.problems[0].message}"
                              + (f" (and {len(err.problems) - 1} more)" if len(err.problems) > 1 else "")) from None
        unchecked = sorted(set(sources) - set(check.checked))
        if unchecked:
            raise MapgenError(f'source "{unchecked[0]}": its text is not at hand, so the quotes cannot be checked; '
                              "give --texts DIR or the project's texts key")
        return content
    finally:
        temporary.unlink(missing_ok=True)
