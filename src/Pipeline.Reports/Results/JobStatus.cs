namespace Pipeline.Reports.Results;

/// <summary>
/// The fields of a job's status.json that a report shows. The orchestration layer owns the file; this is
/// read with <see cref="LooseDocument"/> so that the reports do not depend on that project.
/// </summary>
public sealed record JobStatus(
    string State,
    int? Attempts,
    string? FailureKind,
    DateTimeOffset? Started,
    DateTimeOffset? Finished,
    string? Device,
    string? Message)
{
    internal static JobStatus? From(LooseDocument? status) => status is null ? null : new JobStatus(
        (status.String("state") ?? "unknown").ToLowerInvariant(),
        status.Int("attempts"),
        status.String("failure_kind"),
        status.Time("started"),
        status.Time("finished"),
        status.String("device"),
        status.String("message"));
}
