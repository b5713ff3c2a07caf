using Pipeline.Method.Imaging;
using Pipeline.TorchExtensions;
using static TorchSharp.torch;

namespace Pipeline.Method.Metrics;

/// <summary>
/// Scores a folder of predicted label PNGs against a folder of ground-truth label PNGs (what `pipeline miou`
/// compares): files are matched by name, each PNG is read as raw indices (palette or grayscale; value = class id),
/// and all pixels go into one confusion matrix. Every error names the file or folder.
/// </summary>
public static class LabelFolders
{
    public static SegmentationScores Compare(string predictionFolder, string truthFolder, int classes, long ignoreIndex = ConfusionMatrix.DefaultIgnoreIndex)
    {
        var predicted = LabelFiles(predictionFolder);
        var truth = LabelFiles(truthFolder);
        var unmatched = truth.Keys.Except(predicted.Keys).Select(name => truth[name])
            .Concat(predicted.Keys.Except(truth.Keys).Select(name => predicted[name])).Order(StringComparer.Ordinal).ToArray();
        if (unmatched.Length > 0)
            throw new InvalidDataException(
                $"{unmatched.Length} label file(s) have no counterpart of the same name in the other folder: {string.Join(", ", unmatched.Take(5))}{(unmatched.Length > 5 ? ", ..." : "")}");
        using var matrix = new ConfusionMatrix(classes, DeviceId.CPU, ignoreIndex);
        foreach (var name in truth.Keys.Order(StringComparer.Ordinal))
        {
            var (p, t) = (Png.ReadIndexed(predicted[name]), Png.ReadIndexed(truth[name]));
            if (p.Height != t.Height || p.Width != t.Width)
                throw new InvalidDataException($"{predicted[name]}: the prediction is {p.Width}×{p.Height} but the ground truth {truth[name]} is {t.Width}×{t.Height}");
            using var scope = NewDisposeScope();
            matrix.Update(tensor(p.Indices, [p.Height, p.Width]), tensor(t.Indices, [t.Height, t.Width]));
        }
        return matrix.Compute();
    }

    private static Dictionary<string, string> LabelFiles(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder}: folder not found");
        var files = Directory.GetFiles(folder, "*.png").ToDictionary(path => Path.GetFileName(path), path => path, StringComparer.Ordinal);
        if (files.Count == 0) throw new InvalidDataException($"{folder}: no PNG label files");
        return files;
    }
}
