using Pipeline.Torch.Native;

namespace Pipeline.Torch;

public static partial class torch
{
    /// <summary>CUDA queries, as torch.cuda.</summary>
    public static class cuda
    {
        public static bool is_available()
        {
            Status.Check(NativeMethods.pt_cuda_is_available(out var v));
            return v != 0;
        }

        public static int device_count()
        {
            Status.Check(NativeMethods.pt_cuda_device_count(out var v));
            return v;
        }

        public static void synchronize(int device = 0) => Status.Check(NativeMethods.pt_cuda_synchronize(device));

        /// <summary>Whether the native bridge was compiled against the CUDA runtime (device names, memory statistics).</summary>
        public static bool bridge_has_cuda()
        {
            Status.Check(NativeMethods.pt_cuda_compiled(out var v));
            return v != 0;
        }

        public static unsafe DeviceProperties get_device_properties(int device)
        {
            var buffer = new byte[256];
            fixed (byte* p = buffer)
            {
                Status.Check(NativeMethods.pt_cuda_device_info(device, p, buffer.Length, out var total, out var major, out var minor));
                return new DeviceProperties(System.Runtime.InteropServices.Marshal.PtrToStringUTF8((IntPtr)p) ?? "", total, major, minor);
            }
        }

        /// <summary>CUDA driver and runtime versions as integers (12040 is 12.4); zero without CUDA.</summary>
        public static (int driver, int runtime) versions()
        {
            Status.Check(NativeMethods.pt_cuda_versions(out var driver, out var runtime));
            return (driver, runtime);
        }

        public static long max_memory_allocated(int device = 0)
        {
            Status.Check(NativeMethods.pt_cuda_memory(device, out var peak, out _, 0));
            return peak;
        }

        public static long memory_reserved(int device = 0)
        {
            Status.Check(NativeMethods.pt_cuda_memory(device, out _, out var reserved, 0));
            return reserved;
        }

        public static void reset_peak_memory_stats(int device = 0) => Status.Check(NativeMethods.pt_cuda_memory(device, out _, out _, 1));
    }

    public static class backends
    {
        public static class cudnn
        {
            public static bool is_available()
            {
                Status.Check(NativeMethods.pt_cudnn_is_available(out var v));
                return v != 0;
            }

            public static long version()
            {
                Status.Check(NativeMethods.pt_cudnn_version(out var v));
                return v;
            }

            public static bool benchmark
            {
                get
                {
                    Status.Check(NativeMethods.pt_cudnn_benchmark(out var v));
                    return v != 0;
                }
                set => Status.Check(NativeMethods.pt_cudnn_set_benchmark(value ? 1 : 0));
            }
        }
    }
}

public sealed record DeviceProperties(string Name, long TotalMemory, int Major, int Minor);
