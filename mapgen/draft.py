"""Drafting facts from articles: every proposed row with the words it rests on.

The rules, sentence by sentence (each row's ``reason`` says which of them fired):

1. **Named fact**: a country (its name, a capital or city standing for it, or a nationality
   adjective on a government, police, fund ...), a company from the catalogue and a role's cue
   word in the same sentence. The role is the cue nearest the country. A nationality adjective
   right next to a company ("Chinese camera maker Helix Vision", "Marlow Analytics, a British
   firm") makes that country the company's home, and nothing else for that company.
2. **Home without a company**: a home cue ("based in", "home to") and a country, no company.
3. **Aggregate claim**: each figure with a unit in a sentence that yields no named fact, with its
   qualifier, denominator ("36 of 86") and unit; a figure in a sentence that names a country
   stays on the named fact.
4. **Hedges** ("could", "plans to", "is considering", "said it would", "pourrait", "erwägt",
   "vai") mark the row hedged: its claim says the text does not state it as done.
5. **No fact** from a country named as a venue ("a conference in Dubai"), a point of comparison
   ("cheaper than ... in Japan") or inside a newspaper's name ("South China Morning Post").
6. **References**: "the company", "l'entreprise", "das Unternehmen" ... stand for the company of
   the sentence before, and the row says so; "it", "its" and "they" are deliberately not
   followed (too often they mean something else).

The same text always gives the same rows, in text order.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mapgen.countries import CountryResolver
from mapgen.figures import Figure, read_figures
from mapgen.gazetteer import LANGUAGES, Mention, Term, gazetteer, supplier_terms
from mapgen.names import slug
from mapgen.suppliers import SupplierCatalogue

MAX_WORDS = 15  # evidence, as facts.csv allows
NEAR = 4  # words between a nationality adjective and the company it describes
COUNTRY_KINDS = ("country", "place", "government", "adjective")
STOPWORDS = {
    "en": "the and of to in is with has that for was from said its",
    "fr": "le la les des du et est une dans pour au aux qui sur",
    "es": "el los las del y en una por con para que según ya",
    "de": "der die das und mit von ist ein im den des nach hat",
    "pt": "o os as da do e em um uma com para que das dos já",
}
ABBREVIATION = re.compile(r"(?:\b[A-Z]\.)+$|\b(?:Mr|Mrs|Ms|Dr|St|Ltd|Co|Inc|Corp|No|Sr|Sra|Jr|vs|Nr|Abs)\.$")
BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)]*\s+(?=[\"“«¿¡(]?[A-ZÀ-ÞĀ-Ž0-9])")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass
class DraftRow:
    id: str
    kind: str  # named or aggregate
    source: str
    spans: list[Span]
    evidence: str
    reason: str
    confidence: float
    hedged: bool = False
    country: str = ""  # a name the resolver knows
    iso3: str = ""
    supplier: str = ""  # a supplier's name
    role: str = ""
    value: float | None = None
    denominator: float | None = None
    unit: str = ""
    qualifier: str = ""
    claim: str = ""


@dataclass
class DraftText:
    source: str
    file: str
    text: str
    language: str
    sha256: str
    rows: list[DraftRow] = field(default_factory=list)
    stated: list[tuple[DraftRow, str]] = field(default_factory=list)  # (row left out, fact already stating it)


def detect_language(text: str) -> str:
    """The language whose common words the text uses most (English on a tie)."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    counts = {code: sum(word in set(STOPWORDS[code].split()) for word in words) for code in LANGUAGES}
    return max(LANGUAGES, key=lambda code: (counts[code], code == "en"))


