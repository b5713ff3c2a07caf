using System.Text.Json;
using Pipeline.Method.Keys;
using Pipeline.Method.Models;
using Pipeline.Method.Transforms;
using Pipeline.Tests.Shared;

namespace Pipeline.Method.Tests.Reference;

/// <summary>Key spaces against Python's exact integers: log2 of L!, C(L, k) and C! computed from the whole numbers.</summary>
public class KeySpaceReferenceTests
{
    private static readonly int[] BlockSizes = [1, 2, 4, 8, 16, 32, 64, 128, 256];

    [PyTorchFact]
    public void EveryMethodAndBlockSizeMatchesTheExactCountTo1e4()
    {
        // math.log2 of a Python int is exact to double precision however large the int.
        var lengths = BlockSizes.Select(m => 3 * m * m).ToArray();
        var script = $$"""
            import json, math
            lengths = {{JsonSerializer.Serialize(lengths)}}
            print(json.dumps({
                "factorial": [math.log2(math.factorial(n)) for n in lengths],
                "binomial": [math.log2(math.comb(n, n - 1 - n // 2)) for n in lengths],
                "channels": [math.log2(math.factorial(c)) for c in (64, 256, 2048)],
            }))
            """;
        using var json = JsonDocument.Parse(PyTorchReference.Run(script, Path.GetTempPath()));
        double[] Read(string name) => json.RootElement.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var (factorial, binomial, channels) = (Read("factorial"), Read("binomial"), Read("channels"));

        var options = new MethodOptions();
        for (var i = 0; i < BlockSizes.Length; i++)
        {
            var m = BlockSizes[i];
            Assert.InRange(new MethodSetting(ProtectionMethod.Named("shf"), m, options, ResNetDepth.ResNet18).KeySpace().Log2Keys, factorial[i] - 1e-4, factorial[i] + 1e-4);
            foreach (var method in new[] { "np", "ffx" })
            {
                var space = new MethodSetting(ProtectionMethod.Named(method), m, options, ResNetDepth.ResNet18).KeySpace();
                Assert.InRange(space.Log2Keys, binomial[i] - 1e-4, binomial[i] + 1e-4);
                Assert.Equal(lengths[i] - 1 - lengths[i] / 2, space.Selected);
            }
        }
        var fmp18 = new MethodSetting(ProtectionMethod.Named("fmp"), null, options, ResNetDepth.ResNet18).KeySpace();
        Assert.InRange(fmp18.Log2Keys, channels[0] - 1e-4, channels[0] + 1e-4);
        var fmp50 = new MethodSetting(ProtectionMethod.Named("fmp"), null, options with { FeatureMaps = ["layer1", "layer4"] }, ResNetDepth.ResNet50).KeySpace();
        Assert.InRange(fmp50.Log2Keys, channels[1] + channels[2] - 1e-4, channels[1] + channels[2] + 1e-4);
        Assert.Equal([256, 2048], fmp50.Positions);
    }
}
