#include "status.h"

namespace pipeline {

static thread_local std::string last_error;

int fail(int status, const char* message) {
  last_error = message ? message : "";
  return status;
}

}  // namespace pipeline

// The message of the last failure on this thread; valid until the next failure on the same thread.
PT_EXPORT const char* pt_last_error() { return pipeline::last_error.c_str(); }
