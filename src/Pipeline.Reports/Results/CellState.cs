namespace Pipeline.Reports.Results;

/// <summary>What a table cell can say: a value, or why there is none yet.</summary>
public enum CellState
{
    /// <summary>At least one of the cell's jobs finished.</summary>
    Done,
    /// <summary>Jobs exist but none finished yet.</summary>
    Pending,
    /// <summary>Every job of the cell failed.</summary>
    Failed,
    /// <summary>The experiment has no job for this cell.</summary>
    NotInGrid,
    /// <summary>A job of the cell has a file that cannot be read: the cell cannot be trusted until it is mended.</summary>
    Damaged,
}

public static class CellStateText
{
    /// <summary>The word shown in place of a missing value.</summary>
    public static string Text(this CellState state) => state switch
    {
        CellState.Pending => "pending",
        CellState.Failed => "failed",
        CellState.NotInGrid => "—",
        CellState.Damaged => "damaged",
        _ => "",
    };
}
