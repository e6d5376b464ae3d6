"""implicitl1: Python client of the implicit-l1 tool (exact limits of gradient flow on diagonal linear networks
x = u^D − v^D, basis pursuit, ϱ, rate bounds, NSP constants, GF/GD training, sweeps, claims).

A thin client in the manner of CmdStanPy: every function runs the tool on .npy files in a temporary folder and returns
a dataclass of numpy arrays whose numbers are the tool's, bit for bit. The tool is found through ``set_cli_path``,
the ``IMPLICITL1_CLI`` environment variable, ``implicit-l1`` on PATH, or this repository's build.
"""

from ._tool import TOOL_VERSION, ToolInfo, find_tool, set_cli_path
from .api import (basis_pursuit, bounds, compare, generate, limit, nsp, reproduce, saddles, sweep, train, varrho)
from .errors import (CorruptFileError, DatabaseMismatchError, ImplicitL1Error, ImplicitL1Warning, InfeasibleError,
                     InternalError, InvalidValueError, NonFiniteError, NumericalFailureError, ShapeMismatchError, StoppedError,
                     ToolNotFoundError, UnreadableFileError, UnsupportedTypeError, UnwritableError, UsageError,
                     VersionMismatchError)
from .results import (BasisPursuitResult, BoundsResult, ClaimSummary, CompareResult, Coordinate, Instance, LimitPoint,
                      LimitResult, NspResult, ReproduceResult, SaddlesResult, SweepResult, Trajectory, TrainResult,
                      VarrhoResult)
from .status import Status

__version__ = "0.1.0"

__all__ = [
    "basis_pursuit", "varrho", "limit", "bounds", "nsp", "train", "compare", "saddles", "generate", "sweep",
    "reproduce", "find_tool", "set_cli_path", "ToolInfo", "TOOL_VERSION", "Status",
    "BasisPursuitResult", "VarrhoResult", "LimitPoint", "LimitResult", "BoundsResult", "NspResult", "Trajectory",
    "TrainResult", "Coordinate", "CompareResult", "SaddlesResult", "Instance", "SweepResult", "ClaimSummary",
    "ReproduceResult",
    "ImplicitL1Error", "InternalError", "UsageError", "InvalidValueError", "UnreadableFileError", "CorruptFileError",
    "UnsupportedTypeError", "NonFiniteError", "ShapeMismatchError", "InfeasibleError", "NumericalFailureError", "StoppedError",
    "DatabaseMismatchError", "UnwritableError", "ToolNotFoundError", "VersionMismatchError", "ImplicitL1Warning",
]
