using ImplicitL1.Kernels;

namespace ImplicitL1.LinearAlgebra;

/// <summary>
/// Householder QR of a tall m×s block C = Q·[R; 0] with Q = H₁⋯H_s = I − V·T·Vᵀ in compact WY form (V m×s unit lower
/// trapezoidal, T s×s upper triangular; LAPACK dgeqrf + dlarft, forward columnwise), so that Qᵀ applied to an m×N
/// matrix costs two s-row products, 2·s·m·N multiply–adds, instead of the m²·N of an explicit Q.
/// </summary>
internal sealed class HouseholderWY
{
    private readonly double[] _v;   // V, row-major m×s
    private readonly double[] _vt;  // Vᵀ, row-major s×m
    private readonly double[] _t;   // T, row-major s×s (upper triangular)

    private HouseholderWY(int m, int s, double[] v, double[] t, double[] r)
    {
        Rows = m;
        Cols = s;
        _v = v;
        _t = t;
        R = r;
        _vt = new double[s * m];
        for (int i = 0; i < m; i++)
        {
            for (int k = 0; k < s; k++)
            {
                _vt[(k * m) + i] = v[(i * s) + k];
            }
        }
    }

    /// <summary>m.</summary>
    public int Rows { get; }

    /// <summary>s.</summary>
    public int Cols { get; }

    /// <summary>R, row-major s×s upper triangular (diagonal of either sign).</summary>
    public double[] R { get; }

    /// <summary>Factors the m×s block given column by column: <paramref name="column"/>(i, k) = C[i, k].</summary>
    public static HouseholderWY Factor(int m, int s, Func<int, int, double> column)
    {
        if (s > m)
        {
            throw new ArgumentException("HouseholderWY: the block must be tall (s ≤ m).");
        }

        // Column-major working copy; reflector k: H_k = I − τ_k v_k v_kᵀ with v_k[k] = 1, zero above k.
        var c = new double[m * s];
        for (int k = 0; k < s; k++)
        {
            for (int i = 0; i < m; i++)
            {
                c[(k * m) + i] = column(i, k);
            }
        }

        var tau = new double[s];
        var r = new double[s * s];
        var v = new double[m * s];
        for (int k = 0; k < s; k++)
        {
            var x = c.AsSpan((k * m) + k, m - k);
            double norm = Norm(x), alpha = x[0];
            double beta = norm == 0 ? alpha : -Math.CopySign(norm, alpha);
            tau[k] = norm == 0 ? 0.0 : (beta - alpha) / beta;
            double scale = norm == 0 ? 0.0 : 1.0 / (alpha - beta);
            v[(k * s) + k] = 1.0;
            for (int i = k + 1; i < m; i++)
            {
                v[(i * s) + k] = x[i - k] * scale;
            }

            for (int j = k + 1; j < s; j++)
            {
                var cj = c.AsSpan((j * m) + k, m - k);
                double dot = cj[0];
                for (int i = 1; i < m - k; i++)
                {
                    dot += v[((i + k) * s) + k] * cj[i];
                }

                double f = tau[k] * dot;
                cj[0] -= f;
                for (int i = 1; i < m - k; i++)
                {
                    cj[i] -= f * v[((i + k) * s) + k];
                }
            }

            r[(k * s) + k] = beta;
            for (int j = k + 1; j < s; j++)
            {
                r[(k * s) + j] = c[(j * m) + k];
            }
        }

        // T[0:k, k] = −τ_k·T[0:k, 0:k]·(V[:, 0:k]ᵀ v_k), T[k, k] = τ_k.
        var t = new double[s * s];
        var w = new double[s];
        for (int k = 0; k < s; k++)
        {
            for (int j = 0; j < k; j++)
            {
                double dot = 0;
                for (int i = k; i < m; i++)
                {
                    dot += v[(i * s) + j] * v[(i * s) + k];
                }

                w[j] = dot;
            }

            for (int j = 0; j < k; j++)
            {
                double acc = 0;
                for (int l = j; l < k; l++)
                {
                    acc += t[(j * s) + l] * w[l];
                }

                t[(j * s) + k] = -tau[k] * acc;
            }

            t[(k * s) + k] = tau[k];
        }

        return new HouseholderWY(m, s, v, t, r);
    }

    /// <summary>
    /// Qᵀ·B for row-major B (m×N) into <paramref name="destination"/>: B − V·(Tᵀ·(Vᵀ·B)), 2048 columns at a time so
    /// that the temporaries stay at 2·s·2048 doubles.
    /// </summary>
    public void ApplyTransposed(double[] b, int n, double[] destination)
    {
        int m = Rows, s = Cols;
        if (b.Length != m * n || destination.Length != m * n)
        {
            throw new ArgumentException("HouseholderWY: B and the destination must be m×N.");
        }

        if (s == 0)
        {
            b.CopyTo(destination, 0);
            return;
        }

        var tt = new double[s * s];
        for (int j = 0; j < s; j++)
        {
            for (int l = 0; l < s; l++)
            {
                tt[(j * s) + l] = _t[(l * s) + j];
            }
        }

        const int Width = 2048;
        var vtb = new double[s * Width];
        var z = new double[s * Width];
        for (int c0 = 0; c0 < n; c0 += Width)
        {
            int width = Math.Min(Width, n - c0);
            RowCombination.Compute(new RowCombination.Block(b, c0, n), m, width, _vt, s, new RowCombination.Block(vtb, 0, width));
            RowCombination.Compute(new RowCombination.Block(vtb, 0, width), s, width, tt, s, new RowCombination.Block(z, 0, width));
            RowCombination.Compute(new RowCombination.Block(z, 0, width), s, width, _v, m, new RowCombination.Block(destination, c0, n));
        }

        System.Numerics.Tensors.TensorPrimitives.Subtract(b, destination, destination);
    }

    /// <summary>Qᵀ·y.</summary>
    public double[] ApplyTransposed(ReadOnlySpan<double> y) => Apply(y, transpose: true);

    /// <summary>Q·x.</summary>
    public double[] Apply(ReadOnlySpan<double> x) => Apply(x, transpose: false);

    // x − V·(T or Tᵀ)·(Vᵀx).
    private double[] Apply(ReadOnlySpan<double> x, bool transpose)
    {
        int m = Rows, s = Cols;
        var vx = new double[s];
        for (int k = 0; k < s; k++)
        {
            vx[k] = System.Numerics.Tensors.TensorPrimitives.Dot(_vt.AsSpan(k * m, m), x);
        }

        var tv = new double[s];
        for (int j = 0; j < s; j++)
        {
            double acc = 0;
            for (int l = 0; l < s; l++)
            {
                acc += (transpose ? _t[(l * s) + j] : _t[(j * s) + l]) * vx[l];
            }

            tv[j] = acc;
        }

        var result = x.ToArray();
        for (int k = 0; k < s; k++)
        {
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_vt.AsSpan(k * m, m), -tv[k], result, result);
        }

        return result;
    }

    // ‖x‖₂ without overflow or underflow.
    private static double Norm(ReadOnlySpan<double> x)
    {
        double max = 0;
        foreach (double e in x)
        {
            max = Math.Max(max, Math.Abs(e));
        }

        if (max == 0 || !double.IsFinite(max))
        {
            return max;
        }

        double sum = 0;
        foreach (double e in x)
        {
            double q = e / max;
            sum += q * q;
        }

        return max * Math.Sqrt(sum);
    }
}
