using Pipeline.Method.Data;
using Pipeline.Method.Evaluation;
using Pipeline.Method.Keys;
using Pipeline.Method.Models;
using Pipeline.Method.Training;
using Pipeline.Method.Transforms;
using Pipeline.Orchestration.Jobs;
using Pipeline.Orchestration.Parity;
using Pipeline.Tests.Shared;
using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Orchestration.Tests;

/// <summary>
/// Our training step against PyTorch's (bench/reference_train.py on Debian's torch 1.13): the same initial weights (saved
/// by PyTorch, loaded by name), the same batches in the same order, augmentation off, fp32, the SHF transform of one key,
/// dropout on (libtorch's CPU generator gives both the same masks for the same seed). After 6 SGD steps with momentum and
/// weight decay, the learning rate stepped at every batch and restarted after the third, the losses, learning rates,
/// weights and batch-norm statistics agree to float tolerance; a change to any piece of the step shows.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public class TrainingStepParityTests : IDisposable
{
    private const int ImageSize = 32, Classes = 3;

    // How far two libtorch builds' float rounding may carry the weights apart, relative to how far the steps moved them.
    // Seen on this project's machine: 5e-7 over all weights, 1.3e-4 in the worst tensor; with weight decay applied
    // after the momentum step instead of in the gradient, 7e-3 and 0.64 (and the second epoch's loss 6e-5 apart).
    private const double AllWeightsTolerance = 1e-4, TensorTolerance = 5e-2, LossTolerance = 1e-5;

    private readonly string folder = Directory.CreateTempSubdirectory("step-parity-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    // 9 images in batches of 3 for 2 epochs, restarting the cosine every epoch: 6 steps, the restart after the third.
    // A small learning rate keeps the two builds' rounding differences from growing (at 0.05 batch norm over 3 noise images
    // and max-pooling's near ties amplify them chaotically); how far a changed piece moves the weights scales with the
    // update, so it shows at any rate. Weight decay is large enough that its placement moves the weights far.
    private static readonly TrainingRecipe Recipe = new()
    {
        Epochs = 2, BatchSize = 3, Lr = 0.005, Momentum = 0.9, WeightDecay = 0.05, RestartEpochs = 1, MinLr = 0.0005, Seed = 3,
    };

    [PyTorchFact]
    public void SixStepsAcrossARestartMatchPyTorch()
    {
        using var scope = NewDisposeScope();
        using var dataset = RandomDataset();
        var data = Path.Combine(folder, "data");
        VocWriter.WriteExact(dataset, data);
        var job = new MethodJob
        {
            Protection = new KeyedMethod { Method = BlockShuffle.Method, BlockSize = 4, Key = new SecretKey(20210101), KeyFingerprint = "test" },
            Settings = new JobSettings
            {
                Dataset = new DatasetSettings { Kind = DatasetKind.Synthetic, ImageSize = ImageSize, Classes = Classes },
                Model = new ModelSettings { Arch = "fcn_resnet18" }, Training = Recipe,
                Evaluation = new EvaluationSettings { IncorrectKeys = 1, BatchSize = 4 },
            },
        };
        var keys = Path.Combine(folder, "keys.json");
        ReferenceKeyMaterial.Write(keys, ReferenceKeyMaterial.Of(job, ResNetDepth.ResNet18, job.Evaluation.IncorrectKeys, TempProject.Fingerprints));
        var (initial, final) = (Path.Combine(folder, "initial.pt"), Path.Combine(folder, "final.pt"));
        var reference = ReferenceTrainer.Run(job, new ReferenceOptions
        {
            DataFolder = data, KeyMaterialFile = keys, Device = DeviceId.CPU, Threads = get_num_threads(), Augment = false,
            SaveInitial = initial, SaveFinal = final,
        }, null, CancellationToken.None);

        using var model = FcnResNet.FromName(job.Model.Arch, Classes);
        var start = StateDictFiles.Load(initial);
        model.load_state_dict_checked(start);
        using var protection = job.Protection.Setting(model.Depth).Protect(job.Protection.RequiredKey);
        var history = new List<EpochRecord>();
        var trainer = new Trainer(model, Recipe, DeviceId.CPU, job.Evaluation.BatchSize) { Augment = false, EpochCompleted = history.Add };
        var outcome = trainer.Fit(dataset.Train, dataset.Validation, new InputPipeline(protection.Input, channelsLast: false), ImageSize, null, CancellationToken.None);
        foreach (var t in outcome.BestWeights.Values) t.Dispose();

        Assert.Equal(reference.Training.History.Select(e => e.Epoch), history.Select(e => e.Epoch));
        foreach (var (ours, theirs) in history.Zip(reference.Training.History))
        {
            Assert.Equal(theirs.LearningRate, ours.LearningRate, 1e-15);
            Assert.True(Math.Abs(ours.TrainLoss - theirs.TrainLoss) <= LossTolerance * theirs.TrainLoss,
                        $"epoch {ours.Epoch}: training loss {ours.TrainLoss:R}, PyTorch's {theirs.TrainLoss:R}");
            Assert.True(Math.Abs(ours.ValidationLoss - theirs.ValidationLoss) <= LossTolerance * theirs.ValidationLoss,
                        $"epoch {ours.Epoch}: validation loss {ours.ValidationLoss:R}, PyTorch's {theirs.ValidationLoss:R}");
        }

        // Each tensor's difference from PyTorch's, against how far PyTorch's steps moved it.
        var expected = StateDictFiles.Load(final);
        var live = model.state_dict();
        Assert.Equal(expected.Keys.Order(), live.Keys.Order());
        double differenceSquares = 0, updateSquares = 0;
        foreach (var (name, ours) in live)
        {
            if (ours.dtype == ScalarType.Int64)
            {
                Assert.Equal(expected[name].item<long>(), ours.item<long>());
                continue;
            }
            var theirs = expected[name].to(ScalarType.Float64);
            var difference = (ours.to(ScalarType.Float64) - theirs).square().sum().ToDouble();
            var update = (theirs - start[name].to(ScalarType.Float64)).square().sum().ToDouble();
            Assert.True(update > 0, $"{name} did not change in PyTorch's steps");
            Assert.True(Math.Sqrt(difference / update) <= TensorTolerance,
                        $"{name}: {Math.Sqrt(difference / update):E2} of PyTorch's update apart (tolerance {TensorTolerance:E0})");
            (differenceSquares, updateSquares) = (differenceSquares + difference, updateSquares + update);
        }
        var overall = Math.Sqrt(differenceSquares / updateSquares);
        Assert.True(overall <= AllWeightsTolerance, $"the weights are {overall:E2} of PyTorch's update apart (tolerance {AllWeightsTolerance:E0})");
    }

    // Noise images and masks of 3 classes with some ignored pixels: the step's arithmetic, not learning, is under test.
    private static SegmentationDataset RandomDataset()
    {
        var generator = new Generator(11);
        SegmentationSplit Split(string prefix, int count)
        {
            using var scope = NewDisposeScope();
            var images = randint(0, 256, [count, 3, ImageSize, ImageSize], dtype: ScalarType.Byte, generator: generator);
            var masks = randint(0, Classes, [count, ImageSize, ImageSize], dtype: ScalarType.Byte, generator: generator);
            masks.masked_fill_(rand([count, ImageSize, ImageSize], generator: generator).lt(0.1), VocClasses.IgnoreIndex);
            return new SegmentationSplit(images, masks, Enumerable.Range(0, count).Select(k => $"{prefix}{k:D2}").ToArray());
        }
        return new SegmentationDataset(Split("train", 9), Split("val", 2), Split("test", 2), ["background", "a", "b"]);
    }
}
