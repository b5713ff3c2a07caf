using Pipeline.Method.Training;
using Pipeline.Tests.Shared;
using Pipeline.Orchestration.Jobs;

namespace Pipeline.Orchestration.Tests;

public sealed class JobIdTests : IDisposable
{
    private readonly TempProject project = new();

    public void Dispose() => project.Dispose();

    private string[] Ids(string experiment) =>
        GridExpander.Expand(project.Load(experiment).Experiment, TempProject.Fingerprints).Select(j => j.Id).Order().ToArray();

    [Fact]
    public void IdsAreSixteenHexCharacters() =>
        Assert.All(Ids(TempProject.Experiment), id => Assert.Matches("^[0-9a-f]{16}$", id));

    [Fact]
    public void SameConfigurationGivesSameIds() =>
        Assert.Equal(Ids(TempProject.Experiment), Ids(TempProject.Experiment));

    [Fact]
    public void ReorderingFieldsAndListsKeepsIds()
    {
        var reordered = """
            grid:
              baseline: true
              keys:
                - seed: 22
                - seed: 11
              block_sizes: [8, 2, 4]
              methods: [ffx, shf, np]
            evaluation: few
            training: {lr: 0.01, batch_size: 4, epochs: 2}
            model: small
            dataset: tiny
            name: t
            """;

        Assert.Equal(Ids(TempProject.Experiment), Ids(reordered));
    }

    [Fact]
    public void ChangingTheLearningRateChangesEveryId()
    {
        var changed = Ids(TempProject.Experiment.Replace("training: short", "training: {use: short, lr: 0.02}"));

        Assert.Empty(Ids(TempProject.Experiment).Intersect(changed));
    }

    [Theory]
    [InlineData("devices: [cuda:0, cuda:1]")]
    [InlineData("slurm: {partition: gpu, time_limit: \"01:00:00\"}")]
    [InlineData("retries: {oom: 5}")]
    [InlineData("name: renamed")]
    [InlineData("training: {use: short, checkpoint_minutes: 0}")]
    [InlineData("evaluation: {use: few, batch_size: 7}")]
    public void SettingsThatCannotChangeResultsKeepIds(string extra)
    {
        var experiment = extra.Split(':')[0] switch
        {
            "name" => TempProject.Experiment.Replace("name: t", extra),
            "training" => TempProject.Experiment.Replace("training: short", extra),
            "evaluation" => TempProject.Experiment.Replace("evaluation: few", extra),
            _ => TempProject.Experiment + "\n" + extra,
        };

        Assert.Equal(Ids(TempProject.Experiment), Ids(experiment));
    }

    [Fact]
    public void ThePasswordOnlyChangesFfxIds()
    {
        var before = GridExpander.Expand(project.Load().Experiment, TempProject.Fingerprints);
        var after = GridExpander.Expand(project.Load(TempProject.Experiment.Replace("baseline: true", "baseline: true\n  password: other")).Experiment, TempProject.Fingerprints);

        for (var i = 0; i < before.Count; i++)
            Assert.Equal(before[i].Method == "ffx", before[i].Id != after[i].Id);
    }

    [Fact]
    public void AKeyNamedInAKeyFileGivesTheSameIdsAsTheSameSeedInline()
    {
        TempProject.SetMode(project.Write("keys.yaml", "alice: 11\nbob: 22\n"), TempProject.OwnerOnly);
        var named = TempProject.Experiment.Replace("- seed: 11", "- name: alice").Replace("- seed: 22", "- name: bob")
            .Replace("baseline: true", "baseline: true\n  key_file: keys.yaml");

        Assert.Equal(Ids(TempProject.Experiment), Ids(named));
    }

    [Fact]
    public void ChangingAnyResolvedSettingChangesTheId()
    {
        var job = (MethodJob)GridExpander.Expand(project.Load().Experiment, TempProject.Fingerprints).First(j => j.Method == "ffx");
        var keyed = job.Protection;
        Job[] variants =
        [
            job with { Protection = keyed with { BlockSize = 4 } },
            job with { Protection = keyed with { Method = "shf" } },
            job with { Protection = keyed with { Key = new Method.Keys.SecretKey(99), KeyFingerprint = TempProject.Fingerprints.Of(new Method.Keys.SecretKey(99)) } },
            job with { Protection = keyed with { Password = "x" } },
            job with { Settings = job.Settings with { Dataset = job.Dataset with { Seed = 1 } } },
            job with { Settings = job.Settings with { Model = job.Model with { AuxHead = true } } },
            job.WithTraining(job.Training with { Precision = Precision.Bf16 }),
            job.WithTraining(job.Training with { Accumulate = GradientAccumulation.Auto }),
            job with { Settings = job.Settings with { Evaluation = job.Evaluation with { IncorrectKeys = 3 } } },
        ];

        Assert.Equal(variants.Length + 1, variants.Select(v => v.Id).Append(job.Id).Distinct().Count());
    }

    [Fact]
    public void TheIdDependsOnTheKeyOnlyThroughItsFingerprint()
    {
        const long seed = 987654321012345;
        var job = GridExpander.Expand(project.Load(TempProject.Experiment.Replace("seed: 11", $"seed: {seed}")).Experiment, TempProject.Fingerprints)
            .OfType<MethodJob>().First(j => j.Protection.Key?.Seed == seed);

        Assert.DoesNotContain(seed.ToString(), JobId.Canonical(job));
        Assert.Contains(job.Protection.KeyFingerprint, JobId.Canonical(job));
        Assert.Equal(job.Id, (job with { Protection = job.Protection with { Key = null } }).Id);
        Assert.DoesNotContain(seed.ToString(), job.ToString());
    }

    [Fact]
    public void JobYamlRoundTripsWithoutTheSeedAndKeepsTheId()
    {
        const long seed = 987654321012345;
        var job = GridExpander.Expand(project.Load(TempProject.Experiment.Replace("seed: 11", $"seed: {seed}")).Experiment, TempProject.Fingerprints)
            .OfType<MethodJob>().First(j => j.Protection.Key?.Seed == seed);

        var yaml = JobYaml.Serialize(job);
        var back = JobYaml.Deserialize(yaml);

        Assert.DoesNotContain(seed.ToString(), yaml);
        Assert.Contains("image_size: 32", yaml); // field names as in the experiment files
        Assert.Contains("batch_size: 4", yaml);
        Assert.Equal(job.Id, back.Id);
        Assert.Null(back.Keyed()!.Key);
        Assert.Equal(JobRecord.Of(job), JobRecord.Of(back));
        Assert.Equal(job.Protection with { Key = null }, back.Keyed());
    }

    [Fact]
    public void AJobOfTheEarlierIdVersionIsRecognisedAsSuch()
    {
        var folder = new JobFolder(EarlierVersionJob.CopyInto(project.Path("results/quick")));

        var e = Assert.Throws<EarlierJobVersionException>(folder.ReadJobWithoutKey);

        Assert.Equal("job.v2", e.Version);
        Assert.Equal(GridExpander.Expand(project.Load(EarlierVersionJob.Experiment("quick")).Experiment, TempProject.Fingerprints).Single().Id, e.Job.Id);
        Assert.NotEqual(EarlierVersionJob.Id, e.Job.Id);
        Assert.Contains($"is a job of an earlier job-id version (job.v2; this pipeline writes {JobId.Version})", e.Message);
    }
}
