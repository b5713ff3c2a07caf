using Pipeline.Method.Attacks;
using System.Text.Json;
using Pipeline.Method;
using Pipeline.Orchestration.Jobs;

namespace Pipeline.Orchestration.Tests;

/// <summary>
/// results/examples/quick holds every kind of job as this pipeline wrote it (the models of four methods and the
/// baseline, fine-tuning, from scratch, key estimation): read back, each job is the job its folder is named after and
/// writes the same job.yaml, and each metrics.json reads and writes back byte for byte. So a change to the job or
/// metrics types that would orphan a user's results, or rewrite them differently, fails here.
/// </summary>
public sealed class ExampleResultsTests
{
    private static string Repository([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));

    private static string[] Folders() => Directory.GetDirectories(Path.Combine(Repository(), "results", "examples", "quick", "jobs")).Order(StringComparer.Ordinal).ToArray();

    public static TheoryData<string> Jobs() => new(Folders());

    [Theory]
    [MemberData(nameof(Jobs))]
    public void AJobWrittenByThisPipelineReadsBackAsItselfAndWritesTheSameFiles(string path)
    {
        var folder = new JobFolder(path);

        var job = folder.ReadJobWithoutKey();

        Assert.Equal(folder.Id, job.Id);
        Assert.Equal(File.ReadAllText(folder.File(JobFolder.JobFile)), JobYaml.Serialize(job));
        var metrics = File.ReadAllText(folder.File(JobFolder.MetricsFile));
        Assert.Equal(metrics, JsonSerializer.Serialize(folder.ReadMetrics(), JsonFiles.Options));
    }

    [Fact]
    public void TheExampleHoldsEveryKindOfJob()
    {
        var jobs = Folders().Select(p => new JobFolder(p).ReadJobWithoutKey()).ToList();

        Assert.Equal(["baseline", "ffx", "fmp", "np", "shf"], jobs.Where(j => j.Attack is null).Select(j => j.Method).Distinct().Order());
        Assert.Equal(["fine_tuning", "from_scratch", "key_estimation"], jobs.Select(j => j.Attack).OfType<AttackKind>().Select(k => EnumNames.Of(k)).Distinct().Order());
    }
}
