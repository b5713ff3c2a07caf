using Pipeline.Method.Attacks;
using Pipeline.Method.Keys;
using Pipeline.Method.Transforms;
using Pipeline.Orchestration.Config;

namespace Pipeline.Orchestration.Jobs;

/// <summary>Turns an experiment's grid into jobs: the baseline (when asked), then methods × block sizes × keys (fmp: × keys), then the attacks.</summary>
public static class GridExpander
{
    /// <param name="fingerprints">Names each key in its job (and so in its id): the results folder's fingerprinter.</param>
    public static IReadOnlyList<Job> Expand(Experiment experiment, KeyFingerprinter fingerprints)
    {
        var settings = new JobSettings
        {
            Dataset = experiment.Dataset, Model = experiment.Model, Training = experiment.Training, Evaluation = experiment.Evaluation,
            ProjectRoot = experiment.ProjectRoot,
        };
        var baseline = new BaselineJob { Settings = settings };
        var grid = experiment.Grid;
        // A block-wise method runs at every block size; fmp, which has none, once per key.
        var protectedJobs =
            from method in grid.Methods.Select(ProtectionMethod.Named)
            from blockSize in method.HasBlockSize ? grid.BlockSizes.Select(m => (int?)m) : [null]
            from key in grid.Keys
            select new MethodJob
            {
                Protection = new KeyedMethod
                {
                    Method = method.Name, BlockSize = blockSize, KeyName = key.Name, Key = key.Key, KeyFingerprint = fingerprints.Of(key.Key),
                    KeyKind = key.Key.Kind, Password = method.UsesPassword ? grid.Password : null,
                    FeatureMaps = method.UsesFeatureMaps ? grid.FeatureMaps.ToArray() : null,
                },
                Settings = settings,
            };
        var models = protectedJobs.ToArray();
        Job[] all = grid.Baseline ? [baseline, .. models] : models;
        return experiment.Attacks is { } attacks ? [.. all, .. Attacks(attacks, models, settings)] : all;
    }

    // After the models: each chosen model's fine-tuning per fraction and its key estimation, then one model per
    // fraction trained from scratch. An attack job holds its target's method, block size and key, so reports
    // group it with the model and the access-control reference can use the key.
    private static IEnumerable<Job> Attacks(AttackPlan plan, IReadOnlyList<MethodJob> models, JobSettings settings)
    {
        var attacker = settings with { Training = settings.Training with { Epochs = plan.Epochs, Lr = plan.Lr ?? settings.Training.Lr, RestartEpochs = null } };
        var targets = models.Where(m => plan.Methods.Contains(m.Method)
                                        && (m.Protection.BlockSize is not { } size || plan.BlockSizes.Contains(size))).ToList();
        foreach (var target in targets)
        {
            foreach (var fraction in plan.Fractions)
                yield return new FineTuningJob
                {
                    Protection = target.Protection, Target = target.Id, Share = new AttackerShare(fraction, plan.Seed), Settings = attacker,
                };
            if (plan.KeyEstimation is { } budget)
                yield return new KeyEstimationJob
                {
                    Protection = target.Protection, Target = target.Id, Budget = budget, Seed = plan.Seed, Settings = settings,
                };
        }
        if (targets.Count == 0) yield break;
        foreach (var fraction in plan.Fractions)
            yield return new FromScratchJob { Share = new AttackerShare(fraction, plan.Seed), Settings = attacker };
    }
}
