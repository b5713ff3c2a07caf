using System.CommandLine;
using Pipeline.Method.Data;
using Pipeline.Orchestration.Running;

namespace Pipeline.Cli.Commands;

/// <summary>
/// `pipeline dataset synth`: writes the synthetic VOC-shaped set (README, Data) in VOC layout, so that a `kind: voc`
/// dataset block (or <see cref="VocDataset.Load"/>) with the same image size and seed reads it back as the same
/// train / validation / test splits: masks exactly, images within JPEG's loss (quality 100).
/// </summary>
public static class DatasetCommand
{
    /// <summary>VOC 2012's list sizes: 1464 in "train" (1318 train + 146 validation), 1449 in "val" (the test set).</summary>
    public const int DefaultTrainList = 1464;
    public const int DefaultValList = 1449;
    public const int JpegQuality = 100;
    /// <summary>The smallest side <see cref="SyntheticVocOptions.Validate"/> accepts.</summary>
    public const int MinimumImageSize = 8;
    /// <summary>The largest side of which one image still fits a split's byte array (3·size² ≤ Array.MaxLength).</summary>
    public static readonly int MaximumImageSize = (int)Math.Sqrt(Array.MaxLength / 3.0);

    public static Command Create()
    {
        var command = new Command("dataset", "Datasets: write the synthetic VOC-shaped set in VOC layout");
        command.Subcommands.Add(CreateSynth());
        return command;
    }

    private static Command CreateSynth()
    {
        var output = new Option<string>("--out")
        {
            Description = "The folder to create (VOCdevkit/VOC2012-style: JPEGImages, SegmentationClass, ImageSets/Segmentation); it must not exist or be empty",
            Required = true,
            HelpName = "DIR",
        };
        var seed = new Option<int>("--seed") { HelpName = "S", Description = "Seeds the images and the train/validation split (0..2147483647); read back with the same seed", DefaultValueFactory = _ => 0 };
        var size = new Option<int>("--size") { HelpName = "PIXELS", Description = $"Image side in pixels ({MinimumImageSize}..{MaximumImageSize})", DefaultValueFactory = _ => 256 };
        var train = new Option<int>("--train")
        {
            Description = "Images in VOC's \"train\" list (parted into train and validation in VOC 2012's proportion 1318/146 when read)",
            DefaultValueFactory = _ => DefaultTrainList,
            HelpName = "N",
        };
        var val = new Option<int>("--val") { HelpName = "N", Description = "Images in VOC's \"val\" list (the test set)", DefaultValueFactory = _ => DefaultValList };
        var command = new Command("synth", "Write the synthetic VOC-shaped set (21 classes, deterministic from --seed) in VOC layout");
        foreach (var option in new Option[] { output, seed, size, train, val }) command.Options.Add(option);
        command.SetAction(parse => Synth(
            parse.GetValue(output)!, parse.GetValue(seed), parse.GetValue(size), parse.GetValue(train), parse.GetValue(val), Console.Out, Console.Error));
        return command;
    }

    /// <summary>
    /// The options as the synthetic set's: VOC's "train" list holds train + validation, validation being the share
    /// the VOC loader takes back out of it (<see cref="TrainValidationSplit.VocValidationFraction"/>) with the same seed.
    /// </summary>
    public static SyntheticVocOptions ToOptions(int seed, int size, int trainList, int valList)
    {
        var validation = TrainValidationSplit.ValidationCount(trainList, TrainValidationSplit.VocValidationFraction);
        return new SyntheticVocOptions { Seed = seed, ImageSize = size, Train = trainList - validation, Validation = validation, Test = valList };
    }

    /// <summary>How to read the written folder back into the same splits.</summary>
    public static VocOptions ReadBackOptions(string folder, int seed, int size) =>
        new() { Root = folder, ImageSize = size, SplitSeed = seed, ClassNames = SyntheticVoc.ClassNames };

    /// <summary>
    /// Generates and writes the set; 0 on success, 2 (with a message on <paramref name="error"/>) on bad input or a
    /// folder that cannot be written, in which case nothing is left behind: the set is written into a staging folder
    /// beside the target and renamed into place only when complete.
    /// </summary>
    public static int Synth(string folder, int seed, int size, int trainList, int valList, TextWriter output, TextWriter error)
    {
        const string name = "pipeline dataset synth";
        var problem = CheckArguments(seed, size, trainList, valList);
        if (problem is not null)
        {
            error.WriteLine($"{name}: {problem}");
            return ExitCodes.BadInput;
        }

        string target;
        try
        {
            target = Path.GetFullPath(folder);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            error.WriteLine($"{name}: --out '{folder}' is not a usable path: {e.Message}");
            return ExitCodes.BadInput;
        }
        if (File.Exists(target))
        {
            error.WriteLine($"{name}: --out {target} is a file; give a new or empty folder");
            return ExitCodes.BadInput;
        }
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            error.WriteLine($"{name}: --out {target} already holds files; give a new or empty folder (nothing is overwritten)");
            return ExitCodes.BadInput;
        }

