namespace Pipeline.Reports.Tests;

/// <summary>The fixture's results with their report written once, for a test class that only reads them.</summary>
public sealed class ReportedResults : IDisposable
{
    public ReportedResults() => Written = Report.Write(Results.Path);

    public ResultsFixture Results { get; } = new();

    public IReadOnlyList<string> Written { get; }

    public void Dispose() => Results.Dispose();
}

/// <summary>The results with attacks and the same results without them, each with its report written once.</summary>
public sealed class ReportedAttacks : IDisposable
{
    public ReportedAttacks()
    {
        Written = Report.Write(Results.Path);
        Report.Write(WithoutAttacks.Path);
    }

    public ResultsFixture Results { get; } = new(withAttacks: true);

    public ResultsFixture WithoutAttacks { get; } = new();

    public IReadOnlyList<string> Written { get; }

    public void Dispose()
    {
        Results.Dispose();
        WithoutAttacks.Dispose();
    }
}
