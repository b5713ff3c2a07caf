using Pipeline.Method.Transforms;
using Pipeline.Method.Attacks;
using Pipeline.Orchestration.Config;
using Pipeline.Orchestration.Jobs;

namespace Pipeline.Orchestration.Tests;

/// <summary>The attacks section: what it accepts, its errors, and the jobs it adds to the grid.</summary>
public sealed class AttackPlanTests : IDisposable
{
    private readonly TempProject project = new();

    public void Dispose() => project.Dispose();

    private static string With(string attacks) => TempProject.Experiment + "\nattacks:\n" + attacks;

    [Fact]
    public void EachChosenModelGetsAFineTuningPerFractionAndAKeyEstimationAndEachFractionAModelFromScratch()
    {
        var jobs = GridExpander.Expand(project.Load(With("""
              methods: [shf, np]
              block_sizes: [4]
              seed: 3
              fine_tuning: {fractions: [0.5, 0.25], epochs: 3, lr: 0.002}
              key_estimation: {random_keys: 5, local_queries: 7, query_images: 2}
            """)).Experiment, TempProject.Fingerprints);

        var models = jobs.Where(j => j.Attack is null).ToList();
        var attacks = jobs.Where(j => j.Attack is not null).ToList();
        Assert.Equal(3 * 3 * 2 + 1, models.Count);
        // 2 methods × 1 block size × 2 keys = 4 targets, each with 2 fine-tunings and 1 key estimation; 2 from scratch.
        Assert.Equal(4 * 3 + 2, attacks.Count);
        Assert.Equal(jobs.Count, jobs.Select(j => j.Id).Distinct().Count());
        var targets = models.ToDictionary(m => m.Id);
        foreach (var attack in attacks.Select(JobRecord.Of).Where(a => a.Target is not null))
        {
            var target = JobRecord.Of(targets[attack.Target!]);
            Assert.Contains(target.Method, new[] { "shf", "np" });
            Assert.Equal(4, target.BlockSize);
            Assert.Equal((target.Method, target.BlockSize, target.KeyFingerprint), (attack.Method, attack.BlockSize, attack.KeyFingerprint));
            Assert.Equal(3, attack.Attack!.Seed);
        }
        var fineTuning = attacks.Where(a => a.Attack == AttackKind.FineTuning).ToList();
        Assert.Equal(8, fineTuning.Count);
        Assert.All(fineTuning, a => Assert.Equal((3, 0.002, 3), (a.Training.Epochs, a.Training.Lr, a.Training.RestartPeriod)));
        Assert.Equal([0.25, 0.5], attacks.OfType<FromScratchJob>().Select(a => a.Share.Fraction).Order());
        Assert.All(attacks.Where(a => a.Attack == AttackKind.FromScratch), a => Assert.True(a.Method == ProtectionMethod.Baseline && JobRecord.Of(a).Target is null));
        var estimation = attacks.Where(a => a.Attack == AttackKind.KeyEstimation).ToList();
        Assert.All(estimation, a => Assert.Equal(new KeyEstimationBudget(5, 7, 2), ((KeyEstimationJob)a).Budget));
        Assert.All(estimation, a => Assert.StartsWith("key estimation of ", a.Label));
        // Models come first: attacks need them finished.
        Assert.True(jobs.ToList().FindLastIndex(j => j.Attack is null) < jobs.ToList().FindIndex(j => j.Attack is not null));
    }

    [Fact]
    public void WithoutChoicesEveryProtectedModelIsAttackedAndTheBudgetIsPartOfTheId()
    {
        var small = GridExpander.Expand(project.Load(With("  key_estimation: {random_keys: 4}\n")).Experiment, TempProject.Fingerprints);
        var large = GridExpander.Expand(project.Load(With("  key_estimation: {random_keys: 8}\n")).Experiment, TempProject.Fingerprints);

        Assert.Equal(3 * 3 * 2, small.Count(j => j.Attack is not null));
        Assert.All(small.Where(j => j.Attack is not null), j => Assert.Equal(new KeyEstimationBudget(4, 0, 16), ((KeyEstimationJob)j).Budget));
        Assert.Empty(small.Where(j => j.Attack is not null).Select(j => j.Id).Intersect(large.Select(j => j.Id)));
        Assert.Equal(small.Where(j => j.Attack is null).Select(j => j.Id), large.Where(j => j.Attack is null).Select(j => j.Id));
    }

    [Fact]
    public void AMethodOutsideTheGridIsAnError() => Assert.Equal(
        $"{project.ExperimentFile}:14:13: attacks.methods[0]: unknown method (one of grid.methods) 'fmp' (did you mean 'ffx'?); allowed: shf, np, ffx",
        project.Error(With("  methods: [fmp]\n  key_estimation: {random_keys: 4}\n")));

    [Fact]
    public void ABlockSizeOutsideTheGridIsAnError() => Assert.Equal(
        $"{project.ExperimentFile}:14:17: attacks.block_sizes[0]: block size 16 is not in grid.block_sizes; allowed: 2, 4, 8",
        project.Error(With("  block_sizes: [16]\n  key_estimation: {random_keys: 4}\n")));

    [Theory]
    [InlineData("  fine_tuning: {fractions: [0], epochs: 2}\n", "attacks.fine_tuning.fractions[0]:")]
    [InlineData("  fine_tuning: {fractions: [1.5], epochs: 2}\n", "attacks.fine_tuning.fractions[0]:")]
    [InlineData("  fine_tuning: {fractions: [], epochs: 2}\n", "attacks.fine_tuning.fractions: the list is empty")]
    [InlineData("  fine_tuning: {fractions: [0.5]}\n", "attacks.fine_tuning.epochs: required field is missing")]
    [InlineData("  key_estimation: {random_keys: 0}\n", "attacks.key_estimation.random_keys:")]
    [InlineData("  key_estimation: {random: 5}\n", "attacks.key_estimation.random: unknown field 'random'")]
    [InlineData("  seed: 1\n", "attacks: no attack is configured")]
    [InlineData("  fine_tuning: {fractions: 0.5, epochs: 2}\n", "attacks.fine_tuning.fractions: expected a list")]
    [InlineData("  methods: []\n  key_estimation: {random_keys: 4}\n", "attacks.methods: the list is empty, so nothing would be attacked")]
    [InlineData("  block_sizes: []\n  key_estimation: {random_keys: 4}\n", "attacks.block_sizes: the list is empty, so no block-wise model would be attacked")]
    [InlineData("  methods: [shf, np, shf]\n  key_estimation: {random_keys: 4}\n", "attacks.methods[2]: duplicate method 'shf' (also attacks.methods[0]); each may appear once")]
    [InlineData("  block_sizes: [2, 2]\n  key_estimation: {random_keys: 4}\n", "attacks.block_sizes[1]: duplicate block size '2' (also attacks.block_sizes[0])")]
    [InlineData("  fine_tuning: {fractions: [0.5, 0.25, 0.50], epochs: 2}\n", "attacks.fine_tuning.fractions[2]: duplicate fraction '0.5' (also attacks.fine_tuning.fractions[0])")]
    public void BadBudgetsArePlaced(string attacks, string expected) => Assert.Contains(expected, project.Error(With(attacks)));
}
