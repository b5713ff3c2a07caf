using System.Text.Json;
using Pipeline.Cli.Commands;
using Pipeline.Method.Imaging;
using Pipeline.Method.Keys;
using Pipeline.Method.Transforms;
using Pipeline.Tests.Shared;

namespace Pipeline.Cli.Tests;

public sealed class KeyAndTransformCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("cli-tests-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void KeyJsonForFfxWithOnePixelBlocks()
    {
        var output = new StringWriter();
        using (var ffx = new FfxTransform(1, new SecretKey(0))) KeyCommand.Describe(ffx, new SecretKey(0), null, json: true, output);
        var text = output.ToString().Trim();
        Assert.StartsWith("""{"method":"ffx","block_size":1,"kind":"seed","effective_bits":32,"perm":[2,0,1],"selected":[0],"lookup":[355,522,858,""", text);
        using var json = JsonDocument.Parse(text);
        Assert.Equal(256, json.RootElement.GetProperty("lookup").GetArrayLength());
        Assert.False(json.RootElement.TryGetProperty("seed", out _));
    }

    [Fact]
    public void KeyJsonForShuffleHasNoLookup()
    {
        var output = new StringWriter();
        using (var shf = new BlockShuffle(2, new SecretKey(42))) KeyCommand.Describe(shf, new SecretKey(42), null, json: true, output);
        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        Assert.Equal("shf", root.GetProperty("method").GetString());
        Assert.Equal(2, root.GetProperty("block_size").GetInt32());
        Assert.Equal(new long[] { 6, 8, 1, 7, 0, 2, 10, 11, 4, 3, 5, 9 }, root.GetProperty("perm").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(new[] { 1, 3, 6, 7, 11 }, root.GetProperty("selected").EnumerateArray().Select(e => e.GetInt32()));
        Assert.False(root.TryGetProperty("lookup", out _));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void KeyNewPrintsAKeyThatParsesBackToItsKind(bool strong)
    {
        var output = new StringWriter();
        Assert.Equal(0, KeyCommand.New(strong, output));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var key = SecretKey.Parse(lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        Assert.NotNull(key);
        Assert.Equal(strong, key.IsStrong);
        Assert.Contains("keep it secret", lines[1]);
    }

    [Fact]
    public void KeyWithResultsPrintsTheFingerprintThatFolderGivesTheKey()
    {
        var experiment = new Pipeline.Orchestration.Jobs.ExperimentFolder(Path.Combine(folder, "exp"));
        Directory.CreateDirectory(experiment.Path);
        var expected = experiment.Fingerprinter().Of(new SecretKey(42));
        var code = PipelineProcess.Run(TimeSpan.FromMinutes(1), out var output,
                                       "key", "--method", "np", "--block-size", "4", "--seed", "42", "--results", experiment.Path, "--json");
        Assert.True(code == 0, output);
        using var json = JsonDocument.Parse(output.Trim());
        Assert.Equal(expected, json.RootElement.GetProperty("fingerprint").GetString());
        code = PipelineProcess.Run(TimeSpan.FromMinutes(1), out output, "key", "--method", "np", "--block-size", "4", "--seed", "42", "--results", Path.Combine(folder, "none"));
        Assert.Equal(2, code);
        Assert.Contains("has no fingerprint secret yet", output);
    }

    [Fact]
    public void KeyTextShowsEveryPartOfTheKeyTheHelpPromises()
    {
        var output = new StringWriter();
        using (var ffx = new FfxTransform(1, new SecretKey(0))) KeyCommand.Describe(ffx, new SecretKey(0), null, json: false, output);
        var text = output.ToString();

        Assert.Contains("key          seed key (32 effective bits)", text);
        Assert.Contains("permutation  2 0 1\n", text);
        Assert.Contains("selected     1 of 3 positions: 0\n", text);
        Assert.Matches(@"lookup       256 values, max \d+: 355 522 858( \d+){253}\n", text);
    }

    [Fact]
    public void KeyNewDrawsASeedOfTheThirtyTwoBitsThatCount()
    {
        for (var i = 0; i < 64; i++)
        {
            var output = new StringWriter();
            KeyCommand.New(strong: false, output);
            Assert.InRange(SecretKey.Parse(output.ToString().Split('\n')[0]["seed".Length..])!.Seed!.Value, 0, uint.MaxValue);
        }
    }

    [Fact]
    public void KeyAndTransformReadTheKeyFromAKeyFile()
    {
        var keys = Path.Combine(folder, "team.keys.yaml");
        File.WriteAllText(keys, "alice: 42\nbob: 7\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var image = WriteImage("in.png", 8, 12);
        var (byFile, bySeed) = (Path.Combine(folder, "file.png"), Path.Combine(folder, "seed.png"));

        var fromFile = PipelineProcess.Run(TimeSpan.FromMinutes(1), out var fileOutput, "key", "--method", "np", "--block-size", "2", "--key-file", keys, "--key", "alice", "--json");
        var fromSeed = PipelineProcess.Run(TimeSpan.FromMinutes(1), out var seedOutput, "key", "--method", "np", "--block-size", "2", "--seed", "42", "--json");
        var transformed = PipelineProcess.Run(TimeSpan.FromMinutes(1), out var transformOutput, "transform", "--method", "shf", "--block-size", "4", "--key-file", keys, "--key", "bob", image, byFile);
        Assert.Equal(0, Invoke("--method", "shf", "--block-size", "4", "--seed", "7", image, bySeed));
        var missing = PipelineProcess.Run(TimeSpan.FromMinutes(1), out var missingOutput, "key", "--method", "np", "--block-size", "2", "--key-file", keys, "--key", "alicia");

        Assert.True(fromFile == 0, fileOutput);
        Assert.Equal(seedOutput, fileOutput);
        Assert.True(transformed == 0, transformOutput);
        Assert.Equal(Png.ReadRgb(bySeed).Pixels, Png.ReadRgb(byFile).Pixels);
        Assert.Equal(2, missing);
        Assert.Contains("no key 'alicia' in the key file (did you mean 'alice'?); allowed: alice, bob", missingOutput);
    }

    [Fact]
    public void FfxDecryptionOfAnEightBitPngIsRefusedWithTheReason()
    {
        var original = WriteImage("in.png", 8, 12);
        var encrypted = Path.Combine(folder, "enc.png");
        var decrypted = Path.Combine(folder, "dec.png");
        Assert.Equal(0, PipelineProcess.Run(TimeSpan.FromMinutes(1), out var encryption, "transform", "--method", "ffx", "--block-size", "4", "--seed", "99", original, encrypted));

        var code = PipelineProcess.Run(TimeSpan.FromMinutes(1), out var output, "transform", "--method", "ffx", "--block-size", "4", "--seed", "99", "--decrypt", encrypted, decrypted);

        Assert.Contains("cannot be decrypted", encryption);
        Assert.Equal(2, code);
        Assert.Contains("pipeline transform: FFX encrypts each 8-bit value to one of 1000 levels (0..999), and an 8-bit PNG keeps only 256 of them", output);
        Assert.Contains("--decrypt restores shf and np images", output);
        Assert.False(File.Exists(decrypted));
    }

    [Fact]
    public void StrongKeyDescribesWithItsEffectiveBits()
    {
        var output = new StringWriter();
        var key = SecretKey.NewStrong();
        using (var np = new NegativePositive(4, key)) KeyCommand.Describe(np, key, null, json: false, output);
        Assert.Contains("strong key (256 effective bits)", output.ToString());
    }

    [Theory]
    [InlineData("shf")]
    [InlineData("np")]
    public void TransformThenDecryptRestoresThePng(string method)
    {
        var original = WriteImage("in.png", 8, 12);
        var encrypted = Path.Combine(folder, "enc.png");
        var decrypted = Path.Combine(folder, "dec.png");
        Assert.Equal(0, Invoke("--method", method, "--block-size", "4", "--seed", "99", original, encrypted));
        Assert.Equal(0, Invoke("--method", method, "--block-size", "4", "--seed", "99", "--decrypt", encrypted, decrypted));
        Assert.NotEqual(Png.ReadRgb(original).Pixels, Png.ReadRgb(encrypted).Pixels);
        Assert.Equal(Png.ReadRgb(original).Pixels, Png.ReadRgb(decrypted).Pixels);
    }

    [Fact]
    public void FfxTransformWritesTheScaledTableValues()
    {
        // One gray pixel of value 10 with M = 1 and seed 0: red (selected) becomes 203/996, green and blue 10/996.
        var input = Path.Combine(folder, "px.png");
        Png.WriteRgb(input, new RgbImage(1, 1, [10, 10, 10]));
        var output = Path.Combine(folder, "px-ffx.png");
        Assert.Equal(0, Invoke("--method", "ffx", "--block-size", "1", "--seed", "0", input, output));
        var expected = new[] { 203, 10, 10 }.Select(v => (byte)Math.Round(v / 996.0 * 255)).ToArray();
        Assert.Equal(expected, Png.ReadRgb(output).Pixels);
    }

    [Theory]
    [InlineData("xor", "4", "in.png")]
    [InlineData("shf", "5", "in.png")]
    [InlineData("shf", "0", "in.png")]
    [InlineData("np", "4", "missing.png")]
    public void BadInputExitsWithTwoAndWritesNothing(string method, string blockSize, string input)
    {
        WriteImage("in.png", 8, 12);
        var output = Path.Combine(folder, "out.png");
        Assert.Equal(2, Invoke("--method", method, "--block-size", blockSize, "--seed", "1", Path.Combine(folder, input), output));
        Assert.False(File.Exists(output));
    }

    private static int Invoke(params string[] args) => TransformCommand.Create().Parse(args).Invoke();

    private string WriteImage(string name, int height, int width)
    {
        var path = Path.Combine(folder, name);
        var pixels = Enumerable.Range(0, height * width * 3).Select(i => (byte)(i * 53 % 256)).ToArray();
        Png.WriteRgb(path, new RgbImage(height, width, pixels));
        return path;
    }
}
