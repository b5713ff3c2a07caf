using System.Diagnostics;
using Pipeline.TorchExtensions;
using static TorchSharp.torch;

namespace Pipeline.Method.Benchmarks;

/// <summary>
/// Where a step's time goes: each phase of it (augmentation, the input pipeline, forward, backward, the optimizer)
/// ends with a device synchronisation, so its time is its own kernels and the host work between them. The phases'
/// sum exceeds the free-running step by what the device overlapped with the host; a phase far above its kernels' share
/// (Nsight Systems shows those) is host time between launches.
/// </summary>
public sealed class StepPhases(DeviceId device)
{
    private readonly Dictionary<string, double> seconds = [];
    private readonly Stopwatch clock = new();
    private int steps;

    /// <summary>Starts a step's first phase.</summary>
    public void Begin()
    {
        Synchronize(device);
        steps++;
        clock.Restart();
    }

    /// <summary>Ends the phase now running under the given name.</summary>
    public void End(string phase)
    {
        Synchronize(device);
        seconds[phase] = seconds.GetValueOrDefault(phase) + clock.Elapsed.TotalSeconds;
        clock.Restart();
    }

    /// <summary>Milliseconds per step for each phase, in the order they ran.</summary>
    public IReadOnlyDictionary<string, double> MillisecondsPerStep() =>
        seconds.ToDictionary(p => p.Key, p => p.Value * 1000 / Math.Max(1, steps));

    public static void Synchronize(DeviceId device)
    {
        if (device.IsCuda) cuda.synchronize(device.ToTorch());
    }
}