def sentences(text: str) -> list[Span]:
    """Sentences by lines, then by end punctuation not after an abbreviation ("U.S.", "Ltd.")."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for boundary in BOUNDARY.finditer(text, line.start(), line.end()):
            before = text[start:boundary.start() + 1]
            if ABBREVIATION.search(before):
                continue
            spans.append(Span(start, boundary.start() + len(boundary.group().rstrip())))
            start = boundary.end()
        if text[start:line.end()].strip():
            spans.append(Span(start, line.end()))
    return [_trimmed(text, span) for span in spans]


def _trimmed(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


class Drafter:
    """Proposes rows for texts, with one project's companies, roles and country names."""

    def __init__(self, suppliers: SupplierCatalogue, resolver: CountryResolver, roles: Sequence[str],
                 cues: dict[str, dict[str, tuple[str, ...]]] | None = None):
        """``cues``: a project's own cue words of its roles, by role and language ("" for any)."""
        self.suppliers = suppliers
        self.resolver = resolver
        self.roles = set(roles)
        self._cues = cues or {}
        self._supplier_terms = supplier_terms((s.id, (s.name, *s.aliases)) for s in suppliers)
        self._gazetteers: dict[str, object] = {}

    def _own_cues(self, language: str) -> tuple[Term, ...]:
        return tuple(Term("role", role, word, word.endswith("*")) for role, by_language in self._cues.items()
                     for code, words in by_language.items() if code in (language, "") for word in words)

    def draft(self, source: str, file: str, raw: str, taken: set[str] | None = None) -> DraftText:
        text = visible_text(raw, file)
        language = detect_language(text)
        finder = self._gazetteers.get(language)
        if finder is None:
            finder = self._gazetteers[language] = gazetteer(language, self._supplier_terms, self.roles,
                                                            self._own_cues(language))
        mentions = finder.find(text)  # type: ignore[attr-defined]
        result = DraftText(source, file, raw, language, hashlib.sha256(raw.encode("utf-8")).hexdigest())
        ids = set(taken or ())
        previous_supplier: Mention | None = None
        for sentence in sentences(text):
            inside = [m for m in mentions if sentence.start <= m.start and m.end <= sentence.end]
            rows = _SentenceRules(self, raw, text, sentence, inside, previous_supplier, language).rows()
            for row in rows:
                row.source = source
                row.id = slug(f"{source}-{row.id}", ids, fallback="draft")
                ids.add(row.id)
                result.rows.append(row)
            named = [m for m in inside if m.kind == "supplier"]
            previous_supplier = named[-1] if named else previous_supplier
        return result

    def supplier_name(self, supplier_id: str) -> str:
        return self.suppliers[supplier_id].name


