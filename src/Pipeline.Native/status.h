// Turns every C++ exception into a status and a per-thread message, so nothing unwinds across the C ABI.
#pragma once
#include <string>
#include <new>
#include <c10/util/Exception.h>
#include "bridge.h"

namespace pipeline {

int fail(int status, const char* message);

template <class F>
int guarded(F&& body) {
  try {
    body();
    return PT_OK;
  } catch (const c10::OutOfMemoryError& e) {
    return fail(PT_OUT_OF_MEMORY, e.what_without_backtrace());
  } catch (const c10::Error& e) {
    return fail(PT_ERROR, e.what_without_backtrace());
  } catch (const std::bad_alloc& e) {
    return fail(PT_OUT_OF_MEMORY, "host memory exhausted (std::bad_alloc)");
  } catch (const std::exception& e) {
    return fail(PT_ERROR, e.what());
  } catch (...) {
    return fail(PT_ERROR, "unknown C++ exception in the native bridge");
  }
}

}  // namespace pipeline
