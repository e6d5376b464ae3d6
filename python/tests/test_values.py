"""Every function's numbers equal the CLI's own JSON bit for bit (floats compared as bit patterns after the round
trip through .npy and JSON)."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest

import implicitl1
from implicitl1 import Status
from conftest import assert_bits_equal


def test_basis_pursuit_equals_the_cli(instance, cli, problem_files):
    r = implicitl1.basis_pursuit(instance.A, instance.y)
    code, d, _ = cli("bp", *problem_files, "--format", "json")
    assert code == 0
    assert r.status is Status.SUCCESS and r.unique
    assert_bits_equal(r.x, d["x"])
    assert_bits_equal(r.certificate, d["certificate"])
    assert r.x.dtype == np.float64 and r.support.dtype == np.int64
    assert r.support.tolist() == d["support"] and r.signs.tolist() == d["signs"]
    for name in ("varrho", "residual", "l1_norm", "fuchs_value"):
        assert getattr(r, name) == d[name], name
    assert r.support.tolist() == sorted(instance.support.tolist())
    assert r.varrho == 0.5124352800997147 or abs(r.varrho - 0.512435) < 1e-6


def test_varrho_equals_the_cli_and_both_lps_agree(instance, cli, problem_files):
    r = implicitl1.varrho(instance.A, instance.y)
    code, d, _ = cli("rho", *problem_files, "--format", "json")
    assert code == 0
    assert (r.varrho, r.varrho_null_space, r.lp_difference, r.fuchs_value) == (
        d["varrho"], d["varrho_null_space"], d["lp_difference"], d["fuchs_value"])
    assert_bits_equal(r.certificate, d["certificate"])
    assert abs(r.varrho - r.varrho_null_space) < 1e-12
    assert r.label == "reconstructed"


def test_limit_equals_the_cli_for_each_alpha(instance, cli, problem_files):
    alphas = [1e-2, 1e-5, 3.7e-9]
    r = implicitl1.limit(instance.A, instance.y, depth=3, alphas=alphas)
    code, d, _ = cli("limit", *problem_files, "--depth", "3", "--alpha", "0.01,1e-05,3.7e-09", "--format", "json")
    assert code == 0
    rows = d["results"]
    assert r.x.shape == (3, 50) and r.nu.shape[0] == 3
    assert_bits_equal(r.x, [row["x"] for row in rows])
    assert_bits_equal(r.alphas, alphas)
    for name, column in (("error_to_l1", r.error_to_l1), ("residual", r.residual), ("stationarity", r.stationarity)):
        assert_bits_equal(column, [row[name] for row in rows])
    assert r.iterations.tolist() == [row["iterations"] for row in rows]
    assert r.statuses == [Status(row["status"]) for row in rows] and r.status is Status.SUCCESS
    assert_bits_equal(r.basis_pursuit.x, d["basis_pursuit"]["x"])
    assert r.points[1].x is not None and np.array_equal(r.points[1].x, r.x[1])
    # D ≥ 3: the error is linear in α [paper].
    assert 0.9 < np.log(r.error_to_l1[1] / r.error_to_l1[2]) / np.log(alphas[1] / alphas[2]) < 1.1


def test_a_single_alpha_is_accepted_as_a_number(instance):
    r = implicitl1.limit(instance.A, instance.y, 2, 1e-6)
    assert r.x.shape == (1, 50) and r.alphas.tolist() == [1e-6]


def test_bounds_equals_the_cli(instance, cli, problem_files):
    r = implicitl1.bounds(instance.A, instance.y, depth=3, alphas=[1e-8, 1e-10])
    code, d, _ = cli("bounds", *problem_files, "--depth", "3", "--alpha", "1e-08,1e-10", "--format", "json")
    assert code == 0
    for name in ("varrho", "predicted_exponent", "fitted_exponent", "fitted_exponent_std_error", "delta_norm", "blow_up"):
        assert getattr(r, name) == d[name], name
    assert_bits_equal(r.measured, [row["measured"] for row in d["rows"]])
    assert_bits_equal(r.ratio, [row["ratio"] for row in d["rows"]])
    assert r.predicted_exponent == 1.0 and abs(r.fitted_exponent - 1) < 0.01


def test_nsp_equals_the_cli(cli):
    A = implicitl1.generate(8, 16, 2, seed=3).A
    r = implicitl1.nsp(A, 2)
    np.save(cli.folder / "A.npy", A)
    np.save(cli.folder / "y.npy", np.zeros(8))
    code, d, _ = cli("nsp", "--A", "A.npy", "--y", "y.npy", "--order", "2", "--format", "json")
    assert code == 0
    assert (r.rho_s, r.lower, r.upper, r.exact, r.lps_solved, r.has_nsp) == (
        d["rho_s"], d["lower"], d["upper"], d["exact"], d["lps_solved"], d["has_nsp"])
    assert r.worst_support.tolist() == d["worst_support"] and r.exact and r.lower == r.upper


def test_train_equals_the_cli_and_its_trajectory_csv(instance, cli, problem_files):
    # 3000 steps end on the budget: the tool exits 13 after printing; Python returns the result with a warning.
    with pytest.warns(implicitl1.ImplicitL1Warning, match="exited 13"):
        r = implicitl1.train(instance.A, instance.y, method="gd", alpha=1e-2, max_iter=3000, references=["bp", "limit"])
    code, d, _ = cli("train", *problem_files, "--method", "gd", "--alpha", "0.01", "--max-iter", "3000",
                     "--references", "bp,limit", "--out", "traj.csv", "--format", "json")
    assert code == 13 and r.status is Status.MAX_ITERATIONS
    assert_bits_equal(r.x, d["x"])
    for name in ("loss", "time", "distance_to_limit", "distance_to_l1", "step_size"):
        assert getattr(r, name) == d[name], name
    assert r.steps == 3000 and r.status is Status(d["status"]) and r.label == d["label"]
    with open(cli.folder / "traj.csv", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    table = np.array([[float(v) if v else np.nan for v in row] for row in body])
    t = r.trajectory
    assert t.x.shape == (len(body), 50) and t.steps.dtype == np.int64
    assert_bits_equal(t.time, table[:, header.index("time")])
    assert_bits_equal(t.loss, table[:, header.index("loss")])
    assert_bits_equal(t.distance_to_limit, table[:, header.index("distance_to_limit")])
    assert_bits_equal(t.x, table[:, header.index("x_0"):])
    assert t.steps.tolist() == table[:, header.index("steps")].astype(int).tolist()


def test_gradient_flow_reaches_the_exact_limit(instance):
    r = implicitl1.train(instance.A, instance.y, method="gf", depth=2, alpha=1e-3, references="limit")
    lim = implicitl1.limit(instance.A, instance.y, 2, [1e-3])
    assert r.status is Status.SUCCESS
    assert np.linalg.norm(r.x - lim.x[0]) == pytest.approx(r.distance_to_limit, abs=1e-12)
    assert r.distance_to_limit < 1e-8


def test_compare_on_the_tools_own_gd_agrees_with_trains_distance_to_limit(instance):
    run = implicitl1.train(instance.A, instance.y, method="gd", depth=2, alpha=1e-2, eta=1e-3, max_iter=20000,
                           references="bp,limit")
    c = implicitl1.compare(instance.A, instance.y, run.x, depth=2, alpha=1e-2, top=4)
    assert c.distance_to_limit == run.distance_to_limit
    assert c.distance_to_l1 == run.distance_to_l1
    assert c.loss == pytest.approx(run.loss, rel=1e-9)
    assert c.distance_to_limit == np.linalg.norm(run.x - c.x_limit) or abs(
        c.distance_to_limit - np.linalg.norm(run.x - c.x_limit)) < 1e-15
    order = np.argsort(-np.abs(run.x - c.x_limit), kind="stable")[:4]
    assert [t.index for t in c.top] == order.tolist()
    for t in c.top:
        assert t.value == run.x[t.index] and t.limit_value == c.x_limit[t.index] and t.l1_value == c.x_l1[t.index]
    assert_bits_equal(c.difference, run.x - c.x_limit)


def test_compare_equals_the_cli(instance, cli, problem_files):
    x = instance.x_star + 1e-3 * np.arange(50) / 50
    np.save(cli.folder / "x.npy", x)
    r = implicitl1.compare(instance.A, instance.y, x, depth=3, alpha=1e-4, top=50)
    code, d, _ = cli("compare", *problem_files, "--x", "x.npy", "--depth", "3", "--alpha", "0.0001", "--top", "50",
                     "--format", "json")
    assert code == 0
    for name in ("distance_to_limit", "distance_to_l1", "loss", "limit_loss", "l1_norm", "varrho"):
        assert getattr(r, name) == d[name], name
    assert_bits_equal(r.x_limit, d["x_limit"])
    assert [t.index for t in r.top] == [t["index"] for t in d["top"]] and len(r.top) == 50


def test_saddles_equal_the_cli_and_end_at_the_l1_solution(instance, cli, problem_files):
    r = implicitl1.saddles(instance.A, instance.y, alpha=1e-8)
    code, d, _ = cli("saddles", *problem_files, "--alpha", "1e-08", "--format", "json")
    assert code == 0
    s = d["saddles"]
    assert r.jumps == len(s) - 1 == r.beta.shape[0] - 1
    assert_bits_equal(r.jump_time, [k["jump_time"] for k in s])
    assert_bits_equal(r.gf_time, [k["gf_time"] for k in s])
    assert_bits_equal(r.beta, [k["beta"] for k in s])
    assert_bits_equal(r.dual, [k["dual"] for k in s])
    assert_bits_equal(r.nu, [k["nu"] for k in s])
    assert [e.tolist() for e in r.entered] == [k["entered"] for k in s]
    assert r.status is Status.SUCCESS and r.end_point_distance_to_l1 < 1e-10
    bp = implicitl1.basis_pursuit(instance.A, instance.y)
    assert sorted(r.support[-1].tolist()) == bp.support.tolist()
    assert np.all(np.diff(r.jump_time) > 0) and np.all(np.diff(r.loss) < 0)


def test_saddles_without_alpha_have_nan_gradient_flow_times(instance):
    r = implicitl1.saddles(instance.A, instance.y)
    assert r.alpha is None and np.isnan(r.gf_time).all() and r.jump_time[0] == 0.0


def test_generate_is_seeded_and_equals_the_cli_files(cli):
    a = implicitl1.generate(10, 30, 2, seed=7, noise=0.1)
    b = implicitl1.generate(10, 30, 2, seed=7, noise=0.1)
    code, _, _ = cli("generate", "--m", "10", "--n", "30", "--s", "2", "--seed", "7", "--noise", "0.1",
                     "--out-a", "A.npy", "--out-y", "y.npy", json_output=False)
    assert code == 0
    assert_bits_equal(a.A, np.load(cli.folder / "A.npy"))
    assert_bits_equal(a.y, b.y)
    assert a.A.shape == (10, 30) and np.count_nonzero(a.x_star) == 2 and a.options["noise"] == 0.1


SPEC = {"name": "pytest", "problem": {"m": 10, "n": 24, "s": 2, "seed": {"from": 1, "to": 2}},
        "method": {"solver": "limit", "depth": [2, 3], "alpha": [1e-3, 1e-6]}}


def test_sweep_rows_equal_the_export_and_the_limit_function(tmp_path, cli):
    db = tmp_path / "sweep.db"
    r = implicitl1.sweep(SPEC, db, threads=1)
    assert (r.total, r.already_done, r.computed) == (8, 0, 8)
    again = implicitl1.sweep(SPEC, db, threads=1)
    assert (again.total, again.already_done, again.computed) == (8, 8, 0)
    code, _, _ = cli("export", str(db), "--out", "rows.csv", json_output=False)
    assert code == 0
    rows = r.rows
    with open(cli.folder / "rows.csv", newline="") as f:
        exported = list(csv.DictReader(f))
    errors = rows["error_to_l1"].to_numpy() if hasattr(rows, "to_numpy") else rows["error_to_l1"]
    assert_bits_equal(errors, [float(e["error_to_l1"]) for e in exported])
    assert all(s is Status.SUCCESS for s in r.status) and len(r.status) == 8
    g = implicitl1.generate(10, 24, 2, seed=1)
    lim = implicitl1.limit(g.A, g.y, 3, [1e-6])
    keys = [e["key"] for e in exported] if "key" in exported[0] else None
    match = [k for k, e in enumerate(exported)
             if float(e["depth"]) == 3 and float(e["alpha"]) == 1e-6 and int(float(e["seed"])) == 1]
    assert len(match) == 1, keys
    assert float(exported[match[0]]["error_to_l1"]) == pytest.approx(lim.error_to_l1[0], rel=1e-9)


def test_sweep_without_pandas_returns_numpy_columns(tmp_path, monkeypatch):
    import builtins
    real_import = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas":
            raise ImportError("no pandas")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    r = implicitl1.sweep(SPEC, tmp_path / "s.db", threads=1)
    assert isinstance(r.rows, dict) and r.rows["error_to_l1"].dtype == np.float64 and r.rows["error_to_l1"].size == 8


def test_reproduce_reads_the_summaries(tmp_path):
    r = implicitl1.reproduce("tightness", tmp_path / "report", quick=True)
    assert [c.claim for c in r.claims] == ["tightness"]
    c = r.claims[0]
    with open(tmp_path / "report" / "tightness" / "summary.json") as f:
        d = json.load(f)
    assert c.measured == d["measured"] and c.holds == d["holds"] and c.label == d["label"]
    assert c.holds and (tmp_path / "report" / "index.html").is_file()


def test_train_product_and_layers_initializations_from_arrays(instance, cli, problem_files):
    u0 = np.full(50, 0.1)
    v0 = np.full(50, 0.05)
    with pytest.warns(implicitl1.ImplicitL1Warning, match="exited 13"):  # 500 steps: the budget ends the run
        r = implicitl1.train(instance.A, instance.y, method="gd", param="product", u0=u0, v0=v0, max_iter=500)
    np.save(cli.folder / "u0.npy", u0)
    np.save(cli.folder / "v0.npy", v0)
    code, d, _ = cli("train", *problem_files, "--method", "gd", "--param", "product", "--u0", "u0.npy", "--v0", "v0.npy",
                     "--max-iter", "500", "--format", "json")
    assert code == 13 and r.status is Status.MAX_ITERATIONS
    assert_bits_equal(r.x, d["x"])
    assert r.param == "product" and r.steps == 500
    layers = [np.full(50, 0.3), np.full(50, 0.2, dtype=np.float32), np.full(50, 0.1)]
    deep = implicitl1.train(instance.A, instance.y, method="gd", param="layers", layers=layers, max_iter=200)
    assert deep.status is not None and deep.x.shape == (50,) and deep.depth == 3


def test_train_weight_space_checkpoints_and_gain(instance, cli, problem_files):
    w = implicitl1.train(instance.A, instance.y, method="gf", alpha=1e-2, space="weights", checkpoints_per_decade=8,
                         references="limit")
    code, d, _ = cli("train", *problem_files, "--method", "gf", "--alpha", "0.01", "--space", "weights",
                     "--checkpoints-per-decade", "8", "--references", "limit", "--format", "json")
    assert code == 0 and w.status is Status.SUCCESS and w.space == "weights" == d["space"]
    assert_bits_equal(w.x, d["x"])
    assert w.distance_to_limit < 1e-5
    sparse = implicitl1.train(instance.A, instance.y, method="gf", alpha=1e-2, checkpoints_per_decade=2)
    assert sparse.space == "mirror" and len(w.trajectory.time) >= 3 * len(sparse.trajectory.time)
    g = implicitl1.train(instance.A, instance.y, method="gd", param="product", gamma=0.3)
    code, d, _ = cli("train", *problem_files, "--method", "gd", "--param", "product", "--gamma", "0.3", "--format", "json")
    assert code == 0 and g.gain is not None and g.gain.shape == (50,)
    assert_bits_equal(g.gain, d["gain"])
    assert w.gain is None and g.space is None


def test_limit_shape_product_and_nonnegative_equal_the_cli(instance, cli, problem_files):
    c = np.linspace(0.5, 2.0, 50)
    r = implicitl1.limit(instance.A, instance.y, 3, [1e-3], shape=c)
    np.save(cli.folder / "c.npy", c)
    code, d, _ = cli("limit", *problem_files, "--depth", "3", "--alpha", "1e-3", "--shape", "c.npy", "--format", "json")
    assert code == 0 and r.status is Status.SUCCESS and r.param == "balanced"
    assert_bits_equal(r.x[0], d["results"][0]["x"])
    assert r.error_to_l1[0] == d["results"][0]["error_to_l1"]
    u0, v0 = np.full(50, 0.1), 0.05 * np.cos(np.arange(50))
    p = implicitl1.limit(instance.A, instance.y, param="product", u0=u0, v0=v0)
    flow = implicitl1.train(instance.A, instance.y, method="gf", param="product", u0=u0, v0=v0)
    assert p.status is Status.SUCCESS and p.param == "product" and p.x.shape == (1, 50)
    assert np.linalg.norm(p.x[0] - flow.x) < 1e-7
    planted = np.zeros(50)
    planted[[1, 5, 9]] = [1.0, 2.0, 1.0]
    nn = implicitl1.limit(instance.A, instance.A @ planted, 2, [1e-2], param="nonnegative")
    assert nn.param == "nonnegative" and (nn.x >= 0).all()
    with pytest.raises(implicitl1.ShapeMismatchError, match="has 3 entries but A has 50 columns"):
        implicitl1.limit(instance.A, instance.y, 2, [1e-2], shape=np.ones(3))


def test_limit_on_a_non_unique_face_reports_the_selected_minimizer():
    A = np.array([[1.0, 1, 1], [3, 0, 1]])
    y = np.array([3.0, 3])
    with pytest.warns(implicitl1.ImplicitL1Warning, match="not unique"):
        r = implicitl1.limit(A, y, 4, [1e-6, 1e-9])
    t = (3 + 2 * np.sqrt(2)) / (6 + 2 * np.sqrt(2))
    assert np.allclose(r.selected, [t, 2 * t, 3 * (1 - t)], rtol=0, atol=1e-13)
    # 50-digit reference: tests/fixtures/make_face_refs.py.
    assert r.distance_to_selected[1] == pytest.approx(1.8915370905514106e-11, rel=1e-3)
    assert np.isnan(r.error_to_l1).all()


def test_limit_and_bounds_in_log10_alpha_below_the_double_range(instance, cli, problem_files):
    r = implicitl1.limit(instance.A, instance.y, 2, log10_alphas=[-300, -1000])
    code, d, _ = cli("limit", *problem_files, "--depth", "2", "--log10-alpha", "-300,-1000", "--format", "json")
    assert code == 0 and r.status is Status.SUCCESS
    assert r.log10_alphas.tolist() == [-300.0, -1000.0] and np.isnan(r.alphas[1])
    assert r.log10_error_to_l1.tolist() == [p["log10_error_to_l1"] for p in d["results"]]
    assert r.log10_error_to_l1[1] < r.log10_error_to_l1[0] < -1
    b = implicitl1.bounds(instance.A, instance.y, 2, log10_alphas=[-1000, -1100, -1200])
    assert b.log10_alphas.tolist() == [-1000.0, -1100.0, -1200.0] and np.isnan(b.measured).all()
    assert np.isfinite(b.log10_measured).all() and abs(b.fitted_exponent - b.predicted_exponent) < 0.05


def test_train_with_several_alphas_returns_one_result_per_alpha_equal_to_its_own_run(instance):
    with pytest.warns(implicitl1.ImplicitL1Warning, match="exited 13"):
        runs = implicitl1.train(instance.A, instance.y, method="gd", alpha=[1e-2, 1e-3], max_iter=800, param="product")
    assert [r.alpha for r in runs] == [1e-2, 1e-3] and all(r.gain is not None for r in runs)
    for r in runs:
        with pytest.warns(implicitl1.ImplicitL1Warning, match="exited 13"):
            alone = implicitl1.train(instance.A, instance.y, method="gd", alpha=r.alpha, max_iter=800, param="product")
        assert_bits_equal(r.x, alone.x)
        assert_bits_equal(r.gain, alone.gain)
        assert r.loss == alone.loss and r.steps == alone.steps == 800
