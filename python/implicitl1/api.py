"""The functions: each writes its inputs as .npy into a temporary folder, runs one implicit-l1 command there with
``--format json`` (and ``--save`` where the command has it), and reads the scalars from the JSON and the arrays from
the .npy files it wrote, so every number is the tool's, bit for bit."""

from __future__ import annotations

import csv
import glob
import json
import os
import re
import tempfile
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

import numpy as np

from . import _arrays, _tool, errors
from .results import (BasisPursuitResult, BoundsResult, ClaimSummary, CompareResult, Coordinate, Instance, LimitPoint,
                      LimitResult, NspResult, ReproduceResult, SaddlesResult, SweepResult, Trajectory, TrainResult,
                      VarrhoResult)
from .status import Status

Number = Union[int, float]

#: Check arrays in Python (type, dtype, shape, NaN) before the tool runs; the messages are the tool's own.
CHECK_IN_PYTHON = True


def _num(v: Number) -> str:
    """A number for the command line: repr() is the shortest text that reads back as the same double."""
    if isinstance(v, (bool, np.bool_)):
        raise errors.InvalidValueError(f"expected a number, got {v!r}")
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    return repr(float(v))


def _list(values: Union[Number, Iterable[Number]]) -> str:
    if isinstance(values, (int, float, np.integer, np.floating)):
        values = [values]
    return ",".join(_num(v) for v in values)


def _opt(args: List[str], name: str, value: Any) -> None:
    if value is not None:
        args += [name, value if isinstance(value, str) else _num(value)]


def _f(v) -> Optional[float]:
    return None if v is None else float(v)


def _arr(values, dtype=np.float64) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=dtype)


def _problem(folder: str, A, y) -> List[str]:
    return _arrays.write_problem(folder, A, y, validate=CHECK_IN_PYTHON)


def _bp(d: Dict[str, Any], x: Optional[np.ndarray] = None, certificate: Optional[np.ndarray] = None,
        support: Optional[np.ndarray] = None, signs: Optional[np.ndarray] = None) -> BasisPursuitResult:
    return BasisPursuitResult(
        status=Status(d["status"]), message=d["message"],
        x=x if x is not None else _arr(d["x"]),
        support=support if support is not None else np.array(d["support"], dtype=np.int64),
        signs=signs if signs is not None else np.array(d["signs"], dtype=np.int64),
        unique=bool(d["unique"]), varrho=_f(d["varrho"]),
        certificate=certificate if certificate is not None else _arr(d["certificate"]),
        residual=_f(d["residual"]), l1_norm=_f(d["l1_norm"]), fuchs_value=_f(d["fuchs_value"]),
        dropped_rows=np.array(d["dropped_rows"], dtype=np.int64), lp_iterations=int(d["lp_iterations"]),
        label=d["label"])


def basis_pursuit(A: np.ndarray, y: np.ndarray) -> BasisPursuitResult:
    """Basis pursuit x_ℓ¹ = argmin{‖z‖₁ : Az = y}: simplex vertex, least-squares polish, verified dual certificate.

    Raises InfeasibleError when y is not in the range of A, NumericalFailureError when verification fails."""
    with tempfile.TemporaryDirectory(prefix="implicitl1-") as folder:
        d = _tool.run(["bp", *_problem(folder, A, y), "--save", "out", "--format", "json"], folder)
        files = d["files"]
        return _bp(d, _arrays.load(folder, files, "x"), _arrays.load(folder, files, "certificate"),
                   _arrays.load(folder, files, "support"), _arrays.load(folder, files, "signs"))


def varrho(A: np.ndarray, y: np.ndarray) -> VarrhoResult:
    """ϱ by the certificate LP and the null-space LP [reconstructed], their difference, and the Fuchs value."""
    with tempfile.TemporaryDirectory(prefix="implicitl1-") as folder:
        d = _tool.run(["rho", *_problem(folder, A, y), "--save", "out", "--format", "json"], folder)
        files = d["files"]
        return VarrhoResult(
            status=Status(d["status"]), message=d["message"], varrho=_f(d["varrho"]),
            varrho_null_space=_f(d["varrho_null_space"]), lp_difference=_f(d["lp_difference"]),
            fuchs_value=_f(d["fuchs_value"]), certificate=_arrays.load(folder, files, "certificate"),
            support=_arrays.load(folder, files, "support"), signs=_arrays.load(folder, files, "signs"),
            label=d["label"])


