using CsvHelper;

namespace Pipeline.Reports.Tables;

/// <summary>Rows of fields as RFC 4180 CSV text through CsvHelper, with '\n' line ends on every platform.</summary>
internal static class Csv
{
    public static string Write(IEnumerable<IReadOnlyList<string>> rows)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, new CsvWriterOptions { NewLine = "\n" }, leaveOpen: true))
            foreach (var row in rows) csv.WriteRecord(row.ToArray());
        return text.ToString();
    }

    /// <summary>A whole number as the CSV files hold it; empty where there is none.</summary>
    public static string Int(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";

    /// <summary>A job's or cell's state as the CSV files hold it: finished, pending, failed, ….</summary>
    public static string State(Enum state) => state.ToString().ToLowerInvariant();
}
