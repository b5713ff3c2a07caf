using Pipeline.Reports.Tables;
using ScottPlot;

namespace Pipeline.Reports.Charts;

/// <summary>
/// A colour per block size for the charts whose panels are methods (training curves, attacks): Viridis from purple to
/// green as M grows, leaving out its palest yellow, which reads poorly on white; vermilion, apart from those, for a
/// model without a block size (fmp).
/// </summary>
internal sealed class BlockSizeColours
{
    private static readonly Color Unblocked = ChartColours.Vermilion;

    private readonly Dictionary<int, Color> colours;

    public BlockSizeColours(IEnumerable<int?> blockSizes)
    {
        var present = blockSizes.ToList();
        BlockSizes = present.OfType<int>().Distinct().Order().ToList();
        HasUnblocked = present.Any(m => m is null);
        var viridis = new ScottPlot.Colormaps.Viridis();
        colours = BlockSizes.Select((m, k) => (m, Colour: viridis.GetColor(BlockSizes.Count == 1 ? 0.35 : 0.8 * k / (BlockSizes.Count - 1))))
            .ToDictionary(p => p.m, p => p.Colour);
    }

    public IReadOnlyList<int> BlockSizes { get; }
    public bool HasUnblocked { get; }

    public Color Of(int? blockSize) => blockSize is { } m ? colours[m] : Unblocked;

    /// <summary>A legend entry per block size present, then "no block size" where a model has none.</summary>
    public List<LegendItem> Legend() =>
        BlockSizes.Select(m => (int?)m).Concat(HasUnblocked ? [null] : Array.Empty<int?>())
            .Select(m => LegendLine.Of(Numbers.BlockSizeLabel(m), Of(m), 2)).ToList();
}
