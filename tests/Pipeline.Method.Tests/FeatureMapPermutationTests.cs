using Pipeline.Method.Data;
using Pipeline.Method.Evaluation;
using Pipeline.Method.Keys;
using Pipeline.Method.Models;
using Pipeline.Method.Transforms;
using Pipeline.Tests.Shared;
using Pipeline.TorchExtensions;
using static TorchSharp.torch;

namespace Pipeline.Method.Tests;

[Collection(ProcessWideCollection.Name)]
public class FeatureMapPermutationTests
{
    [Fact]
    public void TheFirstStageTakesTheKeysOwnPermutationAndFurtherStagesDerivedOnes()
    {
        var key = new SecretKey(20210101);
        using var fmp = FeatureMapPermutation.From(key, ["stem", "layer1"], _ => 64);
        Assert.Equal(key.Permutation(64), fmp.Permutations["stem"]);
        Assert.Equal(key.Derive("fmp/layer1", 0).Permutation(64), fmp.Permutations["layer1"]);
        Assert.NotEqual(fmp.Permutations["stem"], fmp.Permutations["layer1"]);
    }

    [Fact]
    public void ChannelsArePermutedTheSameWayAtEveryPosition()
    {
        using var scope = NewDisposeScope();
        using var fmp = FeatureMapPermutation.From(new SecretKey(5), ["layer2"], _ => 6);
        var x = randn(2, 6, 3, 4);
        var y = fmp.Apply("layer2", x);
        var perm = fmp.Permutations["layer2"];
        for (var c = 0; c < 6; c++) Assert.True(y.select(1, c).eq(x.select(1, perm[c])).all().item<bool>());
        Assert.Same(x, fmp.Apply("layer1", x));
        Assert.Throws<ArgumentException>(() => fmp.Apply("layer2", randn(1, 5, 2, 2)));
        Assert.Throws<ArgumentException>(() => new FeatureMapPermutation(new Dictionary<string, IReadOnlyList<long>> { ["layer7"] = [0L] }));
    }

    [Fact]
    public void AfterDisposalTheIndicesAreFreedAndNotMadeAgain()
    {
        using var scope = NewDisposeScope();
        var fmp = FeatureMapPermutation.From(new SecretKey(5), ["layer2"], _ => 6);
        var x = randn(1, 6, 2, 2);
        fmp.Apply("layer2", x);
        fmp.Dispose();
        Assert.Throws<ObjectDisposedException>(() => fmp.Apply("layer2", x));
        fmp.Dispose();
    }

    [Fact]
    public void AModelRunsWithTheKeysPermutationAndWithoutItWhenPlain()
    {
        using var scope = NewDisposeScope();
        Seeding.ManualSeedAll(3);
        using var model = FcnResNet.FromName("fcn_resnet18", 4);
        model.eval();
        var x = rand(1, 3, 32, 32);
        using var noGrad = no_grad();
        var plain = model.forward(x);
        using var identity = new FeatureMapPermutation(new Dictionary<string, IReadOnlyList<long>> { ["layer1"] = Enumerable.Range(0, 64).Select(i => (long)i).ToArray() });
        model.FeaturePermutation = identity;
        Assert.True(model.forward(x).allclose(plain, 1e-6, 1e-6), "the identity permutation changes nothing");

        using var keyed = new MethodSetting(ProtectionMethod.Named("fmp"), null, new MethodOptions(), model.Depth).Protect(new SecretKey(9));
        Assert.Null(keyed.Input);
        keyed.Attach(model);
        Assert.False(model.forward(x).allclose(plain, 1e-3, 1e-3), "a key's permutation changes the output");
        Protection.Plain.Attach(model);
        Assert.True(model.forward(x).allclose(plain, 1e-6, 1e-6), "plain access runs without the permutation");
    }

    [Fact]
    public void WrongFmpKeysArePermutationsOtherThanTheKeys()
    {
        var key = new SecretKey(77);
        var wrong = IncorrectKeySampler.Draw(new MethodSetting(ProtectionMethod.Named("fmp"), null, new MethodOptions(), ResNetDepth.ResNet18), key, 5);
        try
        {
            Assert.Equal(5, wrong.Count);
            var perms = wrong.Select(w => string.Join(",", w.Protection.Features!.Permutations["layer1"])).Append(string.Join(",", key.Permutation(64))).ToHashSet();
            Assert.Equal(6, perms.Count);
        }
        finally
        {
            foreach (var (_, p) in wrong) p.Dispose();
        }
    }

    [Fact]
    public void ResNet50StagesAreFourTimesWider()
    {
        using var protection = new MethodSetting(ProtectionMethod.Named("fmp"), null, new MethodOptions(FeatureMaps: ["stem", "layer1", "layer4"]), ResNetDepth.ResNet50).Protect(new SecretKey(1));
        Assert.Equal([64, 256, 2048], protection.Features!.Permutations.Values.Select(p => p.Length));
    }
}