DEFAULT_ALPHAS = (1e-2, 1e-4, 1e-6, 1e-8, 1e-10, 1e-12)


def limit(A: np.ndarray, y: np.ndarray, depth: Number = 2.0,
          alphas: Union[Number, Sequence[Number]] = DEFAULT_ALPHAS, *, param: str = "balanced",
          shape: Optional[np.ndarray] = None, u0: Optional[np.ndarray] = None,
          v0: Optional[np.ndarray] = None, log10_alphas: Optional[Union[Number, Sequence[Number]]] = None) -> LimitResult:
    """Exact limits x∞(α) of gradient flow from the dual problem, for each α. param: "balanced" (u^D − v^D,
    u(0)^D = v(0)^D = α), "nonnegative" (u^D) or "product" (u⊙v: from u0 and v0, which have no α, or else the u² − v²
    model at α). shape: per-coordinate relative scales cᵢ > 0, u(0)ᵢ^D = α·cᵢ. When BP is not unique, ``selected`` is
    the minimizer the depth selects on the BP face and ``distance_to_selected`` the distance of each x∞(α) to it.
    log10_alphas instead of alphas reaches α below the double range; ``log10_alphas`` and ``log10_error_to_l1`` of the
    result hold the values where the plain ones underflow."""
    with tempfile.TemporaryDirectory(prefix="implicitl1-") as folder:
        args = ["limit", *_problem(folder, A, y), "--depth", _num(depth), "--param", param]
        n = int(np.shape(A)[1]) if np.ndim(A) == 2 else None
        for name, value in (("shape", shape), ("u0", u0), ("v0", v0)):
            if value is not None:
                args += ["--" + name, _arrays.write_vector(folder, value, name, n, f"A has {n} columns",
                                                          validate=CHECK_IN_PYTHON)]
        if log10_alphas is not None:
            args += ["--log10-alpha", _list(log10_alphas)]
        elif u0 is None:
            args += ["--alpha", _list(alphas)]
        d = _tool.run(args + ["--save", "out", "--format", "json"], folder)
        files = d["files"]
        x = _arrays.load(folder, files, "x")
        nu = _arrays.load(folder, files, "nu")
        bp = _bp(d["basis_pursuit"], _arrays.load(folder, files, "x_l1"),
                 support=_arrays.load(folder, files, "support"))
        selected = _arrays.load(folder, files, "selected")[0] if "selected" in files else None
    rows = d["results"]
    points = [LimitPoint(alpha=float("nan") if r["alpha"] is None else float(r["alpha"]), depth=float(r["depth"]), x=x[k], nu=nu[k], status=Status(r["status"]),
                         message=r["message"], residual=_f(r["residual"]), stationarity=_f(r["stationarity"]),
                         iterations=int(r["iterations"]), error_to_l1=_f(r["error_to_l1"]))
              for k, r in enumerate(rows)]
    statuses = [p.status for p in points]
    failing = [s for s in statuses if not s.is_success]
    return LimitResult(
        depth=float(depth), alphas=_arr([r["alpha"] for r in rows]), x=x, nu=nu,
        error_to_l1=_arr([r["error_to_l1"] for r in rows]), residual=_arr([r["residual"] for r in rows]),
        stationarity=_arr([r["stationarity"] for r in rows]),
        iterations=np.array([r["iterations"] for r in rows], dtype=np.int64),
        statuses=statuses, status=failing[0] if failing else Status.SUCCESS, points=points, basis_pursuit=bp,
        param=d["param"], selected=selected, log10_alphas=_arr([r["log10_alpha"] for r in rows]),
        log10_error_to_l1=_arr([r["log10_error_to_l1"] for r in rows]),
        distance_to_selected=_arr([r.get("distance_to_selected") for r in rows]) if selected is not None else None)


