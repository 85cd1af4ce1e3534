// Shared by every bridge area: RDKit includes and the exception policy.
#pragma once

#include <GraphMol/ROMol.h>
#include <GraphMol/RWMol.h>
#include <RDGeneral/Invariant.h>
#include <memory>
#include <stdexcept>
#include <string>

#include "rust/cxx.h"

// cxx calls this around every bridge function declared `-> Result<T>`.
// RDKit's invariant violations only say "Range Error" in what(); their
// user string carries the file, line and message, so prefer it.
namespace rust {
namespace behavior {
template <typename Try, typename Fail>
static void trycatch(Try &&func, Fail &&fail) noexcept try {
  func();
} catch (const Invar::Invariant &e) {
  const std::string message = e.toUserString();
  fail(message.c_str());
} catch (const std::exception &e) {
  fail(e.what());
} catch (...) {
  fail("unknown C++ exception from RDKit");
}
}  // namespace behavior
}  // namespace rust

namespace genui {
// Throws a std::runtime_error when RDKit handed back no object.
template <typename T>
std::unique_ptr<T> non_null(T *ptr, const char *what) {
  if (ptr == nullptr) {
    throw std::runtime_error(what);
  }
  return std::unique_ptr<T>(ptr);
}
}  // namespace genui
