using Pipeline.Method.Data;
using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Method.Tests;

public class SyntheticVocTests
{
    private static readonly SyntheticVocOptions Small = new() { ImageSize = 48, Train = 36, Validation = 4, Test = 8, Seed = 7 };

    [Fact]
    public void IsDeterministicForASeedAndDiffersAcrossSeeds()
    {
        using var a = SyntheticVoc.Generate(Small);
        using var b = SyntheticVoc.Generate(Small);
        using var c = SyntheticVoc.Generate(Small with { Seed = 8 });
        Assert.Equal(a.Train.Images.ToArray<byte>(), b.Train.Images.ToArray<byte>());
        Assert.Equal(a.Test.Masks.ToArray<byte>(), b.Test.Masks.ToArray<byte>());
        Assert.Equal(a.Validation.Ids, b.Validation.Ids);
        Assert.NotEqual(a.Train.Images.ToArray<byte>(), c.Train.Images.ToArray<byte>());
    }

    [Fact]
    public void HasVocShapedSplitsAndLabels()
    {
        using var set = SyntheticVoc.Generate(Small);
        Assert.Equal(new long[] { 36, 3, 48, 48 }, set.Train.Images.shape);
        Assert.Equal(new long[] { 4, 48, 48 }, set.Validation.Masks.shape);
        Assert.Equal(8, set.Test.Count);
        Assert.Equal(21, set.ClassNames.Count);
        Assert.Equal("val_000000", set.Test.Ids[0]);
        Assert.Empty(set.Train.Ids.Intersect(set.Validation.Ids));
        Assert.Equal(40, set.Train.Ids.Union(set.Validation.Ids).Count());

        var labels = set.Train.Masks.ToArray<byte>().Concat(set.Test.Masks.ToArray<byte>()).ToArray();
        var counts = labels.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(counts.Keys, v => Assert.True(v < SyntheticVoc.Classes || v == 255, $"label {v}"));
        Assert.True(counts.Keys.Count(v => v < SyntheticVoc.Classes) >= 18, $"only {counts.Count} labels in 44 scenes");
        // Objects cover a real share of the scene, and outlines are void as in VOC.
        var objectShare = (double)labels.Count(v => v is > 0 and < 255) / labels.Length;
        Assert.InRange(objectShare, 0.08, 0.6);
        Assert.InRange((double)counts[255] / labels.Length, 0.01, 0.2);
    }

    [Fact]
    public void FewerClassesUseOnlyTheFirstClasses()
    {
        using var all = SyntheticVoc.Generate(Small);
        using var six = SyntheticVoc.Generate(Small with { Classes = 6 });

        // Named by what they are, not by VOC's classes they do not show.
        Assert.Equal(["background", "smooth warm disc", "smooth warm square", "smooth warm triangle", "smooth warm ring", "smooth warm cross"], six.ClassNames);
        var sixMasks = six.Train.Masks.ToArray<byte>();
        Assert.All(sixMasks, v => Assert.True(v < 6 || v == 255, $"label {v}"));
        Assert.Equal(Enumerable.Range(0, 6).Select(v => (byte)v), sixMasks.Where(v => v != 255).Distinct().Order());
        Assert.Contains(all.Train.Masks.ToArray<byte>(), v => v is >= 6 and < 255);
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticVoc.Generate(Small with { Classes = 22 }));
    }

    [Fact]
    public void ImagesOfOneListDoNotDependOnTheOtherCounts()
    {
        using var scope = NewDisposeScope();
        using var few = SyntheticVoc.GenerateList("val", 3, Small);
        using var more = SyntheticVoc.GenerateList("val", 5, Small);
        Assert.Equal(few.Images.ToArray<byte>(), more.Images.narrow(0, 0, 3).ToArray<byte>());
    }

    [Fact]
    public void DescribesEachClassByItsCues()
    {
        var descriptions = Enumerable.Range(0, SyntheticVoc.Classes).Select(SyntheticScene.Describe).ToArray();
        Assert.Equal(21, descriptions.Distinct().Count());
        Assert.Equal("smooth warm disc", descriptions[1]);
        Assert.Equal("striped cool cross", descriptions[20]);
    }

    [Fact]
    public void PaletteIsVocs()
    {
        var p = VocPalette.Colours;
        Assert.Equal(768, p.Length);
        Assert.Equal(new byte[] { 0, 0, 0 }, p[..3]);
        Assert.Equal(new byte[] { 128, 0, 0 }, p[3..6]);
        Assert.Equal(new byte[] { 192, 128, 128 }, p[45..48]);   // 15, person
        Assert.Equal(new byte[] { 224, 224, 192 }, p[765..768]); // 255, void
    }

    [Fact]
    public void PartsTrainAndValidationBySeed()
    {
        var (train, validation) = TrainValidationSplit.Partition(1464, TrainValidationSplit.ValidationCount(1464, TrainValidationSplit.VocValidationFraction), 0);
        Assert.Equal(1318, train.Length);
        Assert.Equal(146, validation.Length);
        Assert.Equal(Enumerable.Range(0, 1464), train.Concat(validation).Order());
        Assert.Equal(validation, TrainValidationSplit.Partition(1464, 146, 0).Validation);
        Assert.NotEqual(validation, TrainValidationSplit.Partition(1464, 146, 1).Validation);
    }
}
