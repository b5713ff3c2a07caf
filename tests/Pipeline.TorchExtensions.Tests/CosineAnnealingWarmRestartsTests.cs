using System.Globalization;
using System.Text.Json;
using Pipeline.Tests.Shared;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.TorchExtensions.Tests;

/// <summary>
/// The schedule against PyTorch's torch.optim.lr_scheduler.CosineAnnealingWarmRestarts (every rate, T_i, T_cur and
/// last_epoch after each step), and against eta_min + (base_lr − eta_min)·(1 + cos(π·T_cur/T_i))/2 worked out by hand.
/// </summary>
public sealed class CosineAnnealingWarmRestartsTests : IDisposable
{
    private readonly Parameter parameter = new(zeros(1));
    private readonly Parameter other = new(zeros(1));

    public void Dispose()
    {
        parameter.Dispose();
        other.Dispose();
    }

    /// <summary>A schedule and what is done to it: null is step(), a number step(epoch).</summary>
    private sealed record Case(int T0, int TMult, double EtaMin, double[] BaseLrs, double?[] Steps);

    private static readonly double?[] Plain25 = Enumerable.Repeat<double?>(null, 25).ToArray();

    private static readonly Case[] Cases =
    [
        new(10, 1, 1e-4, [0.1], Plain25),                                     // the paper's SGDR setting
        new(2, 2, 0.01, [0.5], Plain25),                                      // periods 2, 4, 8, 16
        new(3, 3, 0, [0.2, 0.02], Plain25),                                   // two parameter groups, periods 3, 9, 27
        new(10, 1, 1e-4, [0.1], [0.25, 4.5, 12.5, 29.75, 30.0, 30.5, null, null, 9.99, 10, 0]),
        new(2, 2, 0.01, [0.5], [7.5, 1.25, 0.5, 13.999, 14, 14.5, null, 30.25, 61.9, null, 2, 5.999999]),
        // The usual use: step(epoch + batch / batches) every batch.
        new(1, 2, 1e-3, [0.05], Enumerable.Range(0, 6 * 4).Select(i => (double?)(i / 4 + i % 4 / 4.0)).ToArray()),
    ];

    private static string Py(double? v) => v is { } x ? x.ToString("R", CultureInfo.InvariantCulture) : "None";

    private static readonly Lazy<JsonElement> PyTorch = new(() =>
    {
        var cases = string.Join(",\n", Cases.Select(c =>
            $"({c.T0}, {c.TMult}, {Py(c.EtaMin)}, [{string.Join(", ", c.BaseLrs.Select(v => Py(v)))}], [{string.Join(", ", c.Steps.Select(Py))}])"));
        using var exchange = new PythonExchange();
        return exchange.Run($$"""
            from torch.optim.lr_scheduler import CosineAnnealingWarmRestarts
            import warnings
            warnings.simplefilter('ignore')
            results = []
            for T_0, T_mult, eta_min, lrs, steps in [{{cases}}]:
                groups = [{'params': [torch.nn.Parameter(torch.zeros(1))], 'lr': lr} for lr in lrs]
                s = CosineAnnealingWarmRestarts(torch.optim.SGD(groups, lr=lrs[0]), T_0=T_0, T_mult=T_mult, eta_min=eta_min)
                seen = []
                def record():
                    seen.append({'lrs': s.get_last_lr(), 'T_i': s.T_i, 'T_cur': s.T_cur, 'last_epoch': s.last_epoch})
                record()
                for epoch in steps:
                    s.step() if epoch is None else s.step(epoch)
                    record()
                results.append(seen)
            print(json.dumps(results))
            """)!.Value;
    });

    [PyTorchFact]
    public void EveryStepMatchesPyTorch()
    {
        for (var c = 0; c < Cases.Length; c++)
        {
            var @case = Cases[c];
            var groups = new[] { parameter, other }.Take(@case.BaseLrs.Length)
                .Select((p, k) => new SGD.ParamGroup([p], lr: @case.BaseLrs[k])).ToList();
            using var sgd = optim.SGD(groups, @case.BaseLrs[0]);
            var scheduler = new CosineAnnealingWarmRestarts(sgd, @case.T0, @case.TMult, @case.EtaMin);
            var expected = PyTorch.Value[c].EnumerateArray().ToList();
            Assert.Equal(@case.Steps.Length + 1, expected.Count);

            for (var k = 0; k < expected.Count; k++)
            {
                if (k > 0)
                {
                    if (@case.Steps[k - 1] is { } epoch) scheduler.step(epoch);
                    else scheduler.step();
                }
                var what = $"case {c}, after {k} steps";
                var lrs = expected[k].GetProperty("lrs").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                Assert.Equal(lrs.Length, scheduler.get_last_lr().Count);
                for (var g = 0; g < lrs.Length; g++)
                {
                    Assert.True(Math.Abs(lrs[g] - scheduler.get_last_lr()[g]) <= 1e-12, $"{what}: lr {scheduler.get_last_lr()[g]}, PyTorch {lrs[g]}");
                    Assert.Equal(scheduler.get_last_lr()[g], sgd.ParamGroups.ElementAt(g).LearningRate);   // the optimizer got it
                }
                Assert.True(Math.Abs(expected[k].GetProperty("T_cur").GetDouble() - scheduler.T_cur) <= 1e-12, $"{what}: T_cur {scheduler.T_cur}");
                Assert.Equal(expected[k].GetProperty("T_i").GetInt64(), scheduler.T_i);
                Assert.Equal(expected[k].GetProperty("last_epoch").GetInt64(), scheduler.last_epoch);
            }
        }
    }