def bounds(A: np.ndarray, y: np.ndarray, depth: Number = 3.0,
           alphas: Optional[Union[Number, Sequence[Number]]] = None, *,
           log10_alphas: Optional[Union[Number, Sequence[Number]]] = None) -> BoundsResult:
    """Measured ‖x∞ − x_ℓ¹‖ beside the predicted rate (1 − ϱ for D = 2, 1 for D ≥ 3) and constant, with the fitted slope.
    Default α: 1e-8 … 1e-12. log10_alphas instead of alphas reaches α below the double range (e.g. [-300, -1000]);
    ``log10_alphas``, ``log10_measured`` and ``log10_predicted`` of the result are valid where the plain values underflow."""
    with tempfile.TemporaryDirectory(prefix="implicitl1-") as folder:
        args = ["bounds", *_problem(folder, A, y), "--depth", _num(depth), "--format", "json"]
        if alphas is not None:
            args += ["--alpha", _list(alphas)]
        if log10_alphas is not None:
            args += ["--log10-alpha", _list(log10_alphas)]
        d = _tool.run(args, folder)
    rows = d["rows"]
    return BoundsResult(
        status=Status(d["status"]), message=d["message"], varrho=_f(d["varrho"]), depth=float(d["depth"]),
        predicted_exponent=_f(d["predicted_exponent"]), fitted_exponent=_f(d["fitted_exponent"]),
        fitted_exponent_std_error=_f(d["fitted_exponent_std_error"]), fitted_constant=_f(d["fitted_constant"]),
        delta_norm=_f(d["delta_norm"]), blow_up=_f(d["blow_up"]), constant_is_fitted=bool(d["constant_is_fitted"]),
        alphas=_arr([r["alpha"] for r in rows]), measured=_arr([r["measured"] for r in rows]),
        predicted=_arr([r["predicted"] for r in rows]), ratio=_arr([r["ratio"] for r in rows]),
        row_statuses=[Status(r["status"]) for r in rows], label=d["label"],
        log10_alphas=_arr([r["log10_alpha"] for r in rows]), log10_measured=_arr([r["log10_measured"] for r in rows]),
        log10_predicted=_arr([r["log10_predicted"] for r in rows]))


def nsp(A: np.ndarray, order: int, exact: bool = False, max_lps: Optional[int] = None) -> NspResult:
    """Stable null space constant ρ_s of A (s = order): exact by enumerating supports and signs, or certified bounds
    when that is more than ``max_lps`` LPs (with ``exact=True``: InvalidValueError instead)."""
    A_checked = _arrays.as_float_array(A, "A", "A.npy") if CHECK_IN_PYTHON else A
    if CHECK_IN_PYTHON:
        _arrays.check_rank(A_checked, "A.npy", matrix=True)
    rows = A_checked.shape[0] if getattr(A_checked, "ndim", 0) == 2 else 1
    with tempfile.TemporaryDirectory(prefix="implicitl1-") as folder:
        args = ["nsp", *_problem(folder, A_checked, np.zeros(rows)), "--order", _num(order), "--format", "json"]
        if exact:
            args.append("--exact")
        _opt(args, "--max-lps", max_lps)
        d = _tool.run(args, folder)
    return NspResult(status=Status(d["status"]), message=d["message"], order=int(d["order"]), rho_s=_f(d["rho_s"]),
                     exact=bool(d["exact"]), lower=_f(d["lower"]), upper=_f(d["upper"]), lps_solved=int(d["lps_solved"]),
                     worst_support=np.array(d["worst_support"], dtype=np.int64), has_nsp=d["has_nsp"])


