using ImplicitL1.BasisPursuit;
using ImplicitL1.LinearAlgebra;
using ImplicitL1.Potentials;
using ImplicitL1.Problems;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace ImplicitL1.Bounds;

/// <summary>The first-order term x∞(α) = x_ℓ¹ + αΔ + o(α) for D &gt; 2 (docs/theory.md §4) [reconstructed].</summary>
public sealed record FirstOrderResult
{
    /// <summary>Success; NotUnique/Infeasible/NumericalTrouble copied from BP (then Δ is empty); MaxIterations when Newton did not converge.</summary>
    public required SolverStatus Status { get; init; }

    /// <summary>One line on the outcome.</summary>
    public required string Message { get; init; }

    /// <summary>λ* = argmin { Σ_{i∈Sᶜ} φ_D((Aᵀλ)ᵢ) : A_Sᵀλ = σ } (rows of the row-reduced problem; empty when not computed).</summary>
    public required double[] Lambda { get; init; }

    /// <summary>Aᵀλ* (length N): σ on S, strictly inside (−1, 1) on Sᶜ.</summary>
    public required double[] CertificateValues { get; init; }

    /// <summary>Δ: Δ_{Sᶜ} = h_D(A_{Sᶜ}ᵀλ*), Δ_S = −A_S⁺A_{Sᶜ}Δ_{Sᶜ} (length N; empty when not computed).</summary>
    public required double[] Delta { get; init; }

    /// <summary>‖Δ‖₂, the constant of the D ≥ 3 rate: ‖x∞(α) − x_ℓ¹‖ ≈ α‖Δ‖ (NaN when not computed).</summary>
    public required double DeltaNorm { get; init; }

    /// <summary>h_D(ϱ): a lower bound on ‖Δ_{Sᶜ}‖_∞, since λ* is a certificate and so max_{Sᶜ}|Aᵀλ*| ≥ ϱ (NaN when not computed).</summary>
    public required double BlowUp { get; init; }

    /// <summary>Work: Iterations = Newton iterations, WallTime.</summary>
    public required SolverStats Stats { get; init; }

    /// <summary>‖∇F(μ)‖₂ at the end (F in the null-space coordinates μ).</summary>
    public required double GradientNorm { get; init; }
}

/// <summary>Options of <see cref="FirstOrderExpansion.Solve"/>.</summary>
public sealed record FirstOrderOptions
{
    /// <summary>The depth D. Required. Must be a finite real &gt; 2.</summary>
    public required double Depth { get; init; }

    /// <summary>BP for the same problem (shared with other stages); computed when null. Default null.</summary>
    public BasisPursuitResult? BasisPursuit { get; init; }
}

/// <summary>
/// Δ for depth D &gt; 2 [reconstructed]: λ* minimizes the smooth convex F(λ) = Σ_{i∈Sᶜ} φ_D((Aᵀλ)ᵢ) on the certificate
/// set A_Sᵀλ = σ. Parametrized as λ = λ₀ + Zμ (Z an orthonormal basis of null(A_Sᵀ), λ₀ the ϱ-certificate, which is
/// strictly feasible because ϱ &lt; 1) and solved by damped Newton keeping |Aᵀλ| &lt; 1 on Sᶜ.
/// </summary>
public static class FirstOrderExpansion
{
    /// <summary>Newton stops when the decrement² gᵀH⁻¹g falls below this·max(1, F), or ‖∇F‖ ≤ 1e-12·‖|B|ᵀ|h(w)|‖ (its rounding floor). 1e-26.</summary>
    public const double DecrementTolerance = 1e-26;

