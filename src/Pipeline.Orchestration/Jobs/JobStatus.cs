using Pipeline.Method;
using System.Text.Json;

namespace Pipeline.Orchestration.Jobs;

/// <summary>The content of a job's status.json.</summary>
public sealed record JobStatus
{
    public required JobState State { get; init; }

    /// <summary>Attempts started so far, the current one included.</summary>
    public int Attempts { get; init; }

    /// <summary>Why the last attempt failed; null when it did not.</summary>
    public FailureKind? FailureKind { get; init; }
    public DateTimeOffset? Started { get; init; }
    public DateTimeOffset? Finished { get; init; }
    public string? Device { get; init; }
    public string? Message { get; init; }

    /// <summary>Failed attempts per failure kind ("oom", "crash", "timeout"), each counted against its own retry budget.</summary>
    public Dictionary<string, int> Failures { get; init; } = new();

    /// <summary>Images per training pass of the last attempt, once chosen: after an out-of-memory failure the next attempt takes at most half.</summary>
    public int? MicroBatch { get; init; }

    /// <summary>Who runs the attempt (host:pid), and when it last said it was alive.</summary>
    public string? Owner { get; init; }
    public DateTimeOffset? Heartbeat { get; init; }

    public int FailuresOf(FailureKind kind) => Failures.TryGetValue(Name(kind), out var n) ? n : 0;

    /// <summary>This status with one more failure of the given kind.</summary>
    public JobStatus WithFailure(FailureKind kind, string message) => this with
    {
        State = JobState.Failed,
        FailureKind = kind,
        Message = message,
        Finished = DateTimeOffset.UtcNow,
        Failures = new Dictionary<string, int>(Failures) { [Name(kind)] = FailuresOf(kind) + 1 },
    };

    /// <summary>
    /// This status after an attempt the machine failed (<see cref="InfrastructureFailure"/>): pending again, with why, and no
    /// failure counted.
    /// </summary>
    public JobStatus Unavailable(FailureKind kind, string message) => this with
    {
        State = JobState.Pending, FailureKind = kind, Message = message, Finished = DateTimeOffset.UtcNow,
    };

    /// <summary>This status with no failure counted: a failed job's fresh retry budget (`pipeline run --retry-failed`).</summary>
    public JobStatus WithFreshBudget() => this with
    {
        State = State == JobState.Failed ? JobState.Pending : State, Failures = new Dictionary<string, int>(),
        Message = State == JobState.Failed ? $"given a fresh retry budget after: {Message}" : Message,
    };

    private static string Name(FailureKind kind) => kind.ToString().ToLowerInvariant();

    // A record compares a dictionary by reference; two statuses with the same counts are equal.
    public bool Equals(JobStatus? other) =>
        other is not null && State == other.State && Attempts == other.Attempts && FailureKind == other.FailureKind
        && Started == other.Started && Finished == other.Finished && Device == other.Device && Message == other.Message
        && Owner == other.Owner && Heartbeat == other.Heartbeat && MicroBatch == other.MicroBatch
        && Failures.Count == other.Failures.Count && Failures.All(f => other.Failures.TryGetValue(f.Key, out var n) && n == f.Value);

    public override int GetHashCode() => HashCode.Combine(State, Attempts, FailureKind, Started, Finished, Device, Message);

    public static JobStatus Pending { get; } = new() { State = JobState.Pending };

    public string ToJson() => JsonSerializer.Serialize(this, JsonFiles.Options);

    public static JobStatus FromJson(string json) =>
        JsonSerializer.Deserialize<JobStatus>(json, JsonFiles.Options) ?? throw new JsonException("status.json holds null");
}
