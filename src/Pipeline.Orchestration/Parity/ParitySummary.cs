namespace Pipeline.Orchestration.Parity;

/// <summary>
/// One quantity measured on both sides over the seeds: each side's values, mean and seed-to-seed standard deviation
/// (n − 1), the difference of the means (ours − PyTorch) and its standard error, √(s²_ours/n + s²_PyTorch/n). The two
/// agree within their spread when the difference is at most twice that standard error; with one seed there is no spread.
/// </summary>
public sealed record ParityMeasure(string Name, IReadOnlyList<double> Ours, IReadOnlyList<double> Pytorch)
{
    public double OursMean => Ours.Average();
    public double PytorchMean => Pytorch.Average();
    public double OursStd => Std(Ours);
    public double PytorchStd => Std(Pytorch);
    public double Difference => OursMean - PytorchMean;
    public double StandardError => Math.Sqrt(OursStd * OursStd / Ours.Count + PytorchStd * PytorchStd / Pytorch.Count);

    /// <summary>Whether |difference| ≤ 2 standard errors; null with fewer than two seeds a side.</summary>
    public bool? WithinSpread => Ours.Count < 2 || Pytorch.Count < 2 ? null : Math.Abs(Difference) <= 2 * StandardError;

    private static double Std(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return 0;
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}

/// <summary>A parity run's comparison: the final mean IoUs (correct key, plain images, incorrect keys' mean) and the selected validation loss.</summary>
public sealed record ParitySummary(string JobId, string Label, string Model, string Dataset, string Device, string PytorchVersion,
                                   IReadOnlyList<ParitySeed> Seeds, IReadOnlyList<ParityMeasure> Measures)
{
    public const string Correct = "mean IoU, correct key", Plain = "mean IoU, plain images", Incorrect = "mean IoU, incorrect keys (mean)",
        BestValidationLoss = "validation loss of the kept weights";

    public static ParitySummary Of(Jobs.Job job, string device, IReadOnlyList<ParitySeed> seeds)
    {
        if (seeds.Count == 0) throw new ArgumentException("a parity summary needs at least one seed", nameof(seeds));
        var measures = new List<ParityMeasure>();
        void Add(string name, Func<ParitySeed, double?> ours, Func<ParitySeed, double?> pytorch)
        {
            if (seeds.All(s => ours(s) is not null && pytorch(s) is not null))
                measures.Add(new ParityMeasure(name, seeds.Select(s => ours(s)!.Value).ToArray(), seeds.Select(s => pytorch(s)!.Value).ToArray()));
        }
        Add(Correct, s => s.Ours.Evaluations.Correct?.MeanIou, s => s.Reference.Evaluations.Correct?.MeanIou);
        Add(Plain, s => s.Ours.Evaluations.Plain.MeanIou, s => s.Reference.Evaluations.Plain.MeanIou);
        Add(Incorrect, s => s.Ours.Evaluations.Incorrect?.Mean, s => s.Reference.Evaluations.Incorrect?.Mean);
        Add(BestValidationLoss, s => s.Ours.Training?.BestValidationLoss, s => s.Reference.Training.BestValidationLoss);
        return new ParitySummary(job.Id, job.Label, job.Model.Arch, job.Dataset.Describe(), device, seeds[0].Reference.TorchVersion, seeds, measures);
    }
}
