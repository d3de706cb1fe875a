// Operator services: `kinitro api`, `kinitro scheduler`, `kinitro executor-token create|revoke`.
#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>

#include <openssl/rand.h>

#include "backend/api/api_server.h"
#include "backend/executor/executor.h"
#include "backend/scheduler/chain_miner_source.h"
#include "backend/scheduler/scheduler.h"
#include "chain/rpc_client.h"
#include "chain/open_chain_client.h"
#include "backend/store/store.h"
#include "cli/commands.h"
#include "cli/env_list.h"
#include "cli/run_until_signal.h"
#include "sim/assets.h"
#include "sim/engine.h"
#include "sim/tasks/registry.h"

namespace kinitro::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDefaultDatabase = "sqlite://kinitro.db";

struct ApiFlags {
  std::string database = kDefaultDatabase;
  std::string host = "127.0.0.1";
  int port = 8000;
  double lease_s = 300;
};

void RunApi(const ApiFlags& f) {
  auto store = backend::OpenStore(f.database);
  backend::ApiServer server(*store, {.env_ids = RegistryEnvIds(),
                                     .lease = std::chrono::milliseconds(int64_t(f.lease_s * 1000))});
  int port = server.Bind(f.host, f.port);
  // announced once SIGINT/SIGTERM are blocked: a caller may signal as soon as it reads the line
  (void)RunUntilSignal(
      [&] {
        std::fprintf(stderr, "kinitro api: listening on http://%s:%d (database %s)\n", f.host.c_str(), port, f.database.c_str());
        server.Serve();
      },
      [&] { server.Stop(); });
}

struct SchedulerFlags {
  std::string database = kDefaultDatabase;
  std::string miners_file;
  std::string envs = "all";
  int episodes = 50;
  double temperature = 1.0;
  double interval_s = 3600, timeout_s = 7200, poll_s = 10;
  std::string secret_file = "kinitro-seed.secret";
  std::vector<std::string> allowed_urls;
  bool once = false;
  int netuid = -1;        // with --network: read miners from the chain instead of --miners
  std::string network;
};

// the operator's seed secret: $KINITRO_SEED_SECRET, else the file (created with 32 random bytes,
// mode 0600, on first use)
std::string SeedSecret(const std::string& file) {
  if (const char* env = std::getenv("KINITRO_SEED_SECRET"); env && *env) return env;
  if (!fs::exists(file)) {
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no randomness for the seed secret");
    std::string hex;
    char b[3];
    for (unsigned char c : bytes) std::snprintf(b, sizeof b, "%02x", c), hex += b;
    std::ofstream(file) << hex << "\n";
    ::chmod(file.c_str(), 0600);
    std::fprintf(stderr, "kinitro scheduler: created seed secret %s (keep it; it reproduces every cycle's seeds)\n", file.c_str());
  }
  std::ifstream in(file);
  std::string secret;
  std::getline(in, secret);
  if (secret.size() < 16) throw std::runtime_error("seed secret in " + file + " is shorter than 16 characters");
  return secret;
}

void RunScheduler(const SchedulerFlags& f) {
  if (f.miners_file.empty() == (f.netuid < 0))
    throw std::invalid_argument("give either --miners FILE or --netuid N (with --network NET)");
  auto store = backend::OpenStore(f.database);
  // miners from a file, or from the chain's metagraph at one pinned block per cycle
  std::unique_ptr<chain::ChainClient> chain_client;
  std::unique_ptr<backend::MinerSource> miner_source;
  if (f.netuid >= 0) {
    auto connected = chain::OpenChainClient(f.network.empty() ? "finney" : f.network);
    if (!connected) throw std::runtime_error(connected.error().message);
    chain_client = std::move(*connected);
    miner_source = std::make_unique<backend::ChainMinerSource>(*chain_client, static_cast<uint16_t>(f.netuid));
  } else {
    miner_source = std::make_unique<backend::JsonFileMinerSource>(f.miners_file);
  }
  backend::MinerSource& source = *miner_source;
  auto ms = [](double s) { return std::chrono::milliseconds(int64_t(s * 1000)); };
  backend::Scheduler scheduler(*store, source,
                               {.env_ids = ParseEnvList(f.envs),
                                .episodes_per_env = f.episodes,
                                .temperature = f.temperature,
                                .interval = ms(f.interval_s),
                                .cycle_timeout = ms(f.timeout_s),
                                .poll = ms(f.poll_s),
                                .seed_secret = SeedSecret(f.secret_file),
                                .deployments = {.allowed_url_prefixes = f.allowed_urls},
                                .engine = sim::EngineName()},
                               [](const std::string& line) { std::fprintf(stderr, "kinitro scheduler: %s\n", line.c_str()); });
  if (f.once) {
    backend::CycleReport r = scheduler.RunCycle();
    std::printf("cycle %lld: %s (%d miners, %d tasks)\n", static_cast<long long>(r.cycle_id),
                r.completed ? "completed" : ("failed: " + r.error).c_str(), r.miners, r.tasks);
    if (!r.completed) throw std::runtime_error("cycle failed: " + r.error);
    return;
  }
  (void)RunUntilSignal([&] { scheduler.Run(); }, [&] { scheduler.Stop(); });
}

