using Pipeline.Method.Transforms;
namespace Pipeline.Reports.Results;

/// <summary>The jobs arranged as the paper's grid: protected methods × block sizes, plus the baseline.</summary>
public sealed class ResultsGrid
{
    private readonly Dictionary<(string, int), GridCell> cells;

    public ResultsGrid(IEnumerable<JobEntry> jobs)
    {
        var placed = jobs.Where(j => j.Method is not null).ToList();
        var protectedJobs = placed.Where(j => j.Method != MethodRegistry.Baseline && j.BlockSize is not null).ToList();
        Methods = MethodRegistry.Order(protectedJobs.Select(j => j.Method!));
        BlockSizes = protectedJobs.Select(j => j.BlockSize!.Value).Distinct().Order().ToList();
        cells = protectedJobs.GroupBy(j => (j.Method!, j.BlockSize!.Value))
            .ToDictionary(g => g.Key, g => new GridCell(g.Key.Item1, g.Key.Item2, g.ToList()));
        Baseline = new GridCell(MethodRegistry.Baseline, null, placed.Where(j => j.Method == MethodRegistry.Baseline).ToList());
    }

    /// <summary>Protected methods present, in the paper's order.</summary>
    public IReadOnlyList<string> Methods { get; }

    /// <summary>Block sizes present in any method, ascending.</summary>
    public IReadOnlyList<int> BlockSizes { get; }

    public GridCell Baseline { get; }

    /// <summary>The cell, empty (<see cref="CellState.NotInGrid"/>) where the experiment has no such job.</summary>
    public GridCell Cell(string method, int blockSize) =>
        cells.TryGetValue((method, blockSize), out var cell) ? cell : new GridCell(method, blockSize, []);
}
