using Pipeline.TorchExtensions;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Pipeline.Method.Models;

/// <summary>torchvision's FCNHead: Conv3×3 (in → in/4, no bias), BN, ReLU, Dropout(0.1), Conv1×1 (→ classes).
/// Indexed children 0..4 give the state-dict names classifier.0.weight … classifier.4.bias.</summary>
public static class FcnHead
{
    public static Sequential Create(long inChannels, long classes)
    {
        var inter = inChannels / 4;
        return Sequential(
            Conv2d(inChannels, inter, 3, padding: 1, bias: false),
            new FoldableBatchNorm2d(inter),
            ReLU(),
            Dropout(0.1),
            Conv2d(inter, classes, 1));
    }
}
