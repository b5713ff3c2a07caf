using Pipeline.Method.Data;
using Pipeline.Method.Training;

namespace Pipeline.Method.Tests;

/// <summary>The enums that replaced string constants keep the names job.yaml, job ids and metrics.json always had.</summary>
public sealed class EnumNamesTests
{
    [Fact]
    public void PrecisionsAndDatasetKindsAreWrittenAsBefore()
    {
        Assert.Equal(["bf16", "fp32"], EnumNames.All<Precision>());
        Assert.Equal(["synthetic", "voc"], EnumNames.All<DatasetKind>());
    }

    [Fact]
    public void ANameReadsBackAsItsValueAndAnUnknownOneAsNull()
    {
        Assert.Equal(Precision.Bf16, EnumNames.Parse<Precision>("bf16"));
        Assert.Equal(DatasetKind.Voc, EnumNames.Parse<DatasetKind>("voc"));
        Assert.Null(EnumNames.Parse<Precision>("Bf16"));
        Assert.Null(EnumNames.Parse<DatasetKind>("1"));
    }
}
