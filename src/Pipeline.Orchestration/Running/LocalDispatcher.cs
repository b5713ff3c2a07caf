using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Pipeline.Orchestration.Jobs;

namespace Pipeline.Orchestration.Running;

/// <summary>
/// Runs attempts as child processes on this machine: a bounded channel feeds one reader per device slot
/// (<see cref="RunOptions.Slots"/>), each running one job at a time, in the round's order but for a job not yet ready,
/// which is passed over until a job that ends makes it ready (an attack is queued for the slots as soon as its model
/// has finished, behind the jobs already queued). A job whose lease another live process holds is passed over too, so
/// its slot runs other jobs, and is looked at again every few seconds: it runs here only if that process dies, never twice.
/// </summary>
public sealed partial class LocalDispatcher(RunOptions options, IReadOnlyList<Job> jobs, RunProgress progress, ILogger<LocalDispatcher> logger)
    : IJobDispatcher
{
    private static readonly TimeSpan LeasePoll = TimeSpan.FromSeconds(2);

    // By id, once: a job's id hashes its settings.
    private readonly Dictionary<string, string> labels = jobs.GroupBy(j => j.Id).ToDictionary(g => g.Key, g => g.First().Label);

    public async Task<IReadOnlyList<AttemptEnd>> RunAsync(int round, IReadOnlyList<JobFolder> folders, Func<JobFolder, bool> ready, CancellationToken stopping)
    {
        var slots = options.Slots();
        if (round == 1) LogSlots(logger, string.Join(", ", slots.Select(s => $"{s.Name} ({s.Threads} threads)")));
        var queue = Channel.CreateBounded<JobFolder>(new BoundedChannelOptions(slots.Count) { SingleWriter = true });
        var ends = new List<AttemptEnd>();
        // Jobs written and not yet ended, and a signal per ended job: only a job that ends can make another ready.
        var unended = 0;
        using var ended = new SemaphoreSlim(0);
        void End(AttemptEnd end)
        {
            lock (ends) ends.Add(end);
            Interlocked.Decrement(ref unended);
            ended.Release();
        }
        var readers = slots.Select(slot => Task.Run(() => Read(queue.Reader, slot, End, stopping), CancellationToken.None)).ToList();
        try
        {
            var waiting = folders.ToList();
            var elsewhere = new HashSet<string>();
            while (waiting.Count > 0)
            {
                // Read before looking for a ready job: a job that ends after this read also signals.
                var running = Volatile.Read(ref unended);
                var candidates = waiting.Where(ready).ToList();
                var next = candidates.FirstOrDefault(f => !HeldElsewhere(f, elsewhere));
                if (next is null)
                {
                    if (running == 0 && candidates.Count == 0) break;
                    // Until a job ends; while another worker holds a job this one could run, look again every few seconds.
                    await ended.WaitAsync(candidates.Count > 0 ? LeasePoll : Timeout.InfiniteTimeSpan, stopping);
                    continue;
                }
                waiting.Remove(next);
                Interlocked.Increment(ref unended);
                await queue.Writer.WriteAsync(next, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            queue.Writer.TryComplete();
            await Task.WhenAll(readers);
        }
        stopping.ThrowIfCancellationRequested();
        return ends;
    }

    private async Task Read(ChannelReader<JobFolder> reader, DeviceSlot slot, Action<AttemptEnd> ended, CancellationToken stopping)
    {
        try
        {
            await foreach (var folder in reader.ReadAllAsync(stopping))
            {
                using var scope = logger.BeginScope("job {JobId}", folder.Id);
                ended(await RunOne(folder, slot, stopping));
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>Whether another live process holds the job's lease; says so the first time.</summary>
    private bool HeldElsewhere(JobFolder folder, HashSet<string> said)
    {
        if (!JobLease.IsHeld(folder)) return false;
        if (said.Add(folder.Id)) LogElsewhere(logger, folder.Id, labels.GetValueOrDefault(folder.Id, folder.Id));
        return true;
    }

    private async Task<AttemptEnd> RunOne(JobFolder folder, DeviceSlot slot, CancellationToken stopping)
    {
        var label = labels.GetValueOrDefault(folder.Id, folder.Id);
        // Finished by another worker since it was queued, or taken by one just now: the folder says what to do.
        if (folder.IsFinished || JobLease.IsHeld(folder)) return AttemptEnd.Recheck(folder);
        LogStartingJob(logger, folder.Id, label, slot.Name, (folder.ReadStatus()?.Attempts ?? 0) + 1);
        progress.JobStarted(slot.Name, folder.Id, label);
        int exit;
        try
        {
            exit = await new ChildJob(options.JobCommand, logger, line => progress.JobLine(slot.Name, line)).RunAsync(folder.Path, slot.Device, slot.Threads, stopping);
        }
        finally
        {
            progress.JobEnded(slot.Name);
        }
        return exit switch
        {
            ExitCodes.Finished or ExitCodes.LeaseHeld => AttemptEnd.Recheck(folder),
            ExitCodes.Unavailable => new AttemptEnd(folder, AttemptOutcome.Unavailable),
            // A job that died without recording why (a signal, a native crash) crashed.
            _ => new AttemptEnd(folder, AttemptOutcome.Ended, FailureKind.Crash, $"the job process exited with code {exit} without recording a result"),
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "on {Slots}")]
    private static partial void LogSlots(ILogger logger, string slots);

    [LoggerMessage(Level = LogLevel.Information, Message = "job {JobId} ({Label}) starts on {Slot}, attempt {Attempt}")]
    private static partial void LogStartingJob(ILogger logger, string jobId, string label, string slot, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "job {JobId} ({Label}) is being run by another worker; running others meanwhile")]
    private static partial void LogElsewhere(ILogger logger, string jobId, string label);
}
