using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using ImplicitL1.BasisPursuit;
using ImplicitL1.LinearAlgebra;
using ImplicitL1.Problems;

namespace ImplicitL1.Limit;

/// <summary>
/// The depth-independent data of <see cref="RotatedDual"/> for one problem and BP support S (docs/theory.md §6):
/// Ã = QᵀA and ỹ = Qᵀy with Q from the Householder QR A_S = Q[R_S; 0] (compact WY, 2·|S|·m·N multiply–adds), the
/// columns permuted to the order [S, Sᶜ] so that Ã_⊥ on Sᶜ is a strided block of Ã; K = R_S⁻¹Ã_{S,Sᶜ}, g = R_S⁻¹ỹ_S
/// and λ₀ = R_S⁻ᵀσ. Rows of Ã past |S| are exactly 0 on S and rows before it exactly R_S there. One copy of A plus K
/// in memory; kept per problem and support, so every depth and α of a problem shares it.
/// </summary>
internal sealed class RotatedData
{
    private static readonly ConditionalWeakTable<RegressionProblem, RotatedData> Cache = new();
    private readonly HouseholderWY? _q;

    private RotatedData(RegressionProblem problem, int[] support, double[] sigma)
    {
        M = problem.Rows;
        N = problem.Cols;
        Support = support;
        Sigma = sigma;
        S = support.Length;
        var inS = new bool[N];
        foreach (int i in support)
        {
            inS[i] = true;
        }

        Complement = [.. Enumerable.Range(0, N).Where(i => !inS[i])];
        Nc = Complement.Length;
        Order = [.. support, .. Complement];
        At = new double[M * N];
        R = new double[S * S];
        if (S > 0)
        {
            _q = HouseholderWY.Factor(M, S, (i, k) => problem.RowMajorArray[((long)i * N) + support[k]]);
            _q.ApplyTransposed(problem.RowMajorArray, N, At);
            _q.R.CopyTo(R, 0);
            Yt = _q.ApplyTransposed(problem.Y);
        }
        else
        {
            problem.A.CopyTo(At);
            Yt = problem.YArray();
        }

        Permute();
        double perp = TensorPrimitives.Norm(Yt.AsSpan(S));
        YInRange = S > 0 && perp <= 1e-9 * Math.Max(TensorPrimitives.Norm(problem.Y), double.Epsilon);
        if (YInRange)
        {
            Yt.AsSpan(S).Clear(); // y = A x_ℓ¹ taken exactly (BP verified it to rounding)
        }

        G = SolveR(Yt.AsSpan(0, S));
        Lambda0 = SolveRTransposed(sigma);
        K = new double[S * Nc];
        for (int k = S - 1; k >= 0; k--)
        {
            // K_k = (Ã_{k,Sᶜ} − Σ_{l>k} R_kl K_l) / R_kk (back substitution on whole rows).
            var row = K.AsSpan(k * Nc, Nc);
            At.AsSpan((k * N) + S, Nc).CopyTo(row);
            for (int l = k + 1; l < S; l++)
            {
                TensorPrimitives.MultiplyAdd(K.AsSpan(l * Nc, Nc), -R[(k * S) + l], row, row);
            }

            TensorPrimitives.Multiply(row, 1.0 / R[(k * S) + k], row);
        }
    }

    /// <summary>m, N, |S| and N − |S|.</summary>
    public int M { get; }

    /// <inheritdoc cref="M"/>
    public int N { get; }

    /// <inheritdoc cref="M"/>
    public int S { get; }

    /// <inheritdoc cref="M"/>
    public int Nc { get; }

    /// <summary>The BP support (original column indices) and its complement, ascending.</summary>
    public int[] Support { get; }

    /// <inheritdoc cref="Support"/>
    public int[] Complement { get; }

    /// <summary>Column order of <see cref="At"/>: position p holds original column Order[p] (S first, then Sᶜ).</summary>
    public int[] Order { get; }

    /// <summary>Signs of x_ℓ¹ on S.</summary>
    public double[] Sigma { get; }

