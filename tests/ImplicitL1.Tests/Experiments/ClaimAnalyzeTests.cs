using ImplicitL1.Experiments.Claims;

namespace ImplicitL1.Tests.Experiments;

/// <summary>
/// Every claim's Analyze on hand-made rows: a holding case, failing cases (each condition on its own), the
/// tolerance boundary from both sides, and a failed point (non-success status or missing number), which must fail.
/// </summary>
public class ClaimAnalyzeTests
{
    private static readonly SolverStatus Ok = SolverStatus.Success;
    private static readonly SolverStatus Bad = SolverStatus.NumericalTrouble;

    // ---- gf-limit ----
    private static GfLimitClaim.Row Gf(double distance, SolverStatus flow = SolverStatus.Success, SolverStatus limit = SolverStatus.Success) =>
        new(new GfLimitClaim.Point(10, 25, 2, 1, 2, 1e-2), distance, 10, 1, 0, flow, limit);

    [Fact]
    public void GfLimit_holds_at_and_below_the_tolerance_and_fails_above_it()
    {
        var holds = GfLimitClaim.Analyze([Gf(1e-13), Gf(GfLimitClaim.Tolerance)]);
        Assert.True(holds.Holds);
        Assert.Equal(GfLimitClaim.Tolerance, holds.Measured);
        Assert.Equal(ClaimLabel.Reconstructed, holds.Label);
        Assert.False(GfLimitClaim.Analyze([Gf(1e-13), Gf(GfLimitClaim.Tolerance * 1.0001)]).Holds);
    }

    [Fact]
    public void GfLimit_counts_a_failed_or_missing_point_as_a_failure()
    {
        var flowFailed = GfLimitClaim.Analyze([Gf(1e-13), Gf(1e-13, flow: SolverStatus.MaxIterations)]);
        Assert.False(flowFailed.Holds);
        Assert.Equal(1, flowFailed.FailedRows);
        Assert.False(GfLimitClaim.Analyze([Gf(1e-13), Gf(1e-13, limit: Bad)]).Holds);
        Assert.False(GfLimitClaim.Analyze([Gf(1e-13), Gf(double.NaN)]).Holds);
        Assert.False(GfLimitClaim.Analyze([]).Holds);
    }

    // ---- rate-d2 ----
    // log10 error = 0.5 + k·log10 α on a window of 7 α from `from` down by 3/(1 − ϱ) decades, k = 1 − ϱ + offset.
    // The path (shown, not fitted) has a different slope; pathNanAt marks one of its points failed.
    private static RateD2Claim.Row D2(double varrho, double exponentOffset, string bp = "success", int nanAt = -1, double noise = 0, double from = -40, int pathNanAt = -1)
    {
        if (bp != "success")
        {
            return new(new RateD2Claim.Point(20, 50, 3, noise, 1), bp, double.NaN, null, [], [], [], []);
        }

        var window = new D2FitWindow.Window(from, from - (3 / (1 - varrho)), from, null);
        double[] alphas = [.. window.Alphas.Select(a => a.Log10)];
        double[] path = [-1, -2, -3];
        return new(new RateD2Claim.Point(20, 50, 3, noise, 1), bp, varrho, window, alphas,
            [.. alphas.Select((a, k) => k == nanAt ? double.NaN : 0.5 + ((1 - varrho + exponentOffset) * a))],
            path, [.. path.Select((a, k) => k == pathNanAt ? double.NaN : 0.1 * a)]);
    }

    [Fact]
    public void RateD2_holds_when_the_exponent_is_one_minus_varrho_within_both_tolerances()
    {
        // 0.0019 ≤ 0.002 and ≤ 0.01·(1 − ϱ) for ϱ ≤ 0.81.
        var v = RateD2Claim.Analyze([D2(0.5, 0), D2(0.3, 0.0019), D2(0.7, -0.0019)]);
        Assert.True(v.Holds);
        Assert.Equal(0.0019, v.Measured, 1e-9);
        Assert.Equal(ClaimLabel.Paper, v.Label);
        Assert.Equal(0.0019 / 0.3, (double)v.Detail("max_relative_difference"), 1e-6);
        Assert.False(RateD2Claim.Analyze([D2(0.5, 0), D2(0.3, 0.0021)]).Holds);
        Assert.False(RateD2Claim.Analyze([D2(0.5, 0), D2(0.3, -0.0021)]).Holds);
    }

