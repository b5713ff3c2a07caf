using static TorchSharp.torch;

namespace Pipeline.Method.Metrics;

/// <summary>
/// Mean IoU of each image on its own (the paper's example figures), computed for a whole batch on the device
/// from one confusion matrix per image. As for the dataset score, classes with an empty union in an image are
/// left out of that image's mean.
/// </summary>
public static class PerImageMeanIoU
{
    /// <summary>Label maps N×H×W → float64 tensor N on the device; NaN for an image without labelled pixels.</summary>
    public static Tensor Compute(Tensor predictions, Tensor targets, int classes, long ignoreIndex = ConfusionMatrix.DefaultIgnoreIndex)
    {
        using var scope = NewDisposeScope();
        var counts = ConfusionMatrix.PairCounts(predictions, targets, classes, ignoreIndex).to(ScalarType.Float64);
        var n = counts.size(0);
        var diagonal = arange(classes, ScalarType.Int64, counts.device) * (classes + 2L);
        var truePositive = counts.reshape(n, -1).index_select(1, diagonal);
        var groundTruth = counts.sum(2);
        var predicted = counts.narrow(2, 0, classes).sum(1);
        var union = groundTruth + predicted - truePositive;
        var present = union > 0.0;
        var iou = where(present, truePositive / union, zeros_like(union));
        return (iou.sum(1) / present.sum(1)).MoveToOuterDisposeScope();
    }
}
