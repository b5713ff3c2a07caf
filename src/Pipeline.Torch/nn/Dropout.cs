namespace Pipeline.Torch.nn;

/// <summary>Zeroes elements with probability p and scales the rest by 1/(1-p) in training; the identity in eval.</summary>
public sealed class Dropout : Module
{
    public Dropout(double p = 0.5)
    {
        if (p < 0 || p > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be between 0 and 1");
        this.p = p;
    }

    public double p { get; }

    public override Tensor forward(Tensor x) => functional.dropout(x, p, training);
}
