using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ImplicitL1.Cli.Output;

namespace ImplicitL1.Cli.Reproduce;

/// <summary>Run-wide facts printed at the top of the report.</summary>
public sealed record RunInfo(string Command, bool Quick, DateTimeOffset Started, double ElapsedSeconds, string Runtime, string LibraryVersion, string CliVersion, string Os, int Processors);

/// <summary>index.html: self-contained (inline SVG, inline CSS, no scripts, no network), one section per claim.</summary>
public static partial class HtmlReport
{
    /// <summary>File (inside each claim folder) holding the claim's row of the verdict table.</summary>
    public const string RowFile = "report-row.html";

    /// <summary>File (inside each claim folder) holding the claim's report section.</summary>
    public const string SectionFile = "report-section.html";

    /// <summary>Builds the HTML; figure SVGs are read from <paramref name="root"/>/&lt;claim&gt;/.</summary>
    public static string Build(string root, IReadOnlyList<ClaimSummary> summaries, RunInfo info)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        return Page([.. summaries.Select(Row)], [.. summaries.Select(s => Section(root, s))], info);
    }

    /// <summary>
    /// Writes the fragments of <paramref name="summaries"/> into their claim folders, then index.html from the
    /// fragments of every claim of <paramref name="order"/> present under <paramref name="root"/>: a run of one claim
    /// updates that claim's section and keeps the others.
    /// </summary>
    public static string Update(string root, IReadOnlyList<ClaimSummary> summaries, IReadOnlyList<string> order, RunInfo info)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(order);
        foreach (var s in summaries)
        {
            File.WriteAllText(Path.Combine(root, s.Claim, RowFile), Row(s));
            File.WriteAllText(Path.Combine(root, s.Claim, SectionFile), Section(root, s));
        }

        var present = order.Where(c => File.Exists(Path.Combine(root, c, RowFile)) && File.Exists(Path.Combine(root, c, SectionFile))).ToArray();
        string html = Page([.. present.Select(c => File.ReadAllText(Path.Combine(root, c, RowFile)))],
            [.. present.Select(c => File.ReadAllText(Path.Combine(root, c, SectionFile)))], info);
        File.WriteAllText(Path.Combine(root, "index.html"), html);
        return html;
    }

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? string.Empty);

    private static string Page(IReadOnlyList<string> rows, IReadOnlyList<string> sections, RunInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>ImplicitL1 reproduction report</title>\n<style>\n")
            .Append("body{font-family:'DejaVu Sans',sans-serif;max-width:1100px;margin:1em auto;padding:0 1em;color:#111;background:#fff}\n")
            .Append("table{border-collapse:collapse;margin:.5em 0;font-size:13px}td,th{border:1px solid #999;padding:2px 6px;text-align:right}th{background:#eee}\n")
            .Append(".holds{color:#fff;background:#1a7f37;padding:2px 8px;border-radius:4px}.fails{color:#fff;background:#cf222e;padding:2px 8px;border-radius:4px}\n")
            .Append(".label{font-family:monospace;background:#f0f0f0;padding:1px 4px}section{border-top:2px solid #ccc;margin-top:1.5em}figure{margin:.5em 0}svg{max-width:100%;height:auto}\n")
            .Append("</style>\n</head>\n<body>\n<h1>ImplicitL1 — reproduction of the claims</h1>\n");
        sb.Append("<p>Paper: Matt &amp; Stöger, arXiv 2506.01143. Statements tagged <span class=\"label\">[paper]</span> are in its abstract; ")
            .Append("<span class=\"label\">[reconstructed]</span> ones are our derivations (docs/theory.md) and are not the paper's theorems.</p>\n");
        sb.Append("<table>\n");
        foreach (var (k, v) in new[]
        {
            ("command", info.Command), ("sizes", info.Quick ? "quick" : "default"),
            ("started", info.Started.ToString("u", CultureInfo.InvariantCulture)),
            ("run time", string.Create(CultureInfo.InvariantCulture, $"{info.ElapsedSeconds:F2} s")),
            (".NET runtime", info.Runtime), ("ImplicitL1 library", info.LibraryVersion), ("implicit-l1 CLI", info.CliVersion),
            ("OS", info.Os), ("processors", info.Processors.ToString(CultureInfo.InvariantCulture)),
        })
        {
            sb.Append("<tr><th>").Append(E(k)).Append("</th><td style=\"text-align:left\">").Append(E(v)).Append("</td></tr>\n");
        }

        sb.Append("</table>\n<h2>Verdicts</h2>\n<table>\n<tr><th>claim</th><th>label</th><th>measured</th><th>expected</th><th>verdict</th></tr>\n");
        foreach (var row in rows)
        {
            sb.Append(row);
        }

        sb.Append("</table>\n");
        foreach (var section in sections)
        {
            sb.Append(section);
        }

        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    private static string Row(ClaimSummary s) => new StringBuilder()
        .Append("<tr><td><a href=\"#").Append(E(s.Claim)).Append("\">").Append(E(s.Claim)).Append("</a></td><td>[").Append(s.LabelText)
        .Append("]</td><td>").Append(E(TableOutput.Short(s.Measured))).Append("</td><td style=\"text-align:left\">").Append(E(s.Expected))
        .Append("</td><td>").Append(Verdict(s)).Append("</td></tr>\n").ToString();

    private static string Section(string root, ClaimSummary s)
    {
        var sb = new StringBuilder();
        // The statement carries its own [paper]/[reconstructed] tags; the label is shown once, beside the verdict.
        sb.Append("<section id=\"").Append(E(s.Claim)).Append("\">\n<h2>")
            .Append(s.TheoryNumber > 0 ? $"Claim {s.TheoryNumber}: " : "Beyond §7: ").Append(E(s.Title)).Append("</h2>\n")
            .Append("<p>").Append(E(s.Statement)).Append("</p>\n")
            .Append("<p><b>Measured</b> (").Append(E(s.MeasuredName)).Append("): <b>").Append(E(TableOutput.Short(s.Measured)))
            .Append("</b>; expected ").Append(E(s.Expected)).Append(". Verdict: ").Append(Verdict(s))
            .Append(" <span class=\"label\">[").Append(s.LabelText).Append("]</span></p>\n");
        foreach (var fig in s.Figures)
        {
            var path = Path.Combine(root, s.Claim, fig + ".svg");
            sb.Append("<figure>\n").Append(InlineSvg(File.ReadAllText(path))).Append("\n<figcaption>")
                .Append(E(fig)).Append(" (also ").Append(E(fig)).Append(".png)</figcaption>\n</figure>\n");
        }

        sb.Append("<table>\n<tr>");
        foreach (var c in s.Table.Columns)
        {
            sb.Append("<th>").Append(E(c)).Append("</th>");
        }

        sb.Append("</tr>\n");
        foreach (var row in s.Table.Rows.Take(40))
        {
            sb.Append("<tr>");
            foreach (var cell in row)
            {
                sb.Append("<td>").Append(E(Shorten(cell))).Append("</td>");
            }

            sb.Append("</tr>\n");
        }

        sb.Append("</table>\n");
        if (s.Table.Rows.Count > 40)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<p>First 40 of {s.Table.Rows.Count} rows; all in {E(s.Table.Name)}.csv.</p>\n");
        }

        sb.Append("<p><b>Parameters:</b> ").Append(E(string.Join("; ", s.Parameters.Select(p => $"{p.Key}: {p.Value}"))))
            .Append(". <b>Seeds:</b> ").Append(E(s.Seeds.Count == 0 ? "none (deterministic family)" : string.Join(", ", s.Seeds)))
            .Append(". <b>Details:</b> ").Append(E(string.Join("; ", s.Details.Select(d => $"{d.Key} = {DetailText(d.Value)}"))))
            .Append(". <b>Data:</b> ").Append(E(string.Join(", ", s.DataFiles.Select(f => $"{s.Claim}/{f}"))))
            .Append(CultureInfo.InvariantCulture, $". Time: {s.ElapsedSeconds:F2} s.</p>\n</section>\n");
        return sb.ToString();
    }

    private static string Verdict(ClaimSummary s) => s.Holds ? "<span class=\"holds\">holds</span>" : "<span class=\"fails\">does not hold</span>";

    private static string Shorten(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && cell.Length > 8 ? TableOutput.Short(v) : cell;

    private static string DetailText(object value) => value switch
    {
        bool b => b ? "true" : "false",
        double d => TableOutput.Short(d),
        double[] a => "[" + string.Join(", ", a.Select(x => TableOutput.Short(x))) + "]",
        string[] a => "[" + string.Join(", ", a) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>An SVG document made embeddable: XML declaration and DOCTYPE removed.</summary>
    public static string InlineSvg(string svg)
    {
        ArgumentNullException.ThrowIfNull(svg);
        var text = XmlDeclaration().Replace(svg, string.Empty);
        text = DocType().Replace(text, string.Empty);
        return text.Trim();
    }

    [GeneratedRegex(@"<\?xml[^>]*\?>")]
    private static partial Regex XmlDeclaration();

    [GeneratedRegex(@"<!DOCTYPE[^>]*>")]
    private static partial Regex DocType();
}
