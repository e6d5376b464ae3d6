using System.Numerics.Tensors;
using ImplicitL1.LinearAlgebra;
using ImplicitL1.Problems;

namespace ImplicitL1.Experiments;

/// <summary>One saddle of the α → 0 path: the plateau the D = 2 flow visits after its k-th jump.</summary>
public sealed record Saddle
{
    /// <summary>k (0 is the start β = 0).</summary>
    public required int Index { get; init; }

    /// <summary>Rescaled jump time τ_k = 4t/log(1/α) at which the flow leaves the previous saddle for this one.</summary>
    public required double JumpTime { get; init; }

    /// <summary>β_k = argmin { L(β) : βᵢ = 0 if |sᵢ| &lt; 1, sᵢβᵢ ≥ 0 if |sᵢ| = 1 }.</summary>
    public required double[] Beta { get; init; }

    /// <summary>Dual s(τ_k) ∈ [−1, 1]^N.</summary>
    public required double[] Dual { get; init; }

    /// <summary>ν with s = Aᵀν: ν(τ) = −∫ (Aβ − y) dτ.</summary>
    public required double[] Nu { get; init; }

    /// <summary>Coordinates whose |sᵢ| reached 1 at this jump.</summary>
    public required int[] Entered { get; init; }

    /// <summary>L(β_k) = ½‖Aβ_k − y‖².</summary>
    public required double Loss { get; init; }
}

/// <summary>The whole path; the last saddle is the end point.</summary>
public sealed record SaddlePath
{
    /// <summary>Success when ∇L vanished at the last saddle; MaxIterations, Cancelled or NumericalTrouble otherwise.</summary>
    public required SolverStatus Status { get; init; }

    /// <summary>One line on the outcome.</summary>
    public required string Message { get; init; }

    /// <summary>Work: Iterations = jumps, WallTime.</summary>
    public required SolverStats Stats { get; init; }

    /// <summary>Saddles in order, starting with β = 0 at τ = 0.</summary>
    public required IReadOnlyList<Saddle> Saddles { get; init; }

    /// <summary>β of the last saddle.</summary>
    public double[] EndPoint => Saddles[^1].Beta;
}

/// <summary>Options of <see cref="SaddleToSaddle.Solve"/>.</summary>
public sealed record SaddleOptions
{
    /// <summary>Saddles allowed. Default 10000.</summary>
    public int MaxSaddles { get; init; } = 10_000;

    /// <summary>The path ends when ‖Aᵀ(Aβ − y)‖_∞ ≤ tol·‖A‖_F·max(1, ‖y‖). Default 1e-12. Must be ≥ 0.</summary>
    public double GradientTolerance { get; init; } = 1e-12;

    /// <summary>Receives a <see cref="SolverProgress"/> (stage "saddles") after every jump. Default none.</summary>
    public IProgress<SolverProgress>? Progress { get; init; }

    /// <summary>Checked before every jump; a cancelled run returns <see cref="SolverStatus.Cancelled"/> with the saddles so far. Default none.</summary>
    public CancellationToken Cancellation { get; init; }
}

/// <summary>
/// The α → 0 limit of D = 2 gradient flow in rescaled time τ = 4t/log(1/α) (Pesme &amp; Flammarion, NeurIPS 2023,
/// "Saddle-to-saddle dynamics in diagonal linear networks", Algorithm 1, in this library's scale convention):
/// s(τ) = Aᵀν(τ), ds/dτ = −∇L(β); β is piecewise constant, equal to the sign-constrained least-squares solution on
/// the set {|sᵢ| = 1}; a jump happens when a further |sᵢ| reaches 1. Off the set, |xᵢ| ≈ α^{1−|sᵢ|}. With our
/// convention (x = 2α sinh w, w = −4G) the GF time of jump k is ≈ τ_k·log(1/α)/4.
/// </summary>
public static class SaddleToSaddle
{
    /// <summary>GF time t ≈ τ·log(1/α)/4 of a rescaled time τ (docs/theory.md §1 convention u(0)² = v(0)² = α).</summary>
    public static double GradientFlowTime(double tau, double alpha) => tau * Math.Log(1.0 / alpha) / 4.0;

