// Long-running commands (serve, api, scheduler, executor) stop cleanly on SIGINT/SIGTERM.
#pragma once

#include <functional>

namespace kinitro::cli {

// Blocks SIGINT and SIGTERM, runs `serve` on a thread, calls `stop` from this thread when one
// arrives (the servers' stop functions are not async-signal-safe), joins, and returns the signal.
int RunUntilSignal(const std::function<void()>& serve, const std::function<void()>& stop);

}  // namespace kinitro::cli