class _SentenceRules:
    def __init__(self, drafter: Drafter, raw: str, text: str, sentence: Span, mentions: list[Mention],
                 previous: Mention | None, language: str):
        self.drafter, self.raw, self.text, self.sentence = drafter, raw, text, sentence
        self.mentions, self.previous, self.language = mentions, previous, language
        self.of = lambda *kinds: [m for m in mentions if m.kind in kinds]
        self.hedges = self.of("hedge")

    def rows(self) -> list[DraftRow]:
        countries = [m for m in self.of(*COUNTRY_KINDS) if not self._excluded(m)]
        suppliers, reference = self._suppliers()
        homes = self._homes_by_adjective(countries, suppliers)
        described = {(row.iso3, row.supplier) for row in homes}
        rows: list[DraftRow] = []
        for country in _distinct(countries):
            role = self._role_for(country)
            if role is None:
                continue
            if not suppliers and role[0].value == "supplier_home":
                rows.append(self._named(country, None, role[0], "home cue, no company named", reference))
            for supplier in suppliers:
                name = self.drafter.supplier_name(supplier.value)
                if (country.value, name) not in described:
                    rows.append(self._named(country, supplier, role[0], role[1], reference))
        figures = read_figures(self.text, self.sentence.start, self.sentence.end, self.mentions, self.language)
        if rows and len(figures) == 1:
            for row in rows:
                row.value, row.denominator, row.unit = figures[0].value, figures[0].denominator, figures[0].unit
                row.qualifier = figures[0].qualifier
        if rows or homes:
            return _unique(homes + rows)
        return [self._aggregate(figure, suppliers, reference) for figure in figures]

    # --- what the sentence names -------------------------------------------------------------

    def _suppliers(self) -> tuple[list[Mention], Mention | None]:
        named = _distinct(self.of("supplier"))
        if named:
            return named, None
        reference = next(iter(self.of("reference")), None)
        if reference and self.previous is not None:
            return [self.previous], reference
        return [], None

    def _excluded(self, country: Mention) -> bool:
        """A venue, a comparison or a newspaper's name: the text states no fact about it."""
        before = self.text[self.sentence.start:country.start]
        for cue in self.of("venue", "comparison"):
            if cue.end <= country.start and _words(self.text[cue.end:country.start]) <= 6:
                return True
        press = self.of("press")
        after = [p for p in press if p.start >= country.end and _words(self.text[country.end:p.start]) <= 2
                 and _capitalised_between(self.text, country.end, p.start)]
        preceding = [p for p in press if p.end <= country.start and _words(self.text[p.end:country.start]) <= 2
                     and not before[-3:].strip().endswith((",", ";"))]
        return bool(after or preceding)

    def _role_for(self, country: Mention) -> tuple[Mention, str] | None:
        cues = [m for m in self.of("role") if m.value in self.drafter.roles]
        if not cues:
            return None
        nearest = min(cues, key=lambda cue: (_distance(cue, country), cue.start))
        return nearest, f'role cue "{nearest.surface}"'

    def _homes_by_adjective(self, countries: list[Mention], suppliers: list[Mention]) -> list[DraftRow]:
        rows: list[DraftRow] = []
        if "supplier_home" not in self.drafter.roles:
            return rows
        institutions = self.of("institution")
        for adjective in (c for c in countries if c.kind == "adjective"):
            if any(_distance(adjective, institution) <= 1 for institution in institutions):
                continue  # "the Dutch government", "le gouvernement français": not the company's home
            for supplier in suppliers:
                if _near(self.text, adjective, supplier):
                    rows.append(self._named(adjective, supplier, None, f'nationality adjective "{adjective.surface}" '
                                            f'next to "{supplier.surface}"', None, role="supplier_home"))
        return rows

    # --- rows --------------------------------------------------------------------------------

    def _named(self, country: Mention, supplier: Mention | None, cue: Mention | None, why: str,
               reference: Mention | None, role: str | None = None) -> DraftRow:
        role = role or (cue.value if cue else "")
        iso3 = country.value
        supplier_name = self.drafter.supplier_name(supplier.value) if supplier else ""
        parts = [country, *(m for m in (cue, reference) if m)]
        if supplier is not None and reference is None:
            parts.append(supplier)
        reason = [f'country "{country.surface}" ({iso3}, {country.kind})', why]
        if supplier and reference:
            reason.append(f'company "{supplier.surface}" from the sentence before ("{reference.surface}")')
        elif supplier:
            reason.append(f'company "{supplier.surface}"')
        confidence = 0.9 - 0.2 * bool(reference) - 0.1 * (country.kind in ("place", "government")) \
            - 0.1 * bool(cue and _words(self.text[min(cue.end, country.end):max(cue.start, country.start)]) > 10)
        row = DraftRow(f"{supplier_name or 'any'}-{iso3.lower()}-{role}", "named", "", [], "", "", round(confidence, 2),
                       country=self.drafter.resolver.name(iso3), iso3=iso3, supplier=supplier_name, role=role)
        return self._finish(row, parts, reason)

    def _aggregate(self, figure: Figure, suppliers: list[Mention], reference: Mention | None) -> DraftRow:
        supplier = suppliers[0] if len(suppliers) == 1 else None
        cues = [m for m in self.of("role") if m.value in self.drafter.roles and m.value != "supplier_home"]
        role = min(cues, key=lambda c: abs(c.start - figure.start)).value if cues else ""
        supplier_name = self.drafter.supplier_name(supplier.value) if supplier else ""
        reason = [f'figure "{figure.words}"' + (f" ({figure.qualifier})" if figure.qualifier != "exact" else "")]
        if supplier and reference:
            reason.append(f'company "{supplier.surface}" from the sentence before ("{reference.surface}")')
        elif supplier:
            reason.append(f'company "{supplier.surface}"')
        row = DraftRow(f"figure-{figure.value:g}", "aggregate", "", [], "", "", round(0.8 - 0.2 * bool(reference), 2),
                       supplier=supplier_name, role=role, value=figure.value, denominator=figure.denominator,
                       unit=figure.unit, qualifier=figure.qualifier)
        anchor = Mention(self.mentions[0].term if self.mentions else None, figure.start, figure.end,  # type: ignore[arg-type]
                         self.text[figure.start:figure.end])
        parts = [anchor] + ([supplier] if supplier and not reference else [])
        return self._finish(row, parts, reason)

    def _finish(self, row: DraftRow, parts: list[Mention], reason: list[str]) -> DraftRow:
        if self.hedges and not reason[-1].startswith("nationality adjective"):
            row.hedged = True
            parts = parts + [self.hedges[0]]
            reason.append(f'hedged: "{self.hedges[0].surface}"')
        row.spans = evidence_spans(self.raw, self.text, self.sentence, parts)
        row.evidence = " … ".join(self.raw[s.start:s.end] for s in row.spans)
        row.reason = "; ".join(reason)
        row.claim = claim_for(row, self.hedges[0].surface if self.hedges else "")
        return row


