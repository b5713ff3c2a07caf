using Pipeline.Tests.Shared;

namespace Pipeline.TorchExtensions.Tests;

/// <summary>
/// libtorch's NNPACK warning is kept off the terminal: its initialisation runs at start-up with the process's standard
/// error captured, everything else libtorch writes there passes through, and no convolution writes it again.
/// </summary>
public sealed class NnpackTests
{
    [UnixFact]
    public void WhatNativeCodeWritesToStandardErrorIsCapturedAndFdTwoRestored()
    {
        var captured = NativeStandardError.Capture(() => NativeStandardError.WriteNative("[W NNPACK.cpp:56] from native code\n"));
        var after = NativeStandardError.Capture(() => { });

        Assert.Equal(OperatingSystem.IsLinux() ? "[W NNPACK.cpp:56] from native code\n" : "", captured);
        Assert.Equal("", after);
    }

    [Fact]
    public void TheNnpackWarningIsKeptAndEveryOtherLinePassesThrough()
    {
        var error = new StringWriter();

        var warning = Nnpack.Route(
            "[W1204 10:00:00.000000000 NNPACK.cpp:56] Could not initialize NNPACK! Reason: Unsupported hardware.\n[E something] a real error\n",
            error);

        Assert.Equal("[W1204 10:00:00.000000000 NNPACK.cpp:56] Could not initialize NNPACK! Reason: Unsupported hardware.", warning);
        Assert.Equal("[E something] a real error" + Environment.NewLine, error.ToString());
        Assert.Null(Nnpack.Route("", error));
    }

    [UnixFact]
    public void InitialisingSaysWhetherNnpackIsThereAndWritesNothingAboutIt()
    {
        Nnpack.Initialise();

        Assert.NotNull(Nnpack.Status);
        Assert.True(Nnpack.Status == "available" || Nnpack.Status.Contains("NNPACK"), Nnpack.Status);
    }

    /// <summary>
    /// On a CPU where NNPACK cannot start, libtorch 2.10 writes its warning again at convolutions it considers NNPACK for
    /// (`pipeline bench --precision bf16 --json` showed it, VerbTests): c10's C++ log is then kept to errors. Where NNPACK
    /// runs, the log keeps libtorch's default (warnings).
    /// </summary>
    [UnixFact]
    public void WhereNnpackCannotStartLibtorchsLogKeepsToErrors()
    {
        Nnpack.Initialise();
        var level = System.Runtime.InteropServices.Marshal.ReadInt32(LibTorchSymbols.Address(LibTorchSymbols.CppLogLevel));

        Assert.Equal(Nnpack.Status is "available" or null ? 1 : 2, level);
    }
}
