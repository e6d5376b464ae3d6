using ImplicitL1.Limit;
using ImplicitL1.Problems;
using MathNet.Numerics.LinearAlgebra;

namespace ImplicitL1.Experiments;

/// <summary>The BP minimizer that gradient flow of depth D selects as α → 0, solved on the face itself.</summary>
public sealed record FaceSelectionResult
{
    /// <summary>Success, or NumericalTrouble (no interior start, Newton did not converge), or the face's status.</summary>
    public required SolverStatus Status { get; init; }

    /// <summary>One line on the outcome.</summary>
    public required string Message { get; init; }

    /// <summary>D.</summary>
    public required double Depth { get; init; }

    /// <summary>The selected minimizer (length N; zero outside the face's active set).</summary>
    public required double[] Selected { get; init; }

    /// <summary>Newton iterations on the face.</summary>
    public required SolverStats Stats { get; init; }
}

/// <summary>
/// Which BP minimizer x∞(α) tends to when BP is not unique [reconstructed]: from α·q_D(t/α) = |t| − (D/2)α^{1−2/D}|t|^{2/D}
/// + O(α) (D &gt; 2) and = |t|log(1/α) + |t|log|t| − |t| + o(1) (D = 2), the limit on the face F maximizes
/// Σ|zᵢ|^{2/D} (D &gt; 2) or minimizes Σ|zᵢ|log|zᵢ| (D = 2). Both are strictly convex problems on F whose derivative is
/// infinite at zᵢ = 0, so the optimum is interior and Newton in the face's coordinates z = z₀ + Bc finds it.
/// </summary>
public static class FaceSelection
{
    /// <summary>The selected minimizer of depth D on a described face (<see cref="BasisPursuitFaces"/>).</summary>
    /// <param name="problem">The data (A, y) the face belongs to.</param>
    /// <param name="face">The face (Status Success).</param>
    /// <param name="depth">D ≥ 2.</param>
    public static FaceSelectionResult Solve(RegressionProblem problem, BasisPursuitFace face, double depth)
    {
        Checks.NotNull(problem);
        Checks.NotNull(face);
        Checks.Depth(depth, nameof(depth));
        int n = problem.Cols;
        if (!face.Status.IsSuccess())
        {
            return Result(face.Status, $"no face: {face.Message}", depth, new double[n], 0);
        }

        var start = Start(problem, face, depth);
        if (start is null)
        {
            return Result(SolverStatus.NumericalTrouble, "no interior point of the face to start from", depth, new double[n], 0);
        }

        var signs = new double[n];
        for (int k = 0; k < face.EqualitySet.Length; k++)
        {
            signs[face.EqualitySet[k]] = face.EqualitySigns[k];
        }

        int dim = face.Dimension;
        if (dim == 0)
        {
            return Result(SolverStatus.Success, "the face is one point", depth, start, 0);
        }

        // The selection is equivariant under z → s·z (Σ|zᵢ| is constant on the face), so Newton runs on z/max|z(0)|:
        // its tolerances are then relative at any scale of A and y.
        var basis = face.DirectionBasis;
        double unit = start.Max(Math.Abs);
        var z = start.Select(v => v / unit).ToArray();
        double f = Objective(z, face.ActiveSet, signs, depth);
        for (int it = 1; it <= 100; it++)
        {
            // Gradient and Hessian in c: gₖ = Σᵢ σᵢψ'(tᵢ)Bₖᵢ, Hₖₗ = Σᵢ ψ''(tᵢ)BₖᵢBₗᵢ, tᵢ = σᵢzᵢ.
            var g = Vector<double>.Build.Dense(dim);
            var h = Matrix<double>.Build.Dense(dim, dim);
            foreach (int i in face.ActiveSet)
            {
                double t = signs[i] * z[i];
                var (d1, d2) = Derivatives(t, depth);
                for (int k = 0; k < dim; k++)
                {
                    g[k] += signs[i] * d1 * basis[k][i];
                    for (int l = 0; l < dim; l++)
                    {
                        h[k, l] += d2 * basis[k][i] * basis[l][i];
                    }
                }
            }

            var step = -h.Cholesky().Solve(g);
            double decrement = -g.DotProduct(step);
            double move = step.L2Norm(); // the basis is orthonormal: ‖Bc‖₂ = ‖c‖₂
            if (!(decrement > 1e-30 * Math.Max(1.0, Math.Abs(f))) || move <= 1e-16 * z.Max(Math.Abs))
            {
                return Result(SolverStatus.Success, $"Newton on the face converged (decrement {Math.Max(decrement, 0):E1})", depth, Unscaled(z, unit), it - 1);
            }

            if (decrement < 1e-12 * Math.Max(1.0, Math.Abs(f)))
            {
                // Below the objective's rounding the line search cannot see progress: full Newton steps (quadratic here).
                var full = Step(z, step, basis, 1.0);
                if (!face.ActiveSet.All(i => signs[i] * full[i] > 0))
                {
                    return Result(SolverStatus.NumericalTrouble, "a Newton step left the face", depth, Unscaled(z, unit), it);
                }

                (z, f) = (full, Objective(full, face.ActiveSet, signs, depth));
                continue;
            }

            bool moved = false;
            for (double s = 1.0; s > 1e-14; s *= 0.5)
            {
                var trial = Step(z, step, basis, s);

                if (face.ActiveSet.All(i => signs[i] * trial[i] > 0) && Objective(trial, face.ActiveSet, signs, depth) is var ft && ft <= f - (1e-4 * s * decrement))
                {
                    (z, f, moved) = (trial, ft, true);
                    break;
                }
            }

            if (!moved)
            {
                // No decrease at rounding level: the minimizer to the objective's precision.
                return Result(SolverStatus.Success, $"Newton on the face stopped at rounding level (decrement {decrement:E1})", depth, Unscaled(z, unit), it);
            }
        }

        return Result(SolverStatus.MaxIterations, "Newton on the face did not converge in 100 iterations", depth, Unscaled(z, unit), 100);
    }

