using Pipeline.Method.Imaging;

namespace Pipeline.Reports.Figures;

/// <summary>
/// One image figure: its picture, or null when the results do not allow it yet; <see cref="Note"/> is the caption
/// (what is shown, which job and key fingerprint) or the reason it was skipped. Never holds a seed.
/// </summary>
public sealed record FigureOutcome(string File, RgbImage? Image, string Note)
{
    public bool Made => Image is not null;

    public static FigureOutcome Skipped(string file, string reason) => new(file, null, reason);
}