    [Fact]
    public void RateD2_applies_the_relative_tolerance_where_one_minus_varrho_is_small()
    {
        // ϱ = 0.996 (noise, α down to 10^-3000): 1 − ϱ = 0.004, so 1% is 4e-5, far inside the absolute 0.002.
        Assert.True(RateD2Claim.Analyze([D2(0.996, 3.9e-5, noise: 0.4, from: -3000)]).Holds);
        Assert.False(RateD2Claim.Analyze([D2(0.996, 4.1e-5, noise: 0.4, from: -3000)]).Holds);
        Assert.False(RateD2Claim.Analyze([D2(0.996, -4.1e-5, noise: 0.4, from: -3000)]).Holds);
        // An exponent of 0 is within 0.002 of 1 − ϱ = 0.0013 but is no measurement of it.
        Assert.False(RateD2Claim.Analyze([D2(0.9987, -0.0013, noise: 0.4, from: -5000)]).Holds);
        var v = RateD2Claim.Analyze([D2(0.5, 0), D2(0.996, 0, noise: 0.4, from: -3000)]);
        Assert.Equal(new[] { 0.0, 0.4 }, (double[])v.Detail("noise"));
        Assert.Equal(-3000, ((double[])v.Detail("log10_alpha_from"))[1], 9);
        Assert.Equal(-3750, ((double[])v.Detail("log10_alpha_to"))[1], 6);
    }

    [Fact]
    public void RateD2_fails_on_a_missing_error_or_a_failed_bp_but_excludes_non_unique_instances()
    {
        var missing = RateD2Claim.Analyze([D2(0.5, 0), D2(0.4, 0, nanAt: 2)]);
        Assert.False(missing.Holds);
        Assert.Equal(1, missing.FailedRows);
        var bpFailed = RateD2Claim.Analyze([D2(0.5, 0), D2(0.4, 0, bp: "numerical_trouble")]);
        Assert.False(bpFailed.Holds);
        Assert.Equal(1, bpFailed.FailedRows);
        var excluded = RateD2Claim.Analyze([D2(0.5, 0), D2(0.4, 0.5, bp: "not_unique")]);
        Assert.True(excluded.Holds);
        Assert.Equal(1, excluded.Detail("unique_instances"));
        Assert.False(RateD2Claim.Analyze([D2(0.4, 0, bp: "not_unique")]).Holds);
        // A unique instance whose window could not be chosen has no errors: a failure, not a skip.
        var noWindow = D2(0.4, 0) with { Window = null, Log10Alphas = [], Log10Errors = [], PathLog10Alphas = [], PathLog10Errors = [] };
        Assert.False(RateD2Claim.Analyze([D2(0.5, 0), noWindow]).Holds);
        // A failed point on the path to the window is not fitted but still a failure.
        var pathFailed = RateD2Claim.Analyze([D2(0.5, 0), D2(0.4, 0, pathNanAt: 1)]);
        Assert.False(pathFailed.Holds);
        Assert.Equal(1, pathFailed.FailedRows);
    }

