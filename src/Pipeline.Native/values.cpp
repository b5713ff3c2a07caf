#include "values.h"
#include <ATen/core/Generator.h>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include "status.h"

namespace pipeline {

static std::atomic<int64_t> live_handles{0};

pt_tensor new_handle(const at::Tensor& t) {
  live_handles.fetch_add(1, std::memory_order_relaxed);
  return new at::Tensor(t);
}

at::Tensor& tensor_of(pt_tensor handle) {
  TORCH_CHECK(handle != nullptr, "null tensor handle");
  return *static_cast<at::Tensor*>(handle);
}

static c10::TypePtr unwrap_optional(const c10::TypePtr& t) {
  if (t->kind() == c10::TypeKind::OptionalType) return t->cast<c10::OptionalType>()->getElementType();
  return t;
}

static c10::TypePtr list_element(const c10::TypePtr& t) {
  auto plain = unwrap_optional(t);
  if (plain->kind() == c10::TypeKind::ListType) return plain->cast<c10::ListType>()->getElementType();
  return plain;
}

c10::IValue to_ivalue(const pt_value& v, const c10::TypePtr& declared) {
  const auto plain = unwrap_optional(declared);
  switch (v.kind) {
    case PT_NONE:
      return c10::IValue();
    case PT_TENSOR:
      return v.p ? c10::IValue(tensor_of(v.p)) : c10::IValue();
    case PT_INT:
      if (plain->kind() == c10::TypeKind::FloatType) return c10::IValue(static_cast<double>(v.i));
      if (plain->kind() == c10::TypeKind::BoolType) return c10::IValue(v.i != 0);
      return c10::IValue(static_cast<int64_t>(v.i));
    case PT_DOUBLE:
      return c10::IValue(v.d);
    case PT_BOOL:
      return c10::IValue(v.i != 0);
    case PT_INTS: {
      const auto* data = static_cast<const int64_t*>(v.p);
      const auto elem = list_element(declared)->kind();
      if (elem == c10::TypeKind::FloatType) {
        c10::List<double> list;
        for (int64_t k = 0; k < v.i; ++k) list.push_back(static_cast<double>(data[k]));
        return c10::IValue(list);
      }
      if (elem == c10::TypeKind::BoolType) {
        c10::List<bool> list;
        for (int64_t k = 0; k < v.i; ++k) list.push_back(data[k] != 0);
        return c10::IValue(list);
      }
      return c10::IValue(c10::List<int64_t>(std::vector<int64_t>(data, data + v.i)));
    }
    case PT_DOUBLES: {
      const auto* data = static_cast<const double*>(v.p);
      return c10::IValue(c10::List<double>(std::vector<double>(data, data + v.i)));
    }
    case PT_TENSORS: {
      auto* handles = static_cast<pt_tensor*>(v.p);
      if (list_element(declared)->kind() == c10::TypeKind::OptionalType) {
        c10::List<c10::optional<at::Tensor>> list;
        for (int64_t k = 0; k < v.i; ++k)
          list.push_back(handles[k] ? c10::optional<at::Tensor>(tensor_of(handles[k])) : c10::nullopt);
        return c10::IValue(list);
      }
      c10::List<at::Tensor> list;
      for (int64_t k = 0; k < v.i; ++k) list.push_back(tensor_of(handles[k]));
      return c10::IValue(list);
    }
    case PT_STRING:
      return c10::IValue(std::string(static_cast<const char*>(v.p)));
    case PT_GENERATOR:
      return c10::IValue(*static_cast<at::Generator*>(v.p));
    case PT_DEVICE:
      return c10::IValue(c10::Device(static_cast<c10::DeviceType>(v.i), static_cast<c10::DeviceIndex>(v.index)));
  }
  TORCH_CHECK(false, "unknown value kind ", v.kind);
}

pt_value from_ivalue(const c10::IValue& iv) {
  pt_value out{};
  if (iv.isNone()) {
    out.kind = PT_NONE;
  } else if (iv.isTensor()) {
    const auto& t = iv.toTensor();
    out.kind = t.defined() ? PT_TENSOR : PT_NONE;
    if (t.defined()) out.p = new_handle(t);
  } else if (iv.isInt()) {
    out.kind = PT_INT;
    out.i = iv.toInt();
  } else if (iv.isDouble()) {
    out.kind = PT_DOUBLE;
    out.d = iv.toDouble();
  } else if (iv.isBool()) {
    out.kind = PT_BOOL;
    out.i = iv.toBool() ? 1 : 0;
  } else if (iv.isTensorList()) {
    auto list = iv.toTensorList();
    auto* handles = static_cast<pt_tensor*>(std::malloc(sizeof(pt_tensor) * std::max<size_t>(1, list.size())));
    for (size_t k = 0; k < list.size(); ++k) handles[k] = new_handle(list.get(k));
    out.kind = PT_TENSORS;
    out.i = static_cast<int64_t>(list.size());
    out.p = handles;
  } else if (iv.isIntList()) {
    auto list = iv.toIntVector();
    auto* data = static_cast<int64_t*>(std::malloc(sizeof(int64_t) * std::max<size_t>(1, list.size())));
    std::memcpy(data, list.data(), sizeof(int64_t) * list.size());
    out.kind = PT_INTS;
    out.i = static_cast<int64_t>(list.size());
    out.p = data;
  } else {
    TORCH_CHECK(false, "the bridge cannot return a value of type ", iv.tagKind());
  }
  return out;
}

}  // namespace pipeline

PT_EXPORT int64_t pt_live_tensors() { return pipeline::live_handles.load(std::memory_order_relaxed); }

PT_EXPORT void pt_tensor_free(pt_tensor handle) {
  if (!handle) return;
  pipeline::live_handles.fetch_sub(1, std::memory_order_relaxed);
  delete static_cast<at::Tensor*>(handle);
}

PT_EXPORT void pt_free(void* memory) { std::free(memory); }
