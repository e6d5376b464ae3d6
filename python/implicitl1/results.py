"""Result dataclasses: arrays are numpy arrays, statuses are Status, scalars are the tool's JSON numbers (None where
the tool says null: undefined, e.g. ϱ of a non-unique basis pursuit)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

import numpy as np

from .status import Status


@dataclass
class BasisPursuitResult:
    """Basis pursuit x_ℓ¹ = argmin{‖z‖₁ : Az = y} with its certificate (``implicit-l1 bp``)."""

    status: Status
    message: str
    x: np.ndarray
    support: np.ndarray
    signs: np.ndarray
    unique: bool
    varrho: Optional[float]
    certificate: np.ndarray
    residual: Optional[float]
    l1_norm: Optional[float]
    fuchs_value: Optional[float]
    dropped_rows: np.ndarray
    lp_iterations: int
    label: str

    @property
    def success(self) -> bool:
        return self.status.is_success


@dataclass
class VarrhoResult:
    """ϱ = min{‖A_{Sᶜ}ᵀλ‖∞ : A_Sᵀλ = σ} by the certificate LP and the null-space LP [reconstructed] (``implicit-l1 rho``).
    ``fuchs_value`` is only an upper bound, never ϱ."""

    status: Status
    message: str
    varrho: Optional[float]
    varrho_null_space: Optional[float]
    lp_difference: Optional[float]
    fuchs_value: Optional[float]
    certificate: np.ndarray
    support: np.ndarray
    signs: np.ndarray
    label: str


@dataclass
class LimitPoint:
    """x∞(α) at one α."""

    alpha: float
    depth: float
    x: np.ndarray
    nu: np.ndarray
    status: Status
    message: str
    residual: Optional[float]
    stationarity: Optional[float]
    iterations: int
    error_to_l1: Optional[float]


@dataclass
class LimitResult:
    """Exact limits x∞(α) of gradient flow on x = u^D − v^D (``implicit-l1 limit``): row k of ``x`` and ``nu`` belongs to
    ``alphas[k]``; ``error_to_l1`` has NaN where undefined. ``status`` is SUCCESS when every point succeeded, else the
    first failing point's status (``statuses`` has them all)."""

    depth: float
    alphas: np.ndarray
    x: np.ndarray
    nu: np.ndarray
    error_to_l1: np.ndarray
    residual: np.ndarray
    stationarity: np.ndarray
    iterations: np.ndarray
    statuses: List[Status]
    status: Status
    points: List[LimitPoint]
    basis_pursuit: BasisPursuitResult
    param: str = "balanced"
    log10_alphas: Optional[np.ndarray] = None
    log10_error_to_l1: Optional[np.ndarray] = None
    selected: Optional[np.ndarray] = None
    """Non-unique BP only: the minimizer this depth selects on the BP face [reconstructed]; else None."""
    distance_to_selected: Optional[np.ndarray] = None
    """Non-unique BP only: ‖x∞(α) − selected‖₂ per α (NaN where a point failed); else None."""


@dataclass
class BoundsResult:
    """Measured ‖x∞ − x_ℓ¹‖ beside the predicted rate and constant (``implicit-l1 bounds``): rates [paper], constants
    [reconstructed]."""

    status: Status
    message: str
    varrho: Optional[float]
    depth: float
    predicted_exponent: Optional[float]
    fitted_exponent: Optional[float]
    fitted_exponent_std_error: Optional[float]
    fitted_constant: Optional[float]
    delta_norm: Optional[float]
    blow_up: Optional[float]
    constant_is_fitted: bool
    alphas: np.ndarray
    measured: np.ndarray
    predicted: np.ndarray
    ratio: np.ndarray
    row_statuses: List[Status]
    label: str
    log10_alphas: Optional[np.ndarray] = None
    log10_measured: Optional[np.ndarray] = None
    log10_predicted: Optional[np.ndarray] = None


@dataclass
class NspResult:
    """Stable null space constant ρ_s (``implicit-l1 nsp``): exact, or certified bounds [lower, upper]."""

    status: Status
    message: str
    order: int
    rho_s: Optional[float]
    exact: bool
    lower: Optional[float]
    upper: Optional[float]
    lps_solved: int
    worst_support: np.ndarray
    has_nsp: Optional[bool]