    private static double[] Unscaled(double[] z, double unit) => [.. z.Select(v => v * unit)];

    // z + s·Σₖ cₖBₖ.
    private static double[] Step(double[] z, Vector<double> c, double[][] basis, double s)
    {
        var trial = (double[])z.Clone();
        for (int k = 0; k < c.Count; k++)
        {
            for (int i = 0; i < trial.Length; i++)
            {
                trial[i] += s * c[k] * basis[k][i];
            }
        }

        return trial;
    }

    /// <summary>
    /// Polishes a limit x∞(α) (α &lt; 1, D = 2 or D &gt; 2) along a non-unique BP face: first A_{E′}x_{E′} = y − A_{E′ᶜ}x_{E′ᶜ}
    /// by least squares, then Newton in the face coordinates c (x_{E′} + Bc) on the stationarity restricted to the face,
    /// Σᵢ σᵢBₖᵢ·Gᵢ = 0, with the exactly cancelling σᵢ(1 or −log α) part of h⁻¹(xᵢ/α) removed: Gᵢ = −(1 − |wᵢ|) (D &gt; 2)
    /// or log|xᵢ| + log((1 + √(1 + 4/tᵢ²))/2), tᵢ = |xᵢ|/α (D = 2), each to full relative precision. Returns null when
    /// x is not on the face's sign pattern with every tᵢ ≥ 1e3 (then the polish does not apply).
    /// </summary>
    public static double[]? PolishOnFace(RegressionProblem problem, BasisPursuitFace face, double depth, LogAlpha alpha, ReadOnlySpan<double> x)
    {
        Checks.NotNull(problem);
        Checks.NotNull(face);
        if (!face.Status.IsSuccess() || face.Dimension == 0 || alpha.Log >= 0)
        {
            return null;
        }

        var active = face.ActiveSet;
        var signs = face.EqualitySet.Zip(face.EqualitySigns).ToDictionary(p => p.First, p => (double)p.Second);
        var z = x.ToArray();
        var inactive = Enumerable.Range(0, problem.Cols).Except(active).ToArray();
        var aE = Matrix<double>.Build.Dense(problem.Rows, active.Length, (r, c) => problem[r, active[c]]);
        var rhs = Vector<double>.Build.Dense(problem.Rows, r => problem.Y[r] - inactive.Sum(i => problem[r, i] * z[i]));
        var current = aE * Vector<double>.Build.Dense(active.Length, k => z[active[k]]);
        var fit = aE.Svd().Solve(rhs - current);
        for (int k = 0; k < active.Length; k++)
        {
            z[active[k]] += fit[k];
        }

        int dim = face.Dimension;
        var basis = face.DirectionBasis;
        for (int it = 0; it < 8; it++)
        {
            var f = Vector<double>.Build.Dense(dim);
            var jac = Matrix<double>.Build.Dense(dim, dim);
            foreach (int i in active)
            {
                double logT = Math.Log(signs[i] * z[i]) - alpha.Log;
                if (!(signs[i] * z[i] > 0) || logT < Math.Log(1e3))
                {
                    return null;
                }

                var (g, slope) = FaceStationarity(Math.Log(signs[i] * z[i]), logT, depth);
                for (int k = 0; k < dim; k++)
                {
                    f[k] += signs[i] * basis[k][i] * g;
                    for (int l = 0; l < dim; l++)
                    {
                        jac[k, l] += slope * basis[k][i] * basis[l][i];
                    }
                }
            }

            var c = -jac.Cholesky().Solve(f);
            for (int k = 0; k < dim; k++)
            {
                foreach (int i in active)
                {
                    z[i] += c[k] * basis[k][i];
                }
            }

            if (c.AbsoluteMaximum() <= 1e-17 * z.Max(Math.Abs))
            {
                break;
            }
        }

        return z;
    }

