using System.Runtime.InteropServices;
using System.Text.Json;
using Pipeline.Method.Data;
using Pipeline.Orchestration.Parity;
using Pipeline.Tests.Shared;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Orchestration.Tests;

/// <summary>
/// bench/reference_train.py's options that `pipeline parity` does not take on the CPU: any VOC-layout folder (JPEG
/// images, VOC's two lists, the validation images held out of the train list, resized as our loader resizes), and a
/// run with bf16 autocast, channels-last, gradient accumulation and the auxiliary head.
/// </summary>
public sealed class ReferenceTrainerOptionsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("reference-options-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [PyTorchFact]
    public void AVocFolderIsReadAsOurLoaderReadsItAndEveryRecipeOptionRuns()
    {
        var voc = Path.Combine(folder, "voc");
        using (var written = SyntheticVoc.Generate(new SyntheticVocOptions { ImageSize = 32, Train = 20, Validation = 2, Test = 4, Classes = 3, Seed = 4 }))
            VocWriter.Write(written, voc);
        var script = PythonReference.FindScript(ReferenceTrainer.Script)!;
        var data = $"'--data', {JsonSerializer.Serialize(voc)}, '--image-size', '16', '--classes', '3'";
        var output = PyTorchReference.Run($$"""
            import json, sys
            sys.path.insert(0, {{JsonSerializer.Serialize(Path.GetDirectoryName(script))}})
            import reference_train as r
            a = r.parse_args([{{data}}, '--epochs', '1', '--batch-size', '4', '--lr', '0.01'])
            train, validation, test = r.load_splits(a)
            print(json.dumps({"train": len(train[0]), "validation": len(validation[0]), "test": list(test[0].shape)}))
            test[0].numpy().tofile('test-images.bin'); test[1].numpy().tofile('test-masks.bin')
            r.main([{{data}}, '--epochs', '1', '--batch-size', '4', '--micro-batch', '2', '--lr', '0.01', '--precision', 'bf16',
                    '--channels-last', '--aux-head', '--eval-batch-size', '3'])
            """, folder).Trim().Split('\n');

        // VOC's proportion of the 22 listed training images held out: round(22 · 146 / 1464) = 2.
        using var splits = JsonDocument.Parse(output[0]);
        Assert.Equal(20, splits.RootElement.GetProperty("train").GetInt32());
        Assert.Equal(2, splits.RootElement.GetProperty("validation").GetInt32());
        Assert.Equal([4, 3, 16, 16], splits.RootElement.GetProperty("test").EnumerateArray().Select(e => e.GetInt32()));
        using var scope = NewDisposeScope();
        using var ours = VocDataset.Load(new VocOptions { Root = voc, ImageSize = 16, ClassNames = ["background", "disc", "square"] });
        var images = tensor(File.ReadAllBytes(Path.Combine(folder, "test-images.bin")), [4, 3, 16, 16]);
        var masks = tensor(File.ReadAllBytes(Path.Combine(folder, "test-masks.bin")), [4, 16, 16]);
        Assert.True(ours.Test.Masks.equal(masks).all().item<bool>(), "the test masks differ from our loader's");
        // The JPEG decoders differ (libjpeg in PIL, Skia's own) by a few levels at most.
        Assert.True((ours.Test.Images.to(ScalarType.Int32) - images.to(ScalarType.Int32)).abs().max().item<int>() <= 8, "the test images differ from our loader's");

        using var result = JsonDocument.Parse(output[^1]);
        var training = result.RootElement.GetProperty("training");
        Assert.Equal("bf16", training.GetProperty("precision").GetString());
        Assert.True(double.IsFinite(training.GetProperty("history")[0].GetProperty("train_loss").GetDouble()));
        Assert.InRange(result.RootElement.GetProperty("evaluations").GetProperty("plain").GetProperty("mean_iou").GetDouble(), 0, 1);
    }
}
