using Pipeline.Method.Transforms;

namespace Pipeline.Reports.Tables;

/// <summary>attacks_key_estimation.md: the key-estimation attacks for people; cells without results say why.</summary>
public static class KeyEstimationMarkdown
{
    public const string Note =
        "The attacker holds the protected model and a few labelled test images (the query images) and searches for the key: random keys first, "
        + "then local search from the best (pair swaps for SHF and FMP, for NP and FFX flipping whether one position is selected), each query scored by "
        + "mean IoU on the query images. Best guess: the best key found, on the whole test set; key agreement: the share of the key's positions it has right.";

    /// <summary>The table's columns, also heading its table in report.html.</summary>
    internal static readonly IReadOnlyList<TableColumn> Columns =
    [
        new("Method"), new("M", true), new("Key"), new("Queries (random + local)", true), new("Query images", true),
        new("Best on query images", true), new("Best guess, test set", true), new("Key agreement", true), new("Model, correct key", true),
        new("Model, plain images", true), new("Query images, correct key", true), new("Query images, plain", true),
    ];

    public static string Write(KeyEstimationTable table) => Markdown.Table(
        "Key-estimation attack: how close a search for the key gets", Note, Columns,
        table.Rows.Select(row => (IEnumerable<string>)
            [ProtectionMethod.Display(row.Method), Numbers.BlockSize(row.BlockSize), row.KeyFingerprint ?? "—", .. Cells(row)]));

    /// <summary>The nine cells after method, M and key, also used by the HTML report.</summary>
    public static IReadOnlyList<string> Cells(KeyEstimationRow row) =>
    [
        Queries(row), row.QueryImages is { } images ? Csv.Int(images) : "—",
        row.BestOnQueries.Text, row.Estimated.Text, row.KeyAgreement.Text, row.Correct.Text, row.Plain.Text, row.QueryCorrect.Text, row.QueryPlain.Text,
    ];

    /// <summary>"20 + 40 = 60", or "—" where job.yaml cannot be read and the attack has not finished.</summary>
    public static string Queries(KeyEstimationRow row) =>
        row is { RandomKeys: { } random, LocalQueries: { } local } ? $"{random} + {local} = {random + local}" : "—";
}
