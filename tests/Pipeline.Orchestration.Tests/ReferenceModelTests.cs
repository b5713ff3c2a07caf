using System.Text.Json;
using Pipeline.Method.Models;
using Pipeline.Orchestration.Parity;
using Pipeline.Tests.Shared;
using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Orchestration.Tests;

/// <summary>
/// The model bench/reference_train.py trains is ours, for every architecture: the same parameter count, state-dict names
/// and shapes (its torch.save weights load into ours by name, strictly), and the same logits of both heads.
/// </summary>
public class ReferenceModelTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("reference-model-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [PyTorchFact]
    public void ReferenceBuildsOurArchitectures()
    {
        var bench = Path.GetDirectoryName(PythonReference.FindScript(ReferenceTrainer.Script))!;
        var counts = JsonDocument.Parse(PyTorchReference.Run($$"""
            import json, sys
            import torch
            sys.path.insert(0, {{JsonSerializer.Serialize(bench)}})
            import reference_train
            counts = {}
            for arch in ("fcn_resnet18", "fcn_resnet34", "fcn_resnet50"):
                torch.manual_seed(0)
                m = reference_train.build_model(arch, 21, aux_head=True).eval()
                with torch.no_grad():  # running statistics that make eval-mode batch norm matter
                    for mod in m.modules():
                        if isinstance(mod, torch.nn.BatchNorm2d):
                            mod.running_mean.uniform_(-0.1, 0.1); mod.running_var.uniform_(0.5, 1.5)
                torch.save(m.state_dict(), arch + '.pt')
                x = torch.rand(2, 3, 40, 32)
                with torch.no_grad():
                    out = m(x)
                x.numpy().tofile(arch + '.in'); out['out'].numpy().tofile(arch + '.out'); out['aux'].numpy().tofile(arch + '.aux')
                counts[arch] = sum(p.numel() for p in m.parameters())
            print(json.dumps(counts))
            """, folder).Trim().Split('\n')[^1]).RootElement;

        foreach (var arch in FcnResNet.Architectures)
        {
            using var scope = NewDisposeScope();
            using var model = FcnResNet.FromName(arch, 21, auxiliary: true);
            Assert.Equal(counts.GetProperty(arch).GetInt64(), model.parameters().Sum(p => p.numel()));
            model.load_state_dict_checked(StateDictFiles.Load(Path.Combine(folder, arch + ".pt")));
            model.eval();
            using var noGrad = no_grad();
            var (output, aux) = model.ForwardWithAuxiliary(Read(arch + ".in", 2, 3, 40, 32));
            Assert.True((output - Read(arch + ".out", 2, 21, 40, 32)).abs().max().ToDouble() <= 1e-4, $"{arch}: the logits differ");
            Assert.True((aux! - Read(arch + ".aux", 2, 21, 40, 32)).abs().max().ToDouble() <= 1e-4, $"{arch}: the auxiliary logits differ");
        }
    }

    private Tensor Read(string name, params long[] shape) => RawFloats.Read(Path.Combine(folder, name), shape);
}
