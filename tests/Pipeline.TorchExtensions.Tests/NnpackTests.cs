using Pipeline.Tests.Shared;

namespace Pipeline.TorchExtensions.Tests;

/// <summary>
/// libtorch's once-per-process NNPACK warning is kept off the terminal: its initialisation runs at start-up with the
/// process's standard error captured, and everything else libtorch writes there passes through.
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
}
