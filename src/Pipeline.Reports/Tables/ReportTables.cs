using Pipeline.Reports.Results;

namespace Pipeline.Reports.Tables;

/// <summary>
/// Every table of a report, made once from the results folder and then written as CSV, Markdown and HTML. The attack
/// tables are null where the experiment has no such attack.
/// </summary>
public sealed record ReportTables(Table1 Table1, AccessControl Access, KeySpaceTable KeySpaces, FineTuningTable? FineTuning, KeyEstimationTable? KeyEstimation)
{
    public static ReportTables From(ResultsFolder folder)
    {
        var grid = folder.Grid;
        return new ReportTables(Table1.From(grid), AccessControl.From(grid), KeySpaceTable.From(grid), FineTuningTable.From(folder), KeyEstimationTable.From(folder));
    }
}
