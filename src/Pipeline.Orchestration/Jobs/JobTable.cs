using Pipeline.Method;

namespace Pipeline.Orchestration.Jobs;

/// <summary>Jobs with their states as an aligned plain-text table: readable in a terminal, greppable in a pipe.</summary>
public static class JobTable
{
    private static readonly string[] Header = ["ID", "METHOD", "M", "KEY", "ATTACK", "STATE"];
    private static readonly string[] Details = ["ATTEMPTS", "DEVICE", "MESSAGE"];

    public static void Write(TextWriter output, IEnumerable<(Job Job, JobState State)> rows) =>
        Align(output, Header, rows.Select(r => Cells(r.Job, r.State)));

    /// <summary>With each job's recorded status: attempts, device and the last message (`pipeline status`).</summary>
    public static void WriteDetailed(TextWriter output, IEnumerable<(Job Job, JobStatus Status)> rows) =>
        Align(output, [.. Header, .. Details], rows.Select(r => Cells(r.Job, r.Status.State)
            .Concat([r.Status.Attempts.ToString(), r.Status.Device ?? "-", r.Status.Message ?? ""]).ToArray()));

    private static string[] Cells(Job job, JobState state) =>
        [job.Id, job.Method, Keyed(job)?.BlockSize?.ToString() ?? "-", Keyed(job)?.KeyFingerprint ?? "-", Attack(job), state.ToString().ToLowerInvariant()];

    private static KeyedMethod? Keyed(Job job) => (job as KeyedModelJob)?.Protection;

    // "fine_tuning 25%", "key_estimation", "from_scratch 25%", or "-" for a model.
    private static string Attack(Job job) => job switch
    {
        IAttackerTraining { Share.Fraction: var f } => $"{EnumNames.Of(job.Attack!.Value)} {f * 100:0.#}%",
        { Attack: { } kind } => EnumNames.Of(kind),
        _ => "-",
    };

    private static void Align(TextWriter output, string[] header, IEnumerable<string[]> rows)
    {
        var cells = rows.Prepend(header).ToArray();
        var widths = Enumerable.Range(0, header.Length).Select(c => cells.Max(row => row[c].Length)).ToArray();
        foreach (var row in cells)
            output.WriteLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
    }
}
