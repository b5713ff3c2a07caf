using static TorchSharp.torch;

namespace Pipeline.Method.Training;

/// <summary>The selected weights (on the CPU; the caller disposes them) and how training went.</summary>
public sealed record TrainingOutcome(OrderedDictionary<string, Tensor> BestWeights, int BestEpoch, double BestValidationLoss,
                                     IReadOnlyList<EpochRecord> History, double Seconds, double ImagesPerSecond);
