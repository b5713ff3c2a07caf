namespace Pipeline.Method.Metrics;

/// <summary>
/// Scores read from one confusion matrix. IoU[c] is null for a class whose union is empty (neither in the
/// ground truth nor predicted); such classes are left out of the mean and listed in AbsentClasses, where
/// torchvision's plain mean would turn NaN. MeanIoU and PixelAccuracy are NaN when no pixel was labelled.
/// </summary>
public sealed record SegmentationScores(double MeanIoU, double?[] IoU, int[] AbsentClasses, double PixelAccuracy)
{
    /// <summary>Scores from rows of ground truth × (prediction columns, optionally then a "no class" column).</summary>
    public static SegmentationScores From(long[][] rows)
    {
        var classes = rows.Length;
        var iou = new double?[classes];
        long correct = 0, labelled = 0;
        for (var c = 0; c < classes; c++)
        {
            var truePositive = rows[c][c];
            var groundTruth = rows[c].Sum();
            long predicted = 0;
            for (var r = 0; r < classes; r++) predicted += rows[r][c];
            var union = groundTruth + predicted - truePositive;
            iou[c] = union == 0 ? null : (double)truePositive / union;
            correct += truePositive;
            labelled += groundTruth;
        }
        var present = iou.Where(v => v.HasValue).Select(v => v!.Value).ToArray();
        var absent = Enumerable.Range(0, classes).Where(c => !iou[c].HasValue).ToArray();
        return new SegmentationScores(
            present.Length == 0 ? double.NaN : present.Average(),
            iou,
            absent,
            labelled == 0 ? double.NaN : (double)correct / labelled);
    }
}
