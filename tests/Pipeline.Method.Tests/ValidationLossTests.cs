using Pipeline.Method.Data;
using Pipeline.Method.Models;
using Pipeline.Method.Training;
using Pipeline.Tests.Shared;
using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Pipeline.Method.Tests;

/// <summary>The per-epoch validation loss, summed on the device and read once: the same number as summing batch by batch on the host.</summary>
[Collection(ProcessWideCollection.Name)]
public class ValidationLossTests
{
    private static (FcnResNet Model, SegmentationSplit Validation) Setup()
    {
        Seeding.ManualSeedAll(3);
        var model = FcnResNet.FromName("fcn_resnet18", 3);
        var validation = SyntheticVoc.GenerateList("val", 5, new SyntheticVocOptions { ImageSize = 32, Classes = 3, Seed = 2 });
        return (model, validation);
    }

    [Fact]
    public void EqualsTheBatchByBatchSumOnTheHostExactly()
    {
        var (model, validation) = Setup();
        using var _ = model;
        using var __ = validation;
        var input = new InputPipeline(null, channelsLast: false);
        var recipe = new TrainingRecipe { Epochs = 1, BatchSize = 2, Lr = 0.1 };

        var loss = new Trainer(model, recipe, DeviceId.CPU, evaluationBatchSize: 2).ValidationLoss(validation, input);

        double sum = 0, pixels = 0;
        using (no_grad())
            for (var start = 0; start < validation.Count; start += 2)
            {
                using var scope = NewDisposeScope();
                var length = Math.Min(2, validation.Count - start);
                var masks = validation.Masks.narrow(0, start, length).to(ScalarType.Int64);
                var labelled = masks.ne(255).sum().ToDouble();
                sum += cross_entropy(model.forward(input.Prepare(validation.Images.narrow(0, start, length))), masks, ignore_index: 255).ToDouble() * labelled;
                pixels += labelled;
            }
        Assert.Equal(sum / pixels, loss);
    }

    [Fact]
    public void ABatchWithoutLabelledPixelsAddsNothing()
    {
        var (model, validation) = Setup();
        using var _ = model;
        using var __ = validation;
        var input = new InputPipeline(null, channelsLast: false);
        var trainer = new Trainer(model, new TrainingRecipe { Epochs = 1, BatchSize = 2, Lr = 0.1 }, DeviceId.CPU, evaluationBatchSize: 2);
        var firstFour = trainer.ValidationLoss(validation.Subset([0, 1, 2, 3]), input);

        // The fifth image (a batch of its own) entirely ignored: its NaN mean must not spoil the sum.
        validation.Masks[4].fill_(255);
        var withIgnored = trainer.ValidationLoss(validation, input);

        Assert.Equal(firstFour, withIgnored, 12);
        validation.Masks.fill_(255);
        Assert.True(double.IsNaN(trainer.ValidationLoss(validation, input)));
    }
}
