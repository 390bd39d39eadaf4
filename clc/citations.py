"""Citation registry: what to cite for the data and models a run used (as PyBaMM does).

Modules register a citation when their data or model is used; :func:`used` lists them and
``clc citations`` prints them after a run.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Citation:
    key: str
    authors: str
    year: int
    title: str
    journal: str = ""
    volume: str = ""
    pages: str = ""
    doi: str = ""

    def text(self) -> str:
        parts = [f"{self.authors} ({self.year}). {self.title}."]
        if self.journal:
            parts.append(f" {self.journal}")
            if self.volume:
                parts.append(f" {self.volume}")
            if self.pages:
                parts.append(f", {self.pages}")
            parts.append(".")
        if self.doi:
            parts.append(f" doi:{self.doi}")
        return "".join(parts)


_KNOWN: dict[str, Citation] = {}
_USED: list[str] = []


def add(citation: Citation) -> Citation:
    """Make a citation known (idempotent)."""
    _KNOWN.setdefault(citation.key, citation)
    return _KNOWN[citation.key]


def add_from_dict(cit: dict) -> Citation:
    """Make known the ``citation:`` block of a data file (key, authors, year, title, journal, ...)."""
    return add(Citation(cit["key"], cit["authors"], int(cit["year"]), cit["title"], cit.get("journal", ""),
                        str(cit.get("volume", "")), str(cit.get("pages", "")), cit.get("doi", "")))


def cite(key: str) -> None:
    """Record that the work behind ``key`` was used in this session."""
    if key not in _KNOWN:
        raise KeyError(f"unknown citation key {key!r}")
    if key not in _USED:
        _USED.append(key)


def used() -> list[Citation]:
    """Citations recorded with :func:`cite`, in first-use order."""
    return [_KNOWN[k] for k in _USED]


def get(key: str) -> Citation:
    return _KNOWN[key]


add(Citation("Cantera", "D. G. Goodwin, H. K. Moffat, I. Schoegl, R. L. Speth, B. W. Weber", 2025,
             "Cantera: An object-oriented software toolkit for chemical kinetics, thermodynamics, "
             "and transport processes", "https://www.cantera.org", "3.x"))
add(Citation("McBride1993", "B. J. McBride, S. Gordon, M. A. Reno", 1993,
             "Coefficients for calculating thermodynamic and transport properties of individual species",
             "NASA Technical Memorandum", "4513"))
add(Citation("Szekely1976", "J. Szekely, J. W. Evans, H. Y. Sohn", 1976, "Gas-Solid Reactions",
             "Academic Press, New York"))
add(Citation("Georgakis1979", "C. Georgakis, C. W. Chang, J. Szekely", 1979,
             "A changing grain size model for gas-solid reactions", "Chem. Eng. Sci.", "34",
             "1072-1075"))
