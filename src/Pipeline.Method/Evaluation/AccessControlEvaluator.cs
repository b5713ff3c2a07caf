using Pipeline.Method.Data;
using Pipeline.Method.Keys;
using Pipeline.Method.Metrics;
using Pipeline.Method.Models;
using Pipeline.Method.Training;
using Pipeline.Method.Transforms;
using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Method.Evaluation;

/// <summary>
/// The paper's access-control test: mean IoU on the test set with the correct key, with plain images,
/// and with wrong keys. Each evaluation accumulates one confusion matrix over the whole set on the device.
/// </summary>
public sealed class AccessControlEvaluator(FcnResNet model, DeviceId device, int batchSize, ComputePrecision precision, bool channelsLast)
{
    /// <summary>Called after each evaluation with a short label (correct, plain, incorrect 3/100) and its mean IoU.</summary>
    public Action<string, double>? Evaluated { get; init; }

    /// <summary>
    /// Mean IoU and the confusion matrix over the split with the model run under the protection (plain when null). The
    /// model is plain again afterwards, so that it never holds a protection its caller disposes.
    /// </summary>
    public EvaluationResult Evaluate(SegmentationSplit test, Protection? protection)
    {
        model.eval();
        var input = new InputPipeline(protection?.Input, channelsLast);
        using var noGrad = no_grad();
        using var confusion = new ConfusionMatrix((int)model.Classes, device, VocClasses.IgnoreIndex);
        (protection ?? Protection.Plain).Attach(model);
        try
        {
            foreach (var (images, masks) in EvaluationBatches.Of(test, batchSize, device))
                using (precision.Scope())
                    confusion.Update(model.forward(input.Prepare(images)).argmax(1), masks);
        }
        finally
        {
            Protection.Plain.Attach(model);
        }
        var rows = confusion.ToRows();
        var scores = SegmentationScores.From(rows);
        return new EvaluationResult { MeanIou = scores.MeanIoU, PixelAccuracy = scores.PixelAccuracy, Iou = scores.IoU, Confusion = rows };
    }

    /// <summary>A protected model: correct key, plain images, and up to <paramref name="incorrectCount"/> distinct wrong keys (named by <paramref name="fingerprints"/>).</summary>
    public Evaluations EvaluateProtected(SegmentationSplit test, MethodSetting setting, SecretKey key, int incorrectCount, KeyFingerprinter fingerprints)
    {
        EvaluationResult correct;
        using (var protection = setting.Protect(key)) correct = Evaluate(test, protection);
        Evaluated?.Invoke("correct key", correct.MeanIou);
        var plain = Evaluate(test, null);
        Evaluated?.Invoke("plain images", plain.MeanIou);

        var runs = new List<IncorrectKeyResult>();
        var wrongKeys = IncorrectKeySampler.Draw(setting, key, incorrectCount);
        try
        {
            foreach (var (wrongKey, wrong) in wrongKeys)
            {
                var result = Evaluate(test, wrong);
                runs.Add(new IncorrectKeyResult(fingerprints.Of(wrongKey), result));
                Evaluated?.Invoke($"incorrect key {runs.Count}/{wrongKeys.Count}", result.MeanIou);
            }
        }
        finally
        {
            foreach (var (_, w) in wrongKeys) w.Dispose();
        }
        return new Evaluations { Correct = correct, Plain = plain, Incorrect = Summarise(incorrectCount, runs) };
    }

    public static IncorrectKeys? Summarise(int requested, IReadOnlyList<IncorrectKeyResult> runs)
    {
        if (runs.Count == 0) return null;
        var values = runs.Select(r => r.Result.MeanIou).ToArray();
        var mean = values.Average();
        // Population standard deviation over the evaluated keys (numpy's default, as the paper's scripts report).
        var std = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
        return new IncorrectKeys
        {
            Requested = requested, Evaluated = runs.Count, Mean = mean, Std = std, Min = values.Min(), Max = values.Max(), Runs = runs,
        };
    }
}
