using Pipeline.Method.Models;
using Pipeline.Orchestration.Jobs;
using Pipeline.Tests.Shared;
using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Orchestration.Tests;

/// <summary>
/// model.backbone_weights: torchvision ResNet classification state dicts, written by Debian's torchvision as torch.save
/// files and as safetensors, load by name into the FCN's backbone (the classifier dropped, the heads untouched, the
/// dilated ResNet-50 then computing torchvision's features); a dict that does not fit names every key that does not.
/// </summary>
public sealed class BackboneWeightsTests : IDisposable
{
    private readonly TempProject project = new();

    public void Dispose() => Directory.Delete(project.Root, recursive: true);

    private string Weights(string name) => project.Path($"weights/{name}");

    [PyTorchFact]
    public void TorchvisionClassificationWeightsLoadIntoTheBackbone()
    {
        Directory.CreateDirectory(project.Path("weights"));
        PyTorchReference.Run("""
            import json, struct
            import torch, torchvision
            def randomised(model):  # running statistics and biases that are not the defaults, so every tensor is checked
                with torch.no_grad():
                    for m in model.modules():
                        if isinstance(m, torch.nn.BatchNorm2d):
                            m.running_mean.uniform_(-0.1, 0.1); m.running_var.uniform_(0.5, 1.5); m.bias.uniform_(-0.1, 0.1)
                return model
            def save_safetensors(state, path):  # the format by hand: a JSON header of offsets, then the raw tensors
                header, blobs, offset = {}, [], 0
                for name, t in state.items():
                    data = t.contiguous().numpy().tobytes()
                    header[name] = {"dtype": {torch.float32: "F32", torch.int64: "I64"}[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
                    blobs.append(data); offset += len(data)
                text = json.dumps(header).encode(); text += b" " * (-len(text) % 8)
                with open(path, "wb") as f:
                    f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
            torch.manual_seed(0)
            torch.save(randomised(torchvision.models.resnet18()).state_dict(), "weights/resnet18.pth")
            resnet50 = randomised(torchvision.models.resnet50(replace_stride_with_dilation=[False, True, True])).eval()
            save_safetensors(resnet50.state_dict(), "weights/resnet50.safetensors")
            x = torch.rand(1, 3, 32, 32)
            with torch.no_grad():
                y = resnet50.maxpool(resnet50.relu(resnet50.bn1(resnet50.conv1(x))))
                y = resnet50.layer4(resnet50.layer3(resnet50.layer2(resnet50.layer1(y))))
            x.numpy().tofile("weights/x.bin"); y.numpy().tofile("weights/layer4.bin")
            """, project.Root);

        using var scope = NewDisposeScope();
        foreach (var (arch, file) in new[] { ("fcn_resnet18", "resnet18.pth"), ("fcn_resnet50", "resnet50.safetensors") })
        {
            using var model = FcnResNet.FromName(arch, 21);
            var heads = model.state_dict().Where(p => !p.Key.StartsWith("backbone.", StringComparison.Ordinal)).ToDictionary(p => p.Key, p => p.Value.clone());
            TrainedModel.LoadBackboneInto(model, Weights(file));

            var classification = StateDictFiles.Load(Weights(file));
            var live = model.state_dict();
            Assert.Contains("fc.weight", classification.Keys);
            foreach (var (name, value) in classification.Where(p => !p.Key.StartsWith("fc.", StringComparison.Ordinal)))
                Assert.True(Same(live["backbone." + name], value), $"{arch}: backbone.{name} is not the file's {name}");
            foreach (var (name, value) in heads) Assert.True(Same(live[name], value), $"{arch}: {name} changed");
        }

        // The dilated ResNet-50 with those weights computes torchvision's layer4 features.
        using var fcn50 = FcnResNet.FromName("fcn_resnet50", 21);
        TrainedModel.LoadBackboneInto(fcn50, Weights("resnet50.safetensors"));
        fcn50.eval();
        using var noGrad = no_grad();
        var backbone = (ResNetBackbone)fcn50.named_children().Single(c => c.name == "backbone").module;
        var (_, layer4) = backbone.call(Read("x.bin", 1, 3, 32, 32));
        Assert.True((layer4 - Read("layer4.bin", 1, 2048, 4, 4)).abs().max().ToDouble() <= 1e-4);

        // ResNet-50's weights do not fit ResNet-18's backbone: every key that does not is named, and nothing is loaded.
        using var fcn18 = FcnResNet.FromName("fcn_resnet18", 21);
        var before = fcn18.state_dict()["backbone.conv1.weight"].clone();
        var error = Assert.Throws<JobInputException>(() => TrainedModel.LoadBackboneInto(fcn18, Weights("resnet50.safetensors")));
        Assert.StartsWith($"{Weights("resnet50.safetensors")}: these weights do not fit fcn_resnet18's backbone", error.Message);
        Assert.Contains("\"layer1.0.conv3.weight\"", error.Message);
        Assert.Contains("size mismatch for layer1.0.conv1.weight: copying a param with shape [64, 64, 1, 1] from checkpoint, the shape in current model is [64, 64, 3, 3]", error.Message);
        Assert.DoesNotContain("fc.weight", error.Message);
        Assert.True(Same(fcn18.state_dict()["backbone.conv1.weight"], before));
    }

