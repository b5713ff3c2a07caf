// Device names, memory and driver versions. These need the CUDA runtime, so a CPU-only libtorch build
// reports that no CUDA support was compiled in rather than failing to link.
#include <cstdio>
#include "status.h"

#ifdef PIPELINE_WITH_CUDA
#include <cuda_runtime_api.h>
#include <c10/cuda/CUDACachingAllocator.h>
#endif

using pipeline::guarded;

PT_EXPORT int pt_cuda_compiled(int32_t* out) {
#ifdef PIPELINE_WITH_CUDA
  *out = 1;
#else
  *out = 0;
#endif
  return PT_OK;
}

#ifdef PIPELINE_WITH_CUDA
static void check_cuda(cudaError_t status, const char* what) {
  TORCH_CHECK(status == cudaSuccess, what, ": ", cudaGetErrorString(status));
}
#endif

PT_EXPORT int pt_cuda_device_info(int32_t index, char* name, int32_t capacity, int64_t* total_bytes,
                                  int32_t* major, int32_t* minor) {
  return guarded([&] {
#ifdef PIPELINE_WITH_CUDA
    cudaDeviceProp prop;
    check_cuda(cudaGetDeviceProperties(&prop, index), "cudaGetDeviceProperties");
    std::snprintf(name, capacity, "%s", prop.name);
    *total_bytes = static_cast<int64_t>(prop.totalGlobalMem);
    *major = prop.major;
    *minor = prop.minor;
#else
    TORCH_CHECK(false, "the native bridge was built without CUDA");
#endif
  });
}

PT_EXPORT int pt_cuda_versions(int32_t* driver, int32_t* runtime) {
  return guarded([&] {
#ifdef PIPELINE_WITH_CUDA
    check_cuda(cudaDriverGetVersion(driver), "cudaDriverGetVersion");
    check_cuda(cudaRuntimeGetVersion(runtime), "cudaRuntimeGetVersion");
#else
    *driver = 0;
    *runtime = 0;
#endif
  });
}

// Peak bytes allocated by libtorch's caching allocator since the last reset, and bytes reserved now.
PT_EXPORT int pt_cuda_memory(int32_t index, int64_t* peak_allocated, int64_t* reserved, int32_t reset_peak) {
  return guarded([&] {
#ifdef PIPELINE_WITH_CUDA
    using namespace c10::cuda::CUDACachingAllocator;
    auto stats = getDeviceStats(index);
    const auto all = static_cast<size_t>(StatType::AGGREGATE);
    *peak_allocated = stats.allocated_bytes[all].peak;
    *reserved = stats.reserved_bytes[all].current;
    if (reset_peak) resetPeakStats(index);
#else
    TORCH_CHECK(false, "the native bridge was built without CUDA");
#endif
  });
}
