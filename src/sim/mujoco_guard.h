// Keeps MuJoCo from ending the process: its errors become C++ exceptions.
//
// MuJoCo's default error handler prints and waits for Enter on stdin, then exits.
// InstallMujocoHandlers() replaces it. Calls that may raise a MuJoCo error run
// inside Guarded(): the handler longjmps back there and Guarded throws
// MujocoError, so no exception ever crosses MuJoCo's C frames.
#pragma once

#include <stdexcept>
#include <string>

namespace kinitro::sim {

// A MuJoCo error raised inside Guarded(); what() is MuJoCo's message.
class MujocoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Installs the error/warning handlers once per process. Thread: safe.
void InstallMujocoHandlers();

// MuJoCo warnings (printed to stderr) seen by this process so far, e.g. a full contact buffer.
// Tests assert it stays zero.
int MujocoWarningCount();

namespace detail {
// Runs fn(ctx); returns an empty string on success or MuJoCo's error message.
// fn must not own objects with destructors (it may be left by longjmp).
std::string RunGuarded(void (*fn)(void*), void* ctx);
}  // namespace detail

// Runs fn() and throws MujocoError if MuJoCo raises an error inside it.
// fn must be a plain call into MuJoCo: no C++ objects with destructors inside.
template <typename Fn>
void Guarded(Fn&& fn) {
  auto trampoline = [](void* ctx) { (*static_cast<Fn*>(ctx))(); };
  std::string error = detail::RunGuarded(trampoline, &fn);
  if (!error.empty()) throw MujocoError("MuJoCo error: " + error);
}

}  // namespace kinitro::sim