    // ---- rate-deep ----
    // log10 error = log10(factor·Δ·α_min) + exponent·(log10 α − log10 α_min): the ratio at α_min is the factor, the slope the exponent.
    private static RateDeepClaim.Row Deep(double exponent, double constantFactor, SolverStatus status = SolverStatus.Success, double noise = 0)
    {
        var point = new RateDeepClaim.Point(20, 50, 3, noise, 1, 3);
        double delta = noise > 0 ? 5e6 : 60, amin = point.Log10Alphas[^1];
        // The noisy rows leave the linear regime above 1e-20 (ratio 0.5 there), outside their fit.
        return new(point, status, 0.5, delta, [.. point.Log10Alphas.Select(a =>
            Math.Log10(constantFactor * delta * (noise > 0 && a > RateDeepClaim.NoisyFitFromLog10 ? 0.5 : 1)) + amin + (exponent * (a - amin)))]);
    }

    [Fact]
    public void RateDeep_checks_the_exponent_and_the_constant_separately()
    {
        var v = RateDeepClaim.Analyze([Deep(1, 1), Deep(1.0099, 1.0099)]);
        Assert.True(v.Holds);
        Assert.Equal(0.0099, v.Measured, 1e-9);
        Assert.Equal(0.0099, (double)v.Detail("max_abs_ratio_minus_one_at_smallest_alpha"), 1e-9);
        Assert.False(RateDeepClaim.Analyze([Deep(1, 1), Deep(1.0101, 1)]).Holds);
        Assert.False(RateDeepClaim.Analyze([Deep(1, 1), Deep(0.9899, 1)]).Holds);
        Assert.False(RateDeepClaim.Analyze([Deep(1, 1), Deep(1, 1.0101)]).Holds);
        Assert.False(RateDeepClaim.Analyze([Deep(1, 1), Deep(1, 0.9899)]).Holds);
    }

    [Fact]
    public void RateDeep_fits_the_noisy_instance_only_below_1e_minus_20()
    {
        var v = RateDeepClaim.Analyze([Deep(1, 1), Deep(1, 1, noise: 0.4)]);
        Assert.True(v.Holds);
        Assert.Equal(new[] { 5e6 }, (double[])v.Detail("noisy_delta_norm"));
        Assert.Equal(0.5, ((double[])v.Detail("noisy_ratio_at_1e-10"))[0], 9);
        Assert.Equal(1.0, RateDeepClaim.Ratio(Deep(1, 1, noise: 0.4)), 9);
        Assert.Equal(-30, new RateDeepClaim.Point(40, 100, 5, 0.4, 4, 3).Log10Alphas[^1]);
        Assert.False(RateDeepClaim.Analyze([Deep(1, 1), Deep(1.0101, 1, noise: 0.4)]).Holds);
        Assert.False(RateDeepClaim.Analyze([Deep(1, 1), Deep(1, 1.0101, noise: 0.4)]).Holds);
        // Fitting the noisy row over all of its α would see the pre-asymptotic halving and fail.
        var noisy = Deep(1, 1, noise: 0.4);
        Assert.True(Math.Abs(RateD2Claim.Exponent(noisy.Point.Log10Alphas, noisy.Log10Errors) - 1) > RateDeepClaim.Tolerance);
    }

    [Fact]
    public void RateDeep_counts_a_failed_instance()
    {
        Assert.False(RateDeepClaim.Analyze([Deep(1, 1), Deep(1, 1, Bad)]).Holds);
        var missing = Deep(1, 1, noise: 0.4) is var r ? r with { Log10Errors = [.. r.Log10Errors[..^1], double.NaN] } : null;
        var v = RateDeepClaim.Analyze([Deep(1, 1), missing!]);
        Assert.False(v.Holds);
        Assert.Equal(1, v.FailedRows);
        Assert.False(RateDeepClaim.Analyze([]).Holds);
    }

    // ---- tightness ----
    private static TightnessClaim.Row Tight(double r, double depth, double deviation, bool ok = true)
    {
        double[] errors = depth > 2
            ? [.. TightnessClaim.Alphas.Select(a => a * TightnessClaim.PredictedConstant(r, depth) * (1 + deviation))]
            : [.. TightnessClaim.Alphas.Select(a => Math.Sqrt(1 + (r * r)) * Math.Pow(a, 1 - r + deviation))];
        return new(new TightnessClaim.Point(r, depth), ok, errors);
    }

