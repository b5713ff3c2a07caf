using Pipeline.Tests.Shared;
using System.Text.Json;
using Pipeline.Orchestration.Jobs;
using Pipeline.TorchExtensions;

namespace Pipeline.Orchestration.Tests;

public sealed class JobFolderTests : IDisposable
{
    private readonly TempProject project = new();

    public void Dispose() => project.Dispose();

    private ExperimentFolder Store => new(project.Path("results"), "t");

    private Job JobOf(string method = "ffx") => GridExpander.Expand(project.Load().Experiment, Store.Fingerprinter()).First(j => j.Method == method);

    [UnixFact]
    public void SaveLaysOutTheJobFolder()
    {
        var job = JobOf();

        var folder = Store.Save(job);

        Assert.Equal(project.Path($"results/t/jobs/{job.Id}"), folder.Path);
        Assert.Equal(["job.yaml", "key.secret", "status.json"], Directory.EnumerateFiles(folder.Path).Select(Path.GetFileName).Order());
        Assert.Equal(TempProject.OwnerOnly, TempProject.ModeOf(folder.File(JobFolder.KeyFile)));
        Assert.Equal("11", File.ReadAllText(folder.File(JobFolder.KeyFile)).Trim());
        Assert.DoesNotContain("seed: 11", File.ReadAllText(folder.File(JobFolder.JobFile)));
        Assert.Equal(JobState.Pending, Store.Job(job.Id).State);
    }

    [Theory]
    [InlineData("not hex at all, and long enough to pass for one")]
    [InlineData("0123456789abcdef0123456789abcdef0")]
    [InlineData("0123456789abcdef")]
    public void ADamagedFingerprintSecretIsNamedNotACrash(string content)
    {
        Store.Fingerprinter(); // writes a good secret, which the test then damages
        File.WriteAllText(Store.FingerprintSecretFile, content);

        var e = Assert.Throws<InvalidDataException>(() => Store.ExistingFingerprinter());

        Assert.StartsWith($"{Store.FingerprintSecretFile} is not a fingerprint secret", e.Message);
    }

    [Fact]
    public void ReadJobRestoresTheSeed()
    {
        var job = JobOf();
        var folder = Store.Save(job);

        var back = folder.ReadJob();

        Assert.Equal(job, back);
        Assert.Equal(11, back.Keyed()!.Key!.Seed);
    }

    [Fact]
    public void TheBaselineHasNoKeyFile()
    {
        var folder = Store.Save(JobOf("baseline"));

        Assert.False(File.Exists(folder.File(JobFolder.KeyFile)));
        Assert.Null(folder.ReadJob().Keyed()?.Key);
    }

    [Fact]
    public void AKeyFileThatDoesNotMatchTheFingerprintIsRejected()
    {
        var folder = Store.Save(JobOf());
        File.WriteAllText(folder.File(JobFolder.KeyFile), "12\n");

        Assert.Throws<InvalidDataException>(folder.ReadJob);
    }

    [Fact]
    public void AnEditedJobFileNoLongerMatchesItsFolder()
    {
        var folder = Store.Save(JobOf());
        var yaml = File.ReadAllText(folder.File(JobFolder.JobFile));
        File.WriteAllText(folder.File(JobFolder.JobFile), yaml.Replace("lr: 0.01", "lr: 0.02"));

        var e = Assert.Throws<InvalidDataException>(folder.ReadJob);
        Assert.Contains("edited or moved", e.Message);
    }

    [Fact]
    public void SavingAgainKeepsTheRecordedStatus()
    {
        var job = JobOf();
        var folder = Store.Save(job);
        folder.WriteStatus(new JobStatus { State = JobState.Finished, Attempts = 2, Device = "cpu" });

        Store.Save(job);

        Assert.Equal(JobState.Finished, Store.Job(job.Id).State);
    }

    [Fact]
    public void StatusJsonUsesSnakeCaseAndLowerCaseNames()
    {
        var folder = Store.Job("0123456789abcdef");
        var started = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var status = new JobStatus
        {
            State = JobState.Failed, Attempts = 3, FailureKind = FailureKind.Oom, Started = started, Finished = started.AddHours(1),
            Device = "cuda:1", Message = "CUDA out of memory",
        };

        folder.WriteStatus(status);

        using var json = JsonDocument.Parse(File.ReadAllText(folder.File(JobFolder.StatusFile)));
        Assert.Equal("failed", json.RootElement.GetProperty("state").GetString());
        Assert.Equal("oom", json.RootElement.GetProperty("failure_kind").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("attempts").GetInt32());
        Assert.Equal(status, folder.ReadStatus());
    }

    [Fact]
    public void AnUnknownJobIsPendingAndHasNoFolder()
    {
        Assert.Equal(JobState.Pending, Store.Job("0123456789abcdef").State);
        Assert.False(Directory.Exists(project.Path("results")));
    }

    [Fact]
    public void AtomicWritesLeaveNoTemporaryFiles()
    {
        var file = project.Path("a.txt");

        AtomicFile.WriteAllText(file, "one");
        AtomicFile.WriteAllText(file, "two");

        Assert.Equal("two", File.ReadAllText(file));
        Assert.Equal([file], Directory.EnumerateFiles(project.Root));
    }

    [UnixFact]
    public void AtomicWriteReplacesTheModeOfAnExistingFile()
    {
        var file = TempProject.SetMode(project.Write("secret", "old"), TempProject.WorldReadable);

        AtomicFile.WriteAllText(file, "new", TempProject.OwnerOnly);

        Assert.Equal(TempProject.OwnerOnly, TempProject.ModeOf(file));
    }

    [Fact]
    public async Task ReadersNeverSeeAHalfWrittenFile()
    {
        var file = project.Path("status.json");
        var contents = new[] { new string('a', 1 << 20), new string('b', 1 << 20) };
        AtomicFile.WriteAllText(file, contents[0]);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 50; i++) AtomicFile.WriteAllText(file, contents[i % 2]);
            stop.Cancel();
        });

        var reads = 0;
        while (!stop.IsCancellationRequested)
        {
            var text = File.ReadAllText(file);
            Assert.True(text == contents[0] || text == contents[1], $"torn read of {text.Length} characters");
            reads++;
        }
        await writer;
        Assert.True(reads > 0);
    }
}