    /// <summary>Runs the algorithm to the end (∇L = 0) or the saddle budget.</summary>
    /// <exception cref="ArgumentOutOfRangeException">options.MaxSaddles &lt; 1 or options.GradientTolerance &lt; 0.</exception>
    public static SaddlePath Solve(RegressionProblem problem, SaddleOptions? options = null)
    {
        Checks.NotNull(problem);
        options ??= new SaddleOptions();
        Checks.AtLeastOne(options.MaxSaddles, "options.MaxSaddles");
        Checks.NonNegative(options.GradientTolerance, "options.GradientTolerance");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int m = problem.Rows, n = problem.Cols;
        var beta = new double[n];
        var s = new double[n];
        var nu = new double[m];
        var r = new double[m];
        var g = new double[n];
        double tau = 0;
        double gradScale = options.GradientTolerance * TensorPrimitives.Norm(problem.A) * Math.Max(1.0, TensorPrimitives.Norm(problem.Y));
        var saddles = new List<Saddle> { Record(0, 0.0, beta, s, nu, [], problem) };
        for (int k = 1; k <= options.MaxSaddles; k++)
        {
            if (options.Cancellation.IsCancellationRequested)
            {
                return new SaddlePath
                {
                    Status = SolverStatus.Cancelled,
                    Message = $"cancelled after {k - 1} jumps (τ = {tau:R})",
                    Stats = new SolverStats { Iterations = k - 1, WallTime = clock.Elapsed },
                    Saddles = saddles,
                };
            }

            options.Progress?.Report(new SolverProgress("saddles", k - 1, null, $"τ = {tau:G6}, {k - 1} jumps"));
            Gradient(problem, beta, r, g);
            if (Math.Abs(TensorPrimitives.MaxMagnitude(g)) <= gradScale)
            {
                return new SaddlePath
                {
                    Status = SolverStatus.Success,
                    Message = $"∇L = 0 after {k - 1} jumps (τ = {tau:R}); the end point interpolates",
                    Stats = new SolverStats { Iterations = k - 1, WallTime = clock.Elapsed },
                    Saddles = saddles,
                };
            }

            // Next jump: the first free coordinate whose |sᵢ − δgᵢ| reaches 1.
            double delta = double.PositiveInfinity;
            var hit = new double[n];
            double gTol = 1e3 * gradScale;
            for (int i = 0; i < n; i++)
            {
                hit[i] = double.PositiveInfinity;
                if (g[i] < -gTol && s[i] < 1.0)
                {
                    hit[i] = (1.0 - s[i]) / -g[i];
                }
                else if (g[i] > gTol && s[i] > -1.0)
                {
                    hit[i] = (1.0 + s[i]) / g[i];
                }

                delta = Math.Min(delta, hit[i]);
            }

            if (!double.IsFinite(delta))
            {
                return new SaddlePath
                {
                    Status = SolverStatus.NumericalTrouble,
                    Message = $"∇L ≠ 0 (‖∇L‖_∞ = {Math.Abs(TensorPrimitives.MaxMagnitude(g)):E2}) but no coordinate can reach |sᵢ| = 1",
                    Stats = new SolverStats { Iterations = k - 1, WallTime = clock.Elapsed },
                    Saddles = saddles,
                };
            }

            tau += delta;
            var entered = new List<int>();
            for (int i = 0; i < n; i++)
            {
                bool atBoundary = Math.Abs(s[i]) == 1.0 && beta[i] != 0.0;
                if (atBoundary)
                {
                    continue; // gᵢ = 0 there (KKT of the last saddle): sᵢ stays ±1 exactly.
                }

                if (hit[i] <= delta * (1.0 + 1e-12))
                {
                    s[i] = g[i] < 0 ? 1.0 : -1.0;
                    entered.Add(i);
                }
                else
                {
                    s[i] = Math.Clamp(s[i] - (delta * g[i]), -1.0, 1.0);
                }
            }

            TensorPrimitives.MultiplyAdd(r, -delta, nu, nu);
            beta = SignConstrainedLeastSquares(problem, s);
            saddles.Add(Record(k, tau, beta, s, nu, [.. entered], problem));
        }

        return new SaddlePath
        {
            Status = SolverStatus.MaxIterations,
            Message = $"{options.MaxSaddles} saddles without reaching ∇L = 0",
            Stats = new SolverStats { Iterations = options.MaxSaddles, WallTime = clock.Elapsed },
            Saddles = saddles,
        };
    }

