using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Pipeline.Orchestration.Jobs;

namespace Pipeline.Orchestration.Running;

/// <summary>
/// Runs attempts as child processes on this machine: a bounded channel feeds one reader per device slot
/// (<see cref="RunOptions.Slots"/>), each running one job at a time, in the round's order but for a job not yet ready,
/// which is passed over until a job that ends makes it ready (an attack is queued for the slots as soon as its model
/// has finished, behind the jobs already queued). A job whose lease another live process holds is waited for, never run twice.
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
            while (waiting.Count > 0)
            {
                // Read before looking for a ready job: a job that ends after this read also signals.
                var running = Volatile.Read(ref unended);
                var next = waiting.FirstOrDefault(ready);
                if (next is null)
                {
                    if (running == 0) break;
                    await ended.WaitAsync(stopping);
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

    private async Task<AttemptEnd> RunOne(JobFolder folder, DeviceSlot slot, CancellationToken stopping)
    {
        var label = labels.GetValueOrDefault(folder.Id, folder.Id);
        if (JobLease.IsHeld(folder))
        {
            LogElsewhere(logger, folder.Id, label);
            while (JobLease.IsHeld(folder)) await Task.Delay(LeasePoll, stopping);
            return AttemptEnd.Recheck(folder);
        }
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
        return exit is ExitCodes.Finished or ExitCodes.LeaseHeld
            ? AttemptEnd.Recheck(folder)
            // A job that died without recording why (a signal, a native crash) crashed.
            : new AttemptEnd(folder, AttemptOutcome.Ended, FailureKind.Crash, $"the job process exited with code {exit} without recording a result");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "on {Slots}")]
    private static partial void LogSlots(ILogger logger, string slots);

    [LoggerMessage(Level = LogLevel.Information, Message = "job {JobId} ({Label}) starts on {Slot}, attempt {Attempt}")]
    private static partial void LogStartingJob(ILogger logger, string jobId, string label, string slot, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "job {JobId} ({Label}) is being run by another worker; waiting for it")]
    private static partial void LogElsewhere(ILogger logger, string jobId, string label);
}
