"""The words a map says around its facts, in one language: role labels and colours, the
headline, figures with their qualifiers, checks, source labels and the source line.

Only the map's view (mapgen.view) calls these; every output takes its words from the view. Every
string is plain text: each renderer escapes it for its own medium.
"""
from __future__ import annotations

from mapgen import qualifiers
from mapgen.facts import Fact, Source, stated
from mapgen.i18n import Language
from mapgen.join import MapData
from mapgen.project import in_language
from mapgen.reconcile import Check

NO_FACT_GREY = "#cfcfcf"

# Countries only a dataset names: Okabe-Ito sky blue, apart from the article roles.
DATASET_COLOUR = "#56B4E9"


def role_label(data: MapData, lang: Language, key: str) -> str:
    """A role's label: the project's, else the interface table's for the standard roles, else its key."""
    label = in_language(data.project.role(key).label, lang.code, data.project.language)
    if label:
        return label
    return lang(f"role_{key}") if f"role_{key}" in lang.strings else key.replace("_", " ").capitalize()


def role_colour(data: MapData, key: str) -> str:
    return data.project.role(key).colour


def shown_supplier_ids(data: MapData) -> set[str]:
    """Every supplier the map shows something about: in its facts, claims and dataset countries."""
    return set(data.supplier_counts())


def headline(data: MapData, lang: Language, title: str | None) -> str:
    """The given title; else the project's. A project title that names where the companies come
    from ("Chinese ...", ``title_origin``) is used only when every company the map shows is based
    there; else ``title_otherwise``. A project without a title gets a neutral one."""
    project = data.project
    own = title or in_language(project.title, lang.code, project.language)
    if title or not own:
        return own or lang("title_neutral")
    if project.title_origin and not _all_from(data):
        return in_language(project.title_otherwise, lang.code, project.language) or lang("title_neutral")
    return own


def _all_from(data: MapData) -> bool:
    shown = shown_supplier_ids(data)
    return bool(shown) and {data.facts.suppliers[s].home_iso3 for s in shown} == {data.title_origin}


def standfirst(data: MapData, lang: Language, subtitle: str | None) -> str:
    """The line under the headline, saying which suppliers a filtered map keeps."""
    own = in_language(data.project.standfirst, lang.code, data.project.language)
    if subtitle or own:
        text = subtitle or own or ""
    elif data.datasets:
        text = lang("subtitle_datasets")
    else:
        example = next((figure(lang, claim) for claim in data.aggregate if claim.value is not None), None)
        text = lang("subtitle_example", figure=example) if example else lang("subtitle")
    if data.selected:
        text = lang("selected_suppliers", names=", ".join(s.name for s in data.selected), text=text)
    return text


def plain_number(value: float) -> int | float:
    """A figure as written: 63, not 63.0."""
    return int(value) if float(value).is_integer() else value


def number(value: float | None) -> str:
    """A figure as text ("" for none): the one number format of maps, reports and data files."""
    return "" if value is None else str(plain_number(value))


def claimed(lang: Language, fact: Fact) -> str:
    """A figure with its qualifier and denominator, without its unit: "at least 63", "36 of 86"."""
    if fact.value is None:
        return ""
    text = lang.number(fact.value)
    if fact.denominator is not None:
        text = lang("part_of", n=text, total=lang.number(fact.denominator))
    return lang(fact.qualifier, n=text) if qualifiers.worded(fact.qualifier) else text


def figure(lang: Language, fact: Fact) -> str:
    """A figure as readers should see it, qualifier kept: "at least 63 countries", "36 of 86 ..."."""
    text = claimed(lang, fact)
    return f"{text} {fact.unit}" if text and fact.unit else text


def found(lang: Language, check: Check) -> str:
    """What a dataset gives: "49", "36 of 43"; with the count that members of unknown date would add."""
    text = _part(lang, check.count, check.denominator)
    if check.undated or check.undated_members:
        with_undated = _part(lang, (check.count or 0) + check.undated,
                             None if check.denominator is None else check.denominator + check.undated_members)
        text = lang("check_undated", found=text, with_undated=with_undated)
    return text


def _part(lang: Language, n: int | None, total: int | None) -> str:
    shown = lang.number(n or 0)
    return shown if total is None else lang("part_of", n=shown, total=lang.number(total))


def check_where(lang: Language, data: MapData, check: Check) -> str:
    """What was counted: the dataset (its edition), where origin came from (its column, or
    mapgen's supplier catalogue), and where membership came from."""
    where = check.dataset_title
    if check.origin_column:
        where = lang("check_where_column", dataset=where, column=check.origin_column)
    elif check.counted_by == "catalogue":
        where = lang("check_where_catalogue", dataset=where)
    if check.membership_column:
        return lang("check_where_column", dataset=where, column=check.membership_column)
    if check.membership:
        return lang("check_where", dataset=where, membership=check.membership)
    return where