def train(A: np.ndarray, y: np.ndarray, method: str = "gf", param: str = "balanced", depth: Optional[Number] = None,
          alpha: Union[Number, Sequence[Number], None] = None, *, gamma: Optional[Number] = None, u0: Optional[np.ndarray] = None,
          v0: Optional[np.ndarray] = None, layers: Optional[Sequence[np.ndarray]] = None,
          horizon: Optional[Number] = None, eta: Optional[Number] = None, batch: Optional[int] = None,
          label_noise: Optional[Number] = None, train_seed: Optional[int] = None, max_iter: Optional[int] = None,
          loss_tol: Optional[Number] = None, wall_clock: Optional[Number] = None,
          references: Union[str, Sequence[str], None] = None, space: Optional[str] = None,
          checkpoints_per_decade: Optional[int] = None) -> Union[TrainResult, List[TrainResult]]:
    """A training run: method "gf" (gradient flow, stiff integrator), "gd" or "sgd"; param "balanced" (u^D − v^D),
    "nonnegative" (u^D), "product" (u⊙v: gamma, or u0 and v0) or "layers" (w₁⊙…⊙w_D, one initialization per layer).
    references: "bp", "limit", both (["bp", "limit"] or "bp,limit") or None (the tool's default: nothing is solved
    and the distances are NaN). space (gf): "mirror", "weights" (u, v, … with the analytic Jacobian) or "auto".
    checkpoints_per_decade: trajectory density. Returns the final state, the trajectory's checkpoints and, for GD on
    u² − v² (D = 2) and u⊙v, the gain per coordinate. A list of several α returns a list of results, one per α (GD
    trains them as one batch, each equal to its own run; the trajectories are then empty)."""
    several = alpha is not None and not isinstance(alpha, (int, float, np.integer, np.floating)) and len(alpha) > 1
    with tempfile.TemporaryDirectory(prefix="implicitl1-") as folder:
        # depth and alpha only when given: the tool's defaults are D = 2, α = 1e-2, and it refuses them where the
        # model fixes them itself (product from u0/v0, layers).
        args = ["train", *_problem(folder, A, y), "--method", method, "--param", param]
        _opt(args, "--depth", depth)
        if alpha is not None:
            args += ["--alpha", _list(alpha)]
        for name, value in (("u0", u0), ("v0", v0)):
            if value is not None:
                args += ["--" + name, _arrays.write_vector(folder, value, name, validate=CHECK_IN_PYTHON)]
        if layers is not None:
            names = [_arrays.write_vector(folder, w, f"layer{k}", validate=CHECK_IN_PYTHON)
                     for k, w in enumerate(layers)]
            args += ["--layers", ",".join(names)]
        for name, value in (("--gamma", gamma), ("--horizon", horizon), ("--eta", eta), ("--batch", batch),
                            ("--label-noise", label_noise), ("--train-seed", train_seed), ("--max-iter", max_iter),
                            ("--loss-tol", loss_tol), ("--wall-clock", wall_clock), ("--space", space),
                            ("--checkpoints-per-decade", checkpoints_per_decade)):
            _opt(args, name, value)
        if references is not None:
            args += ["--references", references if isinstance(references, str) else ",".join(references)]
        d = _tool.run(args + ["--save", "out", "--format", "json"], folder)
        files = d["files"]
        load = lambda name: _arrays.load(folder, files, name)  # noqa: E731
        if several:
            xs = load("x")
            gains = load("gain") if "gain" in files else None
            empty = Trajectory(time=np.zeros(0), rescaled_time=np.zeros(0), steps=np.zeros(0, dtype=np.int64),
                               loss=np.zeros(0), distance_to_l1=np.zeros(0), distance_to_limit=np.zeros(0),
                               x=np.zeros((0, xs.shape[1])))
            return [_train_result(r, xs[k], empty, None if gains is None else gains[k]) for k, r in enumerate(d["runs"])]
        trajectory = Trajectory(time=load("time"), rescaled_time=load("rescaled_time"), steps=load("steps"),
                                loss=load("loss"), distance_to_l1=load("distance_to_l1"),
                                distance_to_limit=load("distance_to_limit"), x=load("trajectory_x"))
        x = load("x")
        gain = load("gain") if "gain" in files else None
    return _train_result(d, x, trajectory, gain)


def _train_result(d: dict, x: np.ndarray, trajectory: Trajectory, gain: Optional[np.ndarray]) -> TrainResult:
    return TrainResult(status=Status(d["status"]), message=d["message"], method=d["method"], param=d["param"],
                       depth=float(d["depth"]), alpha=_f(d["alpha"]), x=x, loss=_f(d["loss"]), steps=int(d["steps"]),
                       time=_f(d["time"]), distance_to_limit=_f(d["distance_to_limit"]),
                       distance_to_l1=_f(d["distance_to_l1"]), step_size=_f(d["step_size"]), label=d["label"],
                       trajectory=trajectory, space=d["space"], gain=gain)


