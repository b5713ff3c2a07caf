namespace Pipeline.Method.Training;

/// <summary>
/// Where training stands, everything but tensors: what a checkpoint needs beside the weights to continue exactly
/// where training stopped.
/// </summary>
/// <param name="Epoch">The epoch under way (0-based; the number of finished epochs).</param>
/// <param name="Batch">The next batch to run in <paramref name="Epoch"/> (0 when the epoch has not started).</param>
/// <param name="EpochLossSum">The epoch's training loss so far, summed over its images.</param>
/// <param name="EpochImages">The images the epoch has trained on so far.</param>
/// <param name="BestEpoch">The epoch whose weights are the best so far (0 before the first).</param>
/// <param name="BestValidationLoss">Their validation loss (infinite before the first epoch).</param>
/// <param name="Seconds">Training time before this run (resumed runs add theirs).</param>
/// <param name="History">The finished epochs.</param>
/// <param name="MicroBatch">Images per pass the run chose (accumulate "auto" finds it once; a resumed run keeps it).</param>
public sealed record TrainingProgress(int Epoch, int Batch, double EpochLossSum, long EpochImages, int BestEpoch, double BestValidationLoss,
                                      double Seconds, IReadOnlyList<EpochRecord> History, int? MicroBatch)
{
    /// <summary>Before the first batch.</summary>
    public static readonly TrainingProgress Start = new(0, 0, 0, 0, 0, double.PositiveInfinity, 0, [], null);
}
