using System.Text.Json;
using Pipeline.Method.Evaluation;

namespace Pipeline.Reports.Results;

/// <summary>results/&lt;experiment&gt;/: its jobs (jobs/&lt;id&gt;/) and the run's provenance (run.json).</summary>
public sealed record ResultsFolder(string Name, string Path, IReadOnlyList<JobEntry> Jobs, RunProvenance? Provenance)
{
    public static ResultsFolder Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(full)) throw new ResultsFolderException($"results folder '{path}' does not exist");
        var jobs = System.IO.Path.Combine(full, "jobs");
        if (!Directory.Exists(jobs))
            throw new ResultsFolderException($"results folder '{path}' has no jobs/ folder (expected results/<experiment>/ with jobs/<id>/ inside)");
        try
        {
            var entries = Directory.GetDirectories(jobs).Order(StringComparer.Ordinal).Select(LoadJob).ToList();
            return new ResultsFolder(
                System.IO.Path.GetFileName(full.TrimEnd(System.IO.Path.DirectorySeparatorChar)), full, entries,
                RunProvenance.From(LooseDocument.TryRead(System.IO.Path.Combine(full, "run.json"))));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ResultsFolderException($"results folder '{path}' cannot be read: {e.Message}", e);
        }
    }

    private static JobEntry LoadJob(string folder)
    {
        var status = LooseDocument.TryRead(System.IO.Path.Combine(folder, "status.json"));
        var job = LooseDocument.TryRead(System.IO.Path.Combine(folder, "job.yaml"));
        var (metrics, problem) = ReadMetrics(System.IO.Path.Combine(folder, "metrics.json"));
        string? Field(params string[] names) => status?.String(names) ?? job?.String(names);
        int? blockSize = metrics is null ? status?.Int("block_size") ?? job?.Int("block_size") : metrics.BlockSize;
        return new JobEntry(
            System.IO.Path.GetFileName(folder),
            (metrics?.Method ?? Field("method"))?.ToLowerInvariant(),
            blockSize,
            metrics?.KeyFingerprint ?? Field("key_fingerprint", "fingerprint"),
            JobStatus.From(status),
            metrics,
            problem);
    }

    // A damaged metrics.json must not stop the report: the job shows the problem and its cell stays pending.
    private static (JobMetrics?, string?) ReadMetrics(string path)
    {
        if (!File.Exists(path)) return (null, null);
        try
        {
            return (JsonSerializer.Deserialize<JobMetrics>(File.ReadAllText(path), MetricsJson.Options), null);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return (null, $"metrics.json unreadable: {e.Message}");
        }
    }
}
