using Pipeline.Method.Evaluation;

namespace Pipeline.Reports.Results;

/// <summary>
/// One job folder as a report sees it. Method, block size and fingerprint come from metrics.json when the
/// job finished, else from status.json or job.yaml, so pending jobs still have their place in the tables.
/// </summary>
public sealed record JobEntry(
    string Id,
    string? Method,
    int? BlockSize,
    string? KeyFingerprint,
    JobStatus? Status,
    JobMetrics? Metrics,
    string? Problem)
{
    /// <summary>status.json's state; without one, finished when metrics exist, else pending.</summary>
    public string State => Status?.State ?? (Metrics is null ? "pending" : "finished");

    public TimeSpan? Duration => Status is { Started: { } s, Finished: { } f } && f >= s ? f - s : null;

    public string? Device => Status?.Device ?? Metrics?.Training.DeviceName ?? Metrics?.Training.Device;
}
