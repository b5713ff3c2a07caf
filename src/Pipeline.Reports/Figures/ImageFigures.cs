using Pipeline.Method.Imaging;
using Pipeline.Reports.Results;

namespace Pipeline.Reports.Figures;

/// <summary>
/// Makes Fig. 4 and Fig. 5 from the job folders, on the CPU. A figure the results do not allow yet (no keys,
/// no weights) is skipped with a note, and so is one that fails: the tables must never wait on a figure.
/// </summary>
public static class ImageFigures
{
    public static IReadOnlyList<FigureOutcome> Build(ResultsFolder folder) =>
    [
        Guard(Fig4Png.File, "Fig. 4", () => Fig4Png.Build(folder)),
        Guard(Fig5Png.File, "Fig. 5", () => Fig5Png.Build(folder)),
    ];

    /// <summary>Writes each made figure (atomically, by Png.WriteRgb) and returns the paths written.</summary>
    public static IReadOnlyList<string> Write(ResultsFolder folder, IEnumerable<FigureOutcome> figures)
    {
        var written = new List<string>();
        foreach (var figure in figures.Where(f => f.Made))
        {
            var path = Path.Combine(folder.Path, figure.File);
            Png.WriteRgb(path, figure.Image!);
            written.Add(path);
        }
        return written;
    }

    // The message of an unexpected failure is left out: it could quote a file's contents.
    private static FigureOutcome Guard(string file, string name, Func<FigureOutcome> build)
    {
        try
        {
            return build();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return FigureOutcome.Skipped(file, $"{name} could not be made from the job folders ({e.GetType().Name}).");
        }
    }
}
