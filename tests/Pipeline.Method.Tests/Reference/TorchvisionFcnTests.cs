using Pipeline.Tests.Shared;
using Pipeline.Method.Models;
using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Method.Tests.Reference;

/// <summary>FcnResNet against torchvision's fcn_resnet50 itself: same weights (through torch.save), same logits.</summary>
public class TorchvisionFcnTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("fcn-reference-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [PyTorchFact]
    public void LogitsMatchTorchvisionFcnResnet50()
    {
        PyTorchReference.Run("""
            import torch, torchvision
            torch.manual_seed(0)
            m = torchvision.models.segmentation.fcn_resnet50(weights=None, weights_backbone=None, num_classes=21, aux_loss=True).eval()
            # Non-trivial running statistics, so eval-mode batch norm is really exercised.
            with torch.no_grad():
                for mod in m.modules():
                    if isinstance(mod, torch.nn.BatchNorm2d):
                        mod.running_mean.uniform_(-0.1, 0.1); mod.running_var.uniform_(0.5, 1.5)
            torch.save(m.state_dict(), 'fcn.pt')
            x = torch.rand(2, 3, 64, 48)
            with torch.no_grad():
                out = m(x)
            x.numpy().tofile('input.bin')
            out['out'].numpy().tofile('out.bin')
            out['aux'].numpy().tofile('aux.bin')
            """, folder);

        using var scope = NewDisposeScope();
        using var model = FcnResNet.FromName("fcn_resnet50", 21, auxiliary: true);
        model.load_state_dict_checked(StateDictFiles.Load(Path.Combine(folder, "fcn.pt")));
        model.eval();
        using var noGrad = no_grad();
        var x = Read("input.bin", 2, 3, 64, 48);
        var (output, aux) = model.ForwardWithAuxiliary(x);
        Assert.True((output - Read("out.bin", 2, 21, 64, 48)).abs().max().ToDouble() <= 1e-4);
        Assert.True((aux! - Read("aux.bin", 2, 21, 64, 48)).abs().max().ToDouble() <= 1e-4);
    }

    private Tensor Read(string name, params long[] shape) =>
        tensor(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(folder, name))).ToArray(), shape);
}
