// One generic export calls any ATen operator by its schema name through the dispatcher, so autograd,
// autocast and every backend apply exactly as in PyTorch, and the bridge stays a few hundred lines.
#include <ATen/core/dispatch/Dispatcher.h>
#include <ATen/core/stack.h>
#include "status.h"
#include "values.h"

using pipeline::guarded;

PT_EXPORT int pt_op_find(const char* name, const char* overload, pt_op* out) {
  return guarded([&] {
    auto handle = c10::Dispatcher::singleton().findSchemaOrThrow(name, overload ? overload : "");
    *out = new c10::OperatorHandle(handle);
  });
}

// Arguments are positional in schema order (keyword-only ones included); missing trailing arguments take
// the schema's defaults. Results are written to outs (at most max_outs), their count to n_outs.
PT_EXPORT int pt_op_call(pt_op op, const pt_value* args, int32_t n_args, pt_value* outs, int32_t max_outs,
                         int32_t* n_outs) {
  return guarded([&] {
    const auto& handle = *static_cast<c10::OperatorHandle*>(op);
    const auto& schema = handle.schema();
    const auto& declared = schema.arguments();
    TORCH_CHECK(static_cast<size_t>(n_args) <= declared.size(), schema.name(), ": ", n_args,
                " arguments given, the schema takes ", declared.size(), " (", schema, ")");
    torch::jit::Stack stack;
    stack.reserve(declared.size());
    for (size_t k = 0; k < declared.size(); ++k) {
      if (k < static_cast<size_t>(n_args)) {
        stack.push_back(pipeline::to_ivalue(args[k], declared[k].type()));
      } else {
        TORCH_CHECK(declared[k].default_value().has_value(), schema.name(), ": argument '",
                    declared[k].name(), "' has no default and was not given (", schema, ")");
        stack.push_back(*declared[k].default_value());
      }
    }
    handle.callBoxed(&stack);
    TORCH_CHECK(stack.size() <= static_cast<size_t>(max_outs), schema.name(), " returned ", stack.size(),
                " values, room for ", max_outs);
    for (size_t k = 0; k < stack.size(); ++k) outs[k] = pipeline::from_ivalue(stack[k]);
    *n_outs = static_cast<int32_t>(stack.size());
  });
}

PT_EXPORT int pt_op_schema(pt_op op, char* buffer, int32_t capacity) {
  return guarded([&] {
    std::ostringstream text;
    text << static_cast<c10::OperatorHandle*>(op)->schema();
    auto s = text.str();
    std::snprintf(buffer, capacity, "%s", s.c_str());
  });
}
