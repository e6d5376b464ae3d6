#!/usr/bin/python3
"""Times the implicit-l1 CLI against scipy/numpy on the same generated .npy instances (see bench/README.md).

BP + rho: `implicit-l1 bp` (whole process) vs scipy linprog(method="highs-ds") on the BP LP and on the rho
min-max LP.  x_inf: `implicit-l1 limit` vs a numpy dual-Newton loop (D = 3 by default, continuation in alpha).  GD: `implicit-l1 train --method gd`
vs a numpy loop of the same steps.  Runs alternate (ours, theirs, ours, ...); medians and ratios are printed.
Peak RSS of `bp` comes from /usr/bin/time -v.  Every number is printed, including misses and timeouts.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLI = os.path.join(ROOT, "src/ImplicitL1.Cli/bin/Release/net10.0/linux-x64/implicit-l1.dll")


def run_cli(args, timeout):
    """Runs `dotnet CLI args` under /usr/bin/time -v; returns (wall s, peak RSS MiB, stdout) or None on timeout."""
    cmd = ["/usr/bin/time", "-v", "dotnet", CLI] + args
    start = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    wall = time.perf_counter() - start
    rss = float("nan")
    for line in p.stderr.splitlines():
        if "Maximum resident set size" in line:
            rss = int(line.split(":")[1]) / 1024.0
    return wall, rss, p.stdout


def scipy_bp_rho(a, y):
    """BP by HiGHS dual simplex, support, then rho = min ||A_Sc^T lam||_inf s.t. A_S^T lam = sigma (HiGHS)."""
    from scipy.optimize import linprog
    m, n = a.shape
    res = linprog(np.ones(2 * n), A_eq=np.hstack([a, -a]), b_eq=y, bounds=(0, None), method="highs-ds")
    x = res.x[:n] - res.x[n:]
    s = np.flatnonzero(np.abs(x) > 1e-9 * np.abs(x).max())
    sigma = np.sign(x[s])
    sc = np.setdiff1d(np.arange(n), s)
    asc = a[:, sc].T
    a_ub = np.vstack([np.hstack([asc, -np.ones((len(sc), 1))]), np.hstack([-asc, -np.ones((len(sc), 1))])])
    a_eq = np.hstack([a[:, s].T, np.zeros((len(s), 1))])
    c = np.zeros(m + 1)
    c[-1] = 1.0
    rho = linprog(c, A_ub=a_ub, b_ub=np.zeros(2 * len(sc)), A_eq=a_eq, b_eq=sigma,
                  bounds=[(None, None)] * m + [(0, None)], method="highs-ds")
    return res.status, rho.status, len(s), rho.fun


def potential(depth):
    """(h, phi, phi'') of the depth-D dual (docs/theory.md section 2): x = alpha h(w), w = A^T nu."""
    if depth == 2:
        return (lambda w: 2 * np.sinh(w)), (lambda w: 2 * (np.cosh(w) - 1)), (lambda w: 2 * np.cosh(w))
    p, k, r = depth / (depth - 2), 2 / (depth - 2), (2 * depth - 2) / (depth - 2)
    return ((lambda w: (1 - w) ** -p - (1 + w) ** -p),
            (lambda w: (depth - 2) / 2 * ((1 - w) ** -k + (1 + w) ** -k - 2)),
            (lambda w: p * ((1 - w) ** -r + (1 + w) ** -r)))


def numpy_dual_newton(a, y, alpha, depth=2, tol=1e-12, max_iter=50):
    """maximize y^T nu - alpha sum phi(A^T nu) by damped Newton (BLAS Gram + solve), continuation in alpha from 1
    by factors of 10, each level until ||y - Ax|| <= tol ||y|| or 3 steps without halving it (the rounding floor);
    returns (x, total Newton iterations, whether ||y - Ax|| <= 1e-10 ||y|| at the end)."""
    h, phi, phi2 = potential(depth)
    nu = np.zeros(a.shape[0])
    ynorm = max(np.linalg.norm(y), 1e-300)
    levels = [10.0 ** -k for k in range(int(np.ceil(-np.log10(alpha))))] + [alpha]
    total = 0
    for level in levels:
        def obj(v):
            w = a.T @ v
            return -np.inf if depth > 2 and np.max(np.abs(w)) >= 1 else y @ v - level * np.sum(phi(w))
        f, best, stalls = obj(nu), np.inf, 0
        for _ in range(max_iter):
            w = a.T @ nu
            g = y - a @ (level * h(w))
            gnorm = np.linalg.norm(g)
            stalls = stalls + 1 if gnorm > 0.5 * best else 0
            best = min(best, gnorm)
            if gnorm <= tol * ynorm or stalls >= 3:  # converged, or at the rounding floor
                break
            total += 1
            hess = (a * (level * phi2(w))) @ a.T
            step = np.linalg.solve(hess, g)
            t = 1.0
            while t >= 1e-12:
                trial = nu + t * step
                ft = obj(trial)
                if np.isfinite(ft) and ft >= f + 1e-4 * t * (g @ step):
                    break
                t *= 0.5
            if t < 1e-12:
                break
            nu, f = trial, ft
    x = alpha * h(a.T @ nu)
    return x, total, np.linalg.norm(y - a @ x) <= 1e-10 * ynorm


def numpy_gd(a, y, alpha, eta, steps):
    """u^2 - v^2 (D = 2), u(0)^2 = v(0)^2 = alpha: x = u*u - v*v, g = A^T(Ax - y), u -= 2 eta u g, v += 2 eta v g."""
    n = a.shape[1]
    u = np.full(n, np.sqrt(alpha))
    v = np.full(n, np.sqrt(alpha))
    for _ in range(steps):
        x = u * u - v * v
        g = a.T @ (a @ x - y)
        u -= 2 * eta * u * g
        v += 2 * eta * v * g
    return u * u - v * v


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="200x2000x20,500x5000x50,1000x20000x100", help="m x N x s, compared with scipy")
    ap.add_argument("--ours-only", default="2000x50000x200", help="m x N x s, timed for implicit-l1 alone")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=1800.0, help="per run, seconds")
    ap.add_argument("--alpha", type=float, default=1e-6, help="alpha of the limit and GD comparisons")
    ap.add_argument("--depth", type=float, default=3.0, help="depth D of the limit comparison")
    ap.add_argument("--gd-steps", type=int, default=200)
    ap.add_argument("--skip", default="", help="comma list of parts to skip: bp,limit,gd")
    ap.add_argument("--cli", default=CLI, help="implicit-l1.dll to time (default: the Release build; a ReadyToRun "
                    "publish, see bench/README.md, starts faster)")
    args = ap.parse_args()
    globals()["CLI"] = os.path.abspath(args.cli)
    skip = set(filter(None, args.skip.split(",")))
    print(f"# CLI {CLI}\n# numpy {np.__version__}, OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}, "
          f"cores {os.cpu_count()}; machine load {os.getloadavg()}")
    rows = []
    tmp = tempfile.mkdtemp(prefix="il1bench")
    sizes = [(s, True) for s in args.sizes.split(",") if s] + [(s, False) for s in args.ours_only.split(",") if s]
    for spec, compare in sizes:
        m, n, s = (int(v) for v in spec.split("x"))
        fa, fy = os.path.join(tmp, f"A_{spec}.npy"), os.path.join(tmp, f"y_{spec}.npy")
        subprocess.run(["dotnet", CLI, "generate", "--m", str(m), "--n", str(n), "--s", str(s), "--seed", "1",
                        "--out-a", fa, "--out-y", fy], check=True, capture_output=True)
        a, y = np.load(fa), np.load(fy)
        a_mib = a.nbytes / 2**20
        io = ["--A", fa, "--y", fy, "--format", "json"]
        if "bp" not in skip:
            ours, theirs, rss, info = [], [], [], ""
            for _ in range(args.repeats):
                r = run_cli(["bp"] + io, args.timeout)
                ours.append(None if r is None else r[0])
                if r is not None:
                    rss.append(r[1])
                    d = json.loads(r[2])
                    info = f"status={d['status']} |S|={len(d['support'])} rho={d['varrho']:.12g}"
                else:
                    info = "timeout"
                if compare:
                    t0 = time.perf_counter()
                    st = scipy_bp_rho(a, y)
                    theirs.append(time.perf_counter() - t0)
                    info += f"; scipy status={st[0]},{st[1]} |S|={st[2]} rho={st[3]:.12g}"
            rows.append(("bp (BP + rho + certificate)", spec, median(ours), median(theirs) if compare else float("nan"),
                         f"peak RSS {max(rss) if rss else float('nan'):.0f} MiB = {max(rss) / a_mib if rss else float('nan'):.2f}x A ({a_mib:.0f} MiB); {info}"))
        if "limit" not in skip and compare:
            ours, theirs, note = [], [], ""
            for _ in range(args.repeats):
                r = run_cli(["limit"] + io + ["--depth", repr(args.depth), "--alpha", repr(args.alpha)], args.timeout)
                ours.append(None if r is None else r[0])
                t0 = time.perf_counter()
                x_np, its, ok = numpy_dual_newton(a, y, args.alpha, args.depth)
                theirs.append(time.perf_counter() - t0)
                if r is not None:
                    p = json.loads(r[2])["results"][0]
                    x_ours = np.array(p["x"])
                    note = (f"ours: {p['status']}, {p['iterations']} Newton iterations, {p['factorizations']} factorizations, "
                            f"{p['krylov_iterations']} GMRES; numpy: converged={ok}, {its} Newton iterations; "
                            f"max|x_ours - x_numpy| = {np.abs(x_ours - x_np).max():.2e}")
            rows.append((f"limit (D={args.depth:g}, one alpha; ours includes BP)", spec, median(ours), median(theirs), note))
        if "gd" not in skip and compare:
            eta = 0.1 / (4 * np.linalg.norm(a, 2) ** 2 * max(1.0, np.abs(np.linalg.lstsq(a, y, rcond=None)[0]).max()))
            ours, theirs = [], []
            for _ in range(args.repeats):
                r = run_cli(["train", "--method", "gd", "--param", "balanced", "--depth", "2", "--alpha", repr(args.alpha),
                             "--eta", repr(eta), "--max-iter", str(args.gd_steps), "--A", fa, "--y", fy,
                             "--out", os.path.join(tmp, "traj.csv")], args.timeout)
                ours.append(None if r is None else r[0])
                t0 = time.perf_counter()
                numpy_gd(a, y, args.alpha, eta, args.gd_steps)
                theirs.append(time.perf_counter() - t0)
            rows.append((f"gd ({args.gd_steps} steps; ours whole process)", spec, median(ours), median(theirs), f"eta {eta:.3g}"))
    print(f"\n{'task':44s} {'m x N x s':16s} {'ours s':>10s} {'scipy s':>10s} {'ours/scipy':>10s}  notes")
    for task, spec, o, t, note in rows:
        ratio = o / t if t == t and t > 0 else float("nan")
        print(f"{task:44s} {spec:16s} {o:10.3f} {t:10.3f} {ratio:10.3f}  {note}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
