using TorchSharp;

namespace Pipeline.TorchExtensions;

/// <summary>
/// Cosine annealing with warm restarts (SGDR), with PyTorch's semantics: lr = eta_min + (base_lr − eta_min)·(1 + cos(π·T_cur/T_i))/2,
/// where T_cur counts epochs since the last restart and the period T_i starts at T_0 and is multiplied by T_mult
/// at each restart. Construction performs PyTorch's initial step (epoch 0, lr = base_lr). step() advances one
/// epoch; step(epoch) jumps to a possibly fractional epoch (e.g. epoch + batch / batches_per_epoch) and fully
/// determines the state, so a resumed run restores the schedule with step(start_epoch). TorchSharp has
/// CosineAnnealingLR but not this schedule.
/// </summary>
public sealed class CosineAnnealingWarmRestarts
{
    private readonly torch.optim.Optimizer optimizer;
    private readonly double[] baseLrs;
    private double[] lastLrs = [];

    public CosineAnnealingWarmRestarts(torch.optim.Optimizer optimizer, int T_0, int T_mult = 1, double eta_min = 0)
    {
        if (T_0 <= 0) throw new ArgumentOutOfRangeException(nameof(T_0), T_0, "T_0 must be a positive integer");
        if (T_mult < 1) throw new ArgumentOutOfRangeException(nameof(T_mult), T_mult, "T_mult must be an integer >= 1");
        this.optimizer = optimizer;
        this.T_0 = T_0;
        this.T_mult = T_mult;
        this.eta_min = eta_min;
        T_i = T_0;
        baseLrs = optimizer.ParamGroups.Select(g => g.LearningRate).ToArray();
        step(0);
    }

    public int T_0 { get; }
    public int T_mult { get; }
    public double eta_min { get; }

    /// <summary>The length of the current period in epochs.</summary>
    public long T_i { get; private set; }

    /// <summary>Epochs (possibly fractional) since the last restart.</summary>
    public double T_cur { get; private set; }

    /// <summary>The whole epoch last stepped to (floor of a fractional one).</summary>
    public long last_epoch { get; private set; }

    public IReadOnlyList<double> base_lrs => baseLrs;

    /// <summary>Advances one epoch, restarting when the period is complete.</summary>
    public void step()
    {
        T_cur += 1;
        if (T_cur >= T_i)
        {
            T_cur -= T_i;
            T_i *= T_mult;
        }
        Apply(last_epoch + 1);
    }

    /// <summary>Sets the schedule to the given epoch (fractional allowed), as PyTorch's step(epoch).</summary>
    public void step(double epoch)
    {
        if (epoch < 0 || double.IsNaN(epoch)) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "epoch must be non-negative");
        if (epoch >= T_0)
        {
            if (T_mult == 1)
            {
                T_cur = epoch % T_0;
            }
            else
            {
                // The number of completed periods n solves T_0·(T_mult^n − 1)/(T_mult − 1) <= epoch.
                var n = (int)(Math.Log(epoch / T_0 * (T_mult - 1) + 1) / Math.Log(T_mult));
                var power = (long)Math.Pow(T_mult, n);
                T_cur = epoch - T_0 * (power - 1) / (double)(T_mult - 1);
                T_i = T_0 * power;
            }
        }
        else
        {
            T_i = T_0;
            T_cur = epoch;
        }
        Apply(epoch);
    }

    public IReadOnlyList<double> get_last_lr() => lastLrs;

    private void Apply(double epoch)
    {
        last_epoch = (long)Math.Floor(epoch);
        lastLrs = baseLrs.Select(b => eta_min + (b - eta_min) * (1 + Math.Cos(Math.PI * T_cur / T_i)) / 2).ToArray();
        var k = 0;
        foreach (var group in optimizer.ParamGroups) group.LearningRate = lastLrs[k++];
    }
}
