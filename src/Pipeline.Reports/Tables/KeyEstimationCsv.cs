
namespace Pipeline.Reports.Tables;

/// <summary>
/// attacks_key_estimation.csv: one row per key-estimation attack (block_size empty for fmp): the attacked model's job
/// (target), the attack's job and state, its queries, and its results beside the model's; values "pending" or "failed"
/// while their job has none. Never the guessed key: only how well it works and how much of it is right.
/// </summary>
public static class KeyEstimationCsv
{
    private static readonly string[] Header =
    [
        "method", "block_size", "key_fingerprint", "target", "job", "state", "random_keys", "local_queries", "query_images",
        "best_query_mean_iou", "estimated_mean_iou", "key_agreement", "target_correct", "target_plain", "query_correct", "query_plain",
    ];

    public static string Write(KeyEstimationTable table) => Csv.Write(new[] { Header }.Concat(table.Rows.Select(Row)));

    private static string[] Row(KeyEstimationRow row) =>
    [
        row.Method, Csv.Int(row.BlockSize), row.KeyFingerprint ?? "", row.Target ?? "", row.Job, Csv.State(row.State),
        Csv.Int(row.RandomKeys), Csv.Int(row.LocalQueries), Csv.Int(row.QueryImages),
        row.BestOnQueries.Csv, row.Estimated.Csv, row.KeyAgreement.Csv, row.Correct.Csv, row.Plain.Csv, row.QueryCorrect.Csv, row.QueryPlain.Csv,
    ];
}