    [Fact]
    public void Tightness_holds_within_both_tolerances()
    {
        var v = TightnessClaim.Analyze([Tight(0.5, 2, 0.0099), Tight(0.5, 3, 0.0499), Tight(0.9, 4, -0.0499)]);
        Assert.True(v.Holds);
        Assert.Equal(0.0499, v.Measured, 1e-9);
        Assert.Equal(0.0099, (double)v.Detail("max_abs_slope_deviation_d2"), 1e-9);
    }

    [Fact]
    public void Tightness_fails_on_the_constant_the_slope_or_a_failed_limit()
    {
        Assert.False(TightnessClaim.Analyze([Tight(0.5, 2, 0), Tight(0.5, 3, 0.0501)]).Holds);
        Assert.False(TightnessClaim.Analyze([Tight(0.5, 2, 0), Tight(0.5, 3, -0.0501)]).Holds);
        Assert.False(TightnessClaim.Analyze([Tight(0.5, 2, 0.0101), Tight(0.5, 3, 0)]).Holds);
        Assert.False(TightnessClaim.Analyze([Tight(0.5, 2, 0), Tight(0.5, 3, 0, ok: false)]).Holds);
        Assert.False(TightnessClaim.Analyze([Tight(0.5, 3, 0)]).Holds);
    }

    // ---- noise ----
    // Realistic errors α^slope; asymptotic window errors with exponent 1 − ϱ + offset on a window from 10^-1000.
    private static NoiseClaim.Row Noise(double noise, double varrho, double slope, string bp = "success", bool missing = false, double offset = 0, bool missingDeep = false)
    {
        double[] alphas = [.. new D2FitWindow.Window(-1000, -1000 - (3 / (1 - varrho)), -1000, null).Alphas.Select(a => a.Log10)];
        return new(noise, 1, bp, varrho, 5, [.. NoiseClaim.Alphas.Select((a, k) => missing && k == 5 ? double.NaN : Math.Pow(a, slope))],
            alphas, [.. alphas.Select((a, k) => missingDeep && k == 3 ? double.NaN : -2 + ((1 - varrho + offset) * a))]);
    }

    [Fact]
    public void Noise_holds_when_varrho_reaches_the_threshold_and_the_slope_collapses()
    {
        var v = NoiseClaim.Analyze([Noise(0, 0.5, 0.5), Noise(0.4, NoiseClaim.VarrhoThreshold, NoiseClaim.CollapsedSlope - 1e-9)]);
        Assert.True(v.Holds);
        Assert.Equal(NoiseClaim.VarrhoThreshold, v.Measured);
        Assert.Equal(-1000, ((double[])v.Detail("log10_alpha_from"))[1], 9);
    }

    [Fact]
    public void Noise_fails_on_each_condition_and_on_a_failed_instance()
    {
        Assert.False(NoiseClaim.Analyze([Noise(0, 0.5, 0.5), Noise(0.4, 0.9499, 0.05)]).Holds);
        Assert.False(NoiseClaim.Analyze([Noise(0, 0.5, 0.5), Noise(0.4, 0.99, 0.1001)]).Holds);
        Assert.False(NoiseClaim.Analyze([Noise(0, 0.5, 0.2499), Noise(0.4, 0.99, 0.05)]).Holds); // 0.2499 is not > 5 × 0.05
        Assert.True(NoiseClaim.Analyze([Noise(0, 0.5, 0.2501), Noise(0.4, 0.99, 0.05)]).Holds);
        var dropped = NoiseClaim.Analyze([Noise(0, 0.5, 0.5), Noise(0.4, 0.99, 0.05), Noise(0.4, 0.99, 0.05, missing: true)]);
        Assert.False(dropped.Holds);
        Assert.Equal(1, dropped.FailedRows);
        Assert.False(NoiseClaim.Analyze([Noise(0, 0.5, 0.5), Noise(0.4, 0.99, 0.05, bp: "numerical_trouble")]).Holds);
    }

