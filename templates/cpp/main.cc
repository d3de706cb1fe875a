// miner-policy: serves MyPolicy (policy.cc) over Kinitro's policy-server protocol
// (GET /health, POST /reset, POST /act).
//   miner-policy [--host 127.0.0.1] [--port 8000] [--model model.pt]
// Use --host 0.0.0.0 in a container so the port is reachable from outside it.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <string>
#include <thread>

#include "policy.h"
#include "policy/server.h"

namespace {

struct Flags {
  std::string host = "127.0.0.1";
  int port = 8000;                  // 0: any free port (printed on start-up)
  std::string model = "model.pt";   // TorchScript model; used only when built with MINER_WITH_TORCH
};

constexpr const char* kUsage =
    "usage: miner-policy [--host ADDR] [--port N] [--model FILE]\n"
    "  --host ADDR   address to listen on (default 127.0.0.1; 0.0.0.0 for all, e.g. in a container)\n"
    "  --port N      port, 0-65535 (default 8000; 0 picks a free one)\n"
    "  --model FILE  TorchScript model (default model.pt; only with -DMINER_WITH_TORCH=ON)\n";

// Exits with status 2 and the usage text on a bad command line.
[[noreturn]] void UsageError(const std::string& message) {
  std::fprintf(stderr, "miner-policy: %s\n%s", message.c_str(), kUsage);
  std::exit(2);
}

// Accepts "--flag value" and "--flag=value".
Flags ParseFlags(int argc, char** argv) {
  Flags f;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i], value;
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    }
    if (size_t eq = arg.find('='); eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg.resize(eq);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      UsageError(arg + " needs a value");
    }
    if (arg == "--host") {
      f.host = value;
    } else if (arg == "--model") {
      f.model = value;
    } else if (arg == "--port") {
      char* end = nullptr;
      long port = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || port < 0 || port > 65535) UsageError("bad --port '" + value + "' (0-65535)");
      f.port = static_cast<int>(port);
    } else {
      UsageError("unknown flag '" + arg + "'");
    }
  }
  return f;
}

kinitro::policy::PolicyFactory MakeFactory(const Flags& f) {
#ifdef MINER_WITH_TORCH
  return miner::MakeTorchPolicyFactory(f.model);
#else
  (void)f;
  return [] { return std::make_unique<miner::MyPolicy>(); };
#endif
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags = ParseFlags(argc, argv);

  // SIGINT/SIGTERM are taken by sigwait below, on a normal thread (stopping the server is not
  // async-signal-safe); block them before any thread starts so every thread inherits the mask
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  try {
    kinitro::policy::PolicyServer server(MakeFactory(flags));
    int port = server.Bind(flags.host, flags.port);
    std::fprintf(stderr, "miner-policy: listening on http://%s:%d\n", flags.host.c_str(), port);
    std::thread serving([&] { server.Serve(); });
    int sig = 0;
    sigwait(&signals, &sig);
    server.Stop();
    serving.join();
    std::fprintf(stderr, "miner-policy: stopped (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "miner-policy: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
