
namespace Pipeline.Reports.Tables;

/// <summary>
/// attacks_fine_tuning.csv: one row per fine-tuning attack (block_size empty for fmp), with the attacked model's job
/// (target) and the attack's own (job) and state; values "pending" or "failed" while their job has none, empty where
/// there is no such job.
/// </summary>
public static class FineTuningCsv
{
    private static readonly string[] Header =
    [
        "method", "block_size", "key_fingerprint", "target", "fraction", "train_images", "job", "state",
        "fine_tuned_plain", "from_scratch_plain", "target_correct", "target_plain",
    ];

    public static string Write(FineTuningTable table) => Csv.Write(new[] { Header }.Concat(table.Rows.Select(Row)));

    private static string[] Row(FineTuningRow row) =>
    [
        row.Method, Csv.Int(row.BlockSize), row.KeyFingerprint ?? "", row.Target ?? "", Numbers.Value(row.Fraction), Csv.Int(row.TrainImages),
        row.Job, Csv.State(row.State),
        row.FineTuned.Csv, row.FromScratch.Csv, row.Correct.Csv, row.Plain.Csv,
    ];
}
