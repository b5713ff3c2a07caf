using Pipeline.Orchestration.Config;

namespace Pipeline.Orchestration.Jobs;

/// <summary>Turns an experiment's grid into jobs: the baseline (when asked), then methods × block sizes × keys.</summary>
public static class GridExpander
{
    public static IReadOnlyList<JobSpec> Expand(Experiment experiment)
    {
        var shared = new JobSpec
        {
            Method = Methods.Baseline, Dataset = experiment.Dataset, Model = experiment.Model, Training = experiment.Training,
            Evaluation = experiment.Evaluation, ProjectRoot = experiment.ProjectRoot,
        };
        var grid = experiment.Grid;
        var protectedJobs =
            from method in grid.Methods
            from blockSize in grid.BlockSizes
            from key in grid.Keys
            select shared with
            {
                Method = method, BlockSize = blockSize, KeyName = key.Name, KeySeed = key.Seed, KeyFingerprint = key.Fingerprint,
                Password = method == Methods.Ffx ? grid.Password : null,
            };
        return (grid.Baseline ? [shared] : Array.Empty<JobSpec>()).Concat(protectedJobs).ToArray();
    }
}
