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
        var shared = new Job
        {
            Method = ProtectionMethod.Baseline, Dataset = experiment.Dataset, Model = experiment.Model, Training = experiment.Training,
            Evaluation = experiment.Evaluation, ProjectRoot = experiment.ProjectRoot,
        };
        var grid = experiment.Grid;
        // A block-wise method runs at every block size; fmp, which has none, once per key.
        var protectedJobs =
            from method in grid.Methods.Select(ProtectionMethod.Named)
            from blockSize in method.HasBlockSize ? grid.BlockSizes.Select(m => (int?)m) : [null]
            from key in grid.Keys
            select shared with
            {
                Method = method.Name, BlockSize = blockSize, KeyName = key.Name, Key = key.Key, KeyFingerprint = fingerprints.Of(key.Key), KeyKind = key.Key.Kind,
                Password = method.UsesPassword ? grid.Password : null,
                FeatureMaps = method.UsesFeatureMaps ? grid.FeatureMaps.ToArray() : null,
            };
        var models = (grid.Baseline ? [shared] : Array.Empty<Job>()).Concat(protectedJobs).ToArray();
        return experiment.Attacks is { } attacks ? [.. models, .. Attacks(attacks, models, shared)] : models;
    }

    // After the models: each chosen model's fine-tuning per fraction and its key estimation, then one model per
    // fraction trained from scratch. An attack job copies its target's method, block size and key, so reports
    // group it with the model and the access-control reference can use the key.
    private static IEnumerable<Job> Attacks(AttackPlan plan, IReadOnlyList<Job> models, Job shared)
    {
        var recipe = shared.Training with { Epochs = plan.Epochs, Lr = plan.Lr ?? shared.Training.Lr, RestartEpochs = null };
        var targets = models.Where(m => !m.IsBaseline && plan.Methods.Contains(m.Method)
                                        && (m.BlockSize is not { } size || plan.BlockSizes.Contains(size))).ToList();
        foreach (var target in targets)
        {
            foreach (var fraction in plan.Fractions)
                yield return target with
                {
                    Attack = new AttackSettings { Kind = AttackSettings.FineTuning, Fraction = fraction, Seed = plan.Seed },
                    Target = target.Id, Training = recipe,
                };
            if (plan.KeyEstimation is { } budget)
                yield return target with
                {
                    Attack = new AttackSettings
                    {
                        Kind = AttackSettings.KeyEstimation, RandomKeys = budget.RandomKeys, LocalQueries = budget.LocalQueries,
                        QueryImages = budget.QueryImages, Seed = plan.Seed,
                    },
                    Target = target.Id,
                };
        }
        if (targets.Count == 0) yield break;
        foreach (var fraction in plan.Fractions)
            yield return shared with
            {
                Attack = new AttackSettings { Kind = AttackSettings.FromScratch, Fraction = fraction, Seed = plan.Seed }, Training = recipe,
            };
    }
}
