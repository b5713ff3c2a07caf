// Autograd state that is not an ATen operator: leaf flags, gradients, the backward pass, grad mode.
#include <ATen/ATen.h>
#include <torch/csrc/autograd/autograd.h>
#include <c10/core/GradMode.h>
#include "status.h"
#include "values.h"

using pipeline::guarded;
using pipeline::tensor_of;

PT_EXPORT int pt_tensor_requires_grad(pt_tensor handle, int32_t* out) {
  return guarded([&] { *out = tensor_of(handle).requires_grad() ? 1 : 0; });
}

PT_EXPORT int pt_tensor_set_requires_grad(pt_tensor handle, int32_t value) {
  return guarded([&] { tensor_of(handle).set_requires_grad(value != 0); });
}

PT_EXPORT int pt_tensor_is_leaf(pt_tensor handle, int32_t* out) {
  return guarded([&] { *out = tensor_of(handle).is_leaf() ? 1 : 0; });
}

// The accumulated gradient, or a null handle when there is none.
PT_EXPORT int pt_tensor_grad(pt_tensor handle, pt_tensor* out) {
  return guarded([&] {
    const auto& g = tensor_of(handle).grad();
    *out = g.defined() ? pipeline::new_handle(g) : nullptr;
  });
}

// Replaces the gradient; a null handle drops it (PyTorch's zero_grad with set_to_none).
PT_EXPORT int pt_tensor_set_grad(pt_tensor handle, pt_tensor grad) {
  return guarded([&] {
    auto& slot = tensor_of(handle).mutable_grad();
    if (grad) slot = tensor_of(grad);
    else slot.reset();
  });
}

// Backpropagates from the tensor; grad may be null for a scalar output.
PT_EXPORT int pt_tensor_backward(pt_tensor handle, pt_tensor grad, int32_t retain_graph) {
  return guarded([&] {
    torch::autograd::variable_list grads;
    if (grad) grads.push_back(tensor_of(grad));
    torch::autograd::backward({tensor_of(handle)}, grads, retain_graph != 0, false);
  });
}

PT_EXPORT int pt_grad_enabled(int32_t* out) {
  return guarded([&] { *out = c10::GradMode::is_enabled() ? 1 : 0; });
}

PT_EXPORT int pt_set_grad_enabled(int32_t value) {
  return guarded([&] { c10::GradMode::set_enabled(value != 0); });
}
