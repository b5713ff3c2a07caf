using System.Globalization;
using Pipeline.Method.Transforms;
using Pipeline.Orchestration.Jobs;

namespace Pipeline.Orchestration.Parity;

/// <summary>
/// The model job a parity run's --job names among an experiment's jobs: its id (or an unambiguous start of it, at least
/// 4 characters), or method/M (shf/4), or a method without a block size (baseline, fmp). Attacks are not models of the grid.
/// </summary>
public static class ParityJobChoice
{
    private const int ShortestIdPrefix = 4;

    /// <exception cref="ArgumentException">Nothing or several jobs match; the message lists what may be given.</exception>
    public static Job Select(IReadOnlyList<Job> jobs, string text)
    {
        var models = jobs.Where(j => j is BaselineJob or MethodJob).ToList();
        var matches = text.Length >= ShortestIdPrefix && text.All(char.IsAsciiHexDigit)
            ? models.Where(j => j.Id.StartsWith(text, StringComparison.OrdinalIgnoreCase)).ToList()
            : [];
        if (matches.Count == 0)
        {
            var parts = text.Split('/');
            int? blockSize = parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : null;
            if (parts.Length <= 2 && (parts.Length == 1 || blockSize is not null))
                matches = models.Where(j => j.Method == parts[0] && BlockSize(j) == blockSize).ToList();
        }
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new ArgumentException($"--job {text}: no model job of this experiment; give a job id, or one of {string.Join(", ", Selectors(models))}"),
            _ => throw new ArgumentException($"--job {text}: {matches.Count} jobs match ({string.Join(", ", matches.Select(j => $"{j.Id} {j.Label}"))}); give one id"),
        };
    }

    private static IEnumerable<string> Selectors(IEnumerable<Job> models) =>
        models.Select(j => BlockSize(j) is { } m ? $"{j.Method}/{m}" : j.Method).Distinct()
            .OrderBy(s => s == ProtectionMethod.Baseline ? 0 : 1).ThenBy(s => s, StringComparer.Ordinal);

    private static int? BlockSize(Job job) => (job as MethodJob)?.Protection.BlockSize;
}
