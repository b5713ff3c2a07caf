
namespace Pipeline.Reports.Tables;

/// <summary>
/// keyspace.csv: per method and block size (empty for fmp), what its key permutes or selects among (positions: L, or
/// fmp's channels per stage, space-separated, with its feature_maps), log₂ of its keys and of those a seed key and a
/// strong key reach, and the experiment's keys of each kind.
/// </summary>
public static class KeySpaceCsv
{
    private static readonly string[] Header =
    [
        "method", "block_size", "feature_maps", "positions", "selected", "log2_keys", "log2_effective_seed", "log2_effective_strong",
        "seed_keys", "strong_keys", "unrecorded_keys",
    ];

    public static string Write(KeySpaceTable table) => Csv.Write(new[] { Header }.Concat(table.Rows.Select(Row)));

    private static string[] Row(KeySpaceRow row)
    {
        var space = row.Space;
        return
        [
            space.Method, Csv.Int(space.BlockSize), row.FeatureMaps is null ? "" : string.Join(' ', row.FeatureMaps),
            string.Join(' ', space.Positions.Select(p => Csv.Int(p))), Csv.Int(space.Selected),
            Numbers.Value(space.Log2Keys), Numbers.Value(space.Log2EffectiveSeed), Numbers.Value(space.Log2EffectiveStrong),
            Csv.Int(row.SeedKeys), Csv.Int(row.StrongKeys), Csv.Int(row.UnrecordedKeys),
        ];
    }
}
