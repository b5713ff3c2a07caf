using System.Diagnostics;
using Pipeline.Torch;
using F = Pipeline.Torch.nn.functional;

namespace Pipeline.Cli;

/// <summary>Prints what this process sees of libtorch and the devices, and checks each device with a tiny training step.</summary>
public static class Doctor
{
    public static bool Report(TextWriter output)
    {
        string version;
        (string libtorch, string bridge) paths;
        try
        {
            version = torch.version;
            paths = torch.library_paths();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException)
        {
            output.WriteLine($"FAIL  native bridge: {e.Message}");
            output.WriteLine("      Build with 'dotnet build' (it builds src/Pipeline.Native with CMake) and make sure libtorch's");
            output.WriteLine("      lib folder is found (LIBTORCH, a Python torch install, or Debian's libtorch-dev).");
            return false;
        }

        output.WriteLine($"libtorch     {version}  ({paths.libtorch})");
        output.WriteLine($"bridge       {paths.bridge}");
        output.WriteLine($"threads      {torch.get_num_threads()} intra-op, {Environment.ProcessorCount} logical CPUs");
        var devices = new List<Device> { Device.CPU };
        if (torch.cuda.is_available())
        {
            var (driver, runtime) = torch.cuda.versions();
            var count = torch.cuda.device_count();
            output.WriteLine($"CUDA         available, {count} device(s), driver {FormatCuda(driver)}, runtime {FormatCuda(runtime)}");
            output.WriteLine($"cuDNN        {(torch.backends.cudnn.is_available() ? torch.backends.cudnn.version().ToString() : "not available")}");
            for (var i = 0; i < count; i++) devices.Add(Device.CUDA(i));
        }
        else
        {
            output.WriteLine("CUDA         not available (a CPU-only libtorch, no GPU, or no driver)");
        }

        var ok = true;
        foreach (var device in devices)
        {
            var name = device.IsCuda && torch.cuda.bridge_has_cuda() ? Describe(torch.cuda.get_device_properties(device.Index)) : "";
            var (passed, detail) = Check(device);
            ok &= passed;
            output.WriteLine($"{(passed ? "OK  " : "FAIL")}  {device,-8} {name}{detail}");
        }
        return ok;
    }

    private static string Describe(DeviceProperties p) => $"{p.Name}, {p.TotalMemory / (1024.0 * 1024 * 1024):F1} GiB, sm_{p.Major}{p.Minor}; ";

    private static string FormatCuda(int v) => v == 0 ? "unknown" : $"{v / 1000}.{v % 1000 / 10}";

    /// <summary>A conv forward and backward on the device; on a GPU the result is compared with the CPU's.</summary>
    public static (bool passed, string detail) Check(Device device)
    {
        try
        {
            using var scope = torch.NewDisposeScope();
            var clock = Stopwatch.StartNew();
            torch.manual_seed(7);
            var x = torch.randn(new long[] { 2, 3, 8, 8 });
            var w = torch.randn(new long[] { 4, 3, 3, 3 });
            var (gradCpu, _) = ConvStep(x, w);
            var (grad, y) = ConvStep(x.to(device), w.to(device));
            var difference = (grad.cpu() - gradCpu).abs().max().ToDouble();
            if (device.IsCuda) torch.cuda.synchronize(device.Index);
            var finite = y.isfinite().all().item<bool>();
            var passed = finite && difference < 1e-3;
            return (passed, $"conv forward/backward {clock.Elapsed.TotalMilliseconds:F0} ms, max |grad - cpu grad| {difference:G3}{(finite ? "" : ", non-finite output")}");
        }
        catch (TorchException e)
        {
            return (false, $"conv forward/backward failed: {e.Message.Split('\n')[0]}");
        }
    }

    private static (Tensor grad, Tensor output) ConvStep(Tensor x, Tensor w)
    {
        var weight = w.detach().requires_grad_();
        var y = F.conv2d(x, weight, padding: 1);
        y.sum().backward();
        return (weight.grad!, y);
    }
}
