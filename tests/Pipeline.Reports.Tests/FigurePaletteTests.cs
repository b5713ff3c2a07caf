using Pipeline.Method.Data;
using Pipeline.Method.Imaging;
using Pipeline.Reports.Figures;

namespace Pipeline.Reports.Tests;

/// <summary>The figures colour labels in the dataset's own palette, as its masks carry it.</summary>
public sealed class FigurePaletteTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("pipeline-palette-").FullName;
    private readonly DatasetSettings voc = new() { Kind = DatasetKind.Voc, Path = "voc", ImageSize = 16 };
    private readonly string testId;
    private readonly VocLayout layout;

    public FigurePaletteTests()
    {
        layout = new VocLayout(Path.Combine(root, "voc"));
        using var set = SyntheticVoc.Generate(new SyntheticVocOptions { ImageSize = 16, Train = 2, Validation = 1, Test = 1, Seed = 3 });
        VocWriter.Write(set, layout.Root);
        testId = set.Test.Ids[0];
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void A_voc_folders_own_palette_is_used_entry_for_entry()
    {
        var palette = Enumerable.Range(0, 256).SelectMany(k => new[] { (byte)k, (byte)(255 - k), (byte)(k * 7) }).ToArray();
        var mask = Png.ReadIndexed(layout.MaskPath(testId));
        Png.WriteIndexed(layout.MaskPath(testId), new IndexedImage(mask.Height, mask.Width, mask.Indices, palette));

        Assert.Equal(palette, FigureJobs.PaletteOf(voc, root, testId));
    }

    [Fact]
    public void Entries_a_short_palette_lacks_take_vocs_colours()
    {
        var mask = Png.ReadIndexed(layout.MaskPath(testId));
        var indices = mask.Indices.Select(i => i == VocClasses.IgnoreIndex ? (byte)0 : i).ToArray();
        var entries = indices.Max() + 1;
        var own = Enumerable.Range(0, entries * 3).Select(i => (byte)(200 - i)).ToArray();
        Png.WriteIndexed(layout.MaskPath(testId), new IndexedImage(mask.Height, mask.Width, indices, own));

        var palette = FigureJobs.PaletteOf(voc, root, testId);

        Assert.Equal(own, palette[..own.Length]);
        Assert.Equal(VocPalette.Colours[own.Length..], palette[own.Length..]);
    }

    [Fact]
    public void The_synthetic_set_is_shown_in_vocs_palette() =>
        Assert.Equal(VocPalette.Colours, FigureJobs.PaletteOf(new DatasetSettings { Kind = DatasetKind.Synthetic, ImageSize = 16 }, root, testId));
}
