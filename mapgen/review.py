"""The review page of a draft: each text with its proposed spans highlighted, each row beside
the words it rests on. One self-contained HTML file from an autoescaping template."""
from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment, PackageLoader

from mapgen.draft import DraftText


@dataclass(frozen=True)
class Piece:
    text: str
    rows: tuple[str, ...]  # the ids of the rows whose evidence covers it
    hedged: bool
    anchor: str


def pieces(text: DraftText) -> list[Piece]:
    """The text cut where any row's evidence starts or ends."""
    cuts = {0, len(text.text)}
    for row in text.rows:
        for span in row.spans:
            cuts |= {span.start, span.end}
    ordered = sorted(cuts)
    result = []
    for n, (start, end) in enumerate(zip(ordered, ordered[1:])):
        covering = [row for row in text.rows if any(s.start <= start and end <= s.end for s in row.spans)]
        result.append(Piece(text.text[start:end], tuple(row.id for row in covering),
                            any(row.hedged for row in covering), f"{text.source}-span-{n}"))
    return result


def review_html(texts: list[DraftText]) -> str:
    environment = Environment(loader=PackageLoader("mapgen", "assets"), autoescape=True)
    template = environment.get_template("review.html.j2")
    return template.render(texts=[{"file": t.file, "language": t.language, "source": t.source, "rows": t.rows, "stated": t.stated,
                                   "pieces": pieces(t)} for t in texts])