def _unique(rows: list[DraftRow]) -> list[DraftRow]:
    seen, kept = set(), []
    for row in rows:
        key = (row.iso3, row.supplier, row.role)
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept


def _distinct(mentions: list[Mention]) -> list[Mention]:
    """One mention per value, its name preferred to a place or adjective standing for it."""
    preference = {kind: i for i, kind in enumerate(("supplier", *COUNTRY_KINDS))}
    best: dict[str, Mention] = {}
    for mention in mentions:
        known = best.get(mention.value)
        if known is None or preference.get(mention.kind, 9) < preference.get(known.kind, 9):
            best[mention.value] = mention
    return sorted(best.values(), key=lambda m: m.start)


def _words(text: str) -> int:
    return len(text.split())


def _distance(a: Mention, b: Mention) -> int:
    return max(0, b.start - a.end, a.start - b.end)


def _near(text: str, adjective: Mention, supplier: Mention) -> bool:
    """An adjective describing the company: before it within a few words ("Chinese camera maker
    X"), or in an apposition after it ("X, a British firm")."""
    if adjective.end <= supplier.start:
        between = text[adjective.end:supplier.start]
        return _words(between) <= NEAR and not re.search(r"[.;:]", between)
    between = text[supplier.end:adjective.start]
    return between.lstrip().startswith(",") and _words(between) <= NEAR - 1


def _capitalised_between(text: str, start: int, end: int) -> bool:
    return all(word[0].isupper() for word in text[start:end].split())


def evidence_spans(raw: str, text: str, sentence: Span, parts: list[Mention]) -> list[Span]:
    """The shortest stretch of the sentence holding every part, in at most MAX_WORDS words; when
    the parts are further apart, one passage per group of parts (quoted joined with "…")."""
    ordered = sorted(parts, key=lambda m: m.start)
    whole = Span(ordered[0].start, ordered[-1].end)
    if _words(text[whole.start:whole.end]) <= MAX_WORDS:
        spans = [_widened(text, sentence, whole)]
    else:
        spans = []
        for part in ordered:
            if spans and _words(text[spans[-1].start:part.end]) <= MAX_WORDS // 2:
                spans[-1] = Span(spans[-1].start, max(spans[-1].end, part.end))
            elif not spans or part.start >= spans[-1].end:
                spans.append(Span(part.start, part.end))
    return _unmarked(raw, text, spans)


