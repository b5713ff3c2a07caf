
namespace Pipeline.Reports.Tables;

/// <summary>access_control.csv: one row per method and block size (empty for fmp, which has none); empty values where a cell has none yet.</summary>
public static class AccessControlCsv
{
    private static readonly string[] Header =
    [
        "method", "block_size", "state", "keys", "planned", "correct", "plain",
        "incorrect_mean", "incorrect_std", "incorrect_min", "incorrect_max", "evaluated", "requested",
    ];

    public static string Write(AccessControl table) => Csv.Write(new[] { Header }.Concat(table.Rows.Select(Row)));

    private static string[] Row(AccessControlRow row)
    {
        var i = row.Incorrect;
        return
        [
            row.Method, Csv.Int(row.BlockSize), Csv.State(row.State), Csv.Int(row.Finished), Csv.Int(row.Planned),
            .. new[] { row.Correct, row.Plain, i?.Mean, i?.Std, i?.Min, i?.Max }.Select(v => v is { } value ? Numbers.Value(value) : ""),
            i is null ? "" : Csv.Int(i.Evaluated), i is null ? "" : Csv.Int(i.Requested),
        ];
    }
}
