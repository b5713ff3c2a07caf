using System.Diagnostics;
using System.Reflection;
using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Pipeline.Cli;

/// <summary>
/// Prints what this process sees of TorchSharp, libtorch and the devices: versions, where each native library was
/// loaded from, each libtorch symbol the extensions bind, and a tiny training step checked on every device.
/// </summary>
public static class Doctor
{
    public static bool Report(TextWriter output)
    {
        try
        {
            NativeLibraries.EnsureLoaded();
        }
        catch (Exception e) when (e is DllNotFoundException or NotSupportedException or TypeInitializationException or EntryPointNotFoundException)
        {
            var message = (e is TypeInitializationException { InnerException: { } inner } ? inner : e).Message;
            output.WriteLine($"FAIL  TorchSharp could not load libtorch: {message.Split('\n')[0]}");
            output.WriteLine($"      build: {BuildInfo.TorchSharpPackage}. On Linux the build patches libLibTorchSharp.so for an older libstdc++;");
            output.WriteLine("      with -p:ExternalLibTorch=true put your libtorch's lib folder on LD_LIBRARY_PATH (PATH on Windows).");
            return false;
        }

        output.WriteLine($"pipeline     {BuildInfo.Version}{(BuildInfo.Commit is { } commit ? $", commit {commit}" : "")}");
        output.WriteLine($"TorchSharp   {NativeLibraries.TorchSharpVersion}, from package {BuildInfo.TorchSharpPackage}");
        output.WriteLine($"libtorch     {NativeLibraries.LibTorchVersion}");
        foreach (var path in NativeLibraries.Loaded()) output.WriteLine($"  loaded     {path}");
        output.WriteLine($"threads      {get_num_threads()} intra-op, {Environment.ProcessorCount} logical CPUs");
        if (Nnpack.Status is { } nnpack) output.WriteLine($"NNPACK       {nnpack}{(nnpack == "available" ? "" : " (libtorch uses its other CPU convolutions)")}");
        foreach (var check in LibTorchSymbols.Check())
            output.WriteLine($"{(check.Bound ? "OK  " : "WARN")}  symbol {check.Symbol.Signature}{(check.Bound ? "" : $": not exported ({check.Symbol.Mangled}); {check.Symbol.Feature}")}");

        var devices = new List<DeviceId> { DeviceId.CPU };
        if (cuda.is_available())
        {
            var count = cuda.device_count();
            output.WriteLine($"CUDA         available, {count} device(s), driver {CudaDevices.FormatVersion(CudaDevices.DriverVersion)}, " +
                             $"runtime {CudaDevices.FormatVersion(CudaDevices.RuntimeVersion)}, cuDNN {CudaDevices.FormatCudnnVersion(CudaDevices.CudnnVersion)}");
            devices.AddRange(Enumerable.Range(0, count).Select(DeviceId.CUDA));
        }
        else
        {
            output.WriteLine($"CUDA         not available ({(CudaDevices.DriverVersion is null ? "no NVIDIA driver" : "a CPU-only libtorch")})");
        }

        var ok = true;
        foreach (var device in devices)
        {
            var name = device.IsCuda && CudaDevices.Describe(device.CudaIndex) is { } facts ? $"{facts}; " : "";
            var (passed, detail) = Check(device);
            ok &= passed;
            output.WriteLine($"{(passed ? "OK  " : "FAIL")}  {device,-8} {name}{detail}");
        }
        return ok;
    }

    /// <summary>A conv forward and backward on the device; on a GPU the gradient is compared with the CPU's.</summary>
    public static (bool passed, string detail) Check(DeviceId device)
    {
        try
        {
            using var scope = NewDisposeScope();
            var clock = Stopwatch.StartNew();
            var generator = new Generator(7);
            var x = randn([2, 3, 8, 8], generator: generator);
            var w = randn([4, 3, 3, 3], generator: generator);
            var (gradCpu, _) = ConvStep(x, w);
            var (grad, y) = ConvStep(x.to(device.ToTorch()), w.to(device.ToTorch()));
            var difference = (grad.cpu() - gradCpu).abs().max().ToDouble();
            if (device.IsCuda) cuda.synchronize(device.ToTorch());
            var finite = y.isfinite().all().item<bool>();
            var passed = finite && difference < 1e-3;
            return (passed, $"conv forward/backward {clock.Elapsed.TotalMilliseconds:F0} ms, max |grad - cpu grad| {difference:G3}{(finite ? "" : ", non-finite output")}");
        }
        catch (System.Runtime.InteropServices.ExternalException e)
        {
            return (false, $"conv forward/backward failed: {e.Message.Split('\n')[0]}");
        }
    }

    private static (Tensor grad, Tensor output) ConvStep(Tensor x, Tensor w)
    {
        var weight = w.detach().requires_grad_();
        var y = conv2d(x, weight, padding: [1, 1]);
        y.sum().backward();
        return (weight.grad!, y);
    }
}
