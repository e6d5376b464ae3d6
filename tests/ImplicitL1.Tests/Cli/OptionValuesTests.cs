using ImplicitL1.Cli;
using ImplicitL1.Cli.Commands;
using ImplicitL1.Cli.Options;

namespace ImplicitL1.Tests.Cli;

/// <summary>The reusable option parsers: values in range pass, everything else names the flag and what it accepts.</summary>
public class OptionValuesTests
{
    [Theory]
    [InlineData(2.0, 2.0, false, true)]
    [InlineData(1.999, 2.0, false, false)]
    [InlineData(0.0, 0.0, true, false)]
    [InlineData(1e-300, 0.0, true, true)]
    [InlineData(double.PositiveInfinity, 0.0, false, false)]
    [InlineData(double.NaN, 0.0, false, false)]
    public void Ranges_contain_only_finite_values_inside(double value, double lower, bool open, bool inside) =>
        Assert.Equal(inside, new ValueRange(Lower: lower, LowerOpen: open).Contains(value));

    [Fact]
    public void Ranges_read_as_words()
    {
        Assert.Equal("≥ 2", ValueRange.AtLeast(2).ToString());
        Assert.Equal("> 0", ValueRange.Above(0).ToString());
        Assert.Equal("in (−1, 1)", ValueRange.Between(-1, 1).ToString());
        Assert.Equal(string.Empty, ValueRange.Any.ToString());
        Assert.Equal("a number ≥ 2", OptionValues.Accepted(integer: false, ValueRange.AtLeast(2)));
        Assert.Equal("an integer", OptionValues.Accepted(integer: true, ValueRange.Any));
        Assert.Equal("one of table, json, csv", OptionValues.Accepted(typeof(OutputFormat)));
    }

    [Fact]
    public void Numbers_integers_lists_and_names_parse()
    {
        Assert.Equal(1e-3, OptionValues.Number(" 1e-3 ", "--eta", ValueRange.Above(0)));
        Assert.Equal(-7, OptionValues.Integer("-7", "--seed", ValueRange.Any));
        Assert.Equal([1e-2, 1e-4], OptionValues.NumberList("1e-2, 1e-4", "--alpha", ValueRange.Above(0)));
        Assert.Equal(OutputFormat.Csv, OptionValues.Enum<OutputFormat>("CSV", "--format"));
    }

    [Theory]
    [InlineData("abc", "--eta must be a number > 0, got 'abc'.")]
    [InlineData("0", "--eta must be a number > 0, got '0'.")]
    [InlineData("1,5", "--eta must be a number > 0, got '1,5'.")]
    [InlineData("NaN", "--eta must be a number > 0, got 'NaN'.")]
    public void A_bad_number_names_the_flag(string text, string message)
    {
        var e = Assert.Throws<CliException>(() => OptionValues.Number(text, "--eta", ValueRange.Above(0)));
        Assert.Equal(ExitCodes.InvalidValue, e.ExitCode);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Bad_integers_lists_names_and_missing_values_name_the_flag()
    {
        Assert.Equal("--m must be an integer ≥ 1, got '2.5'.",
            Assert.Throws<CliException>(() => OptionValues.Integer("2.5", "--m", ValueRange.AtLeast(1))).Message);
        Assert.Equal("--alpha must be a comma-separated list of numbers > 0, got '1e-2,,1e-4'.",
            Assert.Throws<CliException>(() => OptionValues.NumberList("1e-2,,1e-4", "--alpha", ValueRange.Above(0))).Message);
        Assert.Equal("--alpha must be a number > 0, got '-1'.",
            Assert.Throws<CliException>(() => OptionValues.NumberList("1e-2,-1", "--alpha", ValueRange.Above(0))).Message);
        Assert.Equal("--format must be one of table, json, csv, got '1'.",
            Assert.Throws<CliException>(() => OptionValues.Enum<OutputFormat>("1", "--format")).Message);
        var missing = Assert.Throws<CliException>(() => OptionValues.Number(null, "--depth", ValueRange.AtLeast(2)));
        Assert.Equal(ExitCodes.Usage, missing.ExitCode);
        Assert.Equal("--depth needs a value: a number ≥ 2.", missing.Message);
    }
}
