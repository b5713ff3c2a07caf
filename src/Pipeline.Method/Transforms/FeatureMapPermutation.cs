using Pipeline.Method.Keys;
using Pipeline.TorchExtensions;
using static TorchSharp.torch;

namespace Pipeline.Method.Transforms;

/// <summary>
/// fmp, feature-map permutation: the channels of selected feature maps of the backbone are permuted with the key,
/// y[:, c] = x[:, perm[c]], the same permutation at every spatial position, in training and testing. Plain access
/// runs the model without it; a wrong key permutes differently. A stage is a point in the backbone named by what
/// comes before it (<see cref="Stages"/>): which ones is the method's setting, <see cref="DefaultStages"/> when not
/// given. Which layers to permute is our choice (the README's "The method, exactly" says so).
/// </summary>
public sealed class FeatureMapPermutation : IDisposable
{
    /// <summary>The method's name (<see cref="FmpMethod"/>).</summary>
    public const string Method = "fmp";

    /// <summary>Where a permutation may go: after the stem (conv1, bn1, relu, maxpool) or after a residual stage.</summary>
    public static IReadOnlyList<string> Stages { get; } = ["stem", "layer1", "layer2", "layer3", "layer4"];

    /// <summary>The 64·e channels after layer1 (e = 1 for ResNet-18/34, 4 for ResNet-50): 2^296 or 2^1684 keys.</summary>
    public static IReadOnlyList<string> DefaultStages { get; } = ["layer1"];

    private readonly Dictionary<string, long[]> permutations;
    private readonly DeviceConstants indices = new();

    /// <summary>Explicit permutations by stage (a key-estimation attack's guesses).</summary>
    public FeatureMapPermutation(IReadOnlyDictionary<string, IReadOnlyList<long>> permutations)
    {
        foreach (var stage in permutations.Keys)
            if (!Stages.Contains(stage)) throw new ArgumentException($"unknown feature map '{stage}'; allowed: {string.Join(", ", Stages)}");
        this.permutations = permutations.ToDictionary(p => p.Key, p => p.Value.ToArray());
    }

    /// <summary>
    /// The key's permutations for the stages, of the given channel counts: the first stage takes the key's own
    /// permutation (as a block key would, <c>randperm(C)</c> for a seed key), every further stage that of a key
    /// derived from it by stage name, so two stages of equal width are permuted differently.
    /// </summary>
    public static FeatureMapPermutation From(SecretKey key, IReadOnlyList<string> stages, Func<string, int> channels)
    {
        if (stages.Count == 0) throw new ArgumentException("fmp needs at least one feature map to permute");
        return new FeatureMapPermutation(stages.Select((stage, i) => KeyValuePair.Create(stage,
                (IReadOnlyList<long>)(i == 0 ? key : key.Derive("fmp/" + stage, 0)).Permutation(channels(stage))))
            .ToDictionary());
    }

    public IReadOnlyDictionary<string, long[]> Permutations => permutations;

    /// <summary>The stage's feature maps N×C×H×W with their channels permuted, or the same tensor when this stage is not permuted.</summary>
    public Tensor Apply(string stage, Tensor features)
    {
        if (!permutations.TryGetValue(stage, out var perm)) return features;
        if (features.size(1) != perm.Length)
            throw new ArgumentException($"the feature maps after {stage} have {features.size(1)} channels, the key permutes {perm.Length}");
        return features.index_select(1, indices.Get(stage, DeviceId.Of(features), () => tensor(perm)));
    }

    public void Dispose() => indices.Dispose();
}

/// <summary>
/// fmp as a protection method: no block size; its keys are the permutations of each permuted stage's C channels
/// (Σ log2 C!); a guess is one permutation per stage, moved by swapping two channels of one stage.
/// </summary>
public sealed class FmpMethod() : ProtectionMethod(FeatureMapPermutation.Method, order: 4)
{
    public override bool HasBlockSize => false;

    public override bool UsesFeatureMaps => true;

    public override Protection Protect(MethodSetting setting, SecretKey key) =>
        new(null, FeatureMapPermutation.From(key, setting.Options.FeatureMaps, stage => Models.ResNetBackbone.StageChannels(setting.Depth, stage)));

    public override KeySpace KeySpace(MethodSetting setting)
    {
        var channels = setting.Options.FeatureMaps.Select(stage => Models.ResNetBackbone.StageChannels(setting.Depth, stage)).ToArray();
        return new KeySpace { Method = Name, Positions = channels, Log2Keys = Keys.KeySpace.SumOfLog2Factorials(channels) };
    }

    public override long[][] GuessOf(MethodSetting setting, SecretKey key)
    {
        using var protection = Protect(setting, key);
        return setting.Options.FeatureMaps.Select(stage => (long[])protection.Features!.Permutations[stage].Clone()).ToArray();
    }

    public override Protection Protect(MethodSetting setting, IReadOnlyList<long[]> guess) =>
        new(null, new FeatureMapPermutation(setting.Options.FeatureMaps.Select((stage, i) => KeyValuePair.Create(stage, (IReadOnlyList<long>)guess[i])).ToDictionary()));

    public override void Move(long[] part, Random random) => SwapTwo(part, random);
}
