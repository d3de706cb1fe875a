// `kinitro serve --policy zero|random|oracle`: a built-in policy behind the protocol, for tests,
// benchmarks and as a reference for miners.
#include <csignal>
#include <cstdio>
#include <optional>

#include "cli/commands.h"
#include "cli/run_until_signal.h"
#include "policy/builtin.h"
#include "policy/server.h"
#include "sim/assets.h"

namespace kinitro::cli {
namespace {

struct ServeFlags {
  std::string policy;
  std::string host = "127.0.0.1";
  int port = 8000;
  std::optional<std::filesystem::path> assets;
};

void RunServe(const ServeFlags& f) {
  std::unique_ptr<sim::ModelCache> models;
  if (f.policy == "oracle") models = std::make_unique<sim::ModelCache>(sim::FindAssetDir(f.assets));
  policy::PolicyServer server(policy::MakeBuiltinPolicy(f.policy, models.get()));

  int port = server.Bind(f.host, f.port);
  // announced once SIGINT/SIGTERM are blocked: a caller may signal as soon as it reads the line
  int sig = RunUntilSignal(
      [&] {
        std::fprintf(stderr, "kinitro serve: policy %s listening on http://%s:%d\n", f.policy.c_str(), f.host.c_str(), port);
        server.Serve();
      },
      [&] { server.Stop(); });
  std::fprintf(stderr, "kinitro serve: stopped (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
}

}  // namespace

void AddServeCommands(CLI::App& app) {
  auto flags = std::make_shared<ServeFlags>();
  ServeFlags& f = *flags;
  CLI::App* cmd = app.add_subcommand("serve", "serve a built-in policy over the policy-server protocol");
  cmd->add_option("--policy", f.policy, "zero | random | oracle (expert that replays the episode privately)")
      ->required()
      ->check(CLI::IsMember({"zero", "random", "oracle"}));
  cmd->add_option("--host", f.host, "address to listen on (default 127.0.0.1; 0.0.0.0 for all)");
  cmd->add_option("--port", f.port, "port (default 8000; 0 picks a free one)")->check(CLI::Range(0, 65535));
  cmd->add_option("--assets", f.assets, "MetaWorld asset directory (oracle only)");
  cmd->callback([flags] { RunServe(*flags); });
}

}  // namespace kinitro::cli
