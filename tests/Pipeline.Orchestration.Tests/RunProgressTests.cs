using Pipeline.Orchestration.Running;

namespace Pipeline.Orchestration.Tests;

public class RunProgressTests
{
    [Fact]
    public void TracksEpochLossAndCountsFromJobLogLines()
    {
        var progress = new RunProgress(total: 3);
        progress.JobSettled(true, "baseline", "finished earlier");
        progress.JobStarted("cuda:0", "abc", "shf M=4");
        progress.JobLine("cuda:0", "[abc] job abc: shf M=4, fcn_resnet18");
        progress.JobLine("cuda:0", "[abc] epoch 3/10: train loss 0.4321, validation loss 0.5, lr 0.01, 2.0 s");

        var snapshot = progress.Snapshot();

        Assert.Equal((3, 1, 0), (snapshot.Total, snapshot.Finished, snapshot.Failed));
        var running = Assert.Single(snapshot.Running);
        Assert.Equal(("cuda:0", "abc", 3, 10, 0.4321), (running.Device, running.JobId, running.Epoch, running.Epochs, running.Loss!.Value));
        // Three epochs took the elapsed time so far; seven more take seven thirds of it.
        Assert.Equal(running.Elapsed.TotalSeconds * 7 / 3, running.Remaining!.Value.TotalSeconds, 3);
        Assert.Contains(snapshot.RecentEvents, e => e.EndsWith("baseline: finished earlier"));
    }

    [Fact]
    public void AnEndedJobLeavesItsDeviceAndFeedsTheEstimate()
    {
        var progress = new RunProgress(total: 4);
        progress.JobStarted("cpu", "a", "np M=2");
        Assert.Null(progress.Snapshot().Remaining);
        progress.JobEnded("cpu");
        progress.JobSettled(false, "np M=2", "failed: boom");

        var snapshot = progress.Snapshot();

        Assert.Empty(snapshot.Running);
        Assert.Equal(1, snapshot.Failed);
        Assert.NotNull(snapshot.Remaining);
        Assert.Contains(snapshot.RecentEvents, e => e.EndsWith("np M=2: failed: boom"));
    }

    [Fact]
    public void BatchAndQueryLinesSayWhereAJobIsBeforeItsFirstEpochEnds()
    {
        var progress = new RunProgress(total: 2);
        progress.JobStarted("cpu/1", "a", "shf M=4");
        progress.JobStarted("cpu/2", "b", "key estimation of shf M=4");
        progress.JobLine("cpu/1", "progress: epoch 1/4 batch 3/12");
        progress.JobLine("cpu/2", "progress: query 5/20");

        var snapshot = progress.Snapshot();

        var training = snapshot.Running.Single(r => r.Device == "cpu/1");
        Assert.Equal((0, 4, 3, 12), (training.Epoch, training.Epochs, training.Batch, training.Batches));
        // A quarter of an epoch of four: a sixteenth done, fifteen sixteenths left.
        Assert.Equal(training.Elapsed.TotalSeconds * 15, training.Remaining!.Value.TotalSeconds, 3);
        var search = snapshot.Running.Single(r => r.Device == "cpu/2");
        Assert.Equal((5, 20), (search.Query, search.Queries));
        Assert.Equal(search.Elapsed.TotalSeconds * 3, search.Remaining!.Value.TotalSeconds, 3);
    }

    [Fact]
    public void AStoppedRunEndsInterruptedWithoutAnEstimate()
    {
        var progress = new RunProgress(total: 2);
        progress.JobStarted("cpu", "a", "np M=2");
        progress.JobLine("cpu", "[a] epoch 1/8: train loss 0.5, validation loss 0.6, lr 0.01, 1.0 s");
        progress.JobEnded("cpu");
        progress.JobSettled(true, "baseline", "finished earlier");
        progress.JobStarted("cpu", "a", "np M=2");

        progress.Stopping();
        var stopping = progress.Snapshot();
        progress.JobLine("cpu", "[a] interrupted: checkpoint written, the next run resumes from it");
        progress.Ended(finishedJobs: 1, failedJobs: 0, unfinishedJobs: 1);
        var ended = progress.Snapshot();

        Assert.Equal(RunState.Stopping, stopping.State);
        Assert.Null(stopping.Remaining);
        Assert.All(stopping.Running, r => Assert.Null(r.Remaining));
        Assert.Equal((RunState.Interrupted, 1, 1), (ended.State, ended.Finished, ended.Unfinished));
        Assert.Empty(ended.Running);
        Assert.Null(ended.Remaining);
        Assert.Contains(ended.RecentEvents, e => e.EndsWith("np M=2: interrupted, checkpoint written"));
    }
}