def compare(A: np.ndarray, y: np.ndarray, x: np.ndarray, depth: Number = 2.0, alpha: Number = 1e-2,
            top: int = 10) -> CompareResult:
    """How far a trained vector x (e.g. from PyTorch, trained as u^D − v^D from u(0)^D = v(0)^D = α) is from the exact
    limit x∞(α) and from x_ℓ¹; its loss; the ``top`` coordinates with the largest |xᵢ − x∞ᵢ|."""
    with tempfile.TemporaryDirectory(prefix="implicitl1-") as folder:
        problem = _problem(folder, A, y)
        n = int(np.shape(A)[1]) if np.ndim(A) == 2 else None
        m = int(np.shape(A)[0]) if np.ndim(A) == 2 else None
        x_file = _arrays.write_vector(folder, x, "x", n, f"A has {n} columns (A is {m}×{n})", validate=CHECK_IN_PYTHON)
        d = _tool.run(["compare", *problem, "--x", x_file, "--depth", _num(depth), "--alpha", _num(alpha),
                       "--top", _num(top), "--save", "out", "--format", "json"], folder)
        files = d["files"]
        x_limit = _arrays.load(folder, files, "x_limit")
        x_l1 = _arrays.load(folder, files, "x_l1")
        difference = _arrays.load(folder, files, "difference")
    return CompareResult(
        status=Status(d["status"]), message=d["message"], depth=float(d["depth"]), alpha=_f(d["alpha"]),
        distance_to_limit=_f(d["distance_to_limit"]), distance_to_l1=_f(d["distance_to_l1"]),
        relative_distance_to_limit=_f(d["relative_distance_to_limit"]), loss=_f(d["loss"]),
        limit_loss=_f(d["limit_loss"]), l1_norm=_f(d["l1_norm"]), limit_l1_norm=_f(d["limit_l1_norm"]),
        bp_l1_norm=_f(d["bp_l1_norm"]), bp_status=Status(d["bp_status"]), varrho=_f(d["varrho"]), x_limit=x_limit,
        x_l1=x_l1, difference=difference,
        top=[Coordinate(index=int(c["index"]), value=float(c["value"]), limit_value=float(c["limit_value"]),
                        l1_value=float(c["l1_value"]), difference=float(c["difference"])) for c in d["top"]],
        label=d["label"])


def saddles(A: np.ndarray, y: np.ndarray, alpha: Optional[Number] = None,
            max_saddles: Optional[int] = None) -> SaddlesResult:
    """The saddle-to-saddle path of D = 2 gradient flow as α → 0 (Pesme & Flammarion 2023) in rescaled time
    τ = 4t/log(1/α); with ``alpha`` also the gradient-flow times t ≈ τ·log(1/α)/4."""
    with tempfile.TemporaryDirectory(prefix="implicitl1-") as folder:
        args = ["saddles", *_problem(folder, A, y)]
        _opt(args, "--alpha", alpha)
        _opt(args, "--max-saddles", max_saddles)
        d = _tool.run(args + ["--save", "out", "--format", "json"], folder)
        files = d["files"]
        load = lambda name: _arrays.load(folder, files, name)  # noqa: E731
        arrays = {name: load(name) for name in ("jump_time", "gf_time", "loss", "beta", "dual", "nu", "end_point")}
    s = d["saddles"]
    return SaddlesResult(
        status=Status(d["status"]), message=d["message"], alpha=_f(d["alpha"]), jumps=int(d["jumps"]),
        entered=[np.array(k["entered"], dtype=np.int64) for k in s],
        support=[np.array(k["support"], dtype=np.int64) for k in s],
        end_point_distance_to_l1=_f(d["end_point_distance_to_l1"]), bp_status=Status(d["bp_status"]),
        label=d["label"], **arrays)


