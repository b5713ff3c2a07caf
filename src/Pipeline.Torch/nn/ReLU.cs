namespace Pipeline.Torch.nn;

/// <summary>max(x, 0), as torch.nn.ReLU. With inplace the input is overwritten and returned (torchvision's choice, saving memory).</summary>
public sealed class ReLU(bool inplace = false) : Module
{
    public bool inplace { get; } = inplace;

    public override Tensor forward(Tensor x) => inplace ? x.relu_() : x.relu();
}