    [Fact]
    public void Noise_checks_the_asymptotic_exponent_against_one_minus_varrho_on_every_instance()
    {
        // ϱ = 0.99: 1% of 1 − ϱ is 1e-4.
        var v = NoiseClaim.Analyze([Noise(0, 0.5, 0.5, offset: 0.0019), Noise(0.4, 0.99, 0.05, offset: 9.9e-5)]);
        Assert.True(v.Holds);
        Assert.Equal(0.0019, (double)v.Detail("max_abs_exponent_difference"), 1e-9);
        Assert.Equal(0.0099, (double)v.Detail("max_relative_exponent_difference"), 1e-6);
        Assert.False(NoiseClaim.Analyze([Noise(0, 0.5, 0.5), Noise(0.4, 0.99, 0.05, offset: 1.01e-4)]).Holds);
        Assert.False(NoiseClaim.Analyze([Noise(0, 0.5, 0.5), Noise(0.4, 0.99, 0.05, offset: -1.01e-4)]).Holds);
        Assert.False(NoiseClaim.Analyze([Noise(0, 0.5, 0.5, offset: 0.0021), Noise(0.4, 0.99, 0.05)]).Holds);
        var missing = NoiseClaim.Analyze([Noise(0, 0.5, 0.5), Noise(0.4, 0.99, 0.05, missingDeep: true)]);
        Assert.False(missing.Holds);
        Assert.Equal(1, missing.FailedRows);
        var noWindow = Noise(0.4, 0.99, 0.05) with { FitLog10Alphas = [], FitLog10Errors = [] };
        Assert.False(NoiseClaim.Analyze([Noise(0, 0.5, 0.5), noWindow]).Holds);
    }

    // ---- depth ----
    private static DepthClaim.Row Depth(double depth, double l1, double star, int bumpAt = -1, double bump = 1) =>
        new(depth, 1, [.. DepthClaim.Alphas.Select((_, j) => j == bumpAt ? l1 * bump : l1)], [.. DepthClaim.Alphas.Select(_ => star)]);

    [Fact]
    public void Depth_holds_when_every_deeper_network_is_closer_at_every_realistic_alpha()
    {
        var v = DepthClaim.Analyze([Depth(2, 2e-2, 3e-2), Depth(3, 1e-2, 1e-2), Depth(4, 5e-3, 1e-2)]);
        Assert.True(v.Holds);
        Assert.Equal(2.0, v.Measured, 1e-12);
        Assert.Equal(3.0, (double)v.Detail("min_ratio_error_to_x_star"), 1e-12);
    }

    [Fact]
    public void Depth_fails_when_a_deeper_network_is_not_closer_or_a_point_failed()
    {
        int realistic = Array.FindIndex(DepthClaim.Alphas, a => Math.Abs(Math.Log10(a / 1e-3)) < 1e-9);
        Assert.False(DepthClaim.Analyze([Depth(2, 2e-2, 3e-2), Depth(3, 1e-2, 1e-2, realistic, 2.1)]).Holds);
        Assert.False(DepthClaim.Analyze([Depth(2, 2e-2, 3e-2), Depth(3, 2e-2, 1e-2)]).Holds); // ratio exactly 1 is not > 1
        Assert.False(DepthClaim.Analyze([Depth(2, 2e-2, 1e-2), Depth(3, 1e-2, 1e-2)]).Holds);
        Assert.False(DepthClaim.Analyze([Depth(2, 2e-2, 3e-2), Depth(3, 1e-2, 1e-2, 0, double.NaN)]).Holds);
    }

    // ---- nsp ----
    private static NspClaim.Row Nsp(double varrho, double rho, bool unique = true, SolverStatus? status = SolverStatus.Success) =>
        new(new NspClaim.Point(8, 10, 1, 1), Ok, unique, varrho, 1, status, status is null ? double.NaN : rho, status is not null);

