using Pipeline.Method.Evaluation;
using Pipeline.Orchestration.Jobs;

namespace Pipeline.Orchestration.Tests;

/// <summary>A metrics.json for a job that did not really train: what tests of job states need (a job is finished when it has one).</summary>
public static class TinyMetrics
{
    public static JobMetrics For(Job job)
    {
        var plain = new EvaluationResult { MeanIou = 0.5, PixelAccuracy = 0.5, Iou = [0.5], Confusion = [[1, 0]] };
        return new JobMetrics
        {
            JobId = job.Id, Method = job.Method, BlockSize = JobRecord.Of(job).BlockSize, KeyFingerprint = JobRecord.Of(job).KeyFingerprint, Model = job.Model.Arch,
            Dataset = job.Dataset.Kind, ImageSize = job.Dataset.ImageSize, ClassNames = ["background"],
            Training = new TrainingSummary
            {
                Epochs = 1, BestEpoch = 1, BestValidationLoss = 1, Seconds = 1, ImagesPerSecond = 1, Device = "cpu", Precision = "fp32", History = [],
            },
            Evaluations = new Evaluations { Plain = plain, Correct = job is BaselineJob ? null : plain },
        };
    }
}
