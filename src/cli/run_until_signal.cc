#include "cli/run_until_signal.h"

#include <csignal>
#include <thread>

namespace kinitro::cli {

int RunUntilSignal(const std::function<void()>& serve, const std::function<void()>& stop) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before the thread starts, so it inherits the mask
  std::thread t(serve);
  int sig = 0;
  sigwait(&signals, &sig);
  stop();
  t.join();
  return sig;
}

}  // namespace kinitro::cli
