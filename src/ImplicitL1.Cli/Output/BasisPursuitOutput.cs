using ImplicitL1.BasisPursuit;

namespace ImplicitL1.Cli.Output;

/// <summary>The fields every command prints about a basis pursuit solution.</summary>
public static class BasisPursuitOutput
{
    /// <summary>
    /// Warns on stderr when basis pursuit has several minimizers (status not_unique), saying what that means for
    /// this command's output (<paramref name="consequence"/>).
    /// </summary>
    public static void WarnIfNotUnique(CliContext cli, BasisPursuitResult bp, string consequence)
    {
        if (bp.Status == SolverStatus.NotUnique)
        {
            cli.Warn($"basis pursuit is not unique ({bp.Message}); {consequence}");
        }
    }

    /// <summary>Writes status, x, support, signs, unique, varrho, certificate, residual and diagnostics.</summary>
    public static void WriteFields(JsonOutput json, BasisPursuitResult bp)
    {
        json.String("status", bp.Status.ToSnakeCase()).String("message", bp.Message)
            .Numbers("x", bp.X).Integers("support", bp.Support).Integers("signs", bp.Signs)
            .Bool("unique", bp.IsUnique).Number("varrho", bp.Varrho?.Value ?? double.NaN)
            .Numbers("certificate", bp.Varrho?.Certificate ?? []).Number("residual", bp.Residual)
            .Number("l1_norm", bp.X.Length == 0 ? double.NaN : bp.L1Norm)
            .Number("fuchs_value", bp.Varrho?.FuchsValue ?? double.NaN)
            .Integers("dropped_rows", bp.DroppedRows).Integer("lp_iterations", bp.LpIterations)
            .String("label", "reconstructed");
    }
}
