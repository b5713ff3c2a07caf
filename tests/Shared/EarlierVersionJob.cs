namespace Pipeline.Tests.Shared;

/// <summary>
/// A job folder an earlier pipeline wrote under job-id version job.v2, before evaluation.batch_size left the ids:
/// results/examples/quick's baseline as run at b40fe44 (job.yaml, status.json, metrics.json), kept in
/// tests/Shared/EarlierVersion/.
/// </summary>
public static class EarlierVersionJob
{
    public const string Id = "50c56be63b741f30";

    /// <summary>An experiment whose only job is that baseline, as this pipeline names it (another id).</summary>
    public static string Experiment(string name) => $$"""
        name: {{name}}
        dataset: {kind: synthetic, image_size: 64, classes: 3, train: 128, val: 16, test: 32, seed: 0}
        model: {arch: fcn_resnet18, aux_head: false}
        training: {epochs: 8, batch_size: 8, lr: 0.05, momentum: 0.9, weight_decay: 0.0005, restart_epochs: 8, min_lr: 0.0001, seed: 0,
                   precision: fp32, channels_last: false, accumulate: 1}
        evaluation: {incorrect_keys: 3, batch_size: 16}
        grid: {baseline: true}
        """;

    /// <summary>Copies the job's folder into RESULTS/jobs/ and returns its path.</summary>
    public static string CopyInto(string resultsFolder)
    {
        var target = Path.Combine(resultsFolder, "jobs", Id);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "EarlierVersion", Id)))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        return target;
    }
}
