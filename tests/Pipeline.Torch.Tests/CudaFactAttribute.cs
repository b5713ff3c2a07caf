namespace Pipeline.Torch.Tests;

/// <summary>A fact that is skipped (not failed) where libtorch sees no CUDA device, e.g. Debian's CPU build.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (!torch.cuda.is_available()) Skip = "CUDA is not available (torch.cuda.is_available() is false)";
    }
}