def generate(m: int = 20, n: int = 50, s: int = 3, seed: int = 0, *, noise: Optional[Number] = None,
             design: Optional[str] = None, correlation: Optional[Number] = None,
             amplitudes: Optional[str] = None) -> Instance:
    """A seeded instance y = A x* (+ η·g/√m): design "gaussian" (N(0, 1/m)), "rademacher" or "correlated"; the same seed
    gives the same bytes."""
    with tempfile.TemporaryDirectory(prefix="implicitl1-") as folder:
        args = ["generate", "--m", _num(m), "--n", _num(n), "--s", _num(s), "--seed", _num(seed),
                "--out-a", "A.npy", "--out-y", "y.npy", "--out-x", "x.npy", "--format", "json"]
        for name, value in (("--noise", noise), ("--design", design), ("--correlation", correlation),
                            ("--amplitudes", amplitudes)):
            _opt(args, name, value)
        d = _tool.run(args, folder)
        A = np.load(os.path.join(folder, "A.npy"))
        y = np.load(os.path.join(folder, "y.npy"))
        x = np.load(os.path.join(folder, "x.npy"))
    options = {k: d[k] for k in ("m", "n", "s", "seed", "design", "noise")}
    return Instance(A=A, y=y, x_star=x, support=np.array(d["x_star_support"], dtype=np.int64), options=options)


_SWEEP_LINE = re.compile(r"(\d+) points, (\d+) already stored, (\d+) computed")


def sweep(spec: Union[str, os.PathLike, Dict[str, Any]], db: Union[str, os.PathLike], *, threads: Optional[int] = None,
          shard: Optional[str] = None, exclude_timing: bool = False) -> SweepResult:
    """Runs (or resumes) a sweep — ``spec`` a spec file or a dict in the README's format — into the SQLite database ``db``,
    then reads all its rows back (``implicit-l1 export``)."""
    db = os.path.abspath(os.fspath(db))
    with tempfile.TemporaryDirectory(prefix="implicitl1-") as folder:
        if isinstance(spec, dict):
            spec_file = os.path.join(folder, "spec.json")
            with open(spec_file, "w", encoding="utf-8") as f:
                json.dump(spec, f)
        else:
            spec_file = os.path.abspath(os.fspath(spec))
        args = ["sweep", spec_file, "--db", db]
        _opt(args, "--threads", threads)
        _opt(args, "--shard", shard)
        summary = _tool.run(args, folder, json_output=False).strip()
        export = ["export", db, "--out", "rows.csv"] + (["--exclude-timing"] if exclude_timing else [])
        _tool.run(export, folder, json_output=False)
        rows = _read_csv(os.path.join(folder, "rows.csv"))
    counts = _SWEEP_LINE.search(summary)
    total, done, computed = (int(g) for g in counts.groups()) if counts else (0, 0, 0)
    status = [Status(s) for s in (rows["status"] if rows is not None and "status" in rows else [])]
    return SweepResult(db=db, total=total, already_done=done, computed=computed, summary=summary, rows=rows,
                       status=status)


def _read_csv(path: str):
    try:
        import pandas  # optional
    except ImportError:
        pandas = None
    if pandas is not None:
        return pandas.read_csv(path, float_precision="round_trip")
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        columns: Dict[str, list] = {h: [] for h in header}
        for row in reader:
            for h, v in zip(header, row):
                columns[h].append(v)
    out: Dict[str, np.ndarray] = {}
    for h, values in columns.items():
        try:
            out[h] = np.array([float(v) if v not in ("", "nan") else np.nan for v in values], dtype=np.float64)
        except ValueError:
            out[h] = np.array(values, dtype=object)
    return out


def reproduce(claim: str = "all", out: Union[str, os.PathLike] = "report", *, quick: bool = False) -> ReproduceResult:
    """Reproduces one claim of docs/theory.md §7 (or "all") into ``out``: CSV, figures, summary.json per claim, index.html."""
    out = os.path.abspath(os.fspath(out))
    with tempfile.TemporaryDirectory(prefix="implicitl1-") as folder:
        text = _tool.run(["reproduce", claim, "--out", out] + (["--quick"] if quick else []), folder, json_output=False)
    claims = []
    for path in sorted(glob.glob(os.path.join(out, "*", "summary.json"))):
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
        if claim != "all" and d["claim"] != claim:
            continue
        claims.append(ClaimSummary(claim=d["claim"], title=d["title"], label=d["label"], measured_name=d["measured_name"],
                                   measured=_f(d["measured"]), expected=d["expected"], holds=bool(d["holds"]),
                                   elapsed_seconds=_f(d["elapsed_seconds"]), parameters=d["parameters"],
                                   seeds=list(d["seeds"]), details=d["details"], folder=os.path.dirname(path)))
    return ReproduceResult(out=out, report=os.path.join(out, "index.html"), claims=claims, output=text)
