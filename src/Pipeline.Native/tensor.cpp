// Handles: making tensors from managed memory, reading their metadata, copying them back.
#include <ATen/ATen.h>
#include <cstring>
#include "status.h"
#include "values.h"

using pipeline::guarded;
using pipeline::tensor_of;

// Copies n bytes from managed memory into a new CPU tensor of the given dtype and shape.
PT_EXPORT int pt_tensor_from_data(const void* data, int64_t n_bytes, int32_t dtype, const int64_t* sizes,
                                  int32_t ndim, pt_tensor* out) {
  return guarded([&] {
    auto t = at::empty(at::IntArrayRef(sizes, ndim), at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype)));
    TORCH_CHECK(static_cast<int64_t>(t.nbytes()) == n_bytes, "buffer of ", n_bytes, " bytes for a tensor of ",
                t.nbytes(), " bytes");
    if (n_bytes > 0) std::memcpy(t.data_ptr(), data, n_bytes);
    *out = pipeline::new_handle(t);
  });
}

// Copies the tensor's elements (any device, any layout) into managed memory in row-major order.
PT_EXPORT int pt_tensor_copy_to(pt_tensor handle, void* data, int64_t n_bytes) {
  return guarded([&] {
    auto t = tensor_of(handle).detach().to(at::kCPU).contiguous();
    TORCH_CHECK(static_cast<int64_t>(t.nbytes()) == n_bytes, "buffer of ", n_bytes, " bytes for a tensor of ",
                t.nbytes(), " bytes");
    if (n_bytes > 0) std::memcpy(data, t.data_ptr(), n_bytes);
  });
}

PT_EXPORT int pt_tensor_ndim(pt_tensor handle, int32_t* out) {
  return guarded([&] { *out = static_cast<int32_t>(tensor_of(handle).dim()); });
}

PT_EXPORT int pt_tensor_sizes(pt_tensor handle, int64_t* out, int32_t capacity) {
  return guarded([&] {
    auto sizes = tensor_of(handle).sizes();
    TORCH_CHECK(static_cast<int32_t>(sizes.size()) <= capacity, "size buffer too small");
    for (size_t k = 0; k < sizes.size(); ++k) out[k] = sizes[k];
  });
}

PT_EXPORT int pt_tensor_strides(pt_tensor handle, int64_t* out, int32_t capacity) {
  return guarded([&] {
    auto strides = tensor_of(handle).strides();
    TORCH_CHECK(static_cast<int32_t>(strides.size()) <= capacity, "stride buffer too small");
    for (size_t k = 0; k < strides.size(); ++k) out[k] = strides[k];
  });
}

PT_EXPORT int pt_tensor_dtype(pt_tensor handle, int32_t* out) {
  return guarded([&] { *out = static_cast<int32_t>(tensor_of(handle).scalar_type()); });
}

PT_EXPORT int pt_tensor_device(pt_tensor handle, int32_t* type, int32_t* index) {
  return guarded([&] {
    auto device = tensor_of(handle).device();
    *type = static_cast<int32_t>(device.type());
    *index = device.has_index() ? device.index() : -1;
  });
}

PT_EXPORT int pt_tensor_element_size(pt_tensor handle, int64_t* out) {
  return guarded([&] { *out = static_cast<int64_t>(tensor_of(handle).element_size()); });
}
