using Pipeline.Orchestration.Config;
using Pipeline.Tests.Shared;

namespace Pipeline.Orchestration.Tests;

/// <summary>
/// Experiment files that are broken in ways a person really breaks them: every one gives positioned errors
/// (file:line:column: field: what is wrong and what is allowed), never an exception from the YAML library.
/// </summary>
public sealed class BadExperimentFileTests : IDisposable
{
    private readonly TempProject project = new();

    public void Dispose() => project.Dispose();

    [Fact]
    public void AnUnclosedListBeforeTheEndOfTheFileIsPlacedWhereItStops() => Assert.Equal(
        $"{project.ExperimentFile}:7:12: (syntax): the YAML is not well-formed after this point; check for an unclosed '[', '{{' or quote",
        project.Error(TempProject.Edit("methods: [shf, np, ffx]", "methods: [shf")));

    [Fact]
    public void AnUnclosedInlineMappingIsPlacedToo() => Assert.Equal(
        $"{project.ExperimentFile}:4:26: (syntax): the YAML is not well-formed after this point; check for an unclosed '[', '{{' or quote",
        project.Error(TempProject.Edit("training: short", "training: {use: short, lr: 0.02")));

    [Fact]
    public void ADuplicateFieldNamesTheField() => Assert.Equal(
        $"{project.ExperimentFile}:13:1: (syntax): Duplicate key training",
        project.Error(TempProject.Experiment + "\ntraining: short"));

    [Fact]
    public void ADuplicateFieldInsideASectionNamesItsLine() => Assert.Equal(
        $"{project.ExperimentFile}:13:3: (syntax): Duplicate key baseline",
        project.Error(TempProject.Edit("  baseline: true", "  baseline: true\n  baseline: false")));

    [Fact]
    public void AnEmptyFileSaysAMappingWasExpected() => Assert.Equal(
        $"{project.ExperimentFile}:1:1: : expected a mapping (field: value lines) at the top of the file",
        project.Error(""));

    [Fact]
    public void ABinaryFileIsNotTakenForYaml()
    {
        project.WriteExperiment();
        File.WriteAllBytes(project.ExperimentFile, [0x00, 0x01, 0xff, 0xfe, 0x80, (byte)'n', 0x00]);

        var e = Assert.Throws<ConfigException>(() => ExperimentLoader.Load(project.ExperimentFile));

        Assert.Equal($"{project.ExperimentFile}:1:1: (file): this is not a text file (it holds binary data); expected YAML", Assert.Single(e.Errors).ToString());
    }

    [Fact]
    public void AFolderGivenAsTheExperimentIsNamedAsOne()
    {
        var folder = Directory.CreateDirectory(project.Path("experiments/folder.yaml")).FullName;

        var e = Assert.Throws<ConfigException>(() => ExperimentLoader.Load(folder));

        Assert.Equal($"{folder}:1:1: (file): this is a folder, not an experiment file; give a .yaml file such as experiments/quick.yaml",
            Assert.Single(e.Errors).ToString());
    }

    [UnixFact]
    public void AnUnreadableBlockFileIsNamed()
    {
        if (Environment.UserName == "root") return; // root reads any file whatever its mode; the message cannot be provoked
        var block = TempProject.SetMode(project.Path("configs/model/small.yaml"), UnixFileMode.None);

        Assert.StartsWith($"{block}:1:1: model: cannot read the file:", project.Error(TempProject.Experiment));
    }

    [Fact]
    public void ABinaryBlockFileIsNamedWhereItIsUsed() =>
        Assert.Equal(
            $"{project.Path("configs/model/small.yaml")}:1:1: model: this is not a text file (it holds binary data); expected YAML",
            project.Error(WithBlock("configs/model/small.yaml", [0, 1, 2])));

    [Fact]
    public void EmptyBlockSizesWithMethodsAreAnError() => Assert.Equal(
        $"{project.ExperimentFile}:8:16: grid.block_sizes: the list is empty; give the block sizes M to train each block-wise method with, e.g. [2, 4, 8]",
        project.Error(TempProject.Edit("block_sizes: [2, 4, 8]", "block_sizes: []")));

    [Fact]
    public void EmptyMethodsWithoutTheBaselineLeaveNoJob() => Assert.Equal(
        $"{project.ExperimentFile}:7:12: grid.methods: the list is empty and grid.baseline is false, so the grid has no jobs; give methods, e.g. [shf, np, ffx], or baseline: true",
        project.Error(TempProject.Edit("methods: [shf, np, ffx]", "methods: []").Replace("baseline: true", "baseline: false")));

    [Fact]
    public void AValueOfTheWrongKindSaysWhatWasFound() => Assert.Equal(
        $"{project.ExperimentFile}:4:11: training: expected a mapping (field: value lines), found a list",
        project.Error(TempProject.Edit("training: short", "training: [short]")));

    [Fact]
    public void AnUndefinedAliasIsPlacedWhereItIsUsed() => Assert.StartsWith(
        $"{project.ExperimentFile}:4:11: (syntax): The anchor 'recipe' does not exist",
        project.Error(TempProject.Edit("training: short", "training: *recipe")));

    [Theory]
    [InlineData("  baseline: true", "\tbaseline: true", 12)]
    [InlineData("  methods: [shf, np, ffx]", "  methods:\n\t- shf", 8)]
    public void ATabForIndentationIsPlacedOnItsOwnLine(string from, string to, int line)
    {
        var error = project.Error(TempProject.Edit(from, to));

        Assert.StartsWith($"{project.ExperimentFile}:{line}:1: (syntax): ", error);
        Assert.EndsWith("; YAML indents with spaces only", error);
    }

    private string WithBlock(string relative, byte[] content)
    {
        File.WriteAllBytes(project.Path(relative), content);
        return TempProject.Experiment;
    }
}
