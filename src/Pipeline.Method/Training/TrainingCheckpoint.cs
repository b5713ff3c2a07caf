using Pipeline.Method;
using System.Globalization;
using System.Text.Json;
using Pipeline.Method.Evaluation;
using Pipeline.TorchExtensions;
using static TorchSharp.torch;

namespace Pipeline.Method.Training;

/// <summary>
/// Everything needed to continue training exactly where it stopped: model and momentum buffers, the best
/// weights so far, and the position (epoch and batch). Written atomically as one safetensors file.
/// </summary>
public sealed class TrainingCheckpoint : IDisposable
{
    private const string ModelPrefix = "model.", MomentumPrefix = "momentum.", BestPrefix = "best.";

    public required int Epoch { get; init; }
    /// <summary>The next batch to run in <see cref="Epoch"/> (0 when the epoch has not started).</summary>
    public required int Batch { get; init; }
    public required double EpochLossSum { get; init; }
    public required long EpochImages { get; init; }
    public required int BestEpoch { get; init; }
    public required double BestValidationLoss { get; init; }
    public required double Seconds { get; init; }
    public required IReadOnlyList<EpochRecord> History { get; init; }
    /// <summary>Images per pass the run chose (accumulate "auto" finds it once; a resumed run keeps it).</summary>
    public required int? MicroBatch { get; init; }
    public required IReadOnlyDictionary<string, Tensor> Model { get; init; }
    public required IReadOnlyDictionary<string, Tensor> Momentum { get; init; }
    public required IReadOnlyDictionary<string, Tensor> Best { get; init; }

    public void Save(string path)
    {
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (k, v) in Model) tensors[ModelPrefix + k] = v;
        foreach (var (k, v) in Momentum) tensors[MomentumPrefix + k] = v;
        foreach (var (k, v) in Best) tensors[BestPrefix + k] = v;
        var metadata = new Dictionary<string, string>
        {
            ["epoch"] = Epoch.ToString(),
            ["batch"] = Batch.ToString(),
            ["epoch_loss_sum"] = EpochLossSum.ToString("R"),
            ["epoch_images"] = EpochImages.ToString(),
            ["best_epoch"] = BestEpoch.ToString(),
            ["best_validation_loss"] = BestValidationLoss.ToString("R"),
            ["seconds"] = Seconds.ToString("R"),
            ["history"] = JsonSerializer.Serialize(History, JsonFiles.Options),
        };
        if (MicroBatch is { } micro) metadata["micro_batch"] = micro.ToString();
        Safetensors.Save(path, tensors, metadata);
    }

    /// <summary>Reads a checkpoint; anything unreadable (truncated, not safetensors, bad metadata) is an <see cref="InvalidDataException"/> naming the file.</summary>
    public static TrainingCheckpoint Load(string path, DeviceId device)
    {
        var metadata = Safetensors.ReadMetadata(path);
        string Field(string name) => metadata.TryGetValue(name, out var v) ? v : throw new InvalidDataException($"{path}: checkpoint metadata lacks '{name}'");
        TrainingCheckpoint Read(OrderedDictionary<string, Tensor> tensors)
        {
            OrderedDictionary<string, Tensor> Part(string prefix) => new(tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
                .Select(kv => KeyValuePair.Create(kv.Key[prefix.Length..], kv.Value)));
            return new TrainingCheckpoint
            {
                Epoch = int.Parse(Field("epoch"), CultureInfo.InvariantCulture),
                Batch = int.Parse(Field("batch"), CultureInfo.InvariantCulture),
                EpochLossSum = double.Parse(Field("epoch_loss_sum"), CultureInfo.InvariantCulture),
                EpochImages = long.Parse(Field("epoch_images"), CultureInfo.InvariantCulture),
                BestEpoch = int.Parse(Field("best_epoch"), CultureInfo.InvariantCulture),
                BestValidationLoss = double.Parse(Field("best_validation_loss"), CultureInfo.InvariantCulture),
                Seconds = double.Parse(Field("seconds"), CultureInfo.InvariantCulture),
                History = JsonSerializer.Deserialize<List<EpochRecord>>(Field("history"), JsonFiles.Options) ?? [],
                MicroBatch = metadata.TryGetValue("micro_batch", out var micro) ? int.Parse(micro, CultureInfo.InvariantCulture) : null,
                Model = Part(ModelPrefix),
                Momentum = Part(MomentumPrefix),
                Best = Part(BestPrefix),
            };
        }
        var tensors = Safetensors.Load(path, device);
        try
        {
            return Read(tensors);
        }
        catch (Exception e) when (e is FormatException or OverflowException or JsonException or InvalidDataException)
        {
            foreach (var t in tensors.Values) t.Dispose();
            if (e is InvalidDataException) throw;
            throw new InvalidDataException($"{path}: checkpoint metadata is damaged ({e.Message})", e);
        }
    }

    public void Dispose()
    {
        foreach (var t in Model.Values.Concat(Momentum.Values).Concat(Best.Values)) t.Dispose();
    }
}
