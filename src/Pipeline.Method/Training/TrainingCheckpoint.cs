using Pipeline.Method;
using System.Globalization;
using System.Text.Json;
using Pipeline.TorchExtensions;
using static TorchSharp.torch;

namespace Pipeline.Method.Training;

/// <summary>
/// Everything needed to continue training exactly where it stopped: model and momentum buffers, the best
/// weights so far, and the progress (epoch, batch, history...). Written atomically as one safetensors file whose
/// metadata holds the format and the progress as JSON.
/// </summary>
public sealed class TrainingCheckpoint : IDisposable
{
    /// <summary>
    /// The layout <see cref="Save"/> writes. Format 1, written before there was a "format" entry, kept each field of the
    /// progress in a metadata entry of its own; it is still read, so that jobs checkpointed by an earlier version resume.
    /// </summary>
    public const int Format = 2;

    private const string ModelPrefix = "model.", MomentumPrefix = "momentum.", BestPrefix = "best.";
    private const string FormatEntry = "format", ProgressEntry = "progress";

    // Every field must be there: a progress that lost one is damaged, not a fresh start.
    private static readonly JsonSerializerOptions ProgressJson = new(JsonFiles.Options)
    {
        RespectRequiredConstructorParameters = true, RespectNullableAnnotations = true,
    };

    public required TrainingProgress Progress { get; init; }
    public required IReadOnlyDictionary<string, Tensor> Model { get; init; }
    public required IReadOnlyDictionary<string, Tensor> Momentum { get; init; }
    public required IReadOnlyDictionary<string, Tensor> Best { get; init; }

    public void Save(string path)
    {
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (k, v) in Model) tensors[ModelPrefix + k] = v;
        foreach (var (k, v) in Momentum) tensors[MomentumPrefix + k] = v;
        foreach (var (k, v) in Best) tensors[BestPrefix + k] = v;
        Safetensors.Save(path, tensors, new Dictionary<string, string>
        {
            [FormatEntry] = Format.ToString(CultureInfo.InvariantCulture),
            [ProgressEntry] = JsonSerializer.Serialize(Progress, ProgressJson),
        });
    }

    /// <summary>
    /// Reads a checkpoint; anything unreadable (truncated, not safetensors, bad metadata, a format this version does not
    /// know) is an <see cref="InvalidDataException"/> naming the file.
    /// </summary>
    public static TrainingCheckpoint Load(string path, DeviceId device)
    {
        var progress = ReadProgress(path);
        var tensors = Safetensors.Load(path, device);
        OrderedDictionary<string, Tensor> Part(string prefix) => new(tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(kv => KeyValuePair.Create(kv.Key[prefix.Length..], kv.Value)));
        return new TrainingCheckpoint { Progress = progress, Model = Part(ModelPrefix), Momentum = Part(MomentumPrefix), Best = Part(BestPrefix) };
    }

    /// <summary>The checkpoint's progress alone, without reading its tensors; fails as <see cref="Load"/> does.</summary>
    public static TrainingProgress ReadProgress(string path)
    {
        var metadata = Safetensors.ReadMetadata(path);
        string Entry(string name) => metadata.TryGetValue(name, out var v) ? v : throw new InvalidDataException($"{path}: checkpoint metadata lacks '{name}'");
        try
        {
            if (!metadata.TryGetValue(FormatEntry, out var format)) return Format1(metadata, Entry);
            if (format != Format.ToString(CultureInfo.InvariantCulture))
                throw new InvalidDataException($"{path}: checkpoint format {format} is unknown to this version, which reads formats 1 to {Format} (a newer version wrote it?)");
            return JsonSerializer.Deserialize<TrainingProgress>(Entry(ProgressEntry), ProgressJson)
                   ?? throw new InvalidDataException($"{path}: checkpoint metadata has an empty '{ProgressEntry}'");
        }
        catch (Exception e) when (e is FormatException or OverflowException or JsonException)
        {
            throw new InvalidDataException($"{path}: checkpoint metadata is damaged ({e.Message})", e);
        }
    }

    private static TrainingProgress Format1(IReadOnlyDictionary<string, string> metadata, Func<string, string> entry) => new(
        Epoch: int.Parse(entry("epoch"), CultureInfo.InvariantCulture),
        Batch: int.Parse(entry("batch"), CultureInfo.InvariantCulture),
        EpochLossSum: double.Parse(entry("epoch_loss_sum"), CultureInfo.InvariantCulture),
        EpochImages: long.Parse(entry("epoch_images"), CultureInfo.InvariantCulture),
        BestEpoch: int.Parse(entry("best_epoch"), CultureInfo.InvariantCulture),
        BestValidationLoss: double.Parse(entry("best_validation_loss"), CultureInfo.InvariantCulture),
        Seconds: double.Parse(entry("seconds"), CultureInfo.InvariantCulture),
        History: JsonSerializer.Deserialize<List<EpochRecord>>(entry("history"), JsonFiles.Options) ?? [],
        MicroBatch: metadata.TryGetValue("micro_batch", out var micro) ? int.Parse(micro, CultureInfo.InvariantCulture) : null);

    public void Dispose()
    {
        foreach (var t in Model.Values.Concat(Momentum.Values).Concat(Best.Values)) t.Dispose();
    }
}
