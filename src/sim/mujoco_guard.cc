#include "sim/mujoco_guard.h"

#include <mujoco/mujoco.h>

#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <atomic>
#include <mutex>

namespace kinitro::sim {
namespace {

// one guard frame per thread: where to jump back to, and the message
struct GuardFrame {
  std::jmp_buf jump;
  char message[1024];
};
thread_local GuardFrame* active_frame = nullptr;
std::atomic<int> warning_count{0};

void OnError(const char* msg) {
  if (active_frame != nullptr) {
    std::snprintf(active_frame->message, sizeof active_frame->message, "%s", msg);
    std::longjmp(active_frame->jump, 1);
  }
  // an error outside Guarded() is a bug in kinitro: fail loudly, never wait on stdin
  std::fprintf(stderr, "kinitro: fatal MuJoCo error outside a guarded call: %s\n", msg);
  std::abort();
}

void OnWarning(const char* msg) {
  ++warning_count;
  std::fprintf(stderr, "kinitro: MuJoCo warning: %s\n", msg);
}

}  // namespace

void InstallMujocoHandlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    mju_user_error = OnError;
    mju_user_warning = OnWarning;
  });
}

int MujocoWarningCount() { return warning_count.load(); }

namespace detail {
std::string RunGuarded(void (*fn)(void*), void* ctx) {
  InstallMujocoHandlers();
  GuardFrame frame;
  frame.message[0] = '\0';
  GuardFrame* outer = active_frame;
  active_frame = &frame;
  if (setjmp(frame.jump) == 0) {
    fn(ctx);
    active_frame = outer;
    return {};
  }
  active_frame = outer;
  return frame.message[0] ? std::string(frame.message) : std::string("unknown error");
}
}  // namespace detail

}  // namespace kinitro::sim
