using Pipeline.Orchestration.Jobs;

namespace Pipeline.Reports.Results;

/// <summary>results/&lt;experiment&gt;/ as a report reads it: its jobs and the latest run's provenance (run.json).</summary>
public sealed record ResultsFolder(string Name, string Path, IReadOnlyList<JobEntry> Jobs, RunRecord? Provenance)
{
    public static ResultsFolder Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(full)) throw new ResultsFolderException($"results folder '{path}' does not exist");
        var experiment = new ExperimentFolder(full);
        if (!Directory.Exists(experiment.JobsDirectory))
            throw new ResultsFolderException($"results folder '{path}' has no jobs/ folder (expected results/<experiment>/ with jobs/<id>/ inside)");
        try
        {
            return new ResultsFolder(experiment.Name, full, experiment.Jobs().Select(JobEntry.Read).ToList(), experiment.ReadRun());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ResultsFolderException($"results folder '{path}' cannot be read: {e.Message}", e);
        }
    }
}
