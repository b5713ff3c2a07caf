using Pipeline.Method.Metrics;
using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Method.Tests;

public class ConfusionMatrixTests
{
    // Six pixels, three classes; the last pixel is ignored (255).
    private static readonly long[] Truth = { 0, 0, 1, 1, 2, 255 };
    private static readonly long[] Predicted = { 0, 1, 1, 1, 0, 2 };

    [Fact]
    public void CountsPairsAndLeavesIgnoredPixelsOut()
    {
        using var scope = NewDisposeScope();
        using var matrix = new ConfusionMatrix(3);
        matrix.Update(torch.tensor(Predicted, [2, 3]), torch.tensor(Truth, [2, 3]));
        // rows: truth 0, 1, 2; columns: predicted 0, 1, 2, then "no class"
        Assert.Equal(new[] { new long[] { 1, 1, 0, 0 }, new long[] { 0, 2, 0, 0 }, new long[] { 1, 0, 0, 0 } }, matrix.ToRows());

        var scores = matrix.Compute();
        // class 0: TP 1, union 2 + 2 − 1 = 3; class 1: TP 2, union 2 + 3 − 2 = 3; class 2: TP 0, union 1
        Assert.Equal(new double?[] { 1.0 / 3, 2.0 / 3, 0.0 }, scores.IoU);
        Assert.Equal(1.0 / 3, scores.MeanIoU, 12);
        Assert.Equal(3.0 / 5, scores.PixelAccuracy, 12);
        Assert.Empty(scores.AbsentClasses);
    }

    [Fact]
    public void LeavesClassesWithEmptyUnionOutOfTheMean()
    {
        using var scope = NewDisposeScope();
        using var matrix = new ConfusionMatrix(5);
        matrix.Update(torch.tensor(Predicted, [6]), torch.tensor(Truth, [6]));
        var scores = matrix.Compute();
        Assert.Equal(new[] { 3, 4 }, scores.AbsentClasses);
        Assert.Null(scores.IoU[3]);
        Assert.Null(scores.IoU[4]);
        Assert.Equal(1.0 / 3, scores.MeanIoU, 12);
    }

    [Fact]
    public void PredictionsOutsideTheClassesAreMissesAndTargetsOutsideAreIgnored()
    {
        using var scope = NewDisposeScope();
        using var matrix = new ConfusionMatrix(2);
        // truth:     0  1   1  7(outside, ignored)  1
        // predicted: 0  1 255  0                    −1
        matrix.Update(torch.tensor(new long[] { 0, 1, 255, 0, -1 }, [5]), torch.tensor(new byte[] { 0, 1, 1, 7, 1 }, [5]));
        Assert.Equal(new[] { new long[] { 1, 0, 0 }, new long[] { 0, 1, 2 } }, matrix.ToRows());
        var scores = matrix.Compute();
        Assert.Equal(new double?[] { 1.0, 1.0 / 3 }, scores.IoU);
        Assert.Equal(2.0 / 4, scores.PixelAccuracy, 12);
    }

    [Fact]
    public void HonoursAnIgnoreIndexInsideTheClasses()
    {
        using var scope = NewDisposeScope();
        using var matrix = new ConfusionMatrix(3, ignoreIndex: 0);
        matrix.Update(torch.tensor(Predicted, [6]), torch.tensor(Truth, [6]));
        Assert.Equal(new[] { new long[] { 0, 0, 0, 0 }, new long[] { 0, 2, 0, 0 }, new long[] { 1, 0, 0, 0 } }, matrix.ToRows());
    }

    [Fact]
    public void AccumulatesAddsAndRoundTripsThroughRows()
    {
        using var scope = NewDisposeScope();
        using var once = new ConfusionMatrix(3);
        once.Update(torch.tensor(Predicted, [6]), torch.tensor(Truth, [6]));
        using var twice = new ConfusionMatrix(3);
        twice.Update(torch.tensor(Predicted, [6]), torch.tensor(Truth, [6]));
        twice.Update(torch.tensor(Predicted, [6]), torch.tensor(Truth, [6]));
        once.Add(once);
        Assert.Equal(twice.ToRows(), once.ToRows());

        using var restored = ConfusionMatrix.FromRows(twice.ToRows());
        Assert.Equal(twice.ToRows(), restored.ToRows());
        using var square = ConfusionMatrix.FromRows(new[] { new long[] { 5, 1 }, new long[] { 2, 3 } });
        Assert.Equal(new[] { new long[] { 5, 1, 0 }, new long[] { 2, 3, 0 } }, square.ToRows());
        Assert.Throws<ArgumentException>(() => ConfusionMatrix.FromRows(new[] { new long[] { 1 }, new long[] { 2 } }));
        using var other = new ConfusionMatrix(4);
        Assert.Throws<ArgumentException>(() => once.Add(other));
    }

    [Fact]
    public void ScoresEachImageOnItsOwn()
    {
        using var scope = NewDisposeScope();
        var truth = new long[6 * 3];
        var predicted = new long[6 * 3];
        Truth.CopyTo(truth, 0);
        Predicted.CopyTo(predicted, 0);
        Array.Fill(truth, 1, 6, 6);       // image 1: all class 1, predicted right → only class 1 present, IoU 1
        Array.Fill(predicted, 1, 6, 6);
        Array.Fill(truth, 255, 12, 6);    // image 2: nothing labelled → NaN
        var perImage = PerImageMeanIoU.Compute(torch.tensor(predicted, [3, 2, 3]), torch.tensor(truth, [3, 2, 3]), 3).ToArray<double>();
        Assert.Equal(1.0 / 3, perImage[0], 12);
        Assert.Equal(1.0, perImage[1], 12);
        Assert.True(double.IsNaN(perImage[2]));
    }

    [Fact]
    public void RejectsLabelMapsOfDifferentShapes()
    {
        using var scope = NewDisposeScope();
        using var matrix = new ConfusionMatrix(3);
        Assert.Throws<ArgumentException>(() => matrix.Update(torch.zeros(new long[] { 2, 3 }), torch.zeros(new long[] { 3, 2 })));
        Assert.Throws<ArgumentException>(() => PerImageMeanIoU.Compute(torch.zeros(new long[] { 2, 4 }), torch.zeros(new long[] { 2, 5 }), 3));
    }
}
