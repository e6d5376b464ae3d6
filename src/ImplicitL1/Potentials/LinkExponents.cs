namespace ImplicitL1.Potentials;

/// <summary>
/// The exponents of the depth-D links (docs/theory.md §2): p = D/(D−2) of h, k = 2/(D−2) = p − 1 of φ and
/// r = (2D−2)/(D−2) = p + 1 of φ''. NaN for D = 2, whose links are exponential.
/// </summary>
internal readonly record struct LinkExponents(double P, double K, double R)
{
    /// <summary>Validates D (finite, ≥ 2) and returns its exponents.</summary>
    public static LinkExponents For(double depth)
    {
        if (!(depth >= 2.0) || !double.IsFinite(depth))
        {
            throw new ArgumentOutOfRangeException(nameof(depth), depth,
                $"Depth D must be a finite number ≥ 2 (got {depth}); D = 2 is the two-layer case.");
        }

        return depth == 2.0
            ? new LinkExponents(double.NaN, double.NaN, double.NaN)
            : new LinkExponents(depth / (depth - 2.0), 2.0 / (depth - 2.0), ((2.0 * depth) - 2.0) / (depth - 2.0));
    }
}
