using Pipeline.Orchestration.Jobs;

namespace Pipeline.Reports.Results;

/// <summary>
/// results/&lt;experiment&gt;/ as a report reads it: its model jobs (the grid and the baseline), its attack jobs apart
/// from them (they share their target's method, block size and key, and must not count as the target's cell), and
/// the latest run's provenance (run.json). The tables show one configuration (<see cref="JobConfiguration"/>): that of
/// most model jobs, the newest on a tie. Jobs of another configuration or of an earlier job-id version are
/// <see cref="LeftOut"/>, named with why, never averaged into a cell.
/// </summary>
public sealed class ResultsFolder
{
    private ResultsFolder(string name, string path, IReadOnlyList<JobEntry> jobs, IReadOnlyList<JobEntry> attacks,
                          IReadOnlyList<(JobEntry Job, string Why)> leftOut, RunRecord? provenance)
    {
        (Name, Path, Jobs, Attacks, LeftOut, Provenance) = (name, path, jobs, attacks, leftOut, provenance);
        Grid = new ResultsGrid(jobs);
    }

    public string Name { get; }
    public string Path { get; }
    public IReadOnlyList<JobEntry> Jobs { get; }
    public IReadOnlyList<JobEntry> Attacks { get; }

    /// <summary>Jobs the tables leave out, each with why: another configuration, or an earlier job-id version.</summary>
    public IReadOnlyList<(JobEntry Job, string Why)> LeftOut { get; }

    public RunRecord? Provenance { get; }

    /// <summary>The model jobs placed by method and block size, made once for every table and figure.</summary>
    public ResultsGrid Grid { get; }

    /// <summary>Every job folder in the tables: the models, then the attacks.</summary>
    public IReadOnlyList<JobEntry> AllJobs => [.. Jobs, .. Attacks];

    /// <summary>The model job of that id (an attack's target), or null when the folder has none.</summary>
    public JobEntry? Model(string? id) => id is null ? null : Jobs.FirstOrDefault(j => j.Id == id);

    /// <summary>What a reader of the report must know about the folder as a whole: the jobs left out, or nothing.</summary>
    public IReadOnlyList<string> Notes => LeftOut.GroupBy(l => l.Why)
        .Select(g => $"{(g.Count() == 1 ? "1 job" : $"{g.Count()} jobs")} of {Path} left out of the tables: {g.Key} "
                     + $"({string.Join(", ", g.Take(3).Select(l => l.Job.Id))}{(g.Count() > 3 ? ", …" : "")}); a results folder holds one configuration: "
                     + "move them to a folder of their own")
        .ToList();

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
            var leftOut = LeaveOut(entries);
            var kept = entries.Where(e => leftOut.All(l => l.Job != e)).ToList();
            return new ResultsFolder(experiment.Name, full, kept.Where(e => !e.IsAttack).ToList(), kept.Where(e => e.IsAttack).ToList(), leftOut, experiment.ReadRun());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ResultsFolderException($"results folder '{path}' cannot be read: {e.Message}", e);
        }
    }

    // The jobs that are not of the folder's configuration: that of most model jobs of this job-id version (the newest
    // on a tie). An attack goes with its target. A damaged job whose job.yaml cannot be read stays, marked damaged.
    private static List<(JobEntry Job, string Why)> LeaveOut(IReadOnlyList<JobEntry> entries)
    {
        var leftOut = entries.Where(e => e.EarlierVersion is not null)
            .Select(e => (e, $"an earlier job-id version ({e.EarlierVersion}; this pipeline writes {JobId.Version}), which it would train again under new ids"))
            .ToList();
        var current = entries.Where(e => e.EarlierVersion is null && e.Job is not null).ToList();
        var models = current.Where(e => !e.IsAttack).Select(e => (Entry: e, Configuration: JobConfiguration.Of(e.Job!))).ToList();
        if (models.Count == 0) return leftOut;
        var seed = models.OrderByDescending(m => models.Count(o => o.Configuration.AgreesWith(m.Configuration)))
            .ThenByDescending(m => Newest(m.Entry)).ThenBy(m => m.Entry.Id, StringComparer.Ordinal).First();
        var configuration = JobConfiguration.Of(models.Where(m => m.Configuration.AgreesWith(seed.Configuration)).Select(m => m.Entry.Job!));
        var excluded = new HashSet<string>();
        foreach (var entry in current.OrderBy(e => e.IsAttack))
        {
            var differences = configuration.DifferencesFrom(JobConfiguration.Of(entry.Job!));
            if (differences.Count == 0 && !(entry.Target is { } target && excluded.Contains(target))) continue;
            excluded.Add(entry.Id);
            leftOut.Add((entry, differences.Count == 0
                ? "attacks on a model of another configuration"
                : $"another configuration ({string.Join("; ", differences.Select(d => $"{d.Path} {d.There}, not {d.Here}"))})"));
        }
        return leftOut;
    }

    // When the job last ran, or was saved.
    private static DateTimeOffset Newest(JobEntry entry) =>
        entry.Status?.Started ?? File.GetLastWriteTimeUtc(entry.Folder.File(JobFolder.JobFile));
}
