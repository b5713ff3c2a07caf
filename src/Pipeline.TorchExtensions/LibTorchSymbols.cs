using System.Runtime.InteropServices;

namespace Pipeline.TorchExtensions;

/// <summary>
/// Every libtorch function the pipeline calls by its mangled C++ name, for what TorchSharp 0.107.0 does not expose
/// (autocast, cuDNN benchmark mode, NNPACK's start-up). Each is listed with its Itanium name (Linux; macOS's dlsym adds the leading
/// underscore itself) and its MSVC name (Windows, read from torch_cpu.dll's export table). They are looked up in
/// the libtorch_cpu this process loaded, once; a missing one resolves to zero, and its feature falls back (full
/// precision, default cuDNN algorithms) after <see cref="Check"/> has reported it at start-up.
/// </summary>
public static class LibTorchSymbols
{
    /// <param name="Feature">What falls back when the symbol is missing.</param>
    public sealed record Symbol(string Signature, string Itanium, string Msvc, string Feature)
    {
        public string Mangled => OperatingSystem.IsWindows() ? Msvc : Itanium;
    }

    private const string Autocasting = "bf16 autocast (training and evaluation run in fp32)";
    private const string CudnnBenchmarking = "cuDNN benchmark mode (cuDNN picks its default algorithms)";

    public static readonly Symbol SetAutocastEnabled = new("void at::autocast::set_autocast_enabled(c10::DeviceType, bool)",
        "_ZN2at8autocast20set_autocast_enabledEN3c1010DeviceTypeEb", "?set_autocast_enabled@autocast@at@@YAXW4DeviceType@c10@@_N@Z", Autocasting);
    public static readonly Symbol IsAutocastEnabled = new("bool at::autocast::is_autocast_enabled(c10::DeviceType)",
        "_ZN2at8autocast19is_autocast_enabledEN3c1010DeviceTypeE", "?is_autocast_enabled@autocast@at@@YA_NW4DeviceType@c10@@@Z", Autocasting);
    public static readonly Symbol SetAutocastDtype = new("void at::autocast::set_autocast_dtype(c10::DeviceType, c10::ScalarType)",
        "_ZN2at8autocast18set_autocast_dtypeEN3c1010DeviceTypeENS1_10ScalarTypeE", "?set_autocast_dtype@autocast@at@@YAXW4DeviceType@c10@@W4ScalarType@4@@Z", Autocasting);
    public static readonly Symbol GetAutocastDtype = new("c10::ScalarType at::autocast::get_autocast_dtype(c10::DeviceType)",
        "_ZN2at8autocast18get_autocast_dtypeEN3c1010DeviceTypeE", "?get_autocast_dtype@autocast@at@@YA?AW4ScalarType@c10@@W4DeviceType@4@@Z", Autocasting);
    public static readonly Symbol IncrementNesting = new("int at::autocast::increment_nesting()",
        "_ZN2at8autocast17increment_nestingEv", "?increment_nesting@autocast@at@@YAHXZ", Autocasting);
    public static readonly Symbol DecrementNesting = new("int at::autocast::decrement_nesting()",
        "_ZN2at8autocast17decrement_nestingEv", "?decrement_nesting@autocast@at@@YAHXZ", Autocasting);
    public static readonly Symbol ClearCache = new("void at::autocast::clear_cache()",
        "_ZN2at8autocast11clear_cacheEv", "?clear_cache@autocast@at@@YAXXZ", Autocasting);
    public static readonly Symbol GlobalContext = new("at::Context& at::globalContext()",
        "_ZN2at13globalContextEv", "?globalContext@at@@YAAEAVContext@1@XZ", CudnnBenchmarking);
    public static readonly Symbol SetBenchmarkCuDNN = new("void at::Context::setBenchmarkCuDNN(bool)",
        "_ZN2at7Context17setBenchmarkCuDNNEb", "?setBenchmarkCuDNN@Context@at@@QEAAX_N@Z", CudnnBenchmarking);
    public static readonly Symbol BenchmarkCuDNN = new("bool at::Context::benchmarkCuDNN() const",
        "_ZNK2at7Context14benchmarkCuDNNEv", "?benchmarkCuDNN@Context@at@@QEBA_NXZ", CudnnBenchmarking);

    public static readonly Symbol NnpackAvailable = new("bool at::native::_nnpack_available()",
        "_ZN2at6native17_nnpack_availableEv", "?_nnpack_available@native@at@@YA_NXZ",
        "NNPACK is initialised on first use, so on a CPU without AVX2 libtorch's warning about it reaches the terminal");

    /// <summary>
    /// c10's minimum C++ log level, a variable (libc10, a dependency of libtorch_cpu, so found through it on Linux). Not in
    /// <see cref="All"/>: only <see cref="Nnpack"/> uses it, on Linux, where NNPACK cannot start.
    /// </summary>
    public static readonly Symbol CppLogLevel = new("int FLAGS_caffe2_log_level", "FLAGS_caffe2_log_level", "?FLAGS_caffe2_log_level@@3HA",
        "libtorch's NNPACK warning is written at every convolution on a CPU where NNPACK cannot start");

    public static IReadOnlyList<Symbol> All { get; } =
        [SetAutocastEnabled, IsAutocastEnabled, SetAutocastDtype, GetAutocastDtype, IncrementNesting, DecrementNesting, ClearCache,
         GlobalContext, SetBenchmarkCuDNN, BenchmarkCuDNN, NnpackAvailable];

    private static readonly Lazy<(IntPtr handle, string? path)> Library = new(Open);
    private static readonly Dictionary<Symbol, IntPtr> Addresses = new();

    /// <summary>The function's address in the loaded libtorch_cpu, or zero where it is not exported.</summary>
    public static IntPtr Address(Symbol symbol)
    {
        lock (Addresses)
        {
            if (Addresses.TryGetValue(symbol, out var known)) return known;
            var (handle, _) = Library.Value;
            var address = handle != IntPtr.Zero && NativeLibrary.TryGetExport(handle, symbol.Mangled, out var found) ? found : IntPtr.Zero;
            Addresses[symbol] = address;
            return address;
        }
    }

    public static bool AllBound(params Symbol[] symbols) => symbols.All(s => Address(s) != IntPtr.Zero);

    public sealed record SymbolCheck(Symbol Symbol, bool Bound, string? Library);

    /// <summary>Looks up every symbol: what doctor prints and what a job logs a warning for when one is missing.</summary>
    public static IReadOnlyList<SymbolCheck> Check() => All.Select(s => new SymbolCheck(s, Address(s) != IntPtr.Zero, Library.Value.path)).ToList();

    /// <summary>One line per missing symbol, naming the library looked in and what falls back: a job logs them at start.</summary>
    public static IReadOnlyList<string> MissingWarnings() => Check().Where(c => !c.Bound)
        .Select(c => $"libtorch ({c.Library ?? "libtorch_cpu not found"}) does not export {c.Symbol.Signature} as {c.Symbol.Mangled}: {c.Symbol.Feature}")
        .ToList();

    private static (IntPtr, string?) Open()
    {
        var path = NativeLibraries.Find("torch_cpu");
        return path is not null && NativeLibrary.TryLoad(path, out var handle) ? (handle, path) : (IntPtr.Zero, path);
    }
}