    private static double Expected(double baseLr, double etaMin, double tCur, double tI) =>
        etaMin + (baseLr - etaMin) * (1 + Math.Cos(Math.PI * tCur / tI)) / 2;

    private double Lr(SGD sgd) => sgd.ParamGroups.First().LearningRate;

    [Fact]
    public void PaperScheduleRestartsEveryTenEpochs()
    {
        using var sgd = optim.SGD([parameter], 0.1, momentum: 0.9, weight_decay: 0.005);
        var scheduler = new CosineAnnealingWarmRestarts(sgd, T_0: 10, eta_min: 0.0001);

        Assert.Equal(0.1, Lr(sgd), 15);                 // construction is PyTorch's initial step to epoch 0
        Assert.Equal([0.1], scheduler.base_lrs);
        for (var epoch = 1; epoch <= 25; epoch++)
        {
            scheduler.step();
            var expected = Expected(0.1, 0.0001, epoch % 10, 10);
            Assert.Equal(expected, Lr(sgd), 15);
            Assert.Equal(expected, Assert.Single(scheduler.get_last_lr()), 15);
            Assert.Equal(epoch, scheduler.last_epoch);
        }
        // Just before a restart the rate is near eta_min; at the restart it is back at the base rate.
        scheduler.step(9.99);
        Assert.InRange(Lr(sgd), 0.0001, 0.00011);
        scheduler.step(10);
        Assert.Equal(0.1, Lr(sgd), 15);
    }

    [Fact]
    public void PeriodsGrowByTMult()
    {
        using var sgd = optim.SGD([parameter], 0.5);
        var scheduler = new CosineAnnealingWarmRestarts(sgd, T_0: 2, T_mult: 2, eta_min: 0.01);

        // Periods 2, 4, 8: restarts at epochs 2, 6 and 14.
        var tCur = new[] { 0, 1, 0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7, 0 };
        var tI = new[] { 2, 2, 4, 4, 4, 4, 8, 8, 8, 8, 8, 8, 8, 8, 16 };
        for (var epoch = 0; epoch < tCur.Length; epoch++)
        {
            if (epoch > 0) scheduler.step();
            Assert.Equal(Expected(0.5, 0.01, tCur[epoch], tI[epoch]), Lr(sgd), 15);
            Assert.Equal(tI[epoch], scheduler.T_i);
        }

        // Jumping to epoch 7.5 lands in the third period (epochs 6–14): T_cur 1.5, T_i 8.
        scheduler.step(7.5);
        Assert.Equal(1.5, scheduler.T_cur, 12);
        Assert.Equal(8, scheduler.T_i);
        Assert.Equal(Expected(0.5, 0.01, 1.5, 8), Lr(sgd), 15);
        scheduler.step(1.25);
        Assert.Equal(Expected(0.5, 0.01, 1.25, 2), Lr(sgd), 15);
    }

    [Fact]
    public void EveryParameterGroupFollowsItsOwnBaseRate()
    {
        using var sgd = optim.SGD([new SGD.ParamGroup([parameter], lr: 0.1), new SGD.ParamGroup([other], lr: 0.01)], 0.1);
        var scheduler = new CosineAnnealingWarmRestarts(sgd, T_0: 4);

        scheduler.step();
        scheduler.step();   // half-way through the period: (1 + cos(π/2))/2 = 1/2 of each base rate

        Assert.Equal([0.05, 0.005], scheduler.get_last_lr().Select(v => Math.Round(v, 15)));
        Assert.Equal(0.05, sgd.ParamGroups.ElementAt(0).LearningRate, 15);
        Assert.Equal(0.005, sgd.ParamGroups.ElementAt(1).LearningRate, 15);
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        using var sgd = optim.SGD([parameter], 0.1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingWarmRestarts(sgd, T_0: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingWarmRestarts(sgd, T_0: 5, T_mult: 0));
        var scheduler = new CosineAnnealingWarmRestarts(sgd, T_0: 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.step(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.step(double.NaN));
        Assert.Equal(0.1, Lr(sgd), 15);                 // the refused steps changed nothing
    }
}
