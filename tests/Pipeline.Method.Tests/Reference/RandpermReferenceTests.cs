using Pipeline.Tests.Shared;
using System.Text.Json;
using Pipeline.Method.Keys;

namespace Pipeline.Method.Tests.Reference;

/// <summary>Our keys are torch.manual_seed(seed); torch.randperm(L): compared with PyTorch itself.</summary>
public class RandpermReferenceTests
{
    [PyTorchFact]
    public void KeysEqualPyTorchRandperm()
    {
        var cases = new (long seed, int length)[] { (0, 3), (1, 12), (42, 48), (2021, 192), (123456789, 768), (9_000_000_000_000_000_000, 3072), (7, 196608) };
        var script = "import torch, json\nout = []\n" + string.Join("\n", cases.Select(c => $"torch.manual_seed({c.seed}); out.append(torch.randperm({c.length}).tolist())"))
                     + "\nprint(json.dumps(out))";
        var expected = JsonSerializer.Deserialize<long[][]>(PyTorchReference.Run(script, Path.GetTempPath()))!;
        for (var i = 0; i < cases.Length; i++)
            Assert.Equal(expected[i], new SecretKey(cases[i].seed).Permutation(cases[i].length));
    }
}