    [Fact]
    public void Nsp_holds_when_varrho_is_at_most_rho_within_the_slack_and_one_instance_has_the_nsp()
    {
        var v = NspClaim.Analyze([Nsp(0.3, 0.5), Nsp(0.5 + (0.5 * NspClaim.Slack), 0.5)]);
        Assert.True(v.Holds);
        Assert.Equal(2, v.Detail("instances_with_nsp"));
        Assert.False(NspClaim.Analyze([Nsp(0.3, 0.5), Nsp(0.5 + (2 * NspClaim.Slack), 0.5)]).Holds);
    }

    [Fact]
    public void Nsp_fails_when_every_instance_lacks_the_nsp_or_one_was_not_computed()
    {
        Assert.False(NspClaim.Analyze([Nsp(0.3, 1.2), Nsp(0.6, 1.0)]).Holds);
        Assert.False(NspClaim.Analyze([Nsp(0.3, 0.5), Nsp(0.3, 0.5, status: null)]).Holds);
        Assert.False(NspClaim.Analyze([Nsp(0.3, 0.5), Nsp(0.3, 0.5, unique: false)]).Holds);
        Assert.False(NspClaim.Analyze([Nsp(0.3, 0.5), Nsp(0.3, 0.5, status: Bad)]).Holds);
    }

    // ---- gd-vs-gf ----
    private static GdVsGfClaim.Row[] Gd(double exponent, bool reached = true) =>
        [.. new[] { 1.0, 0.5, 0.25 }.Select((f, i) => new GdVsGfClaim.Row(new GdVsGfClaim.Point(10, 25, 2, 1, 2, f), 1e-3 * f,
            7 * Math.Pow(1e-3 * f, exponent), 1000, reached || i > 0, Ok))];

    [Fact]
    public void GdVsGf_holds_for_exponents_inside_the_range_and_fails_outside()
    {
        var v = GdVsGfClaim.Analyze(Gd(1.0));
        Assert.True(v.Holds);
        Assert.Equal(1.0, v.Measured, 1e-9);
        Assert.True(GdVsGfClaim.Analyze(Gd(GdVsGfClaim.SlopeHigh - 1e-6)).Holds);
        Assert.True(GdVsGfClaim.Analyze(Gd(GdVsGfClaim.SlopeLow + 1e-6)).Holds);
        Assert.False(GdVsGfClaim.Analyze(Gd(GdVsGfClaim.SlopeHigh + 1e-3)).Holds);
        Assert.False(GdVsGfClaim.Analyze(Gd(GdVsGfClaim.SlopeLow - 1e-3)).Holds);
        Assert.False(GdVsGfClaim.Analyze(Gd(1.0, reached: false)).Holds);
    }

    // ---- phase-transition ----
    private static PhaseTransitionClaim.Row Phase(int m, long seed, double bp, double[] limits, SolverStatus? failed = null) =>
        new(new PhaseTransitionClaim.Point(m, 40, 4, seed), Ok, bp, [.. limits.Select((_, i) => i == 0 && failed is { } f ? f : Ok)], limits);

    // Depth-major: D = 2 at α = 1e-2, 1e-4, 1e-6, then D = 3, then D = 4. 0 = recovered, 1 = not.
    private static PhaseTransitionClaim.Row[] PhaseRows(double[] recoveredAtM20, SolverStatus? failed = null) =>
        [
            Phase(10, 1, 1, [1, 1, 1, 1, 1, 1, 1, 1, 1], failed), Phase(10, 2, 1, [1, 1, 1, 1, 1, 1, 1, 1, 1]),
            Phase(20, 1, 0, recoveredAtM20), Phase(20, 2, PhaseTransitionClaim.Threshold, recoveredAtM20),
        ];

