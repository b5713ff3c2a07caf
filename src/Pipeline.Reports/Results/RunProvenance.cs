namespace Pipeline.Reports.Results;

/// <summary>run.json: where and with what a run was made. Only these fields are read.</summary>
public sealed record RunProvenance(
    string? GitCommit,
    string? LibtorchVersion,
    string? CudaVersion,
    IReadOnlyList<string> Devices,
    DateTimeOffset? Started,
    DateTimeOffset? Finished)
{
    internal static RunProvenance? From(LooseDocument? run) => run is null ? null : new RunProvenance(
        run.String("git_commit"),
        run.String("libtorch_version"),
        run.String("cuda_version"),
        run.Strings("devices"),
        run.Time("started"),
        run.Time("finished"));
}
