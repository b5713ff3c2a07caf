using Pipeline.Torch.nn;

namespace Pipeline.Torch.optim;

/// <summary>
/// Parameters that share hyperparameters, as an entry of PyTorch's optimizer.param_groups. Schedulers set lr here.
/// </summary>
public sealed class ParamGroup
{
    public ParamGroup(IEnumerable<Parameter> parameters, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0,
                      bool nesterov = false)
    {
        if (lr < 0) throw new ArgumentOutOfRangeException(nameof(lr), lr, "learning rate must be non-negative");
        if (momentum < 0) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be non-negative");
        if (weight_decay < 0) throw new ArgumentOutOfRangeException(nameof(weight_decay), weight_decay, "weight_decay must be non-negative");
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening", nameof(nesterov));
        @params = parameters.ToList();
        this.lr = lr;
        this.momentum = momentum;
        this.dampening = dampening;
        this.weight_decay = weight_decay;
        this.nesterov = nesterov;
    }

    public IReadOnlyList<Parameter> @params { get; }
    public double lr { get; set; }
    public double momentum { get; set; }
    public double dampening { get; set; }
    public double weight_decay { get; set; }
    public bool nesterov { get; set; }
}
