using System.Text.Json.Nodes;
using Pipeline.Method.Attacks;

namespace Pipeline.Orchestration.Jobs;

/// <summary>
/// What the jobs of one results folder must share for its tables to compare like with like: the settings of a job
/// that are not its grid point, by the experiment's field names (dataset.*, model.*, training.*, evaluation.*, and
/// grid.password for FFX, grid.feature_maps for fmp). Method, block size, key and the attack's own budget are the grid
/// point and may differ; so may the epochs and learning rate of a fine-tuning or from-scratch attack, which are the
/// attack's (attacks.fine_tuning). Settings the job id leaves out (evaluation.batch_size, checkpoint_minutes) are left
/// out here too. Two configurations agree when every setting both have is equal.
/// </summary>
public sealed class JobConfiguration
{
    private static readonly string[] AttackRecipe = ["training.epochs", "training.lr", "training.restart_epochs"];

    private readonly SortedDictionary<string, string> settings;

    private JobConfiguration(SortedDictionary<string, string> settings) => this.settings = settings;

    /// <summary>Each setting by its experiment path, its value as JSON.</summary>
    public IReadOnlyDictionary<string, string> Settings => settings;

    public static JobConfiguration Of(Job job)
    {
        var fields = JobId.Fields(JobRecord.Of(job));
        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var section in new[] { "dataset", "model", "training", "evaluation" })
            if (fields[section] is JsonObject values)
                foreach (var (name, value) in values)
                    settings[$"{section}.{name}"] = value?.ToJsonString() ?? "null";
        if (job is IAttackerTraining)
            foreach (var path in AttackRecipe) settings.Remove(path);
        if (fields["password"] is { } password) settings["grid.password"] = password.ToJsonString();
        if (fields["feature_maps"] is { } maps) settings["grid.feature_maps"] = maps.ToJsonString();
        return new JobConfiguration(settings);
    }

    /// <summary>The configuration of several jobs that agree, e.g. an experiment's: every setting any of them has.</summary>
    public static JobConfiguration Of(IEnumerable<Job> jobs)
    {
        var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var job in jobs)
            foreach (var (path, value) in Of(job).settings)
                merged.TryAdd(path, value);
        return new JobConfiguration(merged);
    }

    /// <summary>The settings both have with different values: their path, the value in <paramref name="there"/> and here.</summary>
    public IReadOnlyList<(string Path, string There, string Here)> DifferencesFrom(JobConfiguration there) =>
        settings.Where(s => there.settings.TryGetValue(s.Key, out var other) && other != s.Value)
            .Select(s => (s.Key, there.settings[s.Key], s.Value)).ToList();

    public bool AgreesWith(JobConfiguration other) => DifferencesFrom(other).Count == 0;
}