    /// <summary>Ã = QᵀA with permuted columns, row-major m×N.</summary>
    public double[] At { get; }

    /// <summary>ỹ = Qᵀy (ỹ_⊥ set to 0 when <see cref="YInRange"/>).</summary>
    public double[] Yt { get; }

    /// <summary>y ∈ range(A_S) to 1e-9 relative: the gap variables apply.</summary>
    public bool YInRange { get; }

    /// <summary>R_S (row-major |S|×|S|), g = R_S⁻¹ỹ_S = x_ℓ¹ on S, λ₀ = R_S⁻ᵀσ, K = R_S⁻¹Ã_{S,Sᶜ} (row-major |S|×|Sᶜ|).</summary>
    public double[] R { get; }

    /// <inheritdoc cref="R"/>
    public double[] G { get; }

    /// <inheritdoc cref="R"/>
    public double[] Lambda0 { get; }

    /// <inheritdoc cref="R"/>
    public double[] K { get; }

    /// <summary>
    /// The rotation for <paramref name="problem"/> and the usable part of <paramref name="bp"/> (its support when A_S
    /// has full column rank and |S| ≤ m, else none: Q = I), computed once per problem and support.
    /// </summary>
    public static RotatedData For(RegressionProblem problem, BasisPursuitResult bp)
    {
        int[] support = [];
        double[] sigma = [];
        if (bp.X.Length == problem.Cols && bp.Support.Length > 0 && bp.Support.Length <= problem.Rows && bp.Signs.Length == bp.Support.Length
            && DenseColumns.HasFullColumnRank(DenseColumns.Select(problem, bp.Support)))
        {
            support = bp.Support;
            sigma = [.. bp.Signs.Select(v => (double)Math.Sign(v))];
        }

        if (Cache.TryGetValue(problem, out var known) && known.Support.AsSpan().SequenceEqual(support) && known.Sigma.AsSpan().SequenceEqual(sigma))
        {
            return known;
        }

        var data = new RotatedData(problem, support, sigma);
        Cache.AddOrUpdate(problem, data);
        return data;
    }

    /// <summary>ν̃ = Qᵀ·ν (the caller's rows to the rotated ones).</summary>
    public double[] Rotate(ReadOnlySpan<double> nu) => _q is null ? nu.ToArray() : _q.ApplyTransposed(nu);

    /// <summary>ν = Q·ν̃ (back to the caller's rows).</summary>
    public double[] Unrotate(ReadOnlySpan<double> nu) => _q is null ? nu.ToArray() : _q.Apply(nu);

    /// <summary>R_S⁻¹b by back substitution.</summary>
    public double[] SolveR(ReadOnlySpan<double> b)
    {
        var x = b.ToArray();
        for (int k = S - 1; k >= 0; k--)
        {
            double acc = x[k];
            for (int l = k + 1; l < S; l++)
            {
                acc -= R[(k * S) + l] * x[l];
            }

            x[k] = acc / R[(k * S) + k];
        }

        return x;
    }

    /// <summary>R_S⁻ᵀb by forward substitution.</summary>
    public double[] SolveRTransposed(ReadOnlySpan<double> b)
    {
        var x = b.ToArray();
        for (int k = 0; k < S; k++)
        {
            double acc = x[k];
            for (int l = 0; l < k; l++)
            {
                acc -= R[(l * S) + k] * x[l];
            }

            x[k] = acc / R[(k * S) + k];
        }

        return x;
    }

    // Columns to the order [S, Sᶜ]; on S, rows < |S| are R_S exactly and rows past it exactly 0 (Q_⊥ᵀA_S = 0).
    private void Permute()
    {
        var buffer = new double[N];
        for (int j = 0; j < M; j++)
        {
            var row = At.AsSpan(j * N, N);
            row.CopyTo(buffer);
            for (int p = 0; p < N; p++)
            {
                row[p] = buffer[Order[p]];
            }

            for (int k = 0; k < S; k++)
            {
                row[k] = j < S ? R[(j * S) + k] : 0.0;
            }
        }
    }
}
