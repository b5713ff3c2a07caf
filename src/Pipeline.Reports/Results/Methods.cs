namespace Pipeline.Reports.Results;

/// <summary>Method names: the paper's column order and how they are shown.</summary>
public static class Methods
{
    public const string Baseline = "baseline";

    private static readonly string[] PaperOrder = ["shf", "np", "ffx"];

    /// <summary>The protected methods present, SHF, NP, FFX first (the paper's order), then any other alphabetically.</summary>
    public static IReadOnlyList<string> Order(IEnumerable<string> methods)
    {
        var present = methods.Where(m => m != Baseline).Distinct().ToList();
        return PaperOrder.Where(present.Contains)
            .Concat(present.Except(PaperOrder).Order(StringComparer.Ordinal)).ToList();
    }

    public static string Display(string method) => method.ToUpperInvariant();
}
