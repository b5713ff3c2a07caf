using System.Runtime.InteropServices;

namespace Pipeline.Torch.Native;

/// <summary>The exports of libpipeline_native (src/Pipeline.Native/bridge.h). Each returns a status.</summary>
internal static unsafe partial class NativeMethods
{
    private const string Lib = "pipeline_native";

    [LibraryImport(Lib)] internal static partial IntPtr pt_last_error();
    [LibraryImport(Lib)] internal static partial long pt_live_tensors();
    [LibraryImport(Lib)] internal static partial void pt_tensor_free(IntPtr tensor);
    [LibraryImport(Lib)] internal static partial void pt_free(IntPtr memory);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int pt_op_find(string name, string overload, out IntPtr op);
    [LibraryImport(Lib)] internal static partial int pt_op_call(IntPtr op, NativeValue* args, int nArgs, NativeValue* outs, int maxOuts, out int nOuts);
    [LibraryImport(Lib)] internal static partial int pt_op_schema(IntPtr op, byte* buffer, int capacity);

    [LibraryImport(Lib)] internal static partial int pt_tensor_from_data(void* data, long nBytes, int dtype, long* sizes, int ndim, out IntPtr tensor);
    [LibraryImport(Lib)] internal static partial int pt_tensor_copy_to(IntPtr tensor, void* data, long nBytes);
    [LibraryImport(Lib)] internal static partial int pt_tensor_ndim(IntPtr tensor, out int ndim);
    [LibraryImport(Lib)] internal static partial int pt_tensor_sizes(IntPtr tensor, long* sizes, int capacity);
    [LibraryImport(Lib)] internal static partial int pt_tensor_strides(IntPtr tensor, long* strides, int capacity);
    [LibraryImport(Lib)] internal static partial int pt_tensor_dtype(IntPtr tensor, out int dtype);
    [LibraryImport(Lib)] internal static partial int pt_tensor_device(IntPtr tensor, out int type, out int index);
    [LibraryImport(Lib)] internal static partial int pt_tensor_element_size(IntPtr tensor, out long size);

    [LibraryImport(Lib)] internal static partial int pt_tensor_requires_grad(IntPtr tensor, out int value);
    [LibraryImport(Lib)] internal static partial int pt_tensor_set_requires_grad(IntPtr tensor, int value);
    [LibraryImport(Lib)] internal static partial int pt_tensor_is_leaf(IntPtr tensor, out int value);
    [LibraryImport(Lib)] internal static partial int pt_tensor_grad(IntPtr tensor, out IntPtr grad);
    [LibraryImport(Lib)] internal static partial int pt_tensor_set_grad(IntPtr tensor, IntPtr grad);
    [LibraryImport(Lib)] internal static partial int pt_tensor_backward(IntPtr tensor, IntPtr grad, int retainGraph);
    [LibraryImport(Lib)] internal static partial int pt_grad_enabled(out int value);
    [LibraryImport(Lib)] internal static partial int pt_set_grad_enabled(int value);

    [LibraryImport(Lib)] internal static partial int pt_version(byte* buffer, int capacity);
    [LibraryImport(Lib)] internal static partial int pt_library_paths(byte* torchPath, byte* bridgePath, int capacity);
    [LibraryImport(Lib)] internal static partial int pt_build_config(byte* buffer, int capacity, out int length);
    [LibraryImport(Lib)] internal static partial int pt_manual_seed(ulong seed);
    [LibraryImport(Lib)] internal static partial int pt_generator_new_cpu(ulong seed, out IntPtr generator);
    [LibraryImport(Lib)] internal static partial void pt_generator_free(IntPtr generator);
    [LibraryImport(Lib)] internal static partial int pt_set_num_threads(int n);
    [LibraryImport(Lib)] internal static partial int pt_get_num_threads(out int n);
    [LibraryImport(Lib)] internal static partial int pt_autocast_set(int deviceType, int enabled, int dtype);
    [LibraryImport(Lib)] internal static partial int pt_autocast_enabled(int deviceType, out int enabled);
    [LibraryImport(Lib)] internal static partial int pt_autocast_dtype(int deviceType, out int dtype);

    [LibraryImport(Lib)] internal static partial int pt_cuda_is_available(out int value);
    [LibraryImport(Lib)] internal static partial int pt_cuda_device_count(out int value);
    [LibraryImport(Lib)] internal static partial int pt_cuda_synchronize(int index);
    [LibraryImport(Lib)] internal static partial int pt_cuda_compiled(out int value);
    [LibraryImport(Lib)] internal static partial int pt_cuda_device_info(int index, byte* name, int capacity, out long totalBytes, out int major, out int minor);
    [LibraryImport(Lib)] internal static partial int pt_cuda_versions(out int driver, out int runtime);
    [LibraryImport(Lib)] internal static partial int pt_cuda_memory(int index, out long peakAllocated, out long reserved, int resetPeak);
    [LibraryImport(Lib)] internal static partial int pt_cudnn_is_available(out int value);
    [LibraryImport(Lib)] internal static partial int pt_cudnn_version(out long value);
    [LibraryImport(Lib)] internal static partial int pt_cudnn_set_benchmark(int value);
    [LibraryImport(Lib)] internal static partial int pt_cudnn_benchmark(out int value);
}