        var created = new List<string>(); // ancestors of the target this call made, removed again on failure
        string? staging = null;
        try
        {
            var parent = Path.GetDirectoryName(target.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar))
                         ?? throw new IOException("the file-system root cannot be the dataset folder");
            CreateAncestors(parent, created);
            staging = Path.Combine(parent, $".{Path.GetFileName(target.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar))}.partial-{Guid.NewGuid():N}");
            Directory.CreateDirectory(staging);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{name}: --out {target} cannot be written: {e.Message}");
            RemoveQuietly(staging, created);
            return ExitCodes.BadInput;
        }

        var options = ToOptions(seed, size, trainList, valList);
        try
        {
            using (var dataset = SyntheticVoc.Generate(options)) VocWriter.Write(dataset, staging, JpegQuality);
            if (Directory.Exists(target)) Directory.Delete(target); // empty, checked above
            Directory.Move(staging, target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            error.WriteLine($"{name}: --out {target} could not be written: {e.Message}");
            RemoveQuietly(staging, created);
            return ExitCodes.BadInput;
        }

        Describe(target, options, trainList, valList, output);
        return ExitCodes.Finished;
    }

    /// <summary>The first problem with the arguments, naming the option and what it allows; null when there is none.</summary>
    public static string? CheckArguments(int seed, int size, int trainList, int valList)
    {
        if (seed < 0) return $"--seed {seed} is negative; allowed: 0..{int.MaxValue}";
        if (size < MinimumImageSize || size > MaximumImageSize) return $"--size {size} is out of range; allowed: an image side of {MinimumImageSize}..{MaximumImageSize} pixels";
        if (trainList < 1) return $"--train {trainList} is not positive; allowed: 1 or more images in the \"train\" list";
        if (valList < 1) return $"--val {valList} is not positive; allowed: 1 or more images in the \"val\" (test) list";
        var imageBytes = 3L * size * size;
        foreach (var (option, count) in new[] { ("--train", trainList), ("--val", valList) })
            if (imageBytes * count > Array.MaxLength)
                return $"{option} {count} at --size {size} needs {imageBytes * count / (1L << 20)} MiB for one split; allowed: at most {Array.MaxLength / imageBytes} images of {size}×{size} in one list (3·size²·count bytes must stay under 2 GiB)";
        return null;
    }

    private static void Describe(string target, SyntheticVocOptions options, int trainList, int valList, TextWriter output)
    {
        var layout = new VocLayout(target);
        var bytes = new DirectoryInfo(target).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        var total = trainList + valList;
        output.WriteLine($"wrote the synthetic VOC-shaped set (seed {options.Seed}, {options.ImageSize}×{options.ImageSize} px, {SyntheticVoc.Classes} classes) to {target} ({Bytes(bytes)})");
        output.WriteLine($"  {Relative(target, layout.Images),-40} {total} JPEG images (quality {JpegQuality})");
        output.WriteLine($"  {Relative(target, layout.Masks),-40} {total} palette PNG masks (class ids 0..{SyntheticVoc.Classes - 1}, 255 = ignore)");
        output.WriteLine($"  {Relative(target, layout.ListPath(VocLayout.TrainList)),-40} {Ids(trainList)}: {options.Train} train + {options.Validation} validation when read with seed {options.Seed}");
        output.WriteLine($"  {Relative(target, layout.ListPath(VocLayout.TestList)),-40} {Ids(valList)}: the test set");
        output.WriteLine($"read it back with a dataset block: kind: voc, path: {target}, image_size: {options.ImageSize}, seed: {options.Seed}");
    }

    private static string Ids(int count) => count == 1 ? "1 id" : $"{count} ids";

    private static string Bytes(long bytes) => bytes < 1 << 20 ? $"{bytes / 1024.0:0.0} KiB" : $"{bytes / 1048576.0:0.0} MiB";

    private static string Relative(string root, string path) =>
        Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/') + (Directory.Exists(path) ? "/" : "");

    private static void CreateAncestors(string folder, List<string> created)
    {
        var missing = new Stack<string>();
        for (var f = folder; !string.IsNullOrEmpty(f) && !Directory.Exists(f); f = Path.GetDirectoryName(f)) missing.Push(f);
        while (missing.Count > 0)
        {
            var f = missing.Pop();
            Directory.CreateDirectory(f);
            created.Add(f);
        }
    }

    private static void RemoveQuietly(string? staging, List<string> created)
    {
        try
        {
            if (staging is not null && Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            for (var k = created.Count - 1; k >= 0; k--)
                if (Directory.Exists(created[k]) && !Directory.EnumerateFileSystemEntries(created[k]).Any()) Directory.Delete(created[k]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the error already reported is the one that matters.
        }
    }
}
