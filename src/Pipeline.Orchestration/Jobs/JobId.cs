using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

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
    /// v3: evaluation.batch_size left the ids, as devices and checkpoint_minutes had: it does not change results.
    /// </summary>
    public const string Version = "job.v3";

    /// <summary>
    /// Earlier versions whose jobs a results folder may still hold, each with what its canonical form had beside
    /// this version's, so that such a folder is recognised (<see cref="EarlierVersion"/>) rather than called damaged.
    /// </summary>
    private static readonly (string Version, Action<JobRecord, JsonObject> Add)[] Earlier =
    [
        ("job.v2", (job, node) => ((JsonObject)node["evaluation"]!)["batch_size"] = job.Evaluation.BatchSize),
    ];

    // Only data: computed properties (Id, Label, a recipe's RestartPeriod) are left out. Enums by name, as the
    // strings they replaced were hashed ("bf16", "voc").
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, IgnoreReadOnlyProperties = true, Converters = { Method.EnumNames.JsonConverter() },
    };

    public static string Of(Job job) => Hash(Canonical(job));

    /// <summary>The hashed text; public so a surprising id can be explained.</summary>
    public static string Canonical(Job job) => Canonical(JobRecord.Of(job), Version, (_, _) => { });

    /// <summary>The earlier version whose id of <paramref name="job"/> is <paramref name="id"/>, or null when none gives it.</summary>
    public static string? EarlierVersion(Job job, string id) =>
        Earlier.Where(v => Hash(Canonical(JobRecord.Of(job), v.Version, v.Add)) == id).Select(v => v.Version).FirstOrDefault();

    /// <summary>The job's fields as JSON, snake_case, as the id sees them (settings that cannot change results left out).</summary>
    internal static JsonObject Fields(JobRecord job) => (JsonObject)JsonSerializer.SerializeToNode(job, Options)!;

    private static string Canonical(JobRecord job, string version, Action<JobRecord, JsonObject> add)
    {
        var node = Fields(job);
        add(job, node);
        return version + "\n" + Sorted(node)?.ToJsonString();
    }

    private static string Hash(string canonical) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..16];

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };
}