    /// <summary>Computes λ* and Δ.</summary>
    /// <param name="problem">The data (A, y).</param>
    /// <param name="options">The depth D (a finite real &gt; 2: for D = 2 the rate is α^{1−ϱ}, not linear) and an optional BP.</param>
    /// <exception cref="ArgumentOutOfRangeException">options.Depth not a finite real &gt; 2.</exception>
    public static FirstOrderResult Solve(RegressionProblem problem, FirstOrderOptions options)
    {
        Checks.NotNull(problem);
        Checks.NotNull(options);
        double depth = Checks.Depth(options.Depth, "options.Depth");
        if (!(depth > 2.0))
        {
            throw new ArgumentOutOfRangeException("options.Depth", depth,
                "The first-order constant Δ exists for finite D > 2; for D = 2 use the exponent 1 − ϱ (RateBounds).");
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var bp = options.BasisPursuit ?? BasisPursuitSolver.Solve(problem);
        var potential = new DepthPotential(depth);
        if (!bp.IsUnique || bp.Varrho is null)
        {
            return Missing(bp.Status, $"Δ is undefined: basis pursuit is {bp.Status.ToSnakeCase()} ({bp.Message})");
        }

        var reduced = RowReduction.Analyze(problem).Reduced;
        int m = reduced.Rows, n = reduced.Cols;
        var support = bp.Support;
        var inSupport = new bool[n];
        foreach (int i in support)
        {
            inSupport[i] = true;
        }

        var off = Enumerable.Range(0, n).Where(i => !inSupport[i]).ToArray();
        var aS = DenseColumns.Select(reduced, support);
        var aOff = DenseColumns.Select(reduced, off);
        var sigma = Vector<double>.Build.Dense(bp.Signs.Select(s => (double)s).ToArray());

        // λ₀: the ϱ-certificate, projected exactly onto A_Sᵀλ = σ (the LP meets it to ~1e-9 only).
        var lambda0 = Vector<double>.Build.Dense(bp.Varrho.Certificate);
        if (support.Length > 0)
        {
            var gram = aS.TransposeThisAndMultiply(aS);
            lambda0 += aS * gram.Solve(sigma - aS.TransposeThisAndMultiply(lambda0));
        }

        Matrix<double> z = support.Length == 0
            ? Matrix<double>.Build.DenseIdentity(m)
            : aS.QR(QRMethod.Full).Q.SubMatrix(0, m, support.Length, m - support.Length);
        var w0 = aOff.TransposeThisAndMultiply(lambda0);
        if (w0.AbsoluteMaximum() >= 1.0)
        {
            return Missing(SolverStatus.NumericalTrouble,
                $"the ϱ-certificate is not strictly feasible after projection: max_Sᶜ |Aᵀλ₀| = {w0.AbsoluteMaximum():R}");
        }

        var b = aOff.Transpose() * z; // |Sᶜ|×k: w = w₀ + Bμ
        int k = z.ColumnCount;
        var mu = Vector<double>.Build.Dense(k);
        var w = w0.Clone();
        double f = Objective(potential, w);
        int iterations = 0;
        double gradNorm = 0;
        bool converged = k == 0;
        double previousDecrement = double.PositiveInfinity;
        var grad = Vector<double>.Build.Dense(k);
        for (; iterations < 200 && !converged; iterations++)
        {
            var hw = w.Map(potential.H);
            var d2 = w.Map(potential.PhiSecond);
            grad = b.TransposeThisAndMultiply(hw);
            gradNorm = grad.L2Norm();
            var hess = b.TransposeThisAndMultiply(Matrix<double>.Build.DiagonalOfDiagonalVector(d2) * b);
            var step = hess.Cholesky().Solve(grad);
            double decrement = grad.DotProduct(step);
            // Rounding floor of ∇F = Bᵀh(w): a few ulps of |B|ᵀ|h(w)|.
            double gradFloor = 1e-12 * b.PointwiseAbs().TransposeThisAndMultiply(hw.PointwiseAbs()).L2Norm();
            // Converged: decrement below tolerance, gradient at its rounding floor, or quadratic convergence has
            // stopped paying (a tiny decrement that no longer halves: rounding, not the iterate, limits it).
            bool stagnant = decrement <= 1e-16 * Math.Max(1.0, f) && decrement >= 0.5 * previousDecrement;
            if (decrement <= DecrementTolerance * Math.Max(1.0, f) || gradNorm <= gradFloor || stagnant)
            {
                converged = true;
                break;
            }

            previousDecrement = decrement;

            var dw = b * step;
            double t = 1.0;
            bool accepted = false;
            while (t > 1e-20)
            {
                var wTrial = w - (t * dw);
                if (wTrial.AbsoluteMaximum() < 1.0)
                {
                    double fTrial = Objective(potential, wTrial);
                    // In the quadratic region (tiny decrement) f differences are rounding: take the full step.
                    bool quadratic = t == 1.0 && decrement <= 1e-12 * Math.Max(1.0, f);
                    if (quadratic || fTrial <= f - (1e-4 * t * decrement) || (fTrial <= f && t * decrement < 1e-20))
                    {
                        mu -= t * step;
                        w = wTrial;
                        f = fTrial;
                        accepted = true;
                        break;
                    }
                }

                t *= 0.5;
            }

            if (!accepted)
            {
                // No descent possible in floating point: the decrement is at the rounding floor.
                converged = decrement <= 1e-20 * Math.Max(1.0, f);
                break;
            }
        }

        var lambda = lambda0 + (z * mu);
        var delta = new double[n];
        var deltaOff = w.Map(potential.H);
        for (int j = 0; j < off.Length; j++)
        {
            delta[off[j]] = deltaOff[j];
        }

        if (support.Length > 0)
        {
            var rhs = -(aOff * deltaOff);
            var deltaS = DenseColumns.LeastSquares(aS, rhs.ToArray());
            for (int j = 0; j < support.Length; j++)
            {
                delta[support[j]] = deltaS[j];
            }
        }

        var values = new double[problem.Cols];
        reduced.MultiplyTransposed(lambda.ToArray(), values);
        double maxOff = off.Length == 0 ? 0.0 : w.AbsoluteMaximum();
        return new FirstOrderResult
        {
            Status = converged ? SolverStatus.Success : SolverStatus.MaxIterations,
            Message = converged
                ? $"λ* found by Newton in {iterations} iterations; max_Sᶜ |Aᵀλ*| = {maxOff:R} (ϱ = {bp.Varrho.Value:R})"
                : $"Newton did not converge in {iterations} iterations (‖∇F‖ = {gradNorm:E2})",
            Lambda = lambda.ToArray(),
            CertificateValues = values,
            Delta = delta,
            DeltaNorm = Math.Sqrt(delta.Sum(d => d * d)),
            BlowUp = potential.H(bp.Varrho.Value),
            Stats = new SolverStats { Iterations = iterations, WallTime = clock.Elapsed },
            GradientNorm = gradNorm,
        };
    }

    private static double Objective(DepthPotential potential, Vector<double> w)
    {
        double sum = 0;
        foreach (double wi in w)
        {
            sum += potential.Phi(wi);
        }

        return sum;
    }

    private static FirstOrderResult Missing(SolverStatus status, string message) => new()
    {
        Status = status,
        Message = message,
        Lambda = [],
        CertificateValues = [],
        Delta = [],
        DeltaNorm = double.NaN,
        BlowUp = double.NaN,
        Stats = SolverStats.Empty,
        GradientNorm = double.NaN,
    };
}
