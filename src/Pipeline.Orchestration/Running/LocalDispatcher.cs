using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Pipeline.Orchestration.Jobs;

namespace Pipeline.Orchestration.Running;

/// <summary>
/// Runs attempts as child processes on this machine: a bounded channel feeds one reader per device slot
/// (<see cref="RunOptions.Slots"/>), each running one job at a time. A job whose lease another live process holds
/// is waited for, never run twice.
/// </summary>
public sealed partial class LocalDispatcher(RunOptions options, IReadOnlyList<Job> jobs, RunProgress progress, ILogger<LocalDispatcher> logger)
    : IJobDispatcher
{
    private static readonly TimeSpan LeasePoll = TimeSpan.FromSeconds(2);

    public async Task<IReadOnlyList<AttemptEnd>> RunAsync(int round, IReadOnlyList<JobFolder> folders, CancellationToken stopping)
    {
        var slots = options.Slots();
        if (round == 1) LogSlots(logger, string.Join(", ", slots.Select(s => $"{s.Name} ({s.Threads} threads)")));
        var queue = Channel.CreateBounded<JobFolder>(new BoundedChannelOptions(slots.Count) { SingleWriter = true });
        var ends = new List<AttemptEnd>();
        var readers = slots.Select(slot => Task.Run(() => Read(queue.Reader, slot, ends, stopping), CancellationToken.None)).ToList();
        try
        {
            foreach (var folder in folders) await queue.Writer.WriteAsync(folder, stopping);
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

    private async Task Read(ChannelReader<JobFolder> reader, DeviceSlot slot, List<AttemptEnd> ends, CancellationToken stopping)
    {
        try
        {
            await foreach (var folder in reader.ReadAllAsync(stopping))
            {
                using var scope = logger.BeginScope("job {JobId}", folder.Id);
                var end = await RunOne(folder, slot, stopping);
                lock (ends) ends.Add(end);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task<AttemptEnd> RunOne(JobFolder folder, DeviceSlot slot, CancellationToken stopping)
    {
        var label = jobs.FirstOrDefault(j => j.Id == folder.Id)?.Label ?? folder.Id;
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