    [Fact]
    public void PhaseTransition_holds_when_deeper_networks_follow_bp_more_closely()
    {
        var v = PhaseTransitionClaim.Analyze(PhaseRows([1, 1, 0, 1, 0, 0, 1, 0, PhaseTransitionClaim.Threshold]));
        Assert.True(v.Holds);
        Assert.Equal(0.5, v.Measured, 1e-12);
        Assert.Equal(new[] { 0.5, 0.5, 0, 0.5, 0, 0, 0.5, 0, 0 }, (double[])v.Detail("gap_to_bp"));
    }

    [Fact]
    public void PhaseTransition_fails_when_depth_does_not_help_or_a_solve_failed()
    {
        Assert.False(PhaseTransitionClaim.Analyze(PhaseRows([1, 1, 0, 1, 0, 0, 1, 1, 0])).Holds); // D = 4 worse than D = 3 at 1e-4
        Assert.False(PhaseTransitionClaim.Analyze(PhaseRows([1, 0, 0, 1, 0, 0, 1, 0, 0])).Holds); // D = 2 as good as D = 4 at 1e-4
        Assert.False(PhaseTransitionClaim.Analyze(PhaseRows([1, 1, 0, 1, 0, 0, 1, 0, 1.0001 * PhaseTransitionClaim.Threshold])).Holds);
        Assert.False(PhaseTransitionClaim.Analyze(PhaseRows([1, 1, 0, 1, 0, 0, 1, 0, 0], Bad)).Holds);
    }

    [Fact]
    public void Detail_text_prints_lower_case_booleans()
    {
        Assert.Equal("true", ClaimVerdict.DetailText(true));
        Assert.Equal("false", ClaimVerdict.DetailText(false));
        Assert.Equal("[0.5, 2]", ClaimVerdict.DetailText(new[] { 0.5, 2.0 }));
    }

    // ---- cases found by mutation testing (Stryker.NET) ----
    [Fact]
    public void Nsp_holds_exactly_at_the_slack()
    {
        Assert.True(NspClaim.Analyze([Nsp(NspClaim.Slack, 0)]).Holds);
    }

    [Fact]
    public void GdVsGf_fails_when_one_seed_of_several_is_outside_the_range()
    {
        var inRange = Gd(1.0);
        var outside = Gd(1.5).Select(r => r with { Point = r.Point with { Seed = 2 } });
        Assert.False(GdVsGfClaim.Analyze([.. inRange, .. outside]).Holds);
    }

    [Fact]
    public void Noise_needs_a_noiseless_level_to_compare_with()
    {
        Assert.False(NoiseClaim.Analyze([Noise(0.03, 0.5, 0.5), Noise(0.4, 0.99, 0.05)]).Holds);
    }

    [Fact]
    public void Depth_fails_when_only_an_error_to_x_star_is_missing()
    {
        var missing = Depth(3, 1e-2, 1e-2) is var r ? r with { ErrorToXStar = [double.NaN, .. r.ErrorToXStar[1..]] } : null;
        Assert.False(DepthClaim.Analyze([Depth(2, 2e-2, 3e-2), missing!]).Holds);
    }

    [Fact]
    public void PhaseTransition_fails_on_one_missing_limit_error_and_on_two_depth_violations()
    {
        var rows = PhaseRows([1, 1, 0, 1, 0, 0, 1, 0, 0]);
        rows[2] = rows[2] with { LimitError = [double.NaN, .. rows[2].LimitError[1..]] };
        Assert.False(PhaseTransitionClaim.Analyze(rows).Holds);
        // D = 4 worse than D = 3 at α = 1e-2 and at 1e-6 (two violations must not cancel).
        Assert.False(PhaseTransitionClaim.Analyze(PhaseRows([1, 1, 0, 0, 0, 0, 1, 0, 1])).Holds);
    }

    [Fact]
    public void Tightness_fails_on_one_missing_error_of_a_successful_row()
    {
        var row = Tight(0.5, 3, 0);
        row = row with { Errors = [double.NaN, .. row.Errors[1..]] };
        Assert.False(TightnessClaim.Analyze([Tight(0.5, 2, 0), row]).Holds);
    }
}
