using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Orchestration.Config;
using Pipeline.Orchestration.Jobs;
using Pipeline.TorchExtensions;

namespace Pipeline.Orchestration.Running;

/// <summary>
/// The hosted worker of `pipeline run`, whichever dispatcher runs the attempts: saves every job, then works in
/// rounds until none is left to run. Before a round it settles what the folders say (finished; failed with its
/// retry budget spent; left "running" by a process that died) and leaves out an attack whose model nothing in this
/// run will finish; the dispatcher then runs one attempt of each remaining job, an attack only once its model has
/// finished; after the round every failure is recorded by kind (oom, crash, timeout), and a job with budget left, or
/// an attack whose model finished too late, runs in the next round. The folders are the only state: stopped at any
/// point, a new run picks up there.
/// </summary>
public sealed partial class ExperimentWorker(
    RunOptions options, IReadOnlyList<Job> jobs, IJobDispatcher dispatcher, RetryPolicy retries, RunOutcome outcome, RunProgress progress,
    IHostApplicationLifetime lifetime, ILogger<ExperimentWorker> logger) : BackgroundService
{
    private readonly ExperimentFolder experiment = options.Experiment;
    // By id, once: a job's id hashes its settings, and the rounds look jobs up on every scan.
    private const string RetryFailedHint = "`pipeline run --retry-failed` gives it a fresh retry budget";
    private const string NotCounted = "stopped, not counted against its retries";

    private readonly Dictionary<string, Job> byId = jobs.GroupBy(j => j.Id).ToDictionary(g => g.Key, g => g.First());
    private int done;

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        using var stoppingView = stopping.Register(progress.Stopping);
        var folders = new List<JobFolder>();
        try
        {
            folders.AddRange(jobs.Select(experiment.Save));
            LogStarting(logger, jobs.Count, experiment.Path);
            if (options.RetryFailed) GiveFreshBudgets(folders);
            await RunRounds(folders, stopping);
            outcome.Completed = true;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        // Whatever stops the worker (Slurm refusing a submission, a disk that fills up) ends the run with one line; the
        // trace goes to the run's log, and the folders keep what was done.
        catch (Exception e)
        {
            outcome.Error = e;
            LogStopped(logger, TorchErrors.FirstLine(e), e);
        }
        finally
        {
            foreach (var folder in folders)
                if (SafeState(folder) is not (JobState.Finished or JobState.Failed)) outcome.AddUnfinished();
            LogDone(logger, outcome.Finished, outcome.Failed, outcome.Unfinished);
            progress.Ended(outcome.Finished, outcome.Failed, outcome.Unfinished);
            lifetime.StopApplication();
        }
    }

    // A folder that cannot be read at the end counts as unfinished.
    private static JobState? SafeState(JobFolder folder)
    {
        try
        {
            return folder.State;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void GiveFreshBudgets(IEnumerable<JobFolder> folders)
    {
        foreach (var folder in folders)
            if (!folder.IsFinished && folder.ReadStatus() is { Failures.Count: > 0 } status)
            {
                folder.WriteStatus(status.WithFreshBudget());
                LogFreshBudget(logger, folder.Id, Label(folder));
            }
    }

    /// <summary>Runs attempts in rounds until every job of the list is settled or waits for a model that will not finish.</summary>
    private async Task RunRounds(List<JobFolder> remaining, CancellationToken stopping)
    {
        for (var round = 1; ; round++)
        {
            remaining = remaining.Where(f => !Settled(f)).ToList();
            var models = remaining.Select(f => f.Id).ToHashSet();
            remaining = remaining.Where(f => !WaitsInVain(f, models)).ToList();
            if (remaining.Count == 0) return;
            var ends = await dispatcher.RunAsync(round, remaining, Ready, stopping);
            stopping.ThrowIfCancellationRequested();
            var ran = ends.Select(e => e.Job.Id).ToHashSet();
            remaining = [.. ends.Where(RunsAgain).Select(e => e.Job), .. remaining.Where(f => !ran.Contains(f.Id))];
        }
    }

    private Job? JobOf(JobFolder folder) => byId.GetValueOrDefault(folder.Id);

    /// <summary>An attack may start once the model it attacks has finished (it needs its weights); any other job at once.</summary>
    private bool Ready(JobFolder folder) => JobOf(folder) is not AttackOnModelJob { Target: var target } || experiment.Job(target).IsFinished;

    /// <summary>
    /// Whether the job is an attack whose model has not finished and is not among the jobs this run still runs (it
    /// failed for good, or another worker has it): it is left for a later run, and says so.
    /// </summary>
    private bool WaitsInVain(JobFolder folder, IReadOnlySet<string> running)
    {
        if (JobOf(folder) is not AttackOnModelJob { Target: var target } job || experiment.Job(target).IsFinished || running.Contains(target)) return false;
        LogWaiting(logger, job.Id, job.Label, target);
        return true;
    }

    /// <summary>Whether nothing is left to do for the job in this run; reports it when it finished or failed for good.</summary>
    private bool Settled(JobFolder folder)
    {
        var label = Label(folder);
        if (folder.IsFinished)
        {
            outcome.AddFinished();
            var message = folder.ReadStatus()?.Message ?? "finished earlier";
            progress.JobSettled(true, label, message);
            LogFinished(logger, Interlocked.Increment(ref done), jobs.Count, folder.Id, label, message);
            return true;
        }
        var status = folder.ReadStatus() ?? JobStatus.Pending;
        if (status.State == JobState.Failed && !RetryRules.HasBudget(status, retries))
        {
            outcome.AddFailed();
            progress.JobSettled(false, label, $"failed: {status.Message}");
            LogFailed(logger, Interlocked.Increment(ref done), jobs.Count, folder.Id, label, status.Message ?? "");
            outcome.AddNote($"job {folder.Id} ({label}) failed for good: {status.Message}; {RetryFailedHint}");
            return true;
        }
        if (status.State == JobState.Running && !JobLease.IsHeld(folder))
        {
            LogDied(logger, folder.Id, label);
            folder.WriteStatus(status with { State = JobState.Pending, Message = "its process died; resuming from the last checkpoint" });
        }
        return false;
    }

    /// <summary>Records what became of an attempt; true when the job goes into the next round (to run again, or to be settled).</summary>
    private bool RunsAgain(AttemptEnd end)
    {
        var folder = end.Job;
        if (end.Outcome == AttemptOutcome.Elsewhere) return false;
        if (end.Outcome == AttemptOutcome.Recheck || folder.IsFinished) return true;
        var status = folder.ReadStatus() ?? JobStatus.Pending;
        // The machine failed it: the next attempt would fail alike until someone fixes that, and its budget stays whole.
        if (end.Outcome == AttemptOutcome.Unavailable || status is { State: JobState.Pending, FailureKind: { } kind } && kind.IsInfrastructure())
        {
            var message = status.Message ?? "its device or disk failed (see its log)";
            LogUnavailable(logger, folder.Id, Label(folder), message);
            outcome.AddNote($"job {folder.Id} ({Label(folder)}) {NotCounted}: {message}");
            return false;
        }
        if (!(end.TrustRecordedFailure && status.State == JobState.Failed))
        {
            status = status.WithFailure(end.Kind, end.Message);
            folder.WriteStatus(status);
        }
        if (!RetryRules.HasBudget(status, retries)) return true;
        var failure = status.FailureKind ?? FailureKind.Crash;
        LogRetry(logger, folder.Id, failure.ToString().ToLowerInvariant(), status.FailuresOf(failure), retries.For(failure), status.Message ?? "");
        folder.WriteStatus(status with { State = JobState.Pending });
        return true;
    }

    private string Label(JobFolder folder) => JobOf(folder)?.Label ?? folder.Id;

    [LoggerMessage(Level = LogLevel.Information, Message = "running {Count} jobs of {Folder}")]
    private static partial void LogStarting(ILogger logger, int count, string folder);

    [LoggerMessage(Level = LogLevel.Information, Message = "[{Done}/{Total}] job {JobId} ({Label}) finished: {Message}")]
    private static partial void LogFinished(ILogger logger, int done, int total, string jobId, string label, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "[{Done}/{Total}] job {JobId} ({Label}) failed for good: {Message}; " + RetryFailedHint)]
    private static partial void LogFailed(ILogger logger, int done, int total, string jobId, string label, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {JobId} failed ({Kind}, {Failures} of {Budget} retries used): {Message}; retrying")]
    private static partial void LogRetry(ILogger logger, string jobId, string kind, int failures, int budget, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {JobId} ({Label}) was left running by a process that died; it resumes from its checkpoint")]
    private static partial void LogDied(ILogger logger, string jobId, string label);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {JobId} ({Label}) waits: the model it attacks, job {Target}, has not finished")]
    private static partial void LogWaiting(ILogger logger, string jobId, string label, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {JobId} ({Label}) " + NotCounted + ": {Message}")]
    private static partial void LogUnavailable(ILogger logger, string jobId, string label, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "job {JobId} ({Label}) failed before: it gets a fresh retry budget (--retry-failed)")]
    private static partial void LogFreshBudget(ILogger logger, string jobId, string label);

    [LoggerMessage(Level = LogLevel.Error, Message = "the run stopped: {Message}")]
    private static partial void LogStopped(ILogger logger, string message, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Finished} finished, {Failed} failed, {Unfinished} not finished")]
    private static partial void LogDone(ILogger logger, int finished, int failed, int unfinished);
}
