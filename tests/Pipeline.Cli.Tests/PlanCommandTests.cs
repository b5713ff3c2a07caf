using Pipeline.Tests.Shared;
using Pipeline.Orchestration.Tests;
using System.CommandLine;
using Pipeline.Cli.Commands;
using Pipeline.Orchestration.Jobs;

namespace Pipeline.Cli.Tests;

public sealed class PlanCommandTests : IDisposable
{
    private readonly TempProject project = new();

    public void Dispose() => project.Dispose();

    private static (int Code, string Output, string Error) Plan(string file, string? results = null, params string[] overrides)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = PlanCommand.Run(file, results, overrides, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void ListsEveryJobWithItsFingerprintAndState()
    {
        var file = project.WriteExperiment();

        var (code, output, error) = Plan(file);
        var jobs = GridExpander.Expand(project.Load().Experiment, new ExperimentFolder(project.Path("results"), "t").ExistingFingerprinter()!);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal(["ID", "METHOD", "M", "KEY", "ATTACK", "STATE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(jobs.Count + 2, lines.Length);
        foreach (var job in jobs)
            Assert.Contains(lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is var cells
                && cells.SequenceEqual([job.Id, job.Method, JobRecord.Of(job).BlockSize?.ToString() ?? "-", JobRecord.Of(job).KeyFingerprint ?? "-", "-", "pending"]));
        Assert.StartsWith($"19 jobs (19 pending) in {project.Path("results/t/jobs")}", lines[^1]);
        // Only the experiment's fingerprint secret, so that the ids shown are the ones a run will use.
        Assert.Equal([project.Path("results/t/fingerprint.secret")], Directory.EnumerateFiles(project.Path("results"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void AttackJobsShowTheirKindAndShare()
    {
        var file = project.WriteExperiment(TempProject.Experiment + """

            attacks:
              methods: [np]
              block_sizes: [8]
              fine_tuning: {fractions: [0.25], epochs: 1}
              key_estimation: {random_keys: 3}
            """);

        var (code, output, _) = Plan(file);

        Assert.Equal(0, code);
        var rows = output.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(c => c.Length > 4).ToList();
        Assert.Equal(2, rows.Count(c => c[1] == "np" && c[2] == "8" && c[4] == "fine_tuning"));
        Assert.Equal(2, rows.Count(c => c[1] == "np" && c[2] == "8" && c[4] == "key_estimation"));
        Assert.Single(rows, c => c[1] == "baseline" && c[4] == "from_scratch" && c[5] == "25%");
        Assert.Contains("24 jobs (24 pending)", output);
    }

    [Fact]
    public void ShowsStatesFromTheResultsFolder()
    {
        var file = project.WriteExperiment();
        var job = GridExpander.Expand(project.Load().Experiment, new ExperimentFolder(project.Path("elsewhere"), "t").Fingerprinter())[3];
        var folder = new ExperimentFolder(project.Path("elsewhere"), "t").Save(job);
        folder.WriteStatus(new JobStatus { State = JobState.Finished, Attempts = 1 });
        folder.WriteMetrics(TinyMetrics.For(job));

        var (code, output, _) = Plan(file, project.Path("elsewhere/t"));

        Assert.Equal(0, code);
        Assert.Contains(output.Split('\n'), l => l.StartsWith(job.Id) && l.TrimEnd().EndsWith("finished"));
        Assert.Contains("19 jobs (18 pending, 1 finished)", output);
    }

    [Fact]
    public void ABadExperimentExitsWith2PrintsEveryErrorAndWritesNothing()
    {
        var file = project.WriteExperiment(TempProject.Experiment
            .Replace("block_sizes: [2, 4, 8]", "block_sizes: [2, 4, 24]").Replace("methods: [shf, np, ffx]", "methods: [shf, nps, ffx]"));
        var before = project.Files();

        var (code, output, error) = Plan(file);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        var lines = error.TrimEnd().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith($"{file}:7:18: grid.methods[1]: unknown method 'nps'", lines[0]);
        Assert.StartsWith($"{file}:8:23: grid.block_sizes[2]: block size 24", lines[1]);
        Assert.Equal("pipeline plan: 2 error(s); nothing was run or written", lines[2]);
        Assert.Equal(before, project.Files());
    }

    [UnixFact]
    public void WarningsGoToStandardError()
    {
        var keys = TempProject.SetMode(project.Write("keys.yaml", "alice: 11\n"), TempProject.WorldReadable);
        var file = project.WriteExperiment(TempProject.Experiment.Replace("- seed: 11", "- name: alice")
            .Replace("baseline: true", "baseline: true\n  key_file: keys.yaml"));

        var (code, _, error) = Plan(file);

        Assert.Equal(0, code);
        Assert.StartsWith($"warning: {keys}: the key file can be read or written by others than you (mode 0644)", error);
    }

    [Fact]
    public void TheCommandLineParsesAndReturnsTheExitCode()
    {
        var file = project.WriteExperiment("grid: {baseline: maybe}");
        var root = new RootCommand { PlanCommand.Create() };

        Assert.Equal(2, root.Parse(["plan", file, "--results", project.Path("results")]).Invoke());
        Assert.False(Directory.Exists(project.Path("results")));
    }
}
