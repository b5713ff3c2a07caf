using Pipeline.Orchestration.Jobs;
using Pipeline.TorchExtensions;

namespace Pipeline.Orchestration.Running;

/// <summary>
/// One attempt of one job, in its own process (`pipeline job JOBDIR`): takes the lease, records the attempt
/// in status.json with a heartbeat, logs to a new logs/attempt-N.log, runs the job and records the outcome.
/// The worker decides about retries from the recorded failure kind.
/// </summary>
public sealed class JobProcess(string jobFolder, DeviceId device, TextWriter console)
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);

    public int Run(CancellationToken cancellation)
    {
        var folder = new JobFolder(jobFolder);
        Job job;
        try
        {
            job = folder.ReadJob();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or YamlDotNet.Core.YamlException)
        {
            console.WriteLine($"pipeline job: {jobFolder}: {e.Message}");
            return ExitCodes.BadInput;
        }

        JobLease? lease;
        try
        {
            lease = AcquireLease(folder);
        }
        catch (Exception e) when (InfrastructureFailure.Of(e) is { } failure)
        {
            console.WriteLine($"pipeline job: {job.Id}: not counted against its retries: {failure.Message}");
            return ExitCodes.Unavailable;
        }
        using var held = lease;
        if (lease is null)
        {
            console.WriteLine($"pipeline job: {job.Id} is being run by another process (its lease is held); nothing done");
            return ExitCodes.LeaseHeld;
        }
        if (folder.IsFinished)
        {
            console.WriteLine($"pipeline job: {job.Id} has already finished");
            return ExitCodes.Finished;
        }

        JobStatus previous;
        try
        {
            previous = folder.ReadStatus() ?? JobStatus.Pending;
        }
        catch (InvalidDataException e)
        {
            console.WriteLine($"pipeline job: {e.Message}");
            return ExitCodes.BadInput;
        }
        var attempt = previous.Attempts + 1;
        var status = previous with
        {
            State = JobState.Running, Attempts = attempt, Started = DateTimeOffset.UtcNow, Finished = null, Device = device.ToString(),
            Message = null, FailureKind = null, Owner = JobLease.Owner, Heartbeat = DateTimeOffset.UtcNow, MicroBatch = null,
        };
        var statusLock = new object();
        StreamWriter? log = null;
        Timer? heartbeat = null;

        void Record(JobStatus final)
        {
            lock (statusLock)
            {
                status = final;
                folder.WriteStatus(final);
            }
        }

        // The attempt's log has every line and every error in full; the console (the worker's log) one line each.
        void Log(string line, string? details = null)
        {
            log?.WriteLine(details is null ? line : $"{line}{Environment.NewLine}{details}");
            console.WriteLine($"[{job.Id}] {line}");
        }

        var progress = new ProgressLines(console);
        try
        {
            folder.WriteStatus(status);
            log = folder.OpenAttemptLog(attempt);
            heartbeat = new Timer(_ =>
            {
                lock (statusLock)
                {
                    status = status with { Heartbeat = DateTimeOffset.UtcNow };
                    if (status.State == JobState.Running) folder.WriteStatus(status);
                }
            }, null, HeartbeatInterval, HeartbeatInterval);
            foreach (var warning in LibTorchSymbols.MissingWarnings()) Log($"warning: {warning}");
            var ooms = previous.FailuresOf(FailureKind.Oom);
            int? limit = null;
            // Only training passes shrink; a key estimation only evaluates, in the evaluation's batches.
            if (ooms > 0 && job is not KeyEstimationJob)
            {
                // After running out of memory, half the images per pass the failed attempt used (for accumulate "auto",
                // what its search chose); accumulation keeps the batch the recipe asks for.
                limit = Math.Max(1, (previous.MicroBatch ?? job.Training.MicroBatch >> (ooms - 1)) / 2);
                Log($"{ooms} earlier out-of-memory failure(s): at most {limit} images per pass, accumulated to batches of {job.Training.BatchSize}");
            }
            var metrics = job switch
            {
                KeyEstimationJob keyEstimation => new KeyEstimationRunner(keyEstimation, folder, device, line => Log(line)) { QueryCompleted = progress.Query }.Run(cancellation),
                _ => new TrainingRunner(job, folder, device, line => Log(line))
                {
                    MicroBatchLimit = limit,
                    MicroBatchChosen = micro => Record(status with { MicroBatch = micro }),
                    BatchCompleted = progress.Batch(job.Training.Epochs),
                }.Run(cancellation),
            };
            heartbeat.Dispose();
            Record(status with { State = JobState.Finished, Finished = DateTimeOffset.UtcNow, Message = Summary(metrics) });
            // A checkpoint set aside as unusable was kept for a look while the job ran; the finished job needs it no more.
            File.Delete(folder.DamagedCheckpoint);
            Log($"finished: {Summary(metrics)}");
            return ExitCodes.Finished;
        }
        catch (OperationCanceledException)
        {
            Record(status with { State = JobState.Pending, Finished = DateTimeOffset.UtcNow, Message = "interrupted; resumes from its checkpoint" });
            Log("interrupted: checkpoint written, the next run resumes from it");
            return ExitCodes.Interrupted;
        }
        catch (JobInputException e)
        {
            Record(status.WithFailure(FailureKind.Input, e.Message));
            Log($"bad input, not retried: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (TorchOutOfMemoryException e)
        {
            Record(status.WithFailure(FailureKind.Oom, TorchErrors.FirstLine(e)));
            Log($"out of memory: {TorchErrors.FirstLine(e)}", e.ToString());
            return ExitCodes.OutOfMemory;
        }
        catch (Exception e) when (InfrastructureFailure.Of(e) is { } failure)
        {
            // Recording it may fail the same way (a full disk): the exit code tells the worker all the same.
            try
            {
                Record(status.Unavailable(failure.Kind, failure.Message));
            }
            catch (Exception recording) when (recording is IOException or UnauthorizedAccessException)
            {
            }
            Log($"not counted against its retries: {failure.Message}", e.ToString());
            return ExitCodes.Unavailable;
        }
        catch (Exception e)
        {
            Record(status.WithFailure(FailureKind.Crash, $"{e.GetType().Name}: {TorchErrors.FirstLine(e)}"));
            Log($"failed: {e.GetType().Name}: {TorchErrors.FirstLine(e)} (the trace is in {JobFolder.LogsFolder}/attempt-{attempt}.log)", e.ToString());
            return ExitCodes.Failed;
        }
        finally
        {
            heartbeat?.Dispose();
            log?.Dispose();
        }

        static JobLease? AcquireLease(JobFolder folder)
        {
            // A worker probing the lease holds it for an instant; try a few times before giving up.
            for (var i = 0; i < 10; i++)
            {
                if (JobLease.TryAcquire(folder) is { } taken) return taken;
                Thread.Sleep(100);
            }
            return null;
        }
    }

    private static string Summary(JobMetrics m) => m switch
    {
        { Attack.Estimated: { } e } => $"best guessed key: mean IoU {e.MeanIou:F4} (correct key {m.Evaluations.Correct?.MeanIou:F4}, plain {m.Evaluations.Plain.MeanIou:F4})",
        { Evaluations.Correct: { } c } => $"mean IoU {c.MeanIou:F4} (plain {m.Evaluations.Plain.MeanIou:F4})",
        _ => $"mean IoU {m.Evaluations.Plain.MeanIou:F4} (plain images)",
    };
}
