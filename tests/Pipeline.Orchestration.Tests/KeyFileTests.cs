using Pipeline.Tests.Shared;
using Pipeline.Method.Keys;
using Pipeline.Orchestration.Jobs;

namespace Pipeline.Orchestration.Tests;

public sealed class KeyFileTests : IDisposable
{
    private readonly TempProject project = new();

    public void Dispose() => project.Dispose();

    private static readonly string Named = TempProject.Experiment
        .Replace("- seed: 11", "- name: alice").Replace("- seed: 22", "- name: bob")
        .Replace("baseline: true", "baseline: true\n  key_file: secrets/team.keys.yaml");

    private string WriteKeys(UnixFileMode mode) =>
        TempProject.SetMode(project.Write("secrets/team.keys.yaml", "# name: seed\nalice: 1234567890123\nbob: 42\n"), mode);

    [Fact]
    public void NamedKeysAreLookedUpInTheKeyFile()
    {
        WriteKeys(TempProject.OwnerOnly);

        var loaded = project.Load(Named);

        Assert.Empty(loaded.Warnings);
        var keys = loaded.Experiment.Grid.Keys;
        Assert.Equal([("alice", 1234567890123L), ("bob", 42L)], keys.Select(k => (k.Name!, k.Key.Seed!.Value)));
                var job = GridExpander.Expand(loaded.Experiment, TempProject.Fingerprints).First(j => j.Keyed()?.KeyName == "alice");
        Assert.Equal(1234567890123L, job.Keyed()!.Key!.Seed);
    }

    [UnixFact]
    public void AWorldReadableKeyFileGivesAWarning()
    {
        var file = WriteKeys(TempProject.WorldReadable);

        var warning = Assert.Single(project.Load(Named).Warnings);

        Assert.Equal($"{file}: the key file can be read or written by others than you (mode 0644); run: chmod 600 {file}", warning);
    }

    [UnixFact]
    public void AGroupReadableKeyFileGivesAWarningToo()
    {
        var file = WriteKeys(TempProject.OwnerOnly | UnixFileMode.GroupRead);

        var warning = Assert.Single(project.Load(Named).Warnings);

        Assert.Equal($"{file}: the key file can be read or written by others than you (mode 0640); run: chmod 600 {file}", warning);
    }

    [Fact]
    public void SeedsNeverAppearInPrintedKeys()
    {
        WriteKeys(TempProject.OwnerOnly);

        var experiment = project.Load(Named).Experiment;

        Assert.DoesNotContain("1234567890123", experiment.Grid.Keys[0].ToString());
        Assert.All(GridExpander.Expand(experiment, TempProject.Fingerprints), j => Assert.DoesNotContain("1234567890123", j.ToString()));
    }
}
