using Pipeline.Method.Training;
using Pipeline.TorchExtensions;
using static TorchSharp.torch;

namespace Pipeline.Method.Tests;

/// <summary>
/// The checkpoint's progress is saved once, as JSON beside its format, and read back exactly; a format this version
/// does not know, or a progress that lost a field, is refused naming the file. Format 1 is read in Pipeline.Orchestration.Tests
/// (SegmentationJobTests), where a job resumes from it.
/// </summary>
public class TrainingCheckpointTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("checkpoint-tests-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static readonly TrainingProgress Progress = new(
        Epoch: 2, Batch: 3, EpochLossSum: 0.1 + 0.2, EpochImages: 24, BestEpoch: 1, BestValidationLoss: 1.0 / 3, Seconds: 12.625,
        History: [new EpochRecord(1, Math.PI, double.NaN, 0.0352, 6.1), new EpochRecord(2, Math.E, 1.0 / 3, 1e-4, 5.9)], MicroBatch: 3);

    private static TrainingCheckpoint Holding(TrainingProgress progress) => new()
    {
        Progress = progress,
        Model = new Dictionary<string, Tensor> { ["weight"] = ones(2, 3) },
        Momentum = new Dictionary<string, Tensor> { ["0"] = zeros(2, 3) },
        Best = new Dictionary<string, Tensor> { ["weight"] = full(2, 3, 0.5f) },
    };

    private static void AssertSame(TrainingProgress expected, TrainingProgress actual)
    {
        Assert.Equal(expected with { History = [] }, actual with { History = [] });
        Assert.Equal(expected.History, actual.History);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(null)]
    public void SavesTheProgressOnceAndReadsItBackExactly(int? microBatch)
    {
        var path = Path.Combine(folder, "checkpoint.safetensors");
        var progress = Progress with { MicroBatch = microBatch };
        using (var saved = Holding(progress)) saved.Save(path);

        var metadata = Safetensors.ReadMetadata(path);
        Assert.Equal(["format", "progress"], metadata.Keys.Order());
        Assert.Equal("2", metadata["format"]);
        using var loaded = TrainingCheckpoint.Load(path, DeviceId.CPU);
        AssertSame(progress, loaded.Progress);
        using var best = loaded.Best["weight"][1, 2];
        Assert.Equal(0.5f, best.item<float>());
    }

    [Fact]
    public void BeforeTheFirstEpochItsInfiniteBestLossIsReadBack()
    {
        var path = Path.Combine(folder, "checkpoint.safetensors");
        using (var saved = Holding(TrainingProgress.Start)) saved.Save(path);

        AssertSame(TrainingProgress.Start, TrainingCheckpoint.ReadProgress(path));
    }

    [Fact]
    public void AFormatThisVersionDoesNotKnowIsRefusedNamingItAndTheFile()
    {
        var path = Path.Combine(folder, "checkpoint.safetensors");
        using (var saved = Holding(Progress)) saved.Save(path);
        Rewrite(path, metadata => metadata["format"] = "3");

        var error = Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.Load(path, DeviceId.CPU));
        Assert.StartsWith($"{path}: checkpoint format 3 is unknown", error.Message);
    }

    [Fact]
    public void AProgressThatLostAFieldIsDamaged()
    {
        var path = Path.Combine(folder, "checkpoint.safetensors");
        using (var saved = Holding(Progress)) saved.Save(path);
        Rewrite(path, metadata => metadata["progress"] = metadata["progress"].Replace("\"history\"", "\"story\""));

        var error = Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.ReadProgress(path));
        Assert.StartsWith($"{path}: checkpoint metadata is damaged", error.Message);
    }

    private static void Rewrite(string path, Action<Dictionary<string, string>> change)
    {
        var metadata = new Dictionary<string, string>(Safetensors.ReadMetadata(path));
        change(metadata);
        using var scope = NewDisposeScope();
        Safetensors.Save(path, Safetensors.Load(path), metadata);
    }
}
