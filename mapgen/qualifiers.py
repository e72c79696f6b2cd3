"""How a source qualifies its figure, and what each qualifier holds for when a dataset counts.

A row's ``qualifier`` keeps the source's own word: "at least 63 countries" is ``at_least``,
"more than 10" ``more_than``, "almost 30 %" ``almost``. The interface table words each one in
every language (its key is the qualifier's name; ``exact`` has no word), and a fact check holds
when the dataset's count is one the source's words allow:

| qualifier    | the source says    | holds for a count c of a figure n            |
|--------------|--------------------|----------------------------------------------|
| ``exact``    | 50                 | c = n                                         |
| ``at_least`` | at least 63        | c >= n                                        |
| ``more_than``| more than 10       | c > n                                         |
| ``about``    | about 30           | n - t <= c <= n + t                           |
| ``almost``   | almost 30          | n - t <= c < n                                |
| ``up_to``    | up to 40           | c <= n                                        |
| ``fewer_than``| fewer than 10     | c < n                                         |

where the tolerance t is a tenth of n, rounded half up, and at least 1 ("about 30": 27 to 33;
"almost 30": 27, 28 or 29; "about 45": 40 to 50).
"""
from __future__ import annotations

import math
from collections.abc import Callable

EXACT = "exact"


def tolerance(value: float) -> int:
    """How far "about" and "almost" reach: a tenth of the figure, and at least 1."""
    return max(1, math.floor(value / 10 + 0.5))


RULES: dict[str, Callable[[float, float], bool]] = {
    EXACT: lambda count, value: count == value,
    "at_least": lambda count, value: count >= value,
    "more_than": lambda count, value: count > value,
    "about": lambda count, value: abs(count - value) <= tolerance(value),
    "almost": lambda count, value: value - tolerance(value) <= count < value,
    "up_to": lambda count, value: count <= value,
    "fewer_than": lambda count, value: count < value,
}
QUALIFIERS = tuple(RULES)


def holds(qualifier: str, value: float, count: float) -> bool:
    """Whether a count bears out a figure the source qualified so."""
    return RULES[qualifier](count, value)


def worded(qualifier: str) -> bool:
    """Whether readers see a word for it ("at least 63"); an exact figure stands alone."""
    return qualifier != EXACT
