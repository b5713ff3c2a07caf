using Pipeline.Orchestration.Jobs;

namespace Pipeline.Reports.Results;

/// <summary>
/// results/&lt;experiment&gt;/ as a report reads it: its model jobs (the grid and the baseline), its attack jobs apart
/// from them (they share their target's method, block size and key, and must not count as the target's cell), and
/// the latest run's provenance (run.json).
/// </summary>
public sealed class ResultsFolder
{
    private ResultsFolder(string name, string path, IReadOnlyList<JobEntry> jobs, IReadOnlyList<JobEntry> attacks, RunRecord? provenance)
    {
        (Name, Path, Jobs, Attacks, Provenance) = (name, path, jobs, attacks, provenance);
        Grid = new ResultsGrid(jobs);
    }

    public string Name { get; }
    public string Path { get; }
    public IReadOnlyList<JobEntry> Jobs { get; }
    public IReadOnlyList<JobEntry> Attacks { get; }
    public RunRecord? Provenance { get; }

    /// <summary>The model jobs placed by method and block size, made once for every table and figure.</summary>
    public ResultsGrid Grid { get; }

    /// <summary>Every job folder: the models, then the attacks.</summary>
    public IReadOnlyList<JobEntry> AllJobs => [.. Jobs, .. Attacks];

    /// <summary>The model job of that id (an attack's target), or null when the folder has none.</summary>
    public JobEntry? Model(string? id) => id is null ? null : Jobs.FirstOrDefault(j => j.Id == id);

    public static ResultsFolder Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(full)) throw new ResultsFolderException($"results folder '{path}' does not exist");
        var experiment = new ExperimentFolder(full);
        if (!Directory.Exists(experiment.JobsDirectory))
            throw new ResultsFolderException($"results folder '{path}' has no jobs/ folder (expected results/<experiment>/ with jobs/<id>/ inside)");
        try
        {
            var entries = experiment.Jobs().Select(JobEntry.Read).ToList();
            return new ResultsFolder(experiment.Name, full, entries.Where(e => !e.IsAttack).ToList(), entries.Where(e => e.IsAttack).ToList(), experiment.ReadRun());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ResultsFolderException($"results folder '{path}' cannot be read: {e.Message}", e);
        }
    }
}
