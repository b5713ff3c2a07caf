using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pipeline.Method.Metrics;
using Pipeline.Orchestration.Running;

namespace Pipeline.Cli.Commands;

/// <summary>
/// `pipeline miou`: scores a folder of predicted label PNGs against a folder of ground-truth label PNGs
/// (<see cref="LabelFolders.Compare"/>: matched by file name, palette or grayscale, value = class id, one confusion
/// matrix over all files) and prints mean IoU, per-class IoU and pixel accuracy.
/// </summary>
public static class MiouCommand
{
    public static Command Create()
    {
        var prediction = new Option<string>("--pred") { HelpName = "DIR", Description = "Folder of predicted label PNGs", Required = true };
        var truth = new Option<string>("--gt") { HelpName = "DIR", Description = "Folder of ground-truth label PNGs with the same file names", Required = true };
        var classes = new Option<int>("--classes") { HelpName = "N", Description = "Number of classes, including background (1..256)", Required = true };
        var ignore = new Option<int>("--ignore-index")
        {
            Description = "Ground-truth value left out of the scores (0..255; -1 leaves nothing out)",
            DefaultValueFactory = _ => (int)ConfusionMatrix.DefaultIgnoreIndex,
            HelpName = "VALUE",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: miou, iou (null for a class with an empty union: never in the ground truth nor predicted at a labelled pixel), pixel_accuracy" };
        var command = new Command("miou", "Mean IoU, per-class IoU and pixel accuracy of predicted label PNGs against ground-truth label PNGs");
        foreach (var option in new Option[] { prediction, truth, classes, ignore, json }) command.Options.Add(option);
        command.SetAction(parse => Run(
            parse.GetValue(prediction)!, parse.GetValue(truth)!, parse.GetValue(classes), parse.GetValue(ignore), parse.GetValue(json), Console.Out, Console.Error));
        return command;
    }

    /// <summary>Compares and prints; 0 on success, 2 with a message naming the option, folder or file otherwise.</summary>
    public static int Run(string predictionFolder, string truthFolder, int classes, int ignoreIndex, bool json, TextWriter output, TextWriter error)
    {
        const string name = "pipeline miou";
        if (classes is < 1 or > 256)
        {
            error.WriteLine($"{name}: --classes {classes} is out of range; allowed: 1..256 (labels are 8-bit values)");
            return ExitCodes.BadInput;
        }
        if (ignoreIndex is < -1 or > 255)
        {
            error.WriteLine($"{name}: --ignore-index {ignoreIndex} is out of range; allowed: 0..255, or -1 to leave nothing out");
            return ExitCodes.BadInput;
        }
        SegmentationScores scores;
        try
        {
            scores = LabelFolders.Compare(predictionFolder, truthFolder, classes, ignoreIndex);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            error.WriteLine($"{name}: {e.Message}");
            return ExitCodes.BadInput;
        }
        if (json) WriteJson(scores, output);
        else WriteTable(scores, output);
        return ExitCodes.Finished;
    }

    /// <summary>{"miou": …, "iou": […], "pixel_accuracy": …}; null stands for a class left out (and for NaN when no pixel was labelled).</summary>
    public static void WriteJson(SegmentationScores scores, TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            WriteNumber(writer, "miou", scores.MeanIoU);
            writer.WriteStartArray("iou");
            foreach (var v in scores.IoU)
                if (v is { } value) writer.WriteNumberValue(value);
                else writer.WriteNullValue();
            writer.WriteEndArray();
            WriteNumber(writer, "pixel_accuracy", scores.PixelAccuracy);
            writer.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    public static void WriteTable(SegmentationScores scores, TextWriter output)
    {
        output.WriteLine("class  IoU");
        for (var c = 0; c < scores.IoU.Length; c++)
            output.WriteLine($"{c,5}  {(scores.IoU[c] is { } v ? Format(v) : "-       (absent: empty union, left out of the mean)")}");
        var present = scores.IoU.Length - scores.AbsentClasses.Length;
        output.WriteLine($"mean IoU        {Format(scores.MeanIoU)}  over {present} of {scores.IoU.Length} classes"
                         + (scores.AbsentClasses.Length > 0 ? $" (left out: {string.Join(", ", scores.AbsentClasses)})" : ""));
        output.WriteLine($"pixel accuracy  {Format(scores.PixelAccuracy)}");
    }

    private static string Format(double value) =>
        double.IsNaN(value) ? "n/a (no labelled pixel)" : value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static void WriteNumber(Utf8JsonWriter writer, string property, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumber(property, value);
        else writer.WriteNull(property);
    }
}
