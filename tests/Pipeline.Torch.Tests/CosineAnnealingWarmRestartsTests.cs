using Pipeline.Torch.nn;
using Pipeline.Torch.optim;
using Pipeline.Torch.optim.lr_scheduler;

namespace Pipeline.Torch.Tests;

/// <summary>The schedule against eta_min + (base_lr − eta_min)·(1 + cos(π·T_cur/T_i))/2 with T_cur and T_i worked out by hand.</summary>
public sealed class CosineAnnealingWarmRestartsTests : IDisposable
{
    private readonly Parameter parameter = new(torch.zeros([1]));

    public void Dispose() => parameter.Dispose();

    private static double Expected(double baseLr, double etaMin, double tCur, double tI) =>
        etaMin + (baseLr - etaMin) * (1 + Math.Cos(Math.PI * tCur / tI)) / 2;

    [Fact]
    public void PaperScheduleRestartsEveryTenEpochs()
    {
        using var sgd = new SGD([parameter], 0.1, momentum: 0.9, weight_decay: 0.005);
        var scheduler = new CosineAnnealingWarmRestarts(sgd, T_0: 10, eta_min: 0.0001);

        Assert.Equal(0.1, sgd.lr, 15);                 // construction is PyTorch's initial step to epoch 0
        for (var epoch = 1; epoch <= 25; epoch++)
        {
            scheduler.step();
            var expected = Expected(0.1, 0.0001, epoch % 10, 10);
            Assert.Equal(expected, sgd.lr, 15);
            Assert.Equal(expected, Assert.Single(scheduler.get_last_lr()), 15);
            Assert.Equal(epoch, scheduler.last_epoch);
        }
        // Just before a restart the rate is near eta_min; at the restart it is back at the base rate.
        scheduler.step(9.99);
        Assert.InRange(sgd.lr, 0.0001, 0.00011);
        scheduler.step(10);
        Assert.Equal(0.1, sgd.lr, 15);
    }

    [Fact]
    public void FractionalEpochsFollowTheCurveWithinAPeriod()
    {
        using var sgd = new SGD([parameter], 0.1);
        var scheduler = new CosineAnnealingWarmRestarts(sgd, T_0: 10, eta_min: 0.0001);

        foreach (var (epoch, tCur) in new[] { (0.25, 0.25), (4.5, 4.5), (12.5, 2.5), (29.75, 9.75), (30.0, 0.0) })
        {
            scheduler.step(epoch);
            Assert.Equal(Expected(0.1, 0.0001, tCur, 10), sgd.lr, 15);
            Assert.Equal((long)Math.Floor(epoch), scheduler.last_epoch);
        }

        // step() after a fractional epoch adds one epoch to T_cur, as PyTorch does: 30 → T_cur 1, last_epoch 31.
        scheduler.step(30.5);
        scheduler.step();
        Assert.Equal(1.5, scheduler.T_cur, 12);
        Assert.Equal(31, scheduler.last_epoch);
        Assert.Equal(Expected(0.1, 0.0001, 1.5, 10), sgd.lr, 15);
    }

    [Fact]
    public void PeriodsGrowByTMult()
    {
        using var sgd = new SGD([parameter], 0.5);
        var scheduler = new CosineAnnealingWarmRestarts(sgd, T_0: 2, T_mult: 2, eta_min: 0.01);

        // Periods 2, 4, 8: restarts at epochs 2, 6 and 14.
        var tCur = new[] { 0, 1, 0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 0 };
        var tI = new[] { 2, 2, 4, 4, 4, 4, 8, 8, 8, 8, 8, 8, 8, 8, 16 };
        for (var epoch = 0; epoch < tCur.Length; epoch++)
        {
            if (epoch > 0) scheduler.step();
            Assert.Equal(Expected(0.5, 0.01, tCur[epoch], tI[epoch]), sgd.lr, 15);
            Assert.Equal(tI[epoch], scheduler.T_i);
        }

        // Jumping to epoch 7.5 lands in the third period (epochs 6–14): T_cur 1.5, T_i 8.
        scheduler.step(7.5);
        Assert.Equal(1.5, scheduler.T_cur, 12);
        Assert.Equal(8, scheduler.T_i);
        Assert.Equal(Expected(0.5, 0.01, 1.5, 8), sgd.lr, 15);
        scheduler.step(1.25);
        Assert.Equal(Expected(0.5, 0.01, 1.25, 2), sgd.lr, 15);
    }

    [Fact]
    public void EveryParameterGroupFollowsItsOwnBaseRate()
    {
        using var other = new Parameter(torch.zeros([1]));
        using var sgd = new SGD([new ParamGroup([parameter], lr: 0.1), new ParamGroup([other], lr: 0.01)]);
        var scheduler = new CosineAnnealingWarmRestarts(sgd, T_0: 4);

        scheduler.step();
        scheduler.step();

        Assert.Equal([0.05, 0.005], scheduler.get_last_lr().Select(v => Math.Round(v, 15)));
        Assert.Equal(0.05, sgd.param_groups[0].lr, 15);
        Assert.Equal(0.005, sgd.param_groups[1].lr, 15);
        Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.step(-1));
    }
}
