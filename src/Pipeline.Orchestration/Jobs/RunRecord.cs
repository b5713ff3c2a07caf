using Pipeline.Method;
using System.Text.Json;

namespace Pipeline.Orchestration.Jobs;

/// <summary>run.json of an experiment folder: what made its latest run, where and when (the report's provenance).</summary>
public sealed record RunRecord
{
    public string? PipelineVersion { get; init; }
    public string? GitCommit { get; init; }
    public string? TorchsharpVersion { get; init; }
    /// <summary>The TorchSharp package the build chose (TorchSharp-cpu, TorchSharp-cuda-linux, …).</summary>
    public string? TorchsharpPackage { get; init; }
    public string? LibtorchVersion { get; init; }
    public string? CudaVersion { get; init; }
    /// <summary>The devices jobs ran on, by name where known ("NVIDIA H100 80GB HBM3 (cuda:0)", "cpu").</summary>
    public IReadOnlyList<string> Devices { get; init; } = [];
    public string? CommandLine { get; init; }
    /// <summary>The experiment's fields overridden on the command line (--set), as given: "training.epochs=2".</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];
    public DateTimeOffset? Started { get; init; }
    public DateTimeOffset? Finished { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, JsonFiles.Options);

    /// <summary>The record, or null when the text is not one (a damaged run.json must not stop a report).</summary>
    public static RunRecord? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<RunRecord>(json, JsonFiles.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
