using Pipeline.Orchestration.Jobs;
using Pipeline.Orchestration.Running;
using Pipeline.Orchestration.Tests;
using Pipeline.Tests.Shared;

namespace Pipeline.Cli.Tests;

/// <summary>
/// The out-of-memory retry a GPU takes when a pass does not fit, taken by a real job process on the CPU: the next
/// attempt takes at most half the images per pass of the one that failed, whether the recipe fixed that number or
/// accumulate: auto's search chose it.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class OutOfMemoryRetryTests : IDisposable
{
    private readonly TempProject project = new();

    public void Dispose() => project.Dispose();

    [Fact]
    public void AfterRunningOutOfMemoryTheNextAttemptTakesHalfThePassOfTheFailedOne()
    {
        var store = new ExperimentFolder(project.Path("results"), "t");
        var job = project.Jobs(TempProject.Edit("training: short", "training: {epochs: 1, batch_size: 16, lr: 0.01, accumulate: auto}")
                                   .Replace("block_sizes: [2, 4, 8]", "block_sizes: [2]").Replace("    - seed: 22\n", ""))
            .First(j => j is BaselineJob);
        var folder = store.Save(job with { Settings = job.Settings with { Dataset = job.Dataset with { Train = 20 } } });
        // What an attempt whose search chose 6 images per pass records when that pass then runs out of memory.
        folder.WriteStatus(JobStatus.Pending.WithFailure(FailureKind.Oom, "out of memory") with { Attempts = 1, MicroBatch = 6 });

        var code = PipelineProcess.Run(TimeSpan.FromMinutes(2), out var output, "job", folder.Path);

        Assert.True(code == ExitCodes.Finished, output);
        Assert.Contains("1 earlier out-of-memory failure(s): at most 3 images per pass, accumulated to batches of 16", output);
        Assert.Contains("3 images per pass, accumulated to batches of 16", output);
        Assert.Equal(3, folder.ReadStatus()!.MicroBatch);
    }
}