struct ExecutorFlags {
  std::string api = "http://127.0.0.1:8000";
  std::string token_file;
  std::string envs;
  int batch = 10, concurrency = 4, act_timeout_ms = 500;
  std::optional<fs::path> assets;
  bool once = false;
};

void RunExecutor(const ExecutorFlags& f) {
  // the token comes from the environment or a file, never the command line (it would show in ps)
  std::string token;
  if (const char* env = std::getenv("KINITRO_EXECUTOR_TOKEN"); env && *env) token = env;
  if (token.empty() && !f.token_file.empty()) {
    std::ifstream in(f.token_file);
    if (!in) throw std::runtime_error("cannot read --token-file " + f.token_file);
    std::getline(in, token);
  }
  if (token.empty()) throw std::invalid_argument("no executor token: set KINITRO_EXECUTOR_TOKEN or --token-file (kinitro executor-token create)");
  sim::ModelCache models(sim::FindAssetDir(f.assets));
  backend::ExecutorConfig config{.api_url = f.api, .token = token, .batch_size = f.batch, .concurrency = f.concurrency,
                                 .env_ids = f.envs.empty() ? std::vector<std::string>{} : ParseEnvList(f.envs)};
  config.client.act_timeout_ms = f.act_timeout_ms;
  backend::Executor executor(config, models, [](const std::string& line) { std::fprintf(stderr, "kinitro executor: %s\n", line.c_str()); });
  if (f.once) {
    backend::BatchReport r = executor.RunBatch();
    std::printf("claimed %d, accepted %d, rejected %d\n", r.claimed, r.accepted, r.rejected);
    for (const auto& e : r.errors) std::fprintf(stderr, "kinitro executor: %s\n", e.c_str());
    return;
  }
  (void)RunUntilSignal([&] { executor.Run(); }, [&] { executor.Stop(); });
}

}  // namespace

