using ImplicitL1.Problems;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace ImplicitL1.Experiments;

/// <summary>An instance with known x_ℓ¹ = x*, support, signs and ϱ (by construction).</summary>
/// <param name="Problem">(A, y) with y = A x*.</param>
/// <param name="XStar">The planted vector, the unique BP solution when ϱ &lt; 1.</param>
/// <param name="Support">S = supp(x*), increasing.</param>
/// <param name="Signs">σ = sign(x*)_S.</param>
/// <param name="Varrho">The prescribed ϱ.</param>
/// <param name="Certificate">λ attaining ϱ by construction.</param>
public sealed record FamilyInstance(RegressionProblem Problem, double[] XStar, int[] Support, int[] Signs, double Varrho, double[] Certificate);

/// <summary>
/// Instances whose ϱ is set in advance (docs/theory.md §5 and claim 4) [reconstructed]: the 1×2 family A = [1, r] and an
/// m×N family with any prescribed ϱ ∈ [0, 1).
/// </summary>
public static class TightnessFamilies
{
    /// <summary>A = [1, r], y = 1: x_ℓ¹ = e₁, S = {0}, ϱ = |r|. Requires 0 ≤ r &lt; 1.</summary>
    public static FamilyInstance OneByTwo(double r)
    {
        if (!(r >= 0.0 && r < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(r), r, "r must be in [0, 1) so that e₁ is the unique BP solution.");
        }

        return new FamilyInstance(new RegressionProblem(new double[,] { { 1.0, r } }, [1.0]), [1.0, 0.0], [0], [1], r, [1.0]);
    }

    /// <summary>
    /// m×N instance with an s-sparse x* and ϱ = <paramref name="varrho"/> exactly. Construction: A_S Gaussian
    /// N(0, 1/m); λ₀ = A_S(A_SᵀA_S)⁻¹σ, u = λ₀/‖λ₀‖², Z an orthonormal basis of null(A_Sᵀ) (k = m − s columns). Off-support
    /// columns are aⱼ = τⱼ·ϱ·u + Z cⱼ, so (Aᵀ(λ₀ + Zμ))ⱼ = τⱼϱ + cⱼᵀμ. The first q = min(N − s, k + 1) of them are
    /// "tied": τⱼ = ±1, cⱼ Gaussian except the last, chosen so that Σ τⱼcⱼ = 0; then for every μ,
    /// max_tied |τⱼϱ + cⱼᵀμ| ≥ ϱ + mean τⱼcⱼᵀμ = ϱ, with equality at μ = 0. The rest have |τⱼ| ≤ 1/2, below ϱ at μ = 0.
    /// Hence min_λ ‖A_{Sᶜ}ᵀλ‖_∞ = ϱ, attained by λ₀.
    /// </summary>
    /// <param name="m">Rows; must exceed s.</param>
    /// <param name="n">Columns; N − s ≥ 2.</param>
    /// <param name="s">Sparsity, ≥ 1.</param>
    /// <param name="varrho">Target ϱ in [0, 1).</param>
    /// <param name="seed">Seed; the same arguments give the same bytes.</param>
    public static FamilyInstance PrescribedVarrho(int m, int n, int s, double varrho, long seed)
    {
        if (s < 1 || s >= m)
        {
            throw new ArgumentOutOfRangeException(nameof(s), s, $"s must be in [1, m − 1] = [1, {m - 1}] so that certificates can vary.");
        }

        if (n - s < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, $"N must be at least s + 2 = {s + 2}.");
        }

        if (!(varrho >= 0.0 && varrho < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(varrho), varrho, "ϱ must be in [0, 1) (ϱ = 1 means BP is not unique).");
        }

        var rng = new SeededRandom(seed);
        double scale = 1.0 / Math.Sqrt(m);
        var aS = Matrix<double>.Build.Dense(m, s, (_, _) => rng.NextGaussian() * scale);
        var signs = Enumerable.Range(0, s).Select(_ => (int)rng.NextSign()).ToArray();
        var sigma = Vector<double>.Build.Dense(signs.Select(v => (double)v).ToArray());
        var lambda0 = aS * aS.TransposeThisAndMultiply(aS).Solve(sigma);
        var u = lambda0 / lambda0.DotProduct(lambda0);
        int k = m - s;
        var z = aS.QR(QRMethod.Full).Q.SubMatrix(0, m, s, k);

        int p = n - s;
        int q = Math.Min(p, k + 1);
        var columns = new List<Vector<double>>(p);
        var tied = new List<(double Tau, Vector<double> C)>();
        for (int j = 0; j < q - 1; j++)
        {
            var c = Vector<double>.Build.Dense(k, _ => rng.NextGaussian() * scale);
            tied.Add((rng.NextSign(), c));
        }

        double lastTau = rng.NextSign();
        var balance = Vector<double>.Build.Dense(k);
        foreach (var (tau, c) in tied)
        {
            balance += tau * c;
        }

        tied.Add((lastTau, -lastTau * balance));
        foreach (var (tau, c) in tied)
        {
            columns.Add((tau * varrho * u) + (z * c));
        }

        for (int j = q; j < p; j++)
        {
            double tau = rng.NextDouble() - 0.5;
            var c = Vector<double>.Build.Dense(k, _ => rng.NextGaussian() * scale);
            columns.Add((tau * varrho * u) + (z * c));
        }

        // Positions: a seeded random support, off-support columns shuffled into the rest.
        var positions = Enumerable.Range(0, n).ToArray();
        for (int j = n - 1; j > 0; j--)
        {
            int r = rng.NextInt(j + 1);
            (positions[j], positions[r]) = (positions[r], positions[j]);
        }

        var supportOrder = positions[..s];
        var offOrder = positions[s..];
        var a = new double[m * n];
        var xStar = new double[n];
        for (int j = 0; j < s; j++)
        {
            for (int i = 0; i < m; i++)
            {
                a[(i * n) + supportOrder[j]] = aS[i, j];
            }

            xStar[supportOrder[j]] = signs[j] * (0.5 + rng.NextDouble());
        }

        for (int j = 0; j < p; j++)
        {
            for (int i = 0; i < m; i++)
            {
                a[(i * n) + offOrder[j]] = columns[j][i];
            }
        }

        var y = new double[m];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                y[i] += a[(i * n) + j] * xStar[j];
            }
        }

        var support = supportOrder.Order().ToArray();
        var sortedSigns = support.Select(i => Math.Sign(xStar[i])).ToArray();
        return new FamilyInstance(new RegressionProblem(a, m, n, y), xStar, support, sortedSigns, varrho, lambda0.ToArray());
    }
}
