using static TorchSharp.torch;

namespace Pipeline.Method.Transforms;

/// <summary>
/// Cuts N×3×H×W images into non-overlapping M×M blocks, each flattened to a vector of L = M·M·3 values with
/// position p = (row·M + col)·3 + channel, and puts them back. The layout is the authors':
/// NCHW → NHWC → (N, H/M, M, W/M, M, 3) → permute(0,1,3,2,4,5) → (N, H/M, W/M, L).
/// </summary>
public static class BlockSegmentation
{
    /// <summary>L = M·M·3, the length of one block vector.</summary>
    public static int BlockLength(int blockSize) => checked(blockSize * blockSize * 3);

    /// <summary>Throws unless the images are N×3×H×W and M is a positive divisor of both H and W.</summary>
    public static void Validate(Tensor images, int blockSize)
    {
        var shape = images.shape;
        if (shape.Length != 4 || shape[1] != 3)
            throw new ArgumentException($"expected images of shape N×3×H×W, got [{string.Join(", ", shape)}]", nameof(images));
        Validate(blockSize, shape[2], shape[3]);
    }

    public static void Validate(int blockSize, long height, long width)
    {
        if (blockSize <= 0 || height % blockSize != 0 || width % blockSize != 0)
            throw new ArgumentException(
                $"block size {blockSize} must be a positive divisor of the image height {height} and width {width}");
    }

    /// <summary>N×3×H×W → N×(H/M)×(W/M)×L.</summary>
    public static Tensor Segment(Tensor images, int blockSize)
    {
        Validate(images, blockSize);
        var (n, h, w, m) = (images.size(0), images.size(2), images.size(3), (long)blockSize);
        using var scope = NewDisposeScope();
        return images.permute(0, 2, 3, 1)
                     .reshape(n, h / m, m, w / m, m, 3)
                     .permute(0, 1, 3, 2, 4, 5)
                     .reshape(n, h / m, w / m, m * m * 3)
                     .MoveToOuterDisposeScope();
    }

    /// <summary>N×(H/M)×(W/M)×L → N×3×H×W (contiguous), the inverse of <see cref="Segment"/>.</summary>
    public static Tensor Integrate(Tensor blocks, int blockSize)
    {
        var shape = blocks.shape;
        if (shape.Length != 4 || blockSize <= 0 || shape[3] != (long)blockSize * blockSize * 3)
            throw new ArgumentException(
                $"expected block vectors of shape N×(H/M)×(W/M)×{(long)blockSize * blockSize * 3} for block size {blockSize}, got [{string.Join(", ", shape)}]",
                nameof(blocks));
        var (n, bh, bw, m) = (shape[0], shape[1], shape[2], (long)blockSize);
        using var scope = NewDisposeScope();
        return blocks.reshape(n, bh, bw, m, m, 3)
                     .permute(0, 1, 3, 2, 4, 5)
                     .reshape(n, bh * m, bw * m, 3)
                     .permute(0, 3, 1, 2)
                     .contiguous()
                     .MoveToOuterDisposeScope();
    }
}