void AddBackendCommands(CLI::App& app) {
  auto ex = std::make_shared<ExecutorFlags>();
  CLI::App* e = app.add_subcommand("executor", "claim evaluation tasks from the API and run them against miner endpoints");
  e->add_option("--api", ex->api, "operator API base URL (default http://127.0.0.1:8000)")->envname("KINITRO_EXECUTOR_API_URL");
  e->add_option("--token-file", ex->token_file, "file holding the executor token (or KINITRO_EXECUTOR_TOKEN)");
  e->add_option("--env", ex->envs, "only these comma-separated env ids (default: any)");
  e->add_option("--batch-size", ex->batch, "tasks per fetch (default 10)")->check(CLI::Range(1, 100))->envname("KINITRO_EXECUTOR_BATCH_SIZE");
  e->add_option("--concurrency", ex->concurrency, "episodes in flight (default 4)")->check(CLI::Range(1, 64))
      ->envname("KINITRO_EXECUTOR_CONCURRENCY");
  e->add_option("--act-timeout-ms", ex->act_timeout_ms, "end-to-end /act budget (default 500)")->check(CLI::Range(1, 600000))
      ->envname("KINITRO_EXECUTOR_ACT_TIMEOUT_MS");
  e->add_option("--assets", ex->assets, "MetaWorld asset directory");
  e->add_flag("--once", ex->once, "run one batch and exit");
  e->callback([ex] { RunExecutor(*ex); });

  auto api = std::make_shared<ApiFlags>();
  CLI::App* a = app.add_subcommand("api", "serve the operator REST API (weights, scores, executor task endpoints)");
  a->add_option("--database", api->database, "sqlite://FILE or postgresql://user:pass@host:port/db")->envname("KINITRO_DATABASE_URL");
  a->add_option("--host", api->host, "address to listen on (default 127.0.0.1)")->envname("KINITRO_API_HOST");
  a->add_option("--port", api->port, "port (default 8000; 0: any)")->check(CLI::Range(0, 65535))->envname("KINITRO_API_PORT");
  a->add_option("--lease-seconds", api->lease_s, "lease of fetched tasks; an expired lease returns the task to the pool (default 300)")
      ->check(CLI::Range(1.0, 86400.0))
      ->envname("KINITRO_API_TASK_LEASE_SECONDS");
  a->callback([api] { RunApi(*api); });

  auto sch = std::make_shared<SchedulerFlags>();
  CLI::App* s = app.add_subcommand("scheduler", "run evaluation cycles: tasks for every miner × env × episode, then scores and weights");
  s->add_option("--database", sch->database, "sqlite://FILE or postgresql://...")->envname("KINITRO_DATABASE_URL");
  s->add_option("--miners", sch->miners_file, "JSON file {\"miners\": [{\"uid\", \"hotkey\", \"commitment\"}]}")->envname("KINITRO_MINERS_FILE");
  s->add_option("--netuid", sch->netuid, "read miners from this subnet on chain (instead of --miners)")->check(CLI::Range(0, 65535));
  s->add_option("--network", sch->network, "chain for --netuid: finney, test, local or a ws(s):// URL (default finney)")->envname("KINITRO_NETWORK");
  s->add_option("--env", sch->envs, "all, or comma-separated env ids");
  s->add_option("--episodes-per-env", sch->episodes, "episodes per miner and env (default 50)")
      ->check(CLI::Range(1, 10000))->envname("KINITRO_SCHEDULER_EPISODES_PER_ENV");
  s->add_option("--temperature", sch->temperature, "softmax temperature (default 1.0)")->envname("KINITRO_SCHEDULER_PARETO_TEMPERATURE");
  s->add_option("--interval-seconds", sch->interval_s, "pause between cycles (default 3600)")->envname("KINITRO_SCHEDULER_EVAL_INTERVAL_SECONDS");
  s->add_option("--cycle-timeout-seconds", sch->timeout_s, "fail a cycle still open after this (default 7200)")
      ->envname("KINITRO_SCHEDULER_CYCLE_TIMEOUT_SECONDS");
  s->add_option("--poll-seconds", sch->poll_s, "completion check and lease reclaim tick (default 10)")
      ->envname("KINITRO_SCHEDULER_POLL_SECONDS");
  s->add_option("--seed-secret-file", sch->secret_file, "operator secret for episode seeds (KINITRO_SEED_SECRET overrides)");
  s->add_option("--allow-deployment-url", sch->allowed_urls, "accept commitments whose deployment is a URL with this scheme://host:port prefix (test nets only)");
  s->add_flag("--once", sch->once, "run one cycle and exit (exit 1 if it failed)");
  s->callback([sch] { RunScheduler(*sch); });

  auto db = std::make_shared<std::string>(kDefaultDatabase);
  auto executor = std::make_shared<std::string>();
  CLI::App* tok = app.add_subcommand("executor-token", "manage executor credentials for the task endpoints");
  tok->require_subcommand(1);
  CLI::App* create = tok->add_subcommand("create", "issue a token (printed once; only its hash is stored)");
  CLI::App* revoke = tok->add_subcommand("revoke", "revoke every token of an executor");
  for (CLI::App* c : {create, revoke}) {
    c->add_option("--database", *db, "sqlite://FILE or postgresql://...")->envname("KINITRO_DATABASE_URL");
    c->add_option("--executor-id", *executor, "executor name, 1-64 characters")->required()->check([](const std::string& v) {
      return v.empty() || v.size() > 64 ? std::string("must be 1-64 characters") : std::string();
    });
  }
  create->callback([db, executor] {
    auto store = backend::OpenStore(*db);
    std::printf("%s\n", store->CreateExecutorToken(*executor).c_str());
    std::fprintf(stderr, "executor-token: give this token to %s (Authorization: Bearer ...); it is not shown again\n", executor->c_str());
  });
  revoke->callback([db, executor] {
    auto store = backend::OpenStore(*db);
    std::printf("revoked %d token(s) of %s\n", store->RevokeExecutorTokens(*executor), executor->c_str());
  });
}

}  // namespace kinitro::cli
