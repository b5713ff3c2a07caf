using Pipeline.Reports.Tables;
using Pipeline.Orchestration.Jobs;
using Pipeline.Method.Imaging;
using Pipeline.Method.Transforms;
using Pipeline.Reports.Results;
using static TorchSharp.torch;

namespace Pipeline.Reports.Figures;

/// <summary>
/// Fig. 4: the first test image, plain on the left and transformed by each method (rows: SHF, NP, FFX as present) at
/// each block size (columns: M = … as present), each cell with the key of a job of that cell. FMP has no row: its key
/// permutes the model's feature maps and leaves the image as it is; the caption says so where the results hold FMP jobs.
/// </summary>
public static class Fig4Png
{
    public const string File = "fig4.png";
    public const string PlainHeader = "plain image";

    /// <summary>The figure, its layout (the grid and the plain image's tile) and which job's key each transformed tile used.</summary>
    public sealed record Fig4(RgbImage Image, TileGrid Grid, Tile Plain, IReadOnlyList<string> Methods, IReadOnlyList<int> BlockSizes,
        IReadOnlyDictionary<(string Method, int BlockSize), string> CellJobs, string ImageId, string Caption)
    {
        /// <summary>The tile of a method and block size.</summary>
        public Tile TileOf(string method, int blockSize) => Grid.TileAt(Methods.ToList().IndexOf(method), BlockSizes.ToList().IndexOf(blockSize));
    }

    public static FigureOutcome Build(ResultsFolder folder)
    {
        var (figure, reason) = TryBuild(folder);
        return figure is null ? FigureOutcome.Skipped(File, reason!) : new FigureOutcome(File, figure.Image, figure.Caption);
    }

    /// <summary>Said where the results hold jobs of a method without block sizes.</summary>
    public static string NoRowFor(IEnumerable<string> methods) =>
        $" {string.Join(", ", methods.Select(ProtectionMethod.Display))} has no row: its key permutes the model's feature maps, so its input is the plain image.";

    public static (Fig4? Figure, string? Reason) TryBuild(ResultsFolder folder)
    {
        var candidates = folder.Jobs.Where(FigureJobs.IsProtected).ToList();
        var results = folder.Grid;
        var unblocked = results.Methods.Where(m => !results.HasBlockSizes(m)).ToList();
        var noRow = unblocked.Count > 0 ? NoRowFor(unblocked) : "";
        if (candidates.Count == 0) return (null, "Fig. 4 is made once the results hold protected jobs (job.yaml with key.secret)." + noRow);

        // One key per cell: a finished job's if any, then the others by id.
        var cells = new Dictionary<(string, int), (JobEntry Entry, KeyedModelJob Definition)>();
        foreach (var entry in candidates.OrderBy(e => e.State == JobState.Finished ? 0 : 1).ThenBy(e => e.Id, StringComparer.Ordinal))
        {
            var cell = (entry.Method!, entry.BlockSize!.Value);
            if (cells.ContainsKey(cell)) continue;
            if (FigureJobs.TryJob(entry) is KeyedModelJob { Protection.Key: not null } definition) cells[cell] = (entry, definition);
        }
        if (cells.Count == 0) return (null, "Fig. 4 is not made: no protected job folder has a readable job.yaml and key.secret.");

        var methods = ProtectionMethod.Order(cells.Keys.Select(c => c.Item1));
        var blockSizes = cells.Keys.Select(c => c.Item2).Distinct().Order().ToList();
        // The image comes from the dataset of the first cell in reading order; jobs of one experiment share it.
        var source = cells[cells.Keys.OrderBy(c => methods.ToList().IndexOf(c.Item1)).ThenBy(c => c.Item2).First()].Definition;

        using var scope = NewDisposeScope();
        using var test = FigureJobs.TestImages(source, 1);
        var size = (int)test.Images.size(2);
        if (test.Images.size(3) != size) return (null, $"Fig. 4 is not made: the test images are not square ({size}×{test.Images.size(3)}).");
        var plain = FigureJobs.AsUnitFloat(test.Images, 0);

        // The plain image stands left of the grid, level with its middle, under a header of its own.
        var tileSize = size * TileGrid.ScaleFor(size);
        var grid = new TileGrid(size, methods.Select(ProtectionMethod.Display).ToList(), blockSizes.Select(m => Numbers.BlockSizeLabel(m)).ToList(),
            left: tileSize + 2 * TileGrid.Gap);
        var rowsTop = grid.TileAt(0, 0).Y;
        var rowsBottom = grid.TileAt(methods.Count - 1, 0).Y + grid.TileSize;
        var plainTile = new Tile(TileGrid.Margin, (rowsTop + rowsBottom - grid.TileSize) / 2, size, grid.Scale);
        using var sheet = new FigureSheet(grid.Width, grid.Height);
        grid.DrawLabels(sheet);
        sheet.Text(PlainHeader, plainTile.X + plainTile.Size / 2f, grid.Baseline(plainTile.Y - grid.LineHeight - TileGrid.Gap), grid.TextSize,
            bold: true, SkiaSharp.SKTextAlign.Center);
        sheet.Image(RgbImage.FromTensor(plain), plainTile.X, plainTile.Y, plainTile.Scale);

        var cellJobs = new Dictionary<(string, int), string>();
        var failed = new List<string>();
        foreach (var ((method, m), (entry, definition)) in cells)
        {
            try
            {
                using var transform = ProtectionMethod.Blockwise(method).Transform(m, definition.Protection.RequiredKey, definition.Protection.Options);
                grid.Place(sheet, methods.ToList().IndexOf(method), blockSizes.IndexOf(m), RgbImage.FromTensor(transform.Apply(plain)));
                cellJobs[(method, m)] = entry.Id;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failed.Add($"{ProtectionMethod.Display(method)} M={m}");
            }
        }

        var keys = cells.Where(c => cellJobs.ContainsKey(c.Key)).Select(c => c.Value.Definition.Protection.KeyFingerprint).Distinct().ToList();
        var caption = $"Test image {test.Ids[0]} ({size}×{size} px{(grid.Scale > 1 ? $", shown enlarged {grid.Scale}×" : "")}): plain on the left; "
            + $"rows: {string.Join(", ", methods.Select(ProtectionMethod.Display))}; columns: block size M = {string.Join(", ", blockSizes)}. "
            + $"Each tile uses the key of one job of its cell (key fingerprint{(keys.Count == 1 ? "" : "s")} {string.Join(", ", keys)})."
            + (failed.Count > 0 ? $" Grey tiles could not be transformed ({string.Join(", ", failed)})." : "");
        var missing = methods.SelectMany(me => blockSizes.Select(m => (me, m))).Where(c => !cells.ContainsKey(c)).ToList();
        if (missing.Count > 0) caption += $" No job yet for {string.Join(", ", missing.Select(c => $"{ProtectionMethod.Display(c.me)} M={c.m}"))} (grey).";
        caption += noRow;
        return (new Fig4(sheet.ToImage(), grid, plainTile, methods, blockSizes, cellJobs, test.Ids[0], caption), null);
    }
}
