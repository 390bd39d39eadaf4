"""Error classes of clc: a run that cannot give a result says why.

Both are :class:`RuntimeError` subclasses, so callers catching ``RuntimeError`` keep working.
Input errors (a field the user typed, its value and what is allowed) stay :class:`ValueError`.
"""

from __future__ import annotations


class ClcError(RuntimeError):
    """A run of clc that has no result (base class)."""


class InfeasibleError(ClcError):
    """The unit as specified has no physical steady state; the message gives the physical reason
    (e.g. the air reactor cannot re-oxidise the carrier at this circulation)."""


class ConvergenceError(ClcError):
    """The solvers did not find a steady state (or found one whose balances do not close); the
    message says what was tried."""
