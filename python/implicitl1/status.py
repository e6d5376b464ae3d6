"""Status of a result: mirrors ImplicitL1.SolverStatus (src/ImplicitL1/SolverStatus.cs)."""

from __future__ import annotations

from enum import Enum


class Status(str, Enum):
    """Outcome of a numerical solver; the value is the tool's snake_case name.

    A status is never an exception: every solver reports one with its best answer. Use ``status.is_success``
    (true for SUCCESS and NOT_UNIQUE) rather than comparing with SUCCESS.
    """

    SUCCESS = "success"
    """Converged to the requested tolerance and verified. Counts as success."""
    NOT_UNIQUE = "not_unique"
    """Basis pursuit has more than one minimizer; a minimizer is reported. Counts as success."""
    PRECISION_EXHAUSTED = "precision_exhausted"
    """Float64 cannot resolve the answer at this α; the last reliable iterate is reported."""
    MAX_ITERATIONS = "max_iterations"
    """The iteration budget ran out before the tolerance was met."""
    INFEASIBLE = "infeasible"
    """y is not in the range of A."""
    DIVERGED = "diverged"
    """The iteration diverged (loss growth or non-finite values): lower the step."""
    NUMERICAL_TROUBLE = "numerical_trouble"
    """The answer failed verification, or the backend failed."""
    TIME_LIMIT = "time_limit"
    """The wall-clock budget ran out; the last state is reported."""
    CANCELLED = "cancelled"
    """Cancelled by the caller; the last state is reported."""

    @property
    def is_success(self) -> bool:
        """True for SUCCESS and NOT_UNIQUE (SolverStatus.IsSuccess())."""
        return self in (Status.SUCCESS, Status.NOT_UNIQUE)

    def __str__(self) -> str:
        return self.value
