using ImplicitL1.Experiments;
using ImplicitL1.Limit;
using ImplicitL1.Problems;

namespace ImplicitL1.Tests.Experiments;

public class FaceSelectionTests
{
    // A = [[1,1,1],[3,0,1]], y = [3,3]: the BP face is the segment t(1,2,0) + (1−t)(0,0,3), t ∈ [0, 1].
    private static readonly RegressionProblem Segment = new(new double[,] { { 1, 1, 1 }, { 3, 0, 1 } }, [3, 3]);

    private static double[] Point(double t) => [t, 2 * t, 3 * (1 - t)];

    public static TheoryData<double, double> ClosedForms => new()
    {
        // D > 2: maximize √t·(1 + √2)-type sums: t^{p}(1 + 2^{p}) + (3(1−t))^{p}, p = 2/D; D = 4: t = (3 + 2√2)/(6 + 2√2).
        { 4.0, (3 + (2 * Math.Sqrt(2))) / (6 + (2 * Math.Sqrt(2))) },
        // D = 2: minimize Σ zᵢ log zᵢ: t/(1 − t) = 3·2^{−2/3}.
        { 2.0, 3 * Math.Pow(2, -2.0 / 3.0) / (1 + (3 * Math.Pow(2, -2.0 / 3.0))) },
        // D = 3: p = 2/3, stationarity p t^{p−1}(1 + 2^{p}) = 3p(3(1−t))^{p−1} ⇒ t/(1−t) = ((1 + 2^{p})/3^{p})^{3}.
        { 3.0, Math.Pow((1 + Math.Pow(2, 2.0 / 3.0)) / Math.Pow(3, 2.0 / 3.0), 3) / (1 + Math.Pow((1 + Math.Pow(2, 2.0 / 3.0)) / Math.Pow(3, 2.0 / 3.0), 3)) },
    };

    [Theory]
    [MemberData(nameof(ClosedForms))]
    public void Selected_minimizer_on_a_segment_has_its_closed_form(double depth, double t)
    {
        var face = BasisPursuitFaces.Solve(Segment);
        var selection = FaceSelection.Solve(Segment, face, depth);
        Assert.True(selection.Status == SolverStatus.Success, selection.Message);
        var expected = Point(t);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(expected[i], selection.Selected[i], 1e-13);
        }
    }

    [Theory]
    [InlineData(4.0)]
    [InlineData(3.0)]
    public void The_limit_converges_to_the_selected_minimizer_as_alpha_shrinks(double depth)
    {
        var face = BasisPursuitFaces.Solve(Segment);
        var selected = FaceSelection.Solve(Segment, face, depth).Selected;
        var points = DualNewton.Solve(Segment, depth, [1e-3, 1e-5, 1e-7]).Points;
        var distances = points.Select(p => FaceSelection.Distance(p.X, selected).Distance).ToArray();
        Assert.All(points, p => Assert.Equal(SolverStatus.Success, p.Status));
        Assert.True(distances[1] < 0.1 * distances[0] && distances[2] < 0.1 * distances[1], string.Join(", ", distances.Select(d => d.ToString("E3"))));
        // An arbitrary other point of the face is not where the limit goes.
        Assert.True(FaceSelection.Distance(points[2].X, Point(0.5)).Distance > 0.1);
    }

    [Fact]
    public void At_D_3_the_face_limit_is_resolved_down_to_alpha_1e_15()
    {
        // Off the vertex's support the third face column has x = O(1): its rounding floor must count in every row.
        var face = BasisPursuitFaces.Solve(Segment);
        var selected = FaceSelection.Solve(Segment, face, 3.0).Selected;
        var points = DualNewton.Solve(Segment, 3.0, [1e-9, 1e-12, 1e-15]).Points;
        Assert.All(points, p => Assert.True(p.Status == SolverStatus.Success && p.Residual <= 1e-10, $"{p.Status}: {p.Message}"));
        // Already at α = 1e-9 x∞ is at the selected minimizer to ≈ 1e-11; smaller α must keep it there.
        var distances = points.Select(p => FaceSelection.Distance(p.X, selected).Distance).ToArray();
        Assert.True(distances.All(d => d <= 1e-9), string.Join(", ", distances.Select(d => d.ToString("E3"))));
    }

    /// <summary>50-digit references from tests/fixtures/make_face_refs.py.</summary>
    [Theory]
    [InlineData(-6.0, 1.8953364414220744061e-8)]
    [InlineData(-9.0, 1.8915370905514106254e-11)]
    public void Polished_limit_is_at_the_reference_distance_from_the_selected_minimizer(double log10Alpha, double reference)
    {
        var face = BasisPursuitFaces.Solve(Segment);
        var selected = FaceSelection.Solve(Segment, face, 4.0).Selected;
        var alpha = LogAlpha.FromLog10(log10Alpha);
        var point = DualNewton.Solve(Segment, 4.0, [alpha]).Points[0];
        var polished = FaceSelection.PolishOnFace(Segment, face, 4.0, alpha, point.X);
        Assert.NotNull(polished);
        var (distance, floor) = FaceSelection.Distance(polished, selected);
        Assert.True(Math.Abs(distance - reference) <= floor, $"distance {distance:E10} vs reference {reference:E10} (floor {floor:E2})");
        Assert.True(Segment.ResidualNorm(polished) <= 1e-14);
    }

    [Theory]
    [InlineData(1e30, 1e-30)]
    [InlineData(1e-30, 1e30)]
    public void Face_and_selection_scale_with_A_and_y(double ca, double cy)
    {
        var scaled = new RegressionProblem(new double[,] { { ca, ca, ca }, { 3 * ca, 0, ca } }, [3 * cy, 3 * cy]);
        var face = BasisPursuitFaces.Solve(scaled);
        Assert.Equal(SolverStatus.Success, face.Status);
        var selection = FaceSelection.Solve(scaled, face, 4.0);
        Assert.Equal(SolverStatus.Success, selection.Status);
        double t = (3 + (2 * Math.Sqrt(2))) / (6 + (2 * Math.Sqrt(2)));
        var expected = Point(t);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(expected[i], selection.Selected[i] * ca / cy, 1e-12);
        }
    }

    [Fact]
    public void A_unique_solution_is_its_own_selection()
    {
        var problem = TestInstances.Gaussian(10, 25, 2, 3).Problem;
        var face = BasisPursuitFaces.Solve(problem);
        var selection = FaceSelection.Solve(problem, face, 3.0);
        Assert.Equal(SolverStatus.Success, selection.Status);
        Assert.Equal(0, face.Dimension);
        var bp = ImplicitL1.BasisPursuit.BasisPursuitSolver.Solve(problem);
        Assert.True(FaceSelection.Distance(selection.Selected, bp.X).Distance <= 1e-12);
    }
}
