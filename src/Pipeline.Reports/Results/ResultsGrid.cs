using Pipeline.Method.Transforms;
namespace Pipeline.Reports.Results;

/// <summary>
/// The jobs arranged as the paper's grid: protected methods × block sizes, plus the baseline. A method that transforms
/// no image blocks (fmp) has one cell per experiment, at block size null, instead of one per block size.
/// </summary>
public sealed class ResultsGrid
{
    private readonly Dictionary<(string, int?), GridCell> cells;
    private readonly HashSet<string> withoutBlockSize;

    public ResultsGrid(IEnumerable<JobEntry> jobs)
    {
        var placed = jobs.Where(j => j.Method is not null).ToList();
        var protectedJobs = placed.Where(j => j.Method != ProtectionMethod.Baseline && (j.BlockSize is not null || !ProtectionMethod.IsBlockwise(j.Method!))).ToList();
        Methods = ProtectionMethod.Order(protectedJobs.Select(j => j.Method!));
        BlockSizes = protectedJobs.Where(j => j.BlockSize is not null).Select(j => j.BlockSize!.Value).Distinct().Order().ToList();
        withoutBlockSize = protectedJobs.GroupBy(j => j.Method!).Where(g => g.All(j => j.BlockSize is null)).Select(g => g.Key).ToHashSet();
        cells = protectedJobs.GroupBy(j => (j.Method!, j.BlockSize))
            .ToDictionary(g => g.Key, g => new GridCell(g.Key.Item1, g.Key.Item2, g.ToList()));
        Baseline = new GridCell(ProtectionMethod.Baseline, null, placed.Where(j => j.Method == ProtectionMethod.Baseline).ToList());
        OnVoc = placed.Count > 0 && placed.All(j => (j.Job?.Dataset.Kind ?? j.Metrics?.Dataset) == Method.Data.DatasetKind.Voc);
    }

    /// <summary>Whether the models were trained on a VOC-layout dataset, the paper's kind: only then do its numbers compare.</summary>
    public bool OnVoc { get; }

    /// <summary>Protected methods present, in the paper's order (then fmp).</summary>
    public IReadOnlyList<string> Methods { get; }

    /// <summary>Block sizes present in any method, ascending.</summary>
    public IReadOnlyList<int> BlockSizes { get; }

    public GridCell Baseline { get; }

    /// <summary>Whether the method's jobs have block sizes; fmp's have none.</summary>
    public bool HasBlockSizes(string method) => !withoutBlockSize.Contains(method);

    /// <summary>The block sizes of the method's cells: the grid's, or the one null of a method without block sizes.</summary>
    public IReadOnlyList<int?> BlockSizesOf(string method) => HasBlockSizes(method) ? BlockSizes.Select(m => (int?)m).ToList() : [null];

    /// <summary>The cell, empty (<see cref="CellState.NotInGrid"/>) where the experiment has no such job.</summary>
    public GridCell Cell(string method, int? blockSize) =>
        cells.TryGetValue((method, blockSize), out var cell) ? cell : new GridCell(method, blockSize, []);
}
