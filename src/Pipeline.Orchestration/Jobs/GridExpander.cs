using Pipeline.Method.Keys;
using Pipeline.Method.Transforms;
using Pipeline.Orchestration.Config;

namespace Pipeline.Orchestration.Jobs;

/// <summary>Turns an experiment's grid into jobs: the baseline (when asked), then methods × block sizes × keys.</summary>
public static class GridExpander
{
    /// <param name="fingerprints">Names each key in its job (and so in its id): the results folder's fingerprinter.</param>
    public static IReadOnlyList<Job> Expand(Experiment experiment, KeyFingerprinter fingerprints)
    {
        var shared = new Job
        {
            Method = MethodRegistry.Baseline, Dataset = experiment.Dataset, Model = experiment.Model, Training = experiment.Training,
            Evaluation = experiment.Evaluation, ProjectRoot = experiment.ProjectRoot,
        };
        var grid = experiment.Grid;
        var protectedJobs =
            from method in grid.Methods
            from blockSize in grid.BlockSizes
            from key in grid.Keys
            select shared with
            {
                Method = method, BlockSize = blockSize, KeyName = key.Name, Key = key.Key, KeyFingerprint = fingerprints.Of(key.Key),
                Password = MethodRegistry.UsesPassword(method) ? grid.Password : null,
            };
        return (grid.Baseline ? [shared] : Array.Empty<Job>()).Concat(protectedJobs).ToArray();
    }
}