def check_line(lang: Language, data: MapData, fact: Fact, check: Check) -> str:
    """The check in words, from the article's side: "The article says 50 countries; AI Global
    Surveillance Index lists 49: the article's figure is 1 higher." """
    where = check_where(lang, data, check)
    if check.unchecked == "no_origin_column":
        return lang("check_no_origin", where=where, origin=_country(lang, data, check.origin or ""))
    if check.count is None:
        return lang("check_not_checked", where=where, name=check.membership_name or "")
    gap = check.gap or 0
    outcomes = {"holds": "check_bears_out", "qualifier_fails": "check_qualifier_fails",
                "article_higher": "check_higher", "article_lower": "check_lower"}
    verdict = check.verdict
    key = "check_agree" if verdict == "holds" and gap == 0 and not qualifiers.worded(fact.qualifier) else outcomes[verdict]
    outcome = lang(key, n=lang.number(abs(gap)), claimed=claimed(lang, fact))
    sentences = [lang("check", claimed=figure(lang, fact), where=where, found=found(lang, check), outcome=outcome)]
    if check.denominator_gap:
        sentences.append(lang("check_totals", claimed=lang.number(fact.denominator or 0),
                              found=lang.number(check.denominator or 0)))
    if check.home:
        key = "check_home_counted" if check.home_counted else "check_home"
        sentences.append(lang(key, country=_country(lang, data, check.home)))
    if check.edition_differs:
        sentences.append(lang("check_edition", claim=check.claim_year, dataset=check.dataset_year))
    return " ".join(sentences)


def _country(lang: Language, data: MapData, iso3: str) -> str:
    return lang.country_names(data.boundaries).get(iso3) or data.country_name(iso3)


def source_label(lang: Language, source: Source) -> str:
    """“Headline”, Publisher, date, as readers know a source (its file name stays in the data CSV);
    a text without a headline is described, not quoted."""
    publisher = source.publisher if stated(source.publisher) else lang("publisher_not_stated")
    title = f"\u201c{source.headline}\u201d" if source.has_headline else lang("no_headline", summary=source.summary)
    dated = f", {source.date}" if stated(source.date) else ""
    return f"{title}, {publisher}{dated}"


def fact_date(lang: Language, fact: Fact) -> str:
    """When a fact happened, where its row says: "When: 2019-10-07 (public record)"."""
    return lang("fact_date", date=fact.date) if fact.date else ""


def quoted(lang: Language, text: str) -> str:
    return lang("quoted", text=text)


def evidence_note(lang: Language, data: MapData, fact: Fact) -> str:
    """What follows a quote that this build could not find in its source's text ("" for a checked one)."""
    return lang("evidence_unchecked") if fact.evidence and not data.facts.evidence.verified(fact) else ""


def dataset_credit(lang: Language, recipe) -> str:
    """Title (publisher, year; licence) of a dataset or membership list."""
    licence = recipe.licence if stated(recipe.licence) else lang("licence_not_stated")
    return lang("dataset_credit", title=recipe.title, publisher=recipe.publisher, year=recipe.year, licence=licence)


def _skipped(lang: Language, table) -> str:
    """" (2 rows left out: ...)" after a table's credit, when --skip-unresolved skipped rows of it."""
    return f" ({lang.count('skipped_rows', len(table.skipped))})" if table.skipped else ""


def membership_label(lang: Language, membership) -> str:
    label = f"{membership.name}: {membership.recipe.title} ({membership.recipe.publisher})"
    return lang("as_of", label=label, date=membership.as_of.isoformat()) if membership.as_of else label


def attribution(data: MapData, lang: Language) -> str:
    return lang("attribution", version=data.boundaries.metadata.get("natural_earth_version", ""))


def foot(data: MapData, lang: Language) -> str:
    """The source line: who published what the map shows (articles and datasets), and where the
    boundaries come from. Never empty: a selection with no article fact says so."""
    sources = [data.facts.sources[s] for s in data.shown_sources()]
    named = sorted({s.publisher for s in sources if stated(s.publisher)})
    unstated = [s for s in sources if not stated(s.publisher)]
    publishers = ", ".join(named)
    if unstated:
        articles = lang.count("article", len(unstated))
        publishers = lang("unnamed_publishers", listing=publishers, articles=articles) if named else \
            lang("only_unnamed_publishers", articles=articles)
    parts = [lang("foot_articles", publishers=publishers) if sources else lang("foot_no_articles")]
    credited = data.tables()
    if credited:
        parts.append(lang("foot_datasets", datasets="; ".join(dataset_credit(lang, d.recipe) + _skipped(lang, d)
                                                              for d in credited)))
    meta = data.boundaries.metadata
    boundaries = lang("boundaries_note", version=meta.get("natural_earth_version", ""),
                      view=meta.get("point_of_view", "default"))
    parts.append(lang("foot_end", boundaries=boundaries))
    return " ".join(parts)
