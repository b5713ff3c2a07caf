using System.Diagnostics;

namespace Pipeline.Orchestration.Running;

/// <summary>
/// The lines a job process prints between its log lines so that a live view can show where it is within an epoch or
/// a key search: "progress: epoch 2/8 batch 5/16", "progress: query 12/64", at most one a second and always the last
/// of an epoch. The worker reads them (<see cref="RunProgress.JobLine"/>) and keeps them out of every log.
/// </summary>
public sealed class ProgressLines(TextWriter console)
{
    public const string Prefix = "progress: ";

    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);
    private readonly Stopwatch sinceLast = Stopwatch.StartNew();

    /// <summary>For <see cref="Jobs.TrainingRunner.BatchCompleted"/>: (epoch from 0, batch from 0, batches per epoch).</summary>
    public Action<int, int, int> Batch(int epochs) => (epoch, batch, batches) =>
        Write($"epoch {epoch + 1}/{epochs} batch {batch + 1}/{batches}", batch + 1 == batches);

    /// <summary>For <see cref="Jobs.KeyEstimationRunner.QueryCompleted"/>: (queries made, queries in all).</summary>
    public void Query(int done, int all) => Write($"query {done}/{all}", done == all);

    private void Write(string text, bool last)
    {
        if (!last && sinceLast.Elapsed < Every) return;
        sinceLast.Restart();
        console.WriteLine(Prefix + text);
    }
}
