namespace Pipeline.Method.Benchmarks;

/// <summary>
/// How long the paper's whole grid takes at given throughputs, GPU time only (no start-up, data loading or
/// report): 25 models (3 methods × 8 block sizes + the baseline) trained for 100 epochs of 1,318 images, and
/// 24 protected models evaluated 102 times (correct key, plain images, 100 incorrect keys) plus the baseline
/// once, over 1,449 test images. Per-epoch validation (146 images) and checkpoints are left out.
/// </summary>
public static class PaperGridProjection
{
    public const int Models = 25, Epochs = 100, TrainImages = 1318, TestImages = 1449, ProtectedModels = 24, EvaluationsPerModel = 102;

    public static double Minutes(double trainImagesPerSecond, double evalImagesPerSecond)
    {
        var training = (double)Models * Epochs * TrainImages / trainImagesPerSecond;
        var evaluation = ((double)ProtectedModels * EvaluationsPerModel + 1) * TestImages / evalImagesPerSecond;
        return (training + evaluation) / 60;
    }
}
