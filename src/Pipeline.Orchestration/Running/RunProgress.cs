using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Orchestration.Running;

/// <summary>
/// What a live view shows of a run: jobs done out of total, per device the running job with its epoch, batch (or key
/// search query), training loss and estimated time left, and whether the run is stopping or was interrupted. Fed by
/// the worker from the job processes' log and <see cref="ProgressLines"/>; thread-safe.
/// </summary>
public sealed partial class RunProgress(int total)
{
    private readonly object gate = new();
    private readonly Dictionary<string, DeviceSlot> slots = new();
    private readonly List<TimeSpan> jobDurations = new();
    private readonly Queue<string> events = new();
    private int finished, failed;
    private RunState state = RunState.Running;
    private int unfinished;

    public int Total { get; } = total;

    public void JobStarted(string device, string jobId, string label)
    {
        lock (gate) slots[device] = new DeviceSlot(jobId, label, DateTimeOffset.UtcNow);
    }

    /// <summary>Reads the job's "epoch 3/100: train loss 0.1234, …" log lines, its progress lines and its interruption.</summary>
    public void JobLine(string device, string line)
    {
        lock (gate)
        {
            if (!slots.TryGetValue(device, out var slot)) return;
            if (EpochLine().Match(line) is { Success: true } epoch)
                slots[device] = slot with { Epoch = Int(epoch, 1), Epochs = Int(epoch, 2), Loss = double.Parse(epoch.Groups[3].Value, CultureInfo.InvariantCulture) };
            else if (BatchLine().Match(line) is { Success: true } batch)
                slots[device] = slot with { Epoch = Int(batch, 1) - 1, Epochs = Int(batch, 2), Batch = Int(batch, 3), Batches = Int(batch, 4) };
            else if (QueryLine().Match(line) is { Success: true } query)
                slots[device] = slot with { Query = Int(query, 1), Queries = Int(query, 2) };
            else if (line.Contains("interrupted: checkpoint written", StringComparison.Ordinal))
                AddEvent($"{slot.Label}: interrupted, checkpoint written");
        }
    }

    /// <summary>The device's job process exited (finished, failed, or will be retried).</summary>
    public void JobEnded(string device)
    {
        lock (gate)
            if (slots.Remove(device, out var slot)) jobDurations.Add(DateTimeOffset.UtcNow - slot.Started);
    }

    /// <summary>A job is done with: finished (now or earlier) or failed for good.</summary>
    public void JobSettled(bool success, string label, string message)
    {
        lock (gate)
        {
            if (success) finished++;
            else failed++;
            AddEvent($"{label}: {message}");
        }
    }

    /// <summary>A stop was asked for (Ctrl+C, SIGTERM): running jobs write their checkpoints.</summary>
    public void Stopping()
    {
        lock (gate)
        {
            if (state != RunState.Running) return;
            state = RunState.Stopping;
            AddEvent("stopping: running jobs write their checkpoints");
        }
    }

    /// <summary>The worker is done: the last frame says how the run ended.</summary>
    public void Ended(int finishedJobs, int failedJobs, int unfinishedJobs)
    {
        lock (gate)
        {
            (finished, failed, unfinished) = (finishedJobs, failedJobs, unfinishedJobs);
            state = state == RunState.Stopping ? RunState.Interrupted : RunState.Done;
            slots.Clear();
        }
    }

    public ProgressSnapshot Snapshot()
    {
        lock (gate)
        {
            var now = DateTimeOffset.UtcNow;
            var running = slots.Select(s => new RunningJob(s.Key, s.Value.JobId, s.Value.Label, s.Value.Epoch, s.Value.Epochs, s.Value.Loss,
                                                           now - s.Value.Started, state == RunState.Running ? Remaining(s.Value, now) : null)
                {
                    Batch = s.Value.Batch, Batches = s.Value.Batches, Query = s.Value.Query, Queries = s.Value.Queries,
                }).OrderBy(r => r.Device).ToList();
            return new ProgressSnapshot(Total, finished, failed, running, state == RunState.Running ? EstimateRun(running) : null, events.ToList())
            {
                State = state, Unfinished = unfinished,
            };
        }
    }

    // A running job's time left from its share done so far; before any, from finished jobs' durations.
    private TimeSpan? Remaining(DeviceSlot slot, DateTimeOffset now)
    {
        if (slot.Done is > 0 and var done) return (now - slot.Started) * ((1 - done) / done);
        return jobDurations.Count > 0 ? Average() - (now - slot.Started) : null;
    }

    private TimeSpan? EstimateRun(IReadOnlyList<RunningJob> running)
    {
        if (jobDurations.Count == 0) return null;
        var waiting = Total - finished - failed - running.Count;
        var lanes = Math.Max(1, Math.Max(running.Count, slots.Count));
        var current = running.Select(r => r.Remaining ?? TimeSpan.Zero).DefaultIfEmpty(TimeSpan.Zero).Max();
        return current + Average() * Math.Ceiling((double)Math.Max(0, waiting) / lanes);
    }

    private TimeSpan Average() => TimeSpan.FromTicks((long)jobDurations.Average(d => d.Ticks));

    private void AddEvent(string text)
    {
        events.Enqueue($"{DateTime.Now:HH:mm:ss} {text}");
        while (events.Count > 5) events.Dequeue();
    }

    private static int Int(Match match, int group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"epoch (\d+)/(\d+): train loss ([0-9.eE+-]+|NaN)")]
    private static partial Regex EpochLine();

    [GeneratedRegex(@"^progress: epoch (\d+)/(\d+) batch (\d+)/(\d+)$")]
    private static partial Regex BatchLine();

    [GeneratedRegex(@"^progress: query (\d+)/(\d+)$")]
    private static partial Regex QueryLine();

    private sealed record DeviceSlot(string JobId, string Label, DateTimeOffset Started, int Epoch = 0, int Epochs = 0, double? Loss = null)
    {
        public int Batch { get; init; }
        public int Batches { get; init; }
        public int Query { get; init; }
        public int Queries { get; init; }

        /// <summary>The share of the job done: epochs and the batches of the current one, or queries made.</summary>
        public double Done => Queries > 0 ? (double)Query / Queries
            : Epochs > 0 ? (Epoch + (Batches > 0 ? (double)Batch / Batches : 0)) / Epochs
            : 0;
    }
}

/// <summary>Where a run stands: running, stopping after a stop request, or ended (done, or interrupted by the stop).</summary>
public enum RunState
{
    Running,
    Stopping,
    Done,
    Interrupted,
}

/// <param name="Epoch">Epochs completed.</param>
public sealed record RunningJob(string Device, string JobId, string Label, int Epoch, int Epochs, double? Loss, TimeSpan Elapsed, TimeSpan? Remaining)
{
    /// <summary>The batch done within the current epoch (Epoch + 1), of Batches; 0 before the first.</summary>
    public int Batch { get; init; }
    public int Batches { get; init; }

    /// <summary>A key estimation's queries made, of Queries.</summary>
    public int Query { get; init; }
    public int Queries { get; init; }
}

public sealed record ProgressSnapshot(int Total, int Finished, int Failed, IReadOnlyList<RunningJob> Running, TimeSpan? Remaining, IReadOnlyList<string> RecentEvents)
{
    public RunState State { get; init; }

    /// <summary>Once the run has ended: the jobs left pending (a stop leaves the interrupted ones pending, with their checkpoints).</summary>
    public int Unfinished { get; init; }
}
