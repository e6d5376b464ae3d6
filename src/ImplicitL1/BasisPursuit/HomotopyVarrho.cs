using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace ImplicitL1.BasisPursuit;

/// <summary>
/// ϱ through its null-space form solved as a basis pursuit (docs/theory.md §3) [reconstructed]. With z = v_Sᶜ,
/// Âv = 0 ⇔ P Â_Sᶜ z = 0 and v_S = −Â_S⁺Â_Sᶜ z (P = I − Â_SÂ_S⁺), and ⟨σ, v_S⟩ = cᵀz with c = −Â_Sᶜᵀλ̂_F,
/// λ̂_F = Â_S(Â_SᵀÂ_S)⁻¹σ. So ϱ = max{cᵀz : PÂ_Sᶜz = 0, ‖z‖₁ ≤ 1}, and when ϱ &gt; 0,
/// 1/ϱ = min{‖z‖₁ : [PÂ_Sᶜ; cᵀ] z = e_last}: the homotopy's BP on the columns (PÂ_j, c_j) ∈ ℝ^{m+1}. Its dual θ
/// gives the certificate λ̂ = λ̂_F − θ_{1..m}/θ_{m+1} (Â_Sᵀλ̂ = σ, max_{Sᶜ}|Â_jᵀλ̂| = 1/θ_{m+1}), its z the primal v.
/// The BP runs on a working set W of columns; every column is priced by |Â_jᵀλ̂| and violators join W.
/// </summary>
internal static class HomotopyVarrho
{
    /// <summary>
    /// Returns the certificate λ̂ (on Â) with the primal v (‖v_Sᶜ‖₁ = 1) and its ⟨σ, v_S⟩, or a failed run naming why.
    /// <paramref name="aS"/> is Â_S, injective.
    /// </summary>
    public static Varrho.CertificateRun Run(ScaledColumns scaled, IReadOnlyList<int> support, int[] mask, Matrix<double> aS,
        VarrhoOptions options, ReadOnlySpan<double> lambdaHint)
    {
        int m = scaled.Problem.Rows, n = scaled.Problem.Cols, s = support.Count;
        var qr = aS.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
        var q = qr.Q.ToColumnMajorArray(); // m×s, column k contiguous
        var sigma = Vector<double>.Build.Dense(support.Select(i => (double)mask[i]).ToArray());
        var lambdaF = (qr.Q * qr.R.Transpose().Solve(sigma)).ToArray();
        var g = new double[n];
        var scratch = new double[m];
        scaled.MultiplyTransposed(lambdaF, g, scratch);
        long passes = 1;
        var c = new double[n];
        double fuchs = 0;
        for (int j = 0; j < n; j++)
        {
            c[j] = mask[j] == 0 ? -g[j] : 0.0;
            fuchs = Math.Max(fuchs, Math.Abs(c[j]));
        }

        if (fuchs == 0)
        {
            // ϱ = 0: λ̂_F itself has value 0, and v = 0 attains 0.
            return new Varrho.CertificateRun(lambdaF, Solved(0), 0, 0, passes, "homotopy (ϱ = 0: the least-squares certificate)")
            {
                PrimalValue = 0.0,
                PrimalVector = new double[n],
            };
        }

        var score = new double[n];
        if (lambdaHint.Length == m)
        {
            scaled.Problem.MultiplyTransposed(lambdaHint, score);
            passes++;
        }
        else
        {
            c.CopyTo(score);
        }

        TensorPrimitives.Abs(score, score);
        int off = n - s, free = Math.Max(1, m - s);
        var initial = ScaledColumns.TopK(score, Math.Min(off, (2 * free) + 16), j => mask[j] == 0);
        int k1 = m + 1;
        var rhs = new double[k1];
        rhs[m] = 1.0;
        void Block(IReadOnlyList<int> columns, Span<double> block)
        {
            scaled.ColumnMajor(columns, k1, block);
            for (int k = 0; k < columns.Count; k++)
            {
                Project(q, m, s, block.Slice(k * k1, m));
                block[(k * k1) + m] = c[columns[k]];
            }
        }

        // Outside W: M_jᵀr = (PÂ_j)ᵀr_{1..m} + c_j r_{m+1} = Â_jᵀ(r_{1..m} − r_{m+1}λ̂_F), r_{1..m} ∈ range P.
        var lifted = new double[m];
        void Correlate(double[] r, double[] destination)
        {
            TensorPrimitives.MultiplyAdd(lambdaF, -r[m], r.AsSpan(0, m), lifted);
            scaled.MultiplyTransposed(lifted, destination, scratch);
        }

        var run = L1Homotopy.SolveWorking(Block, k1, rhs, initial, n, Correlate, j => mask[j] == 0, options.RowTolerance,
            Math.Max(32, free / 2), options.MaxRounds, new HomotopyOptions { Stage = "varrho", Progress = options.Progress, Dimension = m - s + 1 });
        var path = run.Path;
        passes += run.Passes + run.Rounds;
        string method = $"homotopy ({run.Working.Count} of {off} columns, {run.Steps} steps, {run.Rounds} rounds)";
        if (!path.Reached)
        {
            return Failed($"the null-space BP homotopy stopped: {path.Why}", run.Steps, run.Rounds, passes, method);
        }

        double t = path.Theta[m];
        if (!(t > 0))
        {
            return Failed($"the null-space BP dual has θ_last = {t:R} ≤ 0", run.Steps, run.Rounds, passes, method);
        }

        var lambdaHat = new double[m];
        for (int i = 0; i < m; i++)
        {
            lambdaHat[i] = lambdaF[i] - (path.Theta[i] / t);
        }

        double z1 = TensorPrimitives.SumOfMagnitudes(path.X);
        var (value, v, defect) = Primal(scaled, support, mask, aS, qr, run.Working, path.X, z1);
        return new Varrho.CertificateRun(lambdaHat, Solved(run.Steps), run.Steps, run.Rounds, passes, method)
        {
            PrimalValue = value,
            PrimalVector = v,
            PrimalDefect = defect,
            SpansRows = path.Active.Length == m - s + 1,
        };
    }

