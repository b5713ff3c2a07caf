using System.Diagnostics;
using System.Reflection;

namespace Pipeline.TorchExtensions.Tests;

/// <summary>Every libtorch function bound by mangled name exists in the libtorch TorchSharp 0.107.0 loads (2.10, CPU), under names that match its signature.</summary>
public class LibTorchSymbolsTests
{
    [Fact]
    public void EverySymbolBindsInTheLoadedLibtorchCpu()
    {
        var checks = LibTorchSymbols.Check();

        Assert.Equal(LibTorchSymbols.All, checks.Select(c => c.Symbol));
        Assert.All(checks, c => Assert.True(c.Bound, $"{c.Symbol.Signature} ({c.Symbol.Mangled}) is not exported by {c.Library}"));
        Assert.All(checks, c => Assert.Equal(NativeLibraries.Find("torch_cpu"), c.Library));
        Assert.All(LibTorchSymbols.All, s => Assert.NotEqual(IntPtr.Zero, LibTorchSymbols.Address(s)));
        Assert.Equal(LibTorchSymbols.All.Count, LibTorchSymbols.All.Select(LibTorchSymbols.Address).Distinct().Count());
        Assert.True(LibTorchSymbols.AllBound([.. LibTorchSymbols.All]));
    }

    [Fact]
    public void AMissingSymbolResolvesToZeroAndIsReported()
    {
        var missing = new LibTorchSymbols.Symbol("void at::no_such_function()", "_ZN2at16no_such_functionEv", "?no_such_function@at@@YAXXZ", "nothing");
        Assert.Equal(IntPtr.Zero, LibTorchSymbols.Address(missing));
        Assert.False(LibTorchSymbols.AllBound(LibTorchSymbols.ClearCache, missing));

        Assert.Empty(LibTorchSymbols.MissingWarnings());   // on this libtorch everything is there
    }

    [Fact]
    public void AllListsEverySymbolDeclared()
    {
        var declared = typeof(LibTorchSymbols).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(LibTorchSymbols.Symbol))
            .Select(f => (LibTorchSymbols.Symbol)f.GetValue(null)!);
        // c10's log level is a variable, not a function with a signature to check: bound on its own (below).
        Assert.Equal(declared.Where(s => s != LibTorchSymbols.CppLogLevel).ToHashSet(), LibTorchSymbols.All.ToHashSet());
    }

    [LinuxFact]
    public void TheCppLogLevelVariableBindsThroughLibtorch()
    {
        var address = LibTorchSymbols.Address(LibTorchSymbols.CppLogLevel);

        Assert.NotEqual(IntPtr.Zero, address);
        // c10's levels run from 0 (info) to 3 (fatal); anything else means the address is not that variable.
        Assert.InRange(System.Runtime.InteropServices.Marshal.ReadInt32(address), 0, 3);
    }

    [Fact]
    public void ItaniumAndMsvcNamesAreDistinctAndFitTheSignature()
    {
        Assert.All(LibTorchSymbols.All, s =>
        {
            Assert.False(string.IsNullOrWhiteSpace(s.Itanium), s.Signature);
            Assert.False(string.IsNullOrWhiteSpace(s.Msvc), s.Signature);
            Assert.NotEqual(s.Itanium, s.Msvc);
            Assert.StartsWith("_Z", s.Itanium);
            // MSVC spells the qualified name innermost first: ?name@class_or_namespace@…@@ then the type codes.
            var qualified = QualifiedName(s.Signature).Split("::");
            Assert.StartsWith("?" + string.Join("@", qualified.Reverse()) + "@@", s.Msvc);
            Assert.Equal(OperatingSystem.IsWindows() ? s.Msvc : s.Itanium, s.Mangled);
        });
        Assert.Equal(LibTorchSymbols.All.Count, LibTorchSymbols.All.Select(s => s.Itanium).Distinct().Count());
        Assert.Equal(LibTorchSymbols.All.Count, LibTorchSymbols.All.Select(s => s.Msvc).Distinct().Count());
    }

    [LinuxFact]
    public void ItaniumNamesDemangleToTheSignatures()
    {
        // c++filt (binutils) is an independent demangler: each name must mean exactly the declared function.
        var start = new ProcessStartInfo("c++filt") { RedirectStandardInput = true, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        foreach (var s in LibTorchSymbols.All) process.StandardInput.WriteLine(s.Itanium);
        process.StandardInput.Close();
        var demangled = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        process.WaitForExit();

        // Itanium names carry no return type: compare with the signature less its first word.
        Assert.Equal(LibTorchSymbols.All.Select(s => s.Signature[(s.Signature.IndexOf(' ') + 1)..]), demangled);
    }

    private static string QualifiedName(string signature)
    {
        var open = signature.IndexOf('(');
        return signature[(signature.LastIndexOf(' ', open) + 1)..open];
    }
}