    // G(|x|) and dG/d|x| of the face stationarity (see PolishOnFace), from log|x| and log t = log(|x|/α).
    private static (double G, double Slope) FaceStationarity(double logX, double logT, double depth)
    {
        if (depth == 2.0)
        {
            // asinh(t/2) = log t + log((1 + s)/2), s = √(1 + 4/t²); the −log α part cancels on the face.
            double inv2 = Math.Exp(-2.0 * logT), s = Math.Sqrt(1.0 + (4.0 * inv2));
            double r = Math.Log((1.0 + s) / 2.0), dr = -4.0 * inv2 / (s * (1.0 + s)); // t·dr/dt
            return (logX + r, Math.Exp(-logX) * (1.0 + dr));
        }

        // g = 1 − |w| solves g^{−p} − (2 − g)^{−p} = t, p = D/(D−2): g = (t + (2 − g)^{−p})^{−1/p}, a contraction for t ≥ 1e3.
        double p = depth / (depth - 2.0), g = Math.Exp(-logT / p);
        for (int k = 0; k < 60 && logT < 700; k++)
        {
            double next = Math.Exp(-Math.Log(Math.Exp(logT) + Math.Pow(2.0 - g, -p)) / p);
            bool done = Math.Abs(next - g) <= 1e-17 * g;
            g = next;
            if (done)
            {
                break;
            }
        }

        // dG/d|x| = −(dg/dt)/α = 1/(α·p·(g^{−p−1} + (2 − g)^{−p−1})), in logs: t/|x| = 1/α.
        double logSlope = (logT - logX) - Math.Log(p) + ((p + 1.0) * Math.Log(g)) - Math.Log(1.0 + Math.Pow(g / (2.0 - g), p + 1.0));
        return (-g, Math.Exp(logSlope));
    }

    /// <summary>‖x − selected‖₂ and its rounding floor 64ε(‖x‖₂ + ‖selected‖₂): digits below the floor are noise.</summary>
    public static (double Distance, double Floor) Distance(ReadOnlySpan<double> x, ReadOnlySpan<double> selected)
    {
        double sum = 0, nx = 0, ns = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += (x[i] - selected[i]) * (x[i] - selected[i]);
            nx += x[i] * x[i];
            ns += selected[i] * selected[i];
        }

        return (Math.Sqrt(sum), 64.0 * Math.Pow(2, -52) * (Math.Sqrt(nx) + Math.Sqrt(ns)));
    }

    // ψ(t) = −t^{2/D} (D > 2) or t log t (D = 2), summed over the active set with tᵢ = σᵢzᵢ.
    private static double Objective(double[] z, int[] active, double[] signs, double depth)
    {
        double f = 0;
        foreach (int i in active)
        {
            double t = signs[i] * z[i];
            f += depth == 2.0 ? t * Math.Log(t) : -Math.Pow(t, 2.0 / depth);
        }

        return f;
    }

    private static (double First, double Second) Derivatives(double t, double depth)
    {
        if (depth == 2.0)
        {
            return (Math.Log(t) + 1.0, 1.0 / t);
        }

        double p = 2.0 / depth;
        return (-p * Math.Pow(t, p - 1.0), -p * (p - 1.0) * Math.Pow(t, p - 2.0));
    }

    // The mean of the face's vertices (interior when every active coordinate is non-zero at some vertex), or else
    // x∞ at α = 1e-6 restricted to the active set and moved back onto Az = y by least squares.
    private static double[]? Start(RegressionProblem problem, BasisPursuitFace face, double depth)
    {
        int n = problem.Cols;
        var signs = face.EqualitySet.Zip(face.EqualitySigns).ToDictionary(p => p.First, p => (double)p.Second);
        bool Interior(double[] z) => face.ActiveSet.All(i => signs[i] * z[i] > 0);
        if (face.Vertices is { Length: > 0 } vertices)
        {
            var mean = new double[n];
            foreach (var v in vertices)
            {
                for (int i = 0; i < n; i++)
                {
                    mean[i] += v[i] / vertices.Length;
                }
            }

            if (Interior(mean))
            {
                return mean;
            }
        }

        var x = DualNewton.Solve(problem, depth, [1e-6]).Points[0].X;
        var active = face.ActiveSet;
        var aE = Matrix<double>.Build.Dense(problem.Rows, active.Length, (r, c) => problem[r, active[c]]);
        var xE = Vector<double>.Build.Dense(active.Length, k => x[active[k]]);
        var correction = aE.Svd().Solve(Vector<double>.Build.DenseOfArray(problem.YArray()) - (aE * xE));
        var z = new double[n];
        for (int k = 0; k < active.Length; k++)
        {
            z[active[k]] = xE[k] + correction[k];
        }

        return Interior(z) ? z : null;
    }

    private static FaceSelectionResult Result(SolverStatus status, string message, double depth, double[] z, long iterations) => new()
    {
        Status = status,
        Message = message,
        Depth = depth,
        Selected = z,
        Stats = new SolverStats { Iterations = iterations },
    };
}
