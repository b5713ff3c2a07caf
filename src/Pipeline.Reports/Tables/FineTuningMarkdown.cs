using Pipeline.Method.Transforms;

namespace Pipeline.Reports.Tables;

/// <summary>attacks_fine_tuning.md: the fine-tuning attacks for people; cells without results say why.</summary>
public static class FineTuningMarkdown
{
    public const string Note =
        "The attacker holds the protected model, not its key, and a share of the labelled training images, plain, and fine-tunes the model on them. "
        + "Mean IoU on plain test images: the fine-tuned model, a model trained from scratch on the same share (the attacker's alternative), "
        + "and the attacked model itself with its key and on plain images before fine-tuning.";

    /// <summary>The table's columns, also heading its table in report.html.</summary>
    internal static readonly IReadOnlyList<TableColumn> Columns =
    [
        new("Method"), new("M", true), new("Key"), new("Training images", true), new("Fine-tuned, plain images", true),
        new("From scratch, plain images", true), new("Model, correct key", true), new("Model, plain images", true),
    ];

    public static string Write(FineTuningTable table) => Markdown.Table(
        "Fine-tuning attack: mean IoU of a stolen model fine-tuned on plain images", Note, Columns,
        table.Rows.Select(row => (IEnumerable<string>)
            [ProtectionMethod.Display(row.Method), Numbers.BlockSize(row.BlockSize), row.KeyFingerprint ?? "—", .. Cells(row)]));

    /// <summary>The five cells after method, M and key, also used by the HTML report.</summary>
    public static IReadOnlyList<string> Cells(FineTuningRow row) =>
        [Share(row.Fraction, row.TrainImages), row.FineTuned.Text, row.FromScratch.Text, row.Correct.Text, row.Plain.Text];

    /// <summary>"10% (13 images)", or "10%" before the attack has counted them.</summary>
    public static string Share(double fraction, int? images) =>
        Numbers.Percent(fraction) + (images is { } n ? $" ({n} image{(n == 1 ? "" : "s")})" : "");
}
