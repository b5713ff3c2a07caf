using Pipeline.Orchestration.Jobs;
using Pipeline.Orchestration.Tests;

namespace Pipeline.Cli.Tests;

/// <summary>
/// A throw-away project with a two-job experiment (the baseline and SHF at M = 4, 16 px) whose results folder is
/// results/one, and its jobs saved as a run leaves them: what the results-folder, recovery and status tests start from.
/// </summary>
public sealed class OneExperiment : IDisposable
{
    public const string Yaml = """
        name: one
        dataset: {kind: synthetic, image_size: 16, classes: 3, train: 4, val: 2, test: 2, seed: 1}
        model: {arch: fcn_resnet18}
        training: {epochs: 2, batch_size: 2, lr: 0.01}
        evaluation: {incorrect_keys: 1, batch_size: 2}
        grid: {methods: [shf], block_sizes: [4], keys: [{seed: 3}], baseline: true}
        """;

    public TempProject Project { get; } = new();

    /// <summary>The experiment's results folder, as --results names it.</summary>
    public string Results => Project.Path("results/one");

    /// <summary>experiments/NAME.yaml with <paramref name="yaml"/> (this experiment by default).</summary>
    public string File(string yaml = Yaml, string name = "exp") => Project.WriteExperiment(yaml, name);

    /// <summary>The experiment's jobs, saved in the results folder as a run saves them before it trains.</summary>
    public IReadOnlyList<(Job Job, JobFolder Folder)> Saved(string yaml = Yaml)
    {
        var store = new ExperimentFolder(Results);
        return GridExpander.Expand(Project.Load(yaml).Experiment, store.Fingerprinter()).Select(j => (j, store.Save(j))).ToList();
    }

    /// <summary>The experiment's jobs as a finished run leaves them (metrics and status written; nothing trained).</summary>
    public IReadOnlyList<(Job Job, JobFolder Folder)> Finished(string yaml = Yaml)
    {
        var jobs = Saved(yaml);
        foreach (var (job, folder) in jobs)
        {
            folder.WriteMetrics(TinyMetrics.For(job));
            folder.WriteStatus(new JobStatus { State = JobState.Finished, Attempts = 1 });
        }
        return jobs;
    }

    public void Dispose() => Project.Dispose();
}