def _widened(text: str, sentence: Span, span: Span) -> Span:
    """The span with a word either side where the budget allows, for context."""
    start, end = span.start, span.end
    before = text[sentence.start:start].split()
    after = text[end:sentence.end].split()
    if before and _words(text[start:end]) < MAX_WORDS:
        start = text.rindex(before[-1], sentence.start, start)
    if after and _words(text[start:end]) < MAX_WORDS:
        end = text.index(after[0], end, sentence.end) + len(after[0])
    return Span(start, end)


def _unmarked(raw: str, text: str, spans: list[Span]) -> list[Span]:
    """Spans split where markup (blanked in the visible text) lies inside them, so each passage
    is the raw text's own characters."""
    result = []
    for span in spans:
        start = span.start
        for gap in re.finditer(r" +", text[span.start:span.end]):
            a, b = span.start + gap.start(), span.start + gap.end()
            if raw[a:b].strip():
                if text[start:a].strip():
                    result.append(_trimmed(raw, Span(start, a)))
                start = b
        if text[start:span.end].strip():
            result.append(_trimmed(raw, Span(start, span.end)))
    return [Span(s.start, s.end) for s in result if s.end > s.start]


MARKUP = re.compile(r"<[^>]{0,500}>|&[a-zA-Z]{2,8};|&#\d{1,6};")
MARKDOWN = re.compile(r"^\s{0,3}#{1,6}\s|^\s*[-*+]\s|\*\*|__|`|!?\[|\]\([^)]{0,500}\)", re.MULTILINE)


def visible_text(raw: str, file: str) -> str:
    """The text as a reader sees it, character for character: HTML tags and entities, or Markdown
    markup, blanked to spaces so that offsets are the file's own."""
    suffix = Path(file).suffix.lower()
    pattern = MARKUP if suffix in (".html", ".htm") else MARKDOWN if suffix in (".md", ".markdown") else None
    if pattern is None:
        return raw
    text = pattern.sub(lambda m: " " * len(m.group()), raw)
    if suffix in (".html", ".htm"):
        text = re.sub(r"(?is)<(script|style)\b.*?</\1>", lambda m: " " * len(m.group()), text)
    return text


ROLE_WORDS = {
    "deployment": "{supplier} technology deployed, or projects, in {country}",
    "restriction": "{country}'s government acts against {supplier}",
    "partnership": "{country}: investment, research or business partner of {supplier}",
    "supplier_home": "{country} is home to {supplier}",
}


def claim_for(row: DraftRow, hedge: str) -> str:
    """The row in a plain sentence, to be reworded by the journalist; a hedged row says it was
    not stated as done."""
    supplier = row.supplier or "a company the sentence does not name"
    if row.kind == "named":
        pattern = ROLE_WORDS.get(row.role, "{country}: {role} ({supplier})")
        said = pattern.format(country=row.country, supplier=supplier, role=row.role)
    else:
        figure = f"{row.qualifier.replace('_', ' ') + ' ' if row.qualifier not in ('', 'exact') else ''}{row.value:g}"
        if row.denominator is not None:
            figure += f" of {row.denominator:g}"
        said = f"{figure} {row.unit}".strip() + (f" ({row.supplier})" if row.supplier else "")
    if row.hedged:
        return f'Not stated as done (the text says "{hedge}"): {said}. Drafted; reword before publishing.'
    return f"{said}. Drafted; reword before publishing."


def draft_texts(paths: Sequence[Path], drafter: Drafter, source_ids: dict[str, str],
                taken: set[str]) -> list[DraftText]:
    """Draft each text (read as UTF-8); ``source_ids`` maps a file name to its source id."""
    results = []
    for path in paths:
        raw = path.read_bytes().decode("utf-8-sig")
        result = drafter.draft(source_ids[path.name], path.name, raw, taken)
        result.sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
        taken |= {row.id for row in result.rows}
        results.append(result)
    return results