    [Fact]
    public void MissingUnexpectedAndWholeModelKeysAreNamed()
    {
        using var scope = NewDisposeScope();
        using var model = FcnResNet.FromName("fcn_resnet18", 3);
        var backbone = model.state_dict().Where(p => p.Key.StartsWith("backbone.", StringComparison.Ordinal))
            .ToDictionary(p => p.Key["backbone.".Length..], p => p.Value.clone());
        backbone.Remove("layer4.1.bn2.running_var");
        backbone["layer5.0.conv1.weight"] = zeros(1);
        backbone["fc.weight"] = zeros(1000, 512);

        var error = Assert.Throws<StateDictMismatchException>(() => model.LoadBackboneWeights(backbone));
        Assert.Equal(["layer4.1.bn2.running_var"], error.MissingKeys);
        Assert.Equal(["layer5.0.conv1.weight"], error.UnexpectedKeys);

        var whole = Assert.Throws<StateDictMismatchException>(() => model.LoadBackboneWeights(model.state_dict()));
        Assert.Contains("a whole segmentation model's weights, for model.pretrained", whole.Message);
    }

    [Fact]
    public void TheFieldNamesAMissingFileAndRefusesPretrainedBeside()
    {
        project.Write("weights/resnet50.pth", "not read here");
        project.Write("weights/fcn.pth", "not read here");
        var block = project.Path("configs/model/small.yaml");

        project.Write("configs/model/small.yaml", "arch: fcn_resnet18\nbackbone_weights: weights/absent.pth\n");
        Assert.Equal($"{block}:2:19: model.backbone_weights: weights file {Weights("absent.pth")} does not exist; give a path relative to the "
                     + "project root or an absolute path, or leave backbone_weights out to start the backbone from random weights",
                     project.Error(TempProject.Experiment));

        project.Write("configs/model/small.yaml", "arch: fcn_resnet18\npretrained: weights/fcn.pth\nbackbone_weights: weights/resnet50.pth\n");
        Assert.StartsWith($"{block}:3:19: model.backbone_weights: give pretrained (the whole model's weights) or backbone_weights", project.Error(TempProject.Experiment));

        project.Write("configs/model/small.yaml", "arch: fcn_resnet18\nbackbone_weights: weights/resnet50.pth\n");
        var jobs = project.Jobs();
        Assert.All(jobs, j => Assert.Equal("weights/resnet50.pth", j.Model.BackboneWeights));
        // Job ids without the field are those they were before it existed; with it, they differ.
        project.Write("configs/model/small.yaml", "arch: fcn_resnet18\n");
        Assert.DoesNotContain("backbone_weights", JobId.Canonical(project.Jobs()[0]));
        Assert.NotEqual(project.Jobs()[0].Id, jobs[0].Id);
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private Tensor Read(string name, params long[] shape) => RawFloats.Read(Weights(name), shape);
}
