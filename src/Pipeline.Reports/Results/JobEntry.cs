using Pipeline.Method;
using Pipeline.Method.Attacks;
using Pipeline.Method.Transforms;
using Pipeline.Orchestration.Jobs;

namespace Pipeline.Reports.Results;

/// <summary>
/// One job folder as a report sees it, read through the types it was written with: its job.yaml (without the key),
/// status.json and metrics.json. A part that cannot be read is named in <see cref="Problem"/>; the job is then damaged
/// and keeps its place in the tables as far as the rest allows, marked so. A job of an earlier job-id version has
/// <see cref="EarlierVersion"/> and its job as written then.
/// </summary>
public sealed record JobEntry(JobFolder Folder, Job? Job, JobStatus? Status, JobMetrics? Metrics, string? Problem)
{
    /// <summary>The earlier job-id version the folder was written under (<see cref="EarlierJobVersionException"/>), or null.</summary>
    public string? EarlierVersion { get; init; }

    /// <summary>Whether a file of the job cannot be read: its value cannot be trusted until someone looks.</summary>
    public bool IsDamaged => Problem is not null;

    public string Id => Folder.Id;
    public string? Method => Metrics?.Method ?? Job?.Method;
    public int? BlockSize => Metrics is null ? Protection?.BlockSize : Metrics.BlockSize;
    public string? KeyFingerprint => Metrics?.KeyFingerprint ?? Protection?.KeyFingerprint;

    /// <summary>The method and key of a model of a method or of an attack on one, as job.yaml names them; null otherwise or without job.yaml.</summary>
    public KeyedMethod? Protection => (Job as KeyedModelJob)?.Protection;

    /// <summary>An attack job's kind; null for a model job.</summary>
    public AttackKind? AttackKind => Metrics?.Attack?.Kind ?? Job?.Attack;

    public bool IsAttack => AttackKind is not null;

    /// <summary>The attacked model's job id; null for a model job and for a model trained from scratch.</summary>
    public string? Target => Metrics?.Attack?.Target ?? (Job as AttackOnModelJob)?.Target;

    /// <summary>Fine-tuning and from scratch: the attacker's share of the training images.</summary>
    public double? Fraction => Metrics?.Attack?.Fraction ?? (Job as IAttackerTraining)?.Share.Fraction;

    /// <summary>How logs name the job (<see cref="Orchestration.Jobs.Job.Label"/>), or as much as its metrics tell without job.yaml.</summary>
    public string Label => Job?.Label ?? (AttackKind is { } kind ? EnumNames.Of(kind).Replace('_', ' ') : Method) ?? "?";

    /// <summary>Damaged when a file cannot be read; else finished when it has metrics, else what status.json records (pending without one).</summary>
    public JobState State => IsDamaged ? JobState.Damaged : Metrics is not null ? JobState.Finished : Status?.State ?? JobState.Pending;

    public TimeSpan? Duration => Status is { Started: { } s, Finished: { } f } && f >= s ? f - s : null;

    public string? Device => Status?.Device ?? Metrics?.Training?.DeviceName ?? Metrics?.Training?.Device;

    /// <summary>
    /// The order the report lists jobs in: the baseline first, then the paper's method order, block size and key, so
    /// that a list reads like Table 1; an attack by the model it attacks (its method, block size and key), then its
    /// kind and share; the id last, so the order is total.
    /// </summary>
    public static IReadOnlyList<JobEntry> InReportOrder(IEnumerable<JobEntry> jobs)
    {
        var list = jobs.ToList();
        var order = ProtectionMethod.Order(list.Select(j => j.Method).OfType<string>()).ToList();
        return list.OrderBy(j => j.Method == ProtectionMethod.Baseline ? -1 : j.Method is null ? int.MaxValue : order.IndexOf(j.Method))
            .ThenBy(j => j.BlockSize ?? 0).ThenBy(j => j.KeyFingerprint, StringComparer.Ordinal)
            .ThenBy(j => j.AttackKind).ThenBy(j => j.Fraction ?? 0).ThenBy(j => j.Id, StringComparer.Ordinal)
            .ToList();
    }

    public static JobEntry Read(JobFolder folder)
    {
        var problems = new List<string>();
        string? earlier = null;
        var job = Part(() =>
        {
            try
            {
                return folder.ReadJobWithoutKey();
            }
            catch (EarlierJobVersionException e)
            {
                earlier = e.Version;
                return e.Job;
            }
        }, problems);
        var status = Part(folder.ReadStatus, problems);
        var metrics = Part(folder.ReadMetrics, problems);
        return new JobEntry(folder, job, status, metrics, problems.Count > 0 ? string.Join("; ", problems) : null) { EarlierVersion = earlier };
    }

    // A damaged file must not stop the report: the job shows the problem (the message names the file and what to do).
    private static T? Part<T>(Func<T?> read, List<string> problems) where T : class
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            problems.Add(e.Message);
            return null;
        }
    }
}
