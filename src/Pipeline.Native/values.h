// Conversions between the tagged pt_value and libtorch's IValue, guided by the operator's declared type.
#pragma once
#include <ATen/core/ivalue.h>
#include <ATen/core/jit_type.h>
#include "bridge.h"

namespace pipeline {

// A new heap handle owning one reference to the tensor; counted so tests can watch for leaks.
pt_tensor new_handle(const at::Tensor& t);
at::Tensor& tensor_of(pt_tensor handle);

c10::IValue to_ivalue(const pt_value& v, const c10::TypePtr& declared);

// Results that own memory (handles, arrays) are released by the caller through pt_free / pt_tensor_free.
pt_value from_ivalue(const c10::IValue& iv);

}  // namespace pipeline
