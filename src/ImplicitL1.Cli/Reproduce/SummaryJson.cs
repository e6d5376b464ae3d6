using ImplicitL1.Cli.Output;

namespace ImplicitL1.Cli.Reproduce;

/// <summary>summary.json of one claim: {claim, measured, expected, holds, label, …, details}.</summary>
public static class SummaryJson
{
    /// <summary>The JSON text.</summary>
    public static string Write(ClaimSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        using var json = new JsonOutput();
        var w = json.Writer;
        w.WriteStartObject();
        json.String("claim", s.Claim).Integer("theory_claim_number", s.TheoryNumber).String("title", s.Title)
            .String("statement", s.Statement).String("label", s.LabelText).String("measured_name", s.MeasuredName)
            .Number("measured", s.Measured).String("expected", s.Expected).Bool("holds", s.Holds)
            .Number("elapsed_seconds", s.ElapsedSeconds);
        w.WriteStartObject("parameters");
        foreach (var (k, v) in s.Parameters)
        {
            json.String(k, v);
        }

        w.WriteEndObject();
        w.WriteStartArray("seeds");
        foreach (var seed in s.Seeds)
        {
            w.WriteNumberValue(seed);
        }

        w.WriteEndArray();
        w.WriteStartObject("details");
        foreach (var (k, v) in s.Details)
        {
            switch (v)
            {
                case double d: json.Number(k, d); break;
                case int i: json.Integer(k, i); break;
                case long l: json.Integer(k, l); break;
                case bool b: json.Bool(k, b); break;
                case double[] a: json.Numbers(k, a); break;
                case string[] a:
                    w.WriteStartArray(k);
                    foreach (var t in a)
                    {
                        w.WriteStringValue(t);
                    }

                    w.WriteEndArray();
                    break;
                default: json.String(k, v.ToString()); break;
            }
        }

        w.WriteEndObject();
        w.WriteStartArray("figures");
        foreach (var f in s.Figures)
        {
            w.WriteStringValue(f + ".svg");
            w.WriteStringValue(f + ".png");
        }

        w.WriteEndArray();
        w.WriteStartArray("data");
        foreach (var f in s.DataFiles)
        {
            w.WriteStringValue(f);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        return json.ToString();
    }
}
