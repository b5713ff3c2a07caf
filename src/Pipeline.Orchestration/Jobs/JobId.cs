using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Orchestration.Jobs;

/// <summary>
/// A job's id: the first 16 hex characters of SHA-256 over a canonical JSON form of the job (fields sorted by
/// name, key by fingerprint only). Content, not position or time: a re-run of the same grid finds its results,
/// and any change that can change the results gives a new id.
/// </summary>
public static class JobId
{
    /// <summary>
    /// Bump when the meaning of a field, or what the same fields produce, changes, so old results are not mistaken
    /// for new ones. v2: the engine moved to TorchSharp, whose initial weights differ from the earlier engine's.
    /// </summary>
    private const string Version = "job.v2";

    // Only data: computed properties (Id, Label, a recipe's RestartPeriod) are left out.
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, IgnoreReadOnlyProperties = true };

    public static string Of(Job job) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(job))))[..16];

    /// <summary>The hashed text; public so a surprising id can be explained.</summary>
    public static string Canonical(Job job) =>
        Version + "\n" + Sorted(JsonSerializer.SerializeToNode(job, Options))?.ToJsonString();

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };
}
