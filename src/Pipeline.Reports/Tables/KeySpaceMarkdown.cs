using Pipeline.Method.Transforms;

namespace Pipeline.Reports.Tables;

/// <summary>keyspace.md: the key-space table for people.</summary>
public static class KeySpaceMarkdown
{
    public const string Note =
        "log₂ of the number of keys of each method and block size, and of the keys a seed key and a strong key can reach: a seed key reaches "
        + "its permutation through libtorch's 32-bit generator seed, a strong key through its 256 bits (fmp permuting several stages: plus log₂ of "
        + "their count, as each stage can be searched alone). Keys used: this experiment's keys by kind.";

    /// <summary>The table's columns, also heading its table in report.html.</summary>
    internal static readonly IReadOnlyList<TableColumn> Columns =
    [
        new("Method"), new("M", true), new("What the key is"), new("log₂ keys", true), new("Seed key reaches (log₂)", true),
        new("Strong key reaches (log₂)", true), new("Keys used"),
    ];

    public static string Write(KeySpaceTable table) => Markdown.Table(
        "Key spaces: how many keys each method has, and how many a key can reach", Note, Columns,
        table.Rows.Select(row => (IEnumerable<string>)
            [ProtectionMethod.Display(row.Space.Method), Numbers.BlockSize(row.Space.BlockSize), .. Cells(row)]));

    /// <summary>The five cells after method and M, also used by the HTML report.</summary>
    public static IReadOnlyList<string> Cells(KeySpaceRow row) =>
    [
        Material(row), Numbers.Value(row.Space.Log2Keys), Numbers.Value(row.Space.Log2EffectiveSeed), Numbers.Value(row.Space.Log2EffectiveStrong), KeysUsed(row),
    ];

    // What the key is, in the paper's words: a permutation of the L positions of a block, a selection of k of them, or
    // a permutation of each permuted stage's channels.
    private static string Material(KeySpaceRow row)
    {
        var space = row.Space;
        if (row.FeatureMaps is { } stages)
            return "permutes " + string.Join(", ", stages.Zip(space.Positions, (stage, channels) => $"{channels} channels after {stage}"));
        var length = space.Positions[0];
        return space.Selected is { } k ? $"selects {k} of L = {length} positions" : $"permutes L = {length} positions";
    }

    private static string KeysUsed(KeySpaceRow row)
    {
        var parts = new[] { (row.SeedKeys, "seed"), (row.StrongKeys, "strong"), (row.UnrecordedKeys, "kind not recorded") }
            .Where(p => p.Item1 > 0).Select(p => $"{p.Item1} {p.Item2}").ToList();
        return parts.Count > 0 ? string.Join(", ", parts) : "—";
    }
}