    // column ← column − Q(Qᵀcolumn), Q (m×s, column-major) orthonormal: the projection P onto ker Â_Sᵀ.
    private static void Project(double[] q, int m, int s, Span<double> column)
    {
        for (int k = 0; k < s; k++)
        {
            var qk = q.AsSpan(k * m, m);
            TensorPrimitives.MultiplyAdd(qk, -TensorPrimitives.Dot(qk, column), column, column);
        }
    }

    // v_Sᶜ = z/‖z‖₁ on W, v_S = −Â_S⁺Â_W v_W = −R⁻¹Qᵀ(Â_W v_W); returns (⟨σ, v_S⟩, v, ‖Âv‖/‖Â_W v_W‖).
    private static (double Value, double[] V, double Defect) Primal(ScaledColumns scaled, IReadOnlyList<int> support, int[] mask,
        Matrix<double> aS, MathNet.Numerics.LinearAlgebra.Factorization.QR<double> qr, List<int> working, double[] z, double z1)
    {
        int m = scaled.Problem.Rows, n = scaled.Problem.Cols;
        var v = new double[n];
        var w = new double[m];
        var column = new double[m];
        for (int k = 0; k < working.Count; k++)
        {
            if (z[k] != 0)
            {
                v[working[k]] = z[k] / z1;
                scaled.Column(working[k], column);
                TensorPrimitives.MultiplyAdd(column, v[working[k]], w, w);
            }
        }

        var vS = qr.R.Solve(qr.Q.TransposeThisAndMultiply(Vector<double>.Build.Dense(w)));
        var av = (aS * vS).ToArray();
        double norm = TensorPrimitives.Norm(w);
        TensorPrimitives.Subtract(w, av, av);
        double defect = norm > 0 ? TensorPrimitives.Norm(av) / norm : 0.0;
        double value = 0;
        for (int k = 0; k < support.Count; k++)
        {
            v[support[k]] = -vS[k];
            value -= mask[support[k]] * vS[k];
        }

        return (value, v, defect);
    }

    private static LpSolution Solved(long steps) => new("HOMOTOPY_END", true, false, false, double.NaN, [], [], steps);

    private static Varrho.CertificateRun Failed(string why, long steps, int rounds, long passes, string method) =>
        new([], new LpSolution("HOMOTOPY_STOPPED", false, false, false, double.NaN, [], [], steps), steps, rounds, passes, method)
        {
            Failure = why,
        };
}
