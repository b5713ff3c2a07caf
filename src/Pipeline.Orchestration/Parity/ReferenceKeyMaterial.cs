using System.Text.Json.Nodes;
using Pipeline.Method.Evaluation;
using Pipeline.Method.Keys;
using Pipeline.Method.Models;
using Pipeline.Method.Transforms;
using Pipeline.Orchestration.Jobs;
using Pipeline.TorchExtensions;

namespace Pipeline.Orchestration.Parity;

/// <summary>
/// What a job's key does, as bench/reference_train.py reads it (--protection): the method, the block size, the
/// correct key's material and that of the incorrect keys the access-control test draws (<see cref="IncorrectKeySampler"/>),
/// so the reference applies exactly our transforms without deriving keys itself. A block-wise key is its permutation
/// and its selected positions (FFX adds the password's lookup table); an fmp key, its permutation per stage; each
/// incorrect key comes with its fingerprint, so the reference's results name it as ours do. It is key material: written
/// for the owner only, and deleted by whoever wrote it once the reference has run.
/// </summary>
public static class ReferenceKeyMaterial
{
    /// <summary>The material of a protected job (not the baseline, not an attack) with up to <paramref name="incorrectKeys"/> wrong keys.</summary>
    public static JsonObject Of(MethodJob job, ResNetDepth depth, int incorrectKeys, KeyFingerprinter fingerprints)
    {
        var key = job.Protection.RequiredKey;
        var setting = job.Protection.Setting(depth);
        using var correct = setting.Protect(key);
        var wrong = IncorrectKeySampler.Draw(setting, key, incorrectKeys);
        try
        {
            var material = new JsonObject
            {
                ["method"] = job.Method, ["block_size"] = job.Protection.BlockSize, ["correct"] = Key(correct), ["incorrect_requested"] = incorrectKeys,
                ["incorrect"] = new JsonArray(wrong.Select(w => (JsonNode)Fingerprinted(Key(w.Protection), fingerprints.Of(w.Key))).ToArray()),
            };
            if (correct.Input is FfxTransform ffx) material["lut"] = new JsonArray(ffx.Lookup.Select(v => (JsonNode)v).ToArray());
            return material;
        }
        finally
        {
            foreach (var (_, protection) in wrong) protection.Dispose();
        }
    }

    /// <summary>Writes the material to <paramref name="path"/>, readable by its owner only.</summary>
    public static void Write(string path, JsonObject material) =>
        AtomicFile.WriteAllText(path, material.ToJsonString(), UnixFileMode.UserRead | UnixFileMode.UserWrite);

    private static JsonObject Key(Protection protection) => protection switch
    {
        { Features: { } features } => new JsonObject
        {
            ["stages"] = new JsonObject(features.Permutations.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Numbers(p.Value)))),
        },
        { Input: { } transform } => new JsonObject
        {
            ["permutation"] = Numbers(transform.Key.Permutation), ["selected"] = new JsonArray(transform.Key.Selected.Select(s => (JsonNode)s).ToArray()),
        },
        _ => throw new ArgumentException("a plain protection has no key material"),
    };

    private static JsonObject Fingerprinted(JsonObject key, string fingerprint)
    {
        key["fingerprint"] = fingerprint;
        return key;
    }

    private static JsonArray Numbers(IEnumerable<long> values) => new(values.Select(v => (JsonNode)v).ToArray());
}
