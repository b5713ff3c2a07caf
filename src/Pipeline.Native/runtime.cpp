// Process-wide state: versions, seeding, threads, autocast, CUDA availability and cuDNN settings.
#include <ATen/ATen.h>
#include <ATen/autocast_mode.h>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/cuda.h>
#include <torch/utils.h>
#include <torch/version.h>
#include <cstdio>
#include "status.h"

#if !defined(_WIN32)
#include <dlfcn.h>
#endif

using pipeline::guarded;

static int copy_text(const std::string& s, char* buffer, int32_t capacity) {
  std::snprintf(buffer, capacity, "%s", s.c_str());
  return static_cast<int>(s.size());
}

PT_EXPORT int pt_version(char* buffer, int32_t capacity) {
  return guarded([&] { copy_text(TORCH_VERSION, buffer, capacity); });
}

// libtorch's build configuration (compiler, BLAS, CUDA, cuDNN); returns the full length through *length.
PT_EXPORT int pt_build_config(char* buffer, int32_t capacity, int32_t* length) {
  return guarded([&] { *length = copy_text(at::show_config(), buffer, capacity); });
}

// The file libtorch was loaded from (and, by the same means, this bridge), for diagnostics.
PT_EXPORT int pt_library_paths(char* torch_path, char* bridge_path, int32_t capacity) {
  return guarded([&] {
#if !defined(_WIN32)
    Dl_info info;
    if (dladdr(reinterpret_cast<void*>(&at::show_config), &info) && info.dli_fname) copy_text(info.dli_fname, torch_path, capacity);
    if (dladdr(reinterpret_cast<void*>(&pt_library_paths), &info) && info.dli_fname) copy_text(info.dli_fname, bridge_path, capacity);
#else
    copy_text("(unknown on Windows)", torch_path, capacity);
    copy_text("(unknown on Windows)", bridge_path, capacity);
#endif
  });
}

// Seeds the CPU generator and every CUDA generator, as torch.manual_seed does.
PT_EXPORT int pt_manual_seed(uint64_t seed) {
  return guarded([&] { torch::manual_seed(seed); });
}

// A private CPU generator seeded like manual_seed seeds the default one: the same stream, without touching
// the process-wide generator (key derivation must not disturb training's random stream).
PT_EXPORT int pt_generator_new_cpu(uint64_t seed, void** out) {
  return guarded([&] { *out = new at::Generator(at::make_generator<at::CPUGeneratorImpl>(seed)); });
}

PT_EXPORT void pt_generator_free(void* generator) { delete static_cast<at::Generator*>(generator); }

PT_EXPORT int pt_set_num_threads(int32_t n) {
  return guarded([&] { at::set_num_threads(n); });
}

PT_EXPORT int pt_get_num_threads(int32_t* out) {
  return guarded([&] { *out = at::get_num_threads(); });
}

PT_EXPORT int pt_cuda_is_available(int32_t* out) {
  return guarded([&] { *out = torch::cuda::is_available() ? 1 : 0; });
}

PT_EXPORT int pt_cuda_device_count(int32_t* out) {
  return guarded([&] { *out = static_cast<int32_t>(torch::cuda::device_count()); });
}

PT_EXPORT int pt_cuda_synchronize(int32_t index) {
  return guarded([&] { torch::cuda::synchronize(index); });
}

PT_EXPORT int pt_cudnn_is_available(int32_t* out) {
  return guarded([&] { *out = torch::cuda::cudnn_is_available() ? 1 : 0; });
}

PT_EXPORT int pt_cudnn_version(int64_t* out) {
  return guarded([&] {
    *out = at::detail::getCUDAHooks().hasCuDNN() ? at::detail::getCUDAHooks().versionCuDNN() : 0;
  });
}

PT_EXPORT int pt_cudnn_set_benchmark(int32_t value) {
  return guarded([&] { at::globalContext().setBenchmarkCuDNN(value != 0); });
}

PT_EXPORT int pt_cudnn_benchmark(int32_t* out) {
  return guarded([&] { *out = at::globalContext().benchmarkCuDNN() ? 1 : 0; });
}

// Turns autocast on or off for one device type (CPU or CUDA) with the given lower-precision dtype.
// Leaving autocast clears its cast cache, as torch.autocast's exit does.
PT_EXPORT int pt_autocast_set(int32_t device_type, int32_t enabled, int32_t dtype) {
  return guarded([&] {
    const auto type = static_cast<c10::DeviceType>(device_type);
    const auto scalar = static_cast<at::ScalarType>(dtype);
    TORCH_CHECK(type == c10::DeviceType::CPU || type == c10::DeviceType::CUDA,
                "autocast is supported on cpu and cuda, not ", type);
    // The dtype first: libtorch may refuse it (1.13's CPU autocast takes only bfloat16), and then nothing has changed.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
    at::autocast::set_autocast_dtype(type, scalar);
    at::autocast::set_autocast_enabled(type, enabled != 0);
#else
    if (type == c10::DeviceType::CUDA) {
      at::autocast::set_autocast_gpu_dtype(scalar);
      at::autocast::set_enabled(enabled != 0);
    } else {
      at::autocast::set_autocast_cpu_dtype(scalar);
      at::autocast::set_cpu_enabled(enabled != 0);
    }
#endif
    if (!enabled) at::autocast::clear_cache();
  });
}

PT_EXPORT int pt_autocast_enabled(int32_t device_type, int32_t* out) {
  return guarded([&] {
    const auto type = static_cast<c10::DeviceType>(device_type);
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
    *out = at::autocast::is_autocast_enabled(type) ? 1 : 0;
#else
    *out = (type == c10::DeviceType::CUDA ? at::autocast::is_enabled() : at::autocast::is_cpu_enabled()) ? 1 : 0;
#endif
  });
}

// The lower-precision dtype autocast uses on the device type, so a scope can restore its predecessor's.
PT_EXPORT int pt_autocast_dtype(int32_t device_type, int32_t* out) {
  return guarded([&] {
    const auto type = static_cast<c10::DeviceType>(device_type);
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
    *out = static_cast<int32_t>(at::autocast::get_autocast_dtype(type));
#else
    *out = static_cast<int32_t>(type == c10::DeviceType::CUDA ? at::autocast::get_autocast_gpu_dtype()
                                                               : at::autocast::get_autocast_cpu_dtype());
#endif
  });
}
