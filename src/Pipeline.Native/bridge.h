// The C ABI of the native bridge. Every export returns a status (PT_OK or a failure); on failure the
// message is read with pt_last_error on the same thread. Handles are opaque; the bridge owns messages.
#pragma once
#include <stdint.h>

#if defined(_WIN32)
#define PT_EXPORT extern "C" __declspec(dllexport)
#else
#define PT_EXPORT extern "C" __attribute__((visibility("default")))
#endif

enum pt_status { PT_OK = 0, PT_ERROR = 1, PT_OUT_OF_MEMORY = 2 };

// A tagged value crossing the boundary: an operator argument or result.
enum pt_kind {
  PT_NONE = 0,
  PT_TENSOR = 1,   // p: tensor handle (null means an undefined tensor)
  PT_INT = 2,      // i
  PT_DOUBLE = 3,   // d
  PT_BOOL = 4,     // i (0 or 1)
  PT_INTS = 5,     // p: int64_t[i]
  PT_DOUBLES = 6,  // p: double[i]
  PT_TENSORS = 7,  // p: handle[i] (null entries are None in optional lists)
  PT_STRING = 8,   // p: UTF-8, zero-terminated
  PT_DEVICE = 9,   // i: c10::DeviceType, index: device index (-1 for the current one)
  PT_GENERATOR = 10,  // p: generator handle (pt_generator_new_cpu)
};

typedef struct pt_value {
  int32_t kind;
  int32_t index;
  int64_t i;
  double d;
  void* p;
} pt_value;

typedef void* pt_tensor;
typedef void* pt_op;