@dataclass
class Trajectory:
    """Checkpoints of a training run (one entry, or row of ``x``, per checkpoint; NaN where a distance is undefined)."""

    time: np.ndarray
    rescaled_time: np.ndarray
    steps: np.ndarray
    loss: np.ndarray
    distance_to_l1: np.ndarray
    distance_to_limit: np.ndarray
    x: np.ndarray


@dataclass
class TrainResult:
    """A GF/GD/SGD run (``implicit-l1 train``); GD is reported as GD, not as the GF limit."""

    status: Status
    message: str
    method: str
    param: str
    depth: float
    alpha: float
    x: np.ndarray
    loss: Optional[float]
    steps: int
    time: Optional[float]
    distance_to_limit: Optional[float]
    distance_to_l1: Optional[float]
    step_size: Optional[float]
    label: str
    trajectory: Trajectory
    space: Optional[str] = None
    """gf: "mirror" or "weights", the coordinates integrated; None for gd/sgd."""
    gain: Optional[np.ndarray] = None
    """GD on u² − v² (D = 2): log(α/(uᵢvᵢ)); on u⊙v: log(k₀ᵢ/kᵢ), k = u² − v². None when not tracked."""


@dataclass
class Coordinate:
    """One of the coordinates that differ most: xᵢ, x∞ᵢ, (x_ℓ¹)ᵢ."""

    index: int
    value: float
    limit_value: float
    l1_value: float
    difference: float


@dataclass
class CompareResult:
    """A user's vector against x∞(α) and x_ℓ¹ (``implicit-l1 compare``); ``status`` is the limit solver's."""

    status: Status
    message: str
    depth: float
    alpha: float
    distance_to_limit: Optional[float]
    distance_to_l1: Optional[float]
    relative_distance_to_limit: Optional[float]
    loss: Optional[float]
    limit_loss: Optional[float]
    l1_norm: Optional[float]
    limit_l1_norm: Optional[float]
    bp_l1_norm: Optional[float]
    bp_status: Status
    varrho: Optional[float]
    x_limit: np.ndarray
    x_l1: np.ndarray
    difference: np.ndarray
    top: List[Coordinate]
    label: str


@dataclass
class SaddlesResult:
    """The saddle-to-saddle path of D = 2 gradient flow as α → 0 (``implicit-l1 saddles``) [reconstructed]: saddle k
    (row k) is entered at rescaled time ``jump_time[k]`` = 4t/log(1/α) (``gf_time``: t, NaN without α), with plateau
    value ``beta[k]``, dual s = ``dual[k]`` = Aᵀ``nu[k]`` and loss ``loss[k]``."""

    status: Status
    message: str
    alpha: Optional[float]
    jumps: int
    jump_time: np.ndarray
    gf_time: np.ndarray
    loss: np.ndarray
    beta: np.ndarray
    dual: np.ndarray
    nu: np.ndarray
    entered: List[np.ndarray]
    support: List[np.ndarray]
    end_point: np.ndarray
    end_point_distance_to_l1: Optional[float]
    bp_status: Status
    label: str


@dataclass
class Instance:
    """A generated instance (``implicit-l1 generate``): y = A x* (+ noise)."""

    A: np.ndarray
    y: np.ndarray
    x_star: np.ndarray
    support: np.ndarray
    options: Dict[str, Any]


@dataclass
class SweepResult:
    """A sweep run into ``db`` (``implicit-l1 sweep``) and its rows (``implicit-l1 export``): a pandas DataFrame when
    pandas is installed, else a dict of numpy arrays (column → array). ``status`` is the status column as Status."""

    db: str
    total: int
    already_done: int
    computed: int
    summary: str
    rows: Any
    status: List[Status]


@dataclass
class ClaimSummary:
    """summary.json of one claim of docs/theory.md §7."""

    claim: str
    title: str
    label: str
    measured_name: str
    measured: Optional[float]
    expected: str
    holds: bool
    elapsed_seconds: Optional[float]
    parameters: Dict[str, str]
    seeds: List[int]
    details: Dict[str, Any]
    folder: str


@dataclass
class ReproduceResult:
    """Claims reproduced into ``out`` (``implicit-l1 reproduce``); ``report`` is out/index.html."""

    out: str
    report: str
    claims: List[ClaimSummary] = field(default_factory=list)
    output: str = ""
