using Pipeline.Torch.Native;

namespace Pipeline.Torch;

// Multi-tensor operators, as torch._foreach_*: one call for a whole list of tensors. On CUDA each is a handful
// of fused kernels instead of one launch per tensor (ResNet-50 has 161 parameter tensors); elementwise they compute
// exactly what the per-tensor operators do.
public static partial class torch
{
    /// <summary>self[i] + alpha·other[i] for every i, as new tensors.</summary>
    public static Tensor[] _foreach_add(Tensor[] self, Tensor[] other, double alpha = 1) =>
        Aten.CallMany("aten::_foreach_add", "List", Same(self, other), other, (Scalar)alpha);

    /// <summary>self[i] += alpha·other[i] for every i.</summary>
    public static void _foreach_add_(Tensor[] self, Tensor[] other, double alpha = 1) =>
        Aten.CallInPlace("aten::_foreach_add_", "List", Same(self, other), other, (Scalar)alpha);

    /// <summary>self[i] *= scalar for every i.</summary>
    public static void _foreach_mul_(Tensor[] self, double scalar) =>
        Aten.CallInPlace("aten::_foreach_mul_", "Scalar", self, (Scalar)scalar);

    private static Tensor[] Same(Tensor[] self, Tensor[] other) => self.Length == other.Length
        ? self
        : throw new ArgumentException($"tensor lists of different lengths: {self.Length} and {other.Length}", nameof(other));
}
