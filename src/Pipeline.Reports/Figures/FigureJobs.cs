using Pipeline.Method.Data;
using Pipeline.Method.Imaging;
using Pipeline.Method.Transforms;
using Pipeline.Orchestration.Jobs;
using Pipeline.Reports.Results;
using Pipeline.TorchExtensions;
using static TorchSharp.torch;

namespace Pipeline.Reports.Figures;

/// <summary>
/// What the image figures need from the job folders: a job's definition with its key (job.yaml and key.secret,
/// read on the CPU) and the first few images of its test split. Keys stay in memory; only fingerprints are shown.
/// </summary>
internal static class FigureJobs
{
    /// <summary>The job with its key, or null when its folder has no readable job.yaml / key.secret.</summary>
    public static Job? TryJob(JobEntry entry)
    {
        try
        {
            return entry.Folder.ReadJob();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }

    public static bool IsProtected(JobEntry entry) =>
        entry.Method is { } m && ProtectionMethod.Names.Contains(m) && entry.BlockSize is > 0;

    /// <summary>The first <paramref name="count"/> test images (uint8 N×3×H×W) and masks (uint8 N×H×W) of the job's dataset.</summary>
    /// <remarks>A synthetic image depends only on (seed, list, position), so only the images shown are generated.</remarks>
    public static SegmentationSplit TestImages(Job job, int count)
    {
        var dataset = job.Dataset;
        if (dataset.Kind == DatasetKind.Synthetic)
        {
            var n = Math.Min(count, dataset.Test ?? 0);
            if (n <= 0) throw new InvalidOperationException("the dataset has no test images");
            return SyntheticVoc.GenerateList("val", n, new SyntheticVocOptions
            {
                ImageSize = dataset.ImageSize, Train = Math.Max(1, dataset.Train ?? 0), Validation = dataset.Val ?? 0, Test = dataset.Test ?? 0,
                Seed = dataset.Seed, Classes = dataset.Classes,
            });
        }
        using var all = DatasetLoader.Load(dataset, job.ProjectRoot);
        var take = Math.Min(count, all.Test.Count);
        if (take <= 0) throw new InvalidOperationException("the dataset has no test images");
        using var scope = NewDisposeScope();
        return new SegmentationSplit(all.Test.Images.narrow(0, 0, take).cpu().clone(), all.Test.Masks.narrow(0, 0, take).cpu().clone(), all.Test.Ids.Take(take).ToArray());
    }

    /// <summary>Image <paramref name="index"/> of uint8 N×3×H×W as float 1×3×H×W in [0,1], the transforms' input.</summary>
    public static Tensor AsUnitFloat(Tensor images, int index) =>
        images.narrow(0, index, 1).to(ScalarType.Float32).div(255.0);

    /// <summary>
    /// The palette (256 RGB triples) a dataset's labels are shown in: a VOC-layout folder's own, from the palette of
    /// the test image's mask, with VOC's colours for the entries it lacks and for grayscale masks; the synthetic set's
    /// masks are written in VOC's palette.
    /// </summary>
    /// <param name="testId">A test image of the dataset; its mask's palette is taken.</param>
    public static byte[] PaletteOf(DatasetSettings dataset, string projectRoot, string testId)
    {
        if (dataset.Kind != DatasetKind.Voc) return VocPalette.Colours;
        var own = Png.ReadIndexed(new VocLayout(DatasetLoader.VocFolder(dataset, projectRoot)).MaskPath(testId)).Palette;
        var palette = VocPalette.Colours.ToArray();
        Array.Copy(own, palette, Math.Min(own.Length, palette.Length));
        return palette;
    }

    /// <summary>A label map H×W (uint8 or int64) in <paramref name="palette"/>'s colours (RGB triples, one per label).</summary>
    public static RgbImage Colourise(Tensor labels, byte[] palette)
    {
        var values = labels.to(ScalarType.Byte).ToArray<byte>();
        var (height, width) = ((int)labels.size(0), (int)labels.size(1));
        var pixels = new byte[values.Length * 3];
        for (var i = 0; i < values.Length; i++)
            Array.Copy(palette, values[i] * 3, pixels, i * 3, 3);
        return new RgbImage(height, width, pixels);
    }
}
