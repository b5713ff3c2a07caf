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
}
