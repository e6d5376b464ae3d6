using ImplicitL1.BasisPursuit;
using ImplicitL1.LinearAlgebra;
using ImplicitL1.Limit;
using ImplicitL1.Problems;

namespace ImplicitL1.Experiments.Claims;

/// <summary>
/// Where one instance's D = 2 error has reached its power law C·α^{1−ϱ}, predicted from ϱ and x_ℓ¹ before any limit is
/// solved (docs/theory.md §7) [reconstructed rule]. Two corrections to the pure power law are measured: one relative to
/// the smallest support entry, ≈ error/min_S|x_ℓ¹|, which decays like a further power α^{1−ϱ} when |S| = m and like
/// 1/log(1/α) when |S| &lt; m (the flow still selecting its certificate); and, when |S| = m, the crossover to the
/// coordinate attaining ϱ from competitors with a larger constant, which the first-order amplitudes predict.
/// </summary>
public static class D2FitWindow
{
    /// <summary>Decades K the predicted error ‖x_ℓ¹‖₂·α^{1−ϱ} must lie below min_S|x_ℓ¹| where the window starts: 24.</summary>
    public const double ErrorDecades = 24;

    /// <summary>Decades W of predicted error decay across the window: 3 (the window is W/(1−ϱ) decades of α long).</summary>
    public const double SpanDecades = 3;

    /// <summary>Decades the ϱ-coordinate must lead each competitor by at the window's start (|S| = m): 3.</summary>
    public const double LeadDecades = 3;

    /// <summary>Competitors whose exponent differs from 1 − ϱ by at most this fraction of 1 − ϱ are ignored: 1e-3.</summary>
    public const double NegligibleExponentGap = 1e-3;

    /// <summary>α of the fit: 7 points evenly spaced in log10 α.</summary>
    public const int Points = 7;

    /// <summary>The window of one instance.</summary>
    /// <param name="StartLog10">log10 α where the fit starts (the largest α of the window).</param>
    /// <param name="EndLog10">log10 α where it ends.</param>
    /// <param name="BaseLog10">log10 α of the support rule alone: −(K + log10(‖x_ℓ¹‖₂/min_S|x_ℓ¹|))/(1−ϱ).</param>
    /// <param name="CrossoverLog10">log10 α of the crossover rule (|S| = m only; null otherwise).</param>
    public sealed record Window(double StartLog10, double EndLog10, double BaseLog10, double? CrossoverLog10)
    {
        /// <summary>The <see cref="Points"/> α of the fit, from <see cref="StartLog10"/> down to <see cref="EndLog10"/>.</summary>
        public LogAlpha[] Alphas => [.. Enumerable.Range(0, Points).Select(k => LogAlpha.FromLog10(StartLog10 + ((EndLog10 - StartLog10) * k / (Points - 1))))];

        /// <summary>"10^-5274 … 10^-7534" style text.</summary>
        public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"10^{StartLog10:F0} … 10^{EndLog10:F0}");
    }

    /// <summary>The window for one instance with a unique x_ℓ¹ (ϱ &lt; 1); null when BP is not unique or ϱ is missing.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The window would leave the supported range of α (ϱ too close to 1).</exception>
    public static Window? Choose(RegressionProblem problem, BasisPursuitResult bp)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(bp);
        if (!bp.IsUnique || bp.Varrho is null || bp.Support.Length == 0)
        {
            return null;
        }

        double gap = 1 - bp.Varrho.Value;
        var xs = bp.Support.Select(i => Math.Abs(bp.X[i])).ToArray();
        double norm = Math.Sqrt(xs.Sum(v => v * v));
        // Support rule: ‖x_ℓ¹‖₂·α^{1−ϱ} = 10^{-K}·min_S|x_ℓ¹|.
        double baseLog10 = -(ErrorDecades + Math.Log10(norm / xs.Min())) / gap;
        double? crossover = Crossover(problem, bp, gap);
        double start = Math.Min(baseLog10, crossover ?? 0.0);
        double end = start - (SpanDecades / gap);
        if (end < LogAlpha.MinLog10)
        {
            throw new ArgumentOutOfRangeException(nameof(bp), bp.Varrho.Value, $"1 − ϱ = {gap:G3} needs α down to 10^{end:F0}, below the supported 10^{LogAlpha.MinLog10:G}.");
        }

        return new Window(start, end, baseLog10, crossover);
    }

    // |S| = m: x_i ≈ α·e^{|w_i|} off S with w_i = ρ_i·ln(1/α) + c_i, where T = A_S⁻¹A_Sᶜ, ρ_i = t_iᵀσ and
    // c_i = t_iᵀ(σ ⊙ ln|x_S|) (from w_S = σ(ln(1/α) + ln|x_S|)); its error share is |x_i|·√(1 + ‖t_i‖²). The window
    // starts where the ϱ-coordinate leads every competitor whose exponent differs noticeably by LeadDecades.
    private static double? Crossover(RegressionProblem problem, BasisPursuitResult bp, double gap)
    {
        var reduced = RowReduction.Analyze(problem).Reduced;
        if (bp.Support.Length != reduced.Rows)
        {
            return null;
        }

        var inSupport = new HashSet<int>(bp.Support);
        var off = Enumerable.Range(0, reduced.Cols).Where(i => !inSupport.Contains(i)).ToArray();
        if (off.Length == 0)
        {
            return null;
        }

        var t = DenseColumns.Select(reduced, bp.Support).LU().Solve(DenseColumns.Select(reduced, off));
        var sigma = bp.Signs.Select(s => (double)s).ToArray();
        var logX = bp.Support.Select((i, j) => sigma[j] * Math.Log(Math.Abs(bp.X[i]))).ToArray();
        var rho = new double[off.Length];
        var amplitude = new double[off.Length]; // ln of the share's constant
        for (int k = 0; k < off.Length; k++)
        {
            double r = 0, c = 0, n2 = 1;
            for (int j = 0; j < sigma.Length; j++)
            {
                double tij = t[j, k];
                r += tij * sigma[j];
                c += tij * logX[j];
                n2 += tij * tij;
            }

            rho[k] = Math.Abs(r);
            amplitude[k] = (Math.Sign(r) * c) + (0.5 * Math.Log(n2));
        }

        int top = Array.IndexOf(rho, rho.Max());
        double worst = 0; // ln(1/α) needed
        for (int k = 0; k < off.Length; k++)
        {
            double delta = rho[top] - rho[k];
            if (delta > NegligibleExponentGap * gap)
            {
                worst = Math.Max(worst, (amplitude[k] - amplitude[top] + (LeadDecades * Math.Log(10.0))) / delta);
            }
        }

        return -worst / Math.Log(10.0);
    }
}
