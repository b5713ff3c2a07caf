using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Orchestration.Running;

/// <summary>
/// What a live view shows of a run: jobs done out of total, and per device the running job with its epoch,
/// training loss and estimated time left. Fed by the worker from the job processes' log lines; thread-safe.
/// </summary>
public sealed partial class RunProgress(int total)
{
    private readonly object gate = new();
    private readonly Dictionary<string, DeviceSlot> slots = new();
    private readonly List<TimeSpan> jobDurations = new();
    private readonly Queue<string> events = new();
    private int finished, failed;

    public int Total { get; } = total;

    public void JobStarted(string device, string jobId, string label)
    {
        lock (gate) slots[device] = new DeviceSlot(jobId, label, DateTimeOffset.UtcNow);
    }

    /// <summary>Reads "epoch 3/100: train loss 0.1234, …" lines of the job's log.</summary>
    public void JobLine(string device, string line)
    {
        var match = EpochLine().Match(line);
        if (!match.Success) return;
        lock (gate)
            if (slots.TryGetValue(device, out var slot))
                slots[device] = slot with
                {
                    Epoch = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
                    Epochs = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture),
                    Loss = double.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture),
                };
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

    public ProgressSnapshot Snapshot()
    {
        lock (gate)
        {
            var now = DateTimeOffset.UtcNow;
            var running = slots.Select(s => new RunningJob(s.Key, s.Value.JobId, s.Value.Label, s.Value.Epoch, s.Value.Epochs, s.Value.Loss,
                                                           now - s.Value.Started, Remaining(s.Value, now))).OrderBy(r => r.Device).ToList();
            return new ProgressSnapshot(Total, finished, failed, running, EstimateRun(running), events.ToList());
        }
    }

    // A running job's time left from its epochs so far; before its first epoch, from finished jobs' durations.
    private TimeSpan? Remaining(DeviceSlot slot, DateTimeOffset now)
    {
        if (slot.Epoch > 0 && slot.Epochs > 0) return (now - slot.Started) / slot.Epoch * (slot.Epochs - slot.Epoch);
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

    [GeneratedRegex(@"epoch (\d+)/(\d+): train loss ([0-9.eE+-]+|NaN)")]
    private static partial Regex EpochLine();

    private sealed record DeviceSlot(string JobId, string Label, DateTimeOffset Started, int Epoch = 0, int Epochs = 0, double? Loss = null);
}

public sealed record RunningJob(string Device, string JobId, string Label, int Epoch, int Epochs, double? Loss, TimeSpan Elapsed, TimeSpan? Remaining);

public sealed record ProgressSnapshot(int Total, int Finished, int Failed, IReadOnlyList<RunningJob> Running, TimeSpan? Remaining, IReadOnlyList<string> RecentEvents);
