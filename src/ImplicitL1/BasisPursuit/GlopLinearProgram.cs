using Google.OrTools.LinearSolver;

namespace ImplicitL1.BasisPursuit;

/// <summary>
/// A small builder over OR-Tools' GLOP primal/dual simplex: variables with bounds, dense constraint rows, a linear
/// objective. Solve returns vertex values, row duals and the raw GLOP status (kept for messages).
/// </summary>
internal sealed class GlopLinearProgram : IDisposable
{
    private readonly Solver _solver;
    private readonly List<Variable> _vars = [];
    private readonly List<Constraint> _rows = [];

    public GlopLinearProgram()
    {
        _solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("OR-Tools GLOP is unavailable.");
        _solver.SuppressOutput();
    }

    public int AddVariable(double lower, double upper, double cost)
    {
        var v = _solver.MakeNumVar(lower, upper, string.Empty);
        _solver.Objective().SetCoefficient(v, cost);
        _vars.Add(v);
        return _vars.Count - 1;
    }

    /// <summary>Number of rows added so far.</summary>
    public int RowCount => _rows.Count;

    /// <summary>Adds a variable whose coefficient in existing row k is <paramref name="rowCoefficients"/>[k] (zeros skipped).</summary>
    public int AddColumn(double lower, double upper, double cost, ReadOnlySpan<double> rowCoefficients)
    {
        int index = AddVariable(lower, upper, cost);
        var v = _vars[index];
        for (int k = 0; k < rowCoefficients.Length; k++)
        {
            if (rowCoefficients[k] != 0.0)
            {
                _rows[k].SetCoefficient(v, rowCoefficients[k]);
            }
        }

        return index;
    }

    /// <summary>Adds lower ≤ Σ coefficients[k]·x[variables[k]] ≤ upper; zero coefficients are skipped.</summary>
    public void AddRow(double lower, double upper, ReadOnlySpan<int> variables, ReadOnlySpan<double> coefficients)
    {
        var row = _solver.MakeConstraint(lower, upper, string.Empty);
        for (int k = 0; k < variables.Length; k++)
        {
            if (coefficients[k] != 0.0)
            {
                row.SetCoefficient(_vars[variables[k]], coefficients[k]);
            }
        }

        _rows.Add(row);
    }

    /// <summary>Solves; <paramref name="glopParameters"/> is GLOP's text-format parameters (e.g. "use_dual_simplex: true").</summary>
    public LpSolution Solve(bool maximize, string? glopParameters = null)
    {
        if (glopParameters is not null && !_solver.SetSolverSpecificParametersAsString(glopParameters))
        {
            throw new ArgumentException($"GLOP rejected the parameters '{glopParameters}'.", nameof(glopParameters));
        }

        if (maximize)
        {
            _solver.Objective().SetMaximization();
        }
        else
        {
            _solver.Objective().SetMinimization();
        }

        var status = _solver.Solve();

        // Reading values after a solve without a solution makes OR-Tools log "No solution exists" to stderr.
        bool hasSolution = status is Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.FEASIBLE;
        var values = hasSolution ? _vars.Select(v => v.SolutionValue()).ToArray() : Enumerable.Repeat(double.NaN, _vars.Count).ToArray();
        var duals = hasSolution ? _rows.Select(r => r.DualValue()).ToArray() : Enumerable.Repeat(double.NaN, _rows.Count).ToArray();
        return new LpSolution(status.ToString(), status == Solver.ResultStatus.OPTIMAL,
            status == Solver.ResultStatus.INFEASIBLE, status == Solver.ResultStatus.UNBOUNDED,
            hasSolution ? _solver.Objective().Value() : double.NaN, values, duals, _solver.Iterations());
    }

    public void Dispose() => _solver.Dispose();
}

/// <summary>What GLOP returned.</summary>
internal sealed record LpSolution(
    string RawStatus, bool Optimal, bool Infeasible, bool Unbounded, double Objective, double[] Values, double[] Duals,
    long Iterations);
