using TorchSharp;

namespace Pipeline.TorchExtensions;

/// <summary>
/// Seeds every libtorch generator at once, as PyTorch's torch.manual_seed does: TorchSharp's torch.manual_seed
/// seeds only the CPU generator, so dropout masks and random tensors made on a GPU would not repeat.
/// </summary>
public static class Seeding
{
    public static void ManualSeedAll(long seed)
    {
        torch.manual_seed(seed);
        if (torch.cuda.is_available()) torch.cuda.manual_seed_all(seed);
    }
}
