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
}
