namespace Pipeline.Reports.Charts;

/// <summary>Maps a data interval linearly onto a pixel interval (a log axis maps log values).</summary>
internal readonly record struct Scale(double DomainStart, double DomainEnd, double RangeStart, double RangeEnd)
{
    public double Map(double value) =>
        RangeStart + (value - DomainStart) / (DomainEnd - DomainStart) * (RangeEnd - RangeStart);

    /// <summary>A log-2 axis over the block sizes, padded so the outer markers keep off the frame.</summary>
    public static Scale Log2(IReadOnlyList<int> values, double rangeStart, double rangeEnd)
    {
        var low = Math.Log2(values.Count > 0 ? values.Min() : 1);
        var high = Math.Log2(values.Count > 0 ? values.Max() : 1);
        var pad = high > low ? 0.4 : 1;
        return new Scale(low - pad, high + pad, rangeStart, rangeEnd);
    }
}
