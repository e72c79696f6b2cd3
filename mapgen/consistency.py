"""Warnings about a supplier table whose cells look misread: the table's own faults, which a
build would otherwise carry onto the map without a word.

- company cells after blank ones in the company columns: header-less spill cells that may have
  slipped onto the wrong row;
- a company whose home country has an origin column (``[origins]``) that says no on its row;
- a group token ("Mult") on a row whose origin column says no;
- a company not in the supplier catalogue whose name is close to one that is ("did you mean").

Each is a Problem naming the file and row; ``mapgen check`` lists them and every build warns.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mapgen.errors import Problem, shown
from mapgen.names import Suggestions
from mapgen.recipes import Recipe
from mapgen.suppliers import Supplier, SupplierCatalogue

# Close enough to be a slip of the keyboard ("Hikvsion"), not another company ("Axis", "Avigilon").
NEAR_MISS = 0.85


class RowChecks:
    """The checks made row by row while a table is read; warnings go to ``warnings``."""

    def __init__(self, path: Path, recipe: Recipe, supplier_columns: list[str], origins: dict[str, str],
                 catalogue: SupplierCatalogue, says_yes: Callable[[str], bool], warnings: list[Problem]):
        self.path, self.recipe, self.columns, self.origins = str(path), recipe, supplier_columns, origins
        self.says_yes, self.warnings = says_yes, warnings
        self.catalogue = catalogue
        self._suggestions: Suggestions | None = None
        self._seen_unknown: set[str] = set()

    def cells(self, number: int, values: dict[str, str]) -> None:
        """Company cells after a blank one, in a table with several company columns."""
        if len(self.columns) < 2:
            return
        blank = None
        for column in self.columns:
            cell = values.get(column, "").strip()
            if cell.casefold() in self.recipe.nothing:
                blank = blank or column
            elif blank:
                self.warnings.append(Problem(self.path, number, f'company cell "{shown(cell, 40)}" (column '
                                             f'"{shown(column)}") follows the blank "{shown(blank)}": spilled '
                                             "cells may sit on the wrong row; check the row against the source"))
                return

    def supplier(self, number: int, iso3: str, values: dict[str, str], supplier: Supplier) -> None:
        """A company or group whose origin column says no on its row; a near-miss company name."""
        home = supplier.home_iso3
        column = self.origins.get(home or "")
        if column and home != iso3 and not self.says_yes(values.get(column, "")):
            what = (f'"{shown(supplier.name)}" stands for companies from {home}' if supplier.kind == "group"
                    else f'{shown(supplier.name)} (a company from {home}) is listed')
            self.warnings.append(Problem(self.path, number, f'{what}, but its origin column "{shown(column)}" is '
                                                            "not yes on this row: is the row's company list misaligned?"))
        if supplier.kind == "dataset" and supplier.id not in self._seen_unknown:
            self._seen_unknown.add(supplier.id)
            close = self._close(supplier.name)
            if close:
                self.warnings.append(Problem(self.path, number, f'company "{shown(supplier.name)}" is not in the '
                                             f'supplier catalogue; did you mean "{shown(close)}"? (if so, add '
                                             f'"{shown(supplier.name)}" = "{shown(close)}" to [suppliers] aliases)'))

    def _close(self, name: str) -> str | None:
        if self._suggestions is None:
            known = [spelling for s in self.catalogue if s.kind == "catalogue" for spelling in (s.name, *s.aliases)]
            self._suggestions = Suggestions(known, NEAR_MISS)
        return self._suggestions.closest(name)
