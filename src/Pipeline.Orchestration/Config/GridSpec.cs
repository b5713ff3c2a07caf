using Pipeline.Method.Transforms;

namespace Pipeline.Orchestration.Config;

/// <summary>The <c>grid</c> section: methods × block sizes × keys, plus the unprotected baseline.</summary>
public sealed record GridSpec
{
    /// <summary>Where an experiment gives its keys: the one field no command-line override may set.</summary>
    internal const string KeysPath = "grid.keys";

    public required string[] Methods { get; init; }
    public required int[] BlockSizes { get; init; }
    public required KeySpec[] Keys { get; init; }

    /// <summary>FFX's password (paper: "password").</summary>
    public required string Password { get; init; }

    /// <summary>The feature maps fmp permutes (default <see cref="FeatureMapPermutation.DefaultStages"/>).</summary>
    public IReadOnlyList<string> FeatureMaps { get; init; } = FeatureMapPermutation.DefaultStages;
    public required bool Baseline { get; init; }

    /// <param name="imageSize">The dataset's image size and where it was set, to check block sizes against.</param>
    internal static GridSpec Read(ConfigSection s, string projectRoot, (int Size, string Where)? imageSize, ConfigDiagnostics diagnostics)
    {
        var methodsValue = s.Field("methods");
        var methods = methodsValue?.DistinctItems<string>(v => MethodName(v), "method") ?? [];
        var blockSizesValue = s.Field("block_sizes");
        var blockSizes = blockSizesValue?.DistinctItems<int>(v => BlockSize(v, imageSize), "block size") ?? [];
        var keyValues = s.Field("keys");
        var keyFileValue = s.Field("key_file");
        var keyFile = keyFileValue is { } f ? KeyFile.Load(f, projectRoot, diagnostics) : null;
        var passwordValue = s.Field("password");
        var password = passwordValue?.Text() ?? Method.Transforms.FfxTransform.DefaultPassword;
        var baseline = s.Field("baseline")?.Bool() ?? false;
        var featureMapsValue = s.Field("feature_maps");
        var featureMaps = featureMapsValue?.DistinctItems<string>(v => v.Choice(FeatureMapPermutation.Stages, "feature map"), "feature map") ?? [];
        s.RejectUnknown();

        var keys = new List<KeySpec>();
        var seen = new Dictionary<Method.Keys.SecretKey, string>();
        foreach (var entry in keyValues?.Sequence() ?? [])
        {
            if (ReadKey(entry, keyFile, keyFileValue is not null) is not { } key) continue;
            // Compare seeds, not names: two names for one seed would make the same jobs twice.
            if (seen.TryGetValue(key.Key, out var first)) entry.Error($"the same key as {first}; each key may appear once");
            else { seen[key.Key] = entry.Path; keys.Add(key); }
        }

        if (methods.Length > 0)
        {
            // fmp alone needs no block size: it permutes feature maps, not image blocks.
            if (methods.Any(ProtectionMethod.IsBlockwise))
            {
                if (blockSizesValue is null) s.Required("block_sizes", "give the block sizes M to train each block-wise method with, e.g. [2, 4, 8]");
                else if (blockSizesValue.Value.IsEmptyList) blockSizesValue.Value.Error("the list is empty; give the block sizes M to train each block-wise method with, e.g. [2, 4, 8]");
            }
            if (keyValues is null) s.Required("keys", "give at least one key, e.g. [{seed: 1234567}]");
            else if (keyValues.Value.IsEmptyList)
                keyValues.Value.Error("the list is empty; give at least one key, e.g. [{seed: 1234567}]");
        }
        else if (methodsValue is { } given && given.IsEmptyList && !baseline)
            given.Error("the list is empty and grid.baseline is false, so the grid has no jobs; give methods, e.g. [shf, np, ffx], or baseline: true");
        else if (!baseline)
            s.Error("the grid has no jobs; give methods (with block_sizes and keys), or baseline: true");
        if (password.Length == 0) passwordValue?.Error("the FFX password must not be empty");
        if (featureMapsValue is { } maps && maps.IsEmptyList)
            maps.Error($"the list is empty; give the feature maps fmp permutes, e.g. [layer1]; allowed: {string.Join(", ", FeatureMapPermutation.Stages)}");

        return new GridSpec
        {
            Methods = methods, BlockSizes = blockSizes, Keys = keys.ToArray(), Password = password, Baseline = baseline,
            FeatureMaps = featureMaps.Length > 0 ? FeatureMapPermutation.Stages.Where(featureMaps.Contains).ToArray() : FeatureMapPermutation.DefaultStages,
        };
    }

    private static string? MethodName(ConfigValue value)
    {
        if (value.Node is YamlDotNet.RepresentationModel.YamlScalarNode { Value: ProtectionMethod.Baseline })
        {
            value.Error($"the baseline is not a method; set grid.baseline: true; allowed: {string.Join(", ", ProtectionMethod.Names)}");
            return null;
        }
        return value.Choice(ProtectionMethod.Names, "method");
    }

    private static int? BlockSize(ConfigValue value, (int Size, string Where)? imageSize)
    {
        if (value.Int(1, int.MaxValue) is not { } m) return null;
        if (imageSize is { } image && image.Size % m != 0)
        {
            var divisors = string.Join(", ", Enumerable.Range(1, image.Size).Where(d => image.Size % d == 0));
            value.Error($"block size {m} does not divide the image size {image.Size} (dataset.image_size at {image.Where}); allowed: {divisors}");
            return null;
        }
        return m;
    }

    /// <param name="keyFileGiven">A key file was named (if it failed to load, that error is enough).</param>
    private static KeySpec? ReadKey(ConfigValue entry, IReadOnlyDictionary<string, Method.Keys.SecretKey?>? keyFile, bool keyFileGiven)
    {
        if (entry.Mapping() is not { } key) return null;
        var seedValue = key.Field("seed");
        var seed = seedValue?.Long(0, long.MaxValue);
        var strongValue = key.Field("strong");
        var strong = strongValue?.StrongKey();
        var nameValue = key.Field("name");
        var name = nameValue?.Text();
        key.RejectUnknown();
        if (new[] { seedValue, strongValue, nameValue }.Count(v => v is not null) > 1)
        {
            entry.Error("give one of seed, strong or name");
            return null;
        }
        if (seed is not null) return new KeySpec(null, new Method.Keys.SecretKey(seed.Value));
        if (strong is not null) return new KeySpec(null, strong);
        if (name is null)
        {
            if (seedValue is null && strongValue is null)
                entry.Error("a key needs seed (the authors' kind of key), strong (64 hex digits, from pipeline key new --strong) or name (looked up in grid.key_file)");
            return null;
        }
        if (keyFile is null)
        {
            if (!keyFileGiven) nameValue!.Value.Error($"key '{name}' is given by name, so grid.key_file must name a YAML file mapping key names to seeds");
            return null;
        }
        if (keyFile.TryGetValue(name, out var named)) return named is null ? null : new KeySpec(name, named);
        var names = keyFile.Keys.Order(StringComparer.Ordinal).ToArray();
        nameValue!.Value.Error($"no key '{name}' in the key file{DidYouMean.Hint(name, names)}; allowed: {string.Join(", ", names)}");
        return null;
    }
}
