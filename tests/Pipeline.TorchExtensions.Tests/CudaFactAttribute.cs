using TorchSharp;

namespace Pipeline.TorchExtensions.Tests;

/// <summary>A fact that is skipped (not failed) where libtorch sees no CUDA device, e.g. the TorchSharp-cpu build.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (!torch.cuda.is_available()) Skip = "CUDA is not available (torch.cuda.is_available() is false)";
    }
}

/// <summary>A fact about the ELF files of the Linux build; skipped elsewhere.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "ELF and glibc facts hold only on Linux";
    }
}