    private static void Gradient(RegressionProblem problem, double[] beta, double[] r, double[] g)
    {
        problem.Multiply(beta, r);
        TensorPrimitives.Subtract(r, problem.Y, r);
        problem.MultiplyTransposed(r, g);
    }

    private static Saddle Record(int k, double tau, double[] beta, double[] s, double[] nu, int[] entered, RegressionProblem problem)
    {
        var r = new double[problem.Rows];
        problem.Multiply(beta, r);
        TensorPrimitives.Subtract(r, problem.Y, r);
        return new Saddle
        {
            Index = k,
            JumpTime = tau,
            Beta = (double[])beta.Clone(),
            Dual = (double[])s.Clone(),
            Nu = (double[])nu.Clone(),
            Entered = entered,
            Loss = 0.5 * TensorPrimitives.Dot(r, r),
        };
    }

    /// <summary>
    /// argmin ½‖Aβ − y‖² s.t. βᵢ = 0 where |sᵢ| &lt; 1 and sᵢβᵢ ≥ 0 where |sᵢ| = 1: Lawson–Hanson NNLS in bᵢ = sᵢβᵢ,
    /// each passive-set solve by Householder QR.
    /// </summary>
    internal static double[] SignConstrainedLeastSquares(RegressionProblem problem, double[] s)
    {
        int n = problem.Cols;
        var set = Enumerable.Range(0, n).Where(i => Math.Abs(s[i]) == 1.0).ToArray();
        var b = new double[set.Length];
        var passive = new bool[set.Length];
        var beta = new double[n];
        var r = new double[problem.Rows];
        var g = new double[n];
        double tol = 1e-13 * TensorPrimitives.Norm(problem.A) * Math.Max(1.0, TensorPrimitives.Norm(problem.Y));
        for (int outer = 0; outer < 3 * set.Length + 10; outer++)
        {
            Expand(set, s, b, beta);
            Gradient(problem, beta, r, g);
            int best = -1;
            double bestW = tol;
            for (int l = 0; l < set.Length; l++)
            {
                double w = -s[set[l]] * g[set[l]]; // −∂L/∂bₗ
                if (!passive[l] && w > bestW)
                {
                    best = l;
                    bestW = w;
                }
            }

            if (best < 0)
            {
                break;
            }

            passive[best] = true;
            for (int inner = 0; inner < set.Length + 1; inner++)
            {
                var cols = Enumerable.Range(0, set.Length).Where(l => passive[l]).ToArray();
                var m = DenseColumns.Select(problem, cols.Select(l => set[l]).ToArray());
                for (int c = 0; c < cols.Length; c++)
                {
                    if (s[set[cols[c]]] < 0)
                    {
                        m.SetColumn(c, -m.Column(c));
                    }
                }

                var z = DenseColumns.LeastSquares(m, problem.Y);
                if (z.All(v => v > 0))
                {
                    Array.Clear(b);
                    for (int c = 0; c < cols.Length; c++)
                    {
                        b[cols[c]] = z[c];
                    }

                    break;
                }

                // Step from b toward z until the first passive coordinate hits 0; drop it.
                double step = 1.0;
                for (int c = 0; c < cols.Length; c++)
                {
                    if (z[c] <= 0)
                    {
                        step = Math.Min(step, b[cols[c]] / (b[cols[c]] - z[c]));
                    }
                }

                for (int c = 0; c < cols.Length; c++)
                {
                    b[cols[c]] += step * (z[c] - b[cols[c]]);
                    if (b[cols[c]] <= 1e-15 * Math.Max(1.0, z.Max(Math.Abs)))
                    {
                        b[cols[c]] = 0;
                        passive[cols[c]] = false;
                    }
                }
            }
        }

        Expand(set, s, b, beta);
        return beta;
    }

    private static void Expand(int[] set, double[] s, double[] b, double[] beta)
    {
        Array.Clear(beta);
        for (int l = 0; l < set.Length; l++)
        {
            beta[set[l]] = s[set[l]] * b[l];
        }
    }
}
