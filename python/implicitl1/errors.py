"""Exceptions: one class per exit-code class of implicit-l1 (src/ImplicitL1.Cli/ExitCodes.cs)."""

from __future__ import annotations

from typing import Optional, Sequence


class ImplicitL1Error(Exception):
    """A failure of the implicit-l1 tool (or of the same check done in Python before the tool runs).

    ``exit_code`` is the tool's exit code (None for client-side problems such as a missing tool),
    ``message`` the one-line message (the tool's ``error: …`` line without the prefix), ``stderr`` the
    tool's whole standard error, ``command`` the argument list that was run.
    """

    exit_code: Optional[int] = None

    def __init__(self, message: str, *, exit_code: Optional[int] = None, stderr: str = "",
                 command: Optional[Sequence[str]] = None):
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code
        self.stderr = stderr
        self.command = list(command) if command is not None else None


class InternalError(ImplicitL1Error):
    """Exit code 1: an unexpected internal error of the tool (a bug: please report it)."""

    exit_code = 1


class UsageError(ImplicitL1Error, ValueError):
    """Exit code 2: command-line misuse (unknown option, conflicting or missing options)."""

    exit_code = 2


class InvalidValueError(ImplicitL1Error, ValueError):
    """Exit code 3: a value out of range (α ≤ 0, D < 2, s > N, not a number)."""

    exit_code = 3


class UnreadableFileError(ImplicitL1Error):
    """Exit code 4: a data file does not exist or cannot be read."""

    exit_code = 4


class CorruptFileError(ImplicitL1Error, ValueError):
    """Exit code 5: a data file (or database) is truncated or malformed."""

    exit_code = 5


class UnsupportedTypeError(ImplicitL1Error, TypeError):
    """Exit code 6: an unsupported type (int, complex, not a numpy array, unknown extension)."""

    exit_code = 6


class NonFiniteError(ImplicitL1Error, ValueError):
    """Exit code 7: A, y (or x) holds NaN or ±∞."""

    exit_code = 7


class ShapeMismatchError(ImplicitL1Error, ValueError):
    """Exit code 8: arrays of incompatible shapes."""

    exit_code = 8


class InfeasibleError(ImplicitL1Error, ValueError):
    """Exit code 9: y is not in the range of A (basis pursuit and the limit are infeasible)."""

    exit_code = 9


class NumericalFailureError(ImplicitL1Error, ArithmeticError):
    """Exit code 10: a solver failed its own verification."""

    exit_code = 10


class DatabaseMismatchError(ImplicitL1Error, ValueError):
    """Exit code 11: a sweep database of another spec, or an SQLite file that is not a sweep database."""

    exit_code = 11


class UnwritableError(ImplicitL1Error):
    """Exit code 12: an output file or folder cannot be written."""

    exit_code = 12


class StoppedError(ImplicitL1Error):
    """Exit code 13: a run stopped on its budget (max_iterations, time_limit) or was cancelled."""

    exit_code = 13


class ToolNotFoundError(ImplicitL1Error, FileNotFoundError):
    """The implicit-l1 tool was not found (IMPLICITL1_CLI, PATH, the repository's build, dotnet)."""


class VersionMismatchError(ImplicitL1Error):
    """The tool's ``--version`` is not the version this package was written for."""


class ImplicitL1Warning(UserWarning):
    """A ``warning: …`` line of the tool (m ≥ N, dependent rows dropped, non-unique basis pursuit)."""


BY_EXIT_CODE = {cls.exit_code: cls for cls in (
    InternalError, UsageError, InvalidValueError, UnreadableFileError, CorruptFileError, UnsupportedTypeError,
    NonFiniteError, ShapeMismatchError, InfeasibleError, NumericalFailureError, DatabaseMismatchError,
    UnwritableError, StoppedError)}

# Exit codes of a numerical outcome (a non-success status: numerical_trouble, diverged, precision_exhausted → 10;
# max_iterations, time_limit, cancelled → 13). When the tool still printed its result, the result is returned with
# its status (the status says what happened) and a warning; without a result the exception is raised.
OUTCOME_EXIT_CODES = frozenset({NumericalFailureError.exit_code, StoppedError.exit_code})


def for_exit_code(code: int, message: str, *, stderr: str = "", command: Optional[Sequence[str]] = None) -> ImplicitL1Error:
    """The exception for a non-zero exit code (ImplicitL1Error itself for a code the package does not know)."""
    cls = BY_EXIT_CODE.get(code, ImplicitL1Error)
    return cls(message, exit_code=code, stderr=stderr, command=command)
