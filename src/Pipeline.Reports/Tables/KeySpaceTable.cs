using Pipeline.Method.Keys;
using Pipeline.Method.Models;
using Pipeline.Method.Transforms;
using Pipeline.Orchestration.Jobs;
using Pipeline.Reports.Results;

namespace Pipeline.Reports.Tables;

/// <summary>
/// One method and block size of the experiment (fmp once per feature maps and backbone): how many keys the method
/// has and how many a seed key and a strong key can reach (<see cref="KeySpace"/>), and how many of the experiment's
/// keys for it were of each kind (job.yaml's key_kind; results from before key kinds were recorded count as unrecorded).
/// </summary>
public sealed record KeySpaceRow(KeySpace Space, IReadOnlyList<string>? FeatureMaps, int SeedKeys, int StrongKeys, int UnrecordedKeys);

/// <summary>
/// The key-space table: a row per method and block size of the grid's models, in the paper's order. A method this
/// version does not know (results of another version) has no key space to count, so no row.
/// </summary>
public sealed record KeySpaceTable(IReadOnlyList<KeySpaceRow> Rows)
{
    public static KeySpaceTable From(ResultsGrid grid) => new(
        grid.Methods.Where(ProtectionMethod.Names.Contains).SelectMany(method => grid.BlockSizesOf(method).Select(m => grid.Cell(method, m)))
            .Where(cell => cell.Jobs.Count > 0)
            .SelectMany(RowsOf).ToList());

    // fmp's key space depends on the stages it permutes and on the backbone, which only job.yaml tells; a job without
    // a readable one has no row. The block-wise methods' depends on M alone.
    private static IEnumerable<KeySpaceRow> RowsOf(GridCell cell)
    {
        if (cell.BlockSize is { } blockSize)
        {
            yield return Row(new MethodSetting(ProtectionMethod.Named(cell.Method), blockSize, new MethodOptions(), default).KeySpace(), null, cell.Jobs);
            yield break;
        }
        var defined = cell.Jobs.Where(j => j is { Protection: not null, Job: { } job } && FcnResNet.Architectures.Contains(job.Model.Arch)).ToList();
        foreach (var group in defined.GroupBy(j => (Maps: string.Join(' ', j.Protection!.Options.FeatureMaps), j.Job!.Model.Arch)).OrderBy(g => g.Key.Maps, StringComparer.Ordinal))
        {
            var options = group.First().Protection!.Options;
            yield return Row(new MethodSetting(ProtectionMethod.Named(cell.Method), null, options, FcnResNet.DepthOf(group.Key.Arch)).KeySpace(), options.FeatureMaps, group.ToList());
        }
    }

    private static KeySpaceRow Row(KeySpace space, IReadOnlyList<string>? featureMaps, IReadOnlyList<JobEntry> jobs)
    {
        var keys = jobs.Where(j => j.KeyFingerprint is not null).GroupBy(j => j.KeyFingerprint)
            .Select(g => g.Select(j => j.Protection?.KeyKind).FirstOrDefault(kind => kind is not null)).ToList();
        return new KeySpaceRow(space, featureMaps, keys.Count(k => k == KeyKind.Seed), keys.Count(k => k == KeyKind.Strong), keys.Count(k => k is null));
    }
}
