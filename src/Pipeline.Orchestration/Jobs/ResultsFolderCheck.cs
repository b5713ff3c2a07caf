namespace Pipeline.Orchestration.Jobs;

/// <summary>
/// What an experiment's results folder already holds, against the jobs a run of the experiment would add: its own
/// jobs' files that are damaged, and the folder's other jobs, of an earlier job-id version, of another configuration
/// (<see cref="JobConfiguration"/>) or of another grid. A results folder holds one configuration, so that its tables
/// never average unlike models into one cell; `pipeline run` refuses what would break that before anything trains.
/// </summary>
public sealed class ResultsFolderCheck
{
    private ResultsFolderCheck(ExperimentFolder folder)
    {
        Folder = folder;
    }

    public ExperimentFolder Folder { get; }

    /// <summary>One line per damaged file, naming it and what to do.</summary>
    public List<string> Damaged { get; } = [];

    /// <summary>Folders of jobs of an earlier id version, with that version.</summary>
    public List<(JobFolder Folder, string Version)> Earlier { get; } = [];

    /// <summary>Jobs of another configuration, with the settings that differ (path, value in the folder, value here).</summary>
    public List<(JobFolder Folder, IReadOnlyList<(string Path, string There, string Here)> Differences)> OtherConfiguration { get; } = [];

    /// <summary>Jobs of this configuration that the experiment does not have (another grid point or attack).</summary>
    public List<Job> OtherGrid { get; } = [];

    /// <summary>How many of the experiment's jobs the folder already has, and how many it would gain.</summary>
    public int Existing { get; private set; }
    public int Adding { get; private set; }

    public static ResultsFolderCheck Of(ExperimentFolder folder, IReadOnlyList<Job> jobs)
    {
        var check = new ResultsFolderCheck(folder);
        var ids = jobs.Select(j => j.Id).ToHashSet();
        var configuration = JobConfiguration.Of(jobs);
        var present = folder.Jobs();
        foreach (var job in present)
        {
            try
            {
                if (ids.Contains(job.Id))
                {
                    // Its job.yaml is written again; what it recorded must be readable.
                    check.Existing++;
                    job.ReadStatus();
                    job.ReadMetrics();
                    continue;
                }
                var other = job.ReadJobWithoutKey();
                var differences = configuration.DifferencesFrom(JobConfiguration.Of(other));
                if (differences.Count > 0) check.OtherConfiguration.Add((job, differences));
                else check.OtherGrid.Add(other);
            }
            catch (EarlierJobVersionException e)
            {
                check.Earlier.Add((job, e.Version));
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                check.Damaged.Add(e is FileNotFoundException or DirectoryNotFoundException
                    ? $"{job.Path} is not a job (it has no {JobFolder.JobFile}); move it out of {folder.JobsDirectory}"
                    : e.Message);
            }
        }
        check.Adding = jobs.Select(j => j.Id).Distinct().Count() - check.Existing;
        return check;
    }

    /// <summary>
    /// Why a run of the experiment must not start here, one line each with what to do; empty when it may.
    /// <paramref name="addJobs"/> allows jobs of this configuration that the experiment does not have.
    /// </summary>
    public IReadOnlyList<string> Refusals(bool addJobs)
    {
        var lines = new List<string>(Damaged);
        const string elsewhere = "give this experiment another folder: another name: in it (results/<name>/), or --results DIR";
        if (Earlier.Count > 0)
            lines.Add($"{Folder.Path} holds {Count(Earlier.Count)} of an earlier job-id version ({string.Join(", ", Earlier.Select(e => e.Version).Distinct())}; "
                      + $"this pipeline writes {JobId.Version}), which it would train again under new ids and the report would count twice; "
                      + $"move {Folder.Path} aside (its report stays readable), or {elsewhere}");
        if (OtherConfiguration.Count > 0)
        {
            var differences = OtherConfiguration.SelectMany(o => o.Differences).Distinct()
                .Select(d => $"{d.Path} {d.There} there, {d.Here} here").ToList();
            lines.Add($"{Folder.Path} holds {Count(OtherConfiguration.Count)} of another configuration ({Some(differences)}); a results folder holds one "
                      + $"configuration, so that its tables never average unlike models; {elsewhere}, or move those jobs out");
        }
        if (OtherGrid.Count > 0 && !addJobs)
            lines.Add($"{Folder.Path} holds {Count(OtherGrid.Count)} of this configuration that this experiment does not have ({Some(OtherGrid.Select(j => j.Label).ToList())}), "
                      + $"which its report would show beside this experiment's; to add this experiment's jobs to them, run again with --add-jobs; else {elsewhere}");
        return lines;
    }

    private static string Count(int jobs) => jobs == 1 ? "1 job" : $"{jobs} jobs";

    private static string Some(IReadOnlyList<string> items) =>
        string.Join("; ", items.Take(3)) + (items.Count > 3 ? $"; and {items.Count - 3} more" : "");
}
