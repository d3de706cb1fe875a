// The whole operator pipeline on one machine: scheduler → API → executor → miner endpoints
// (kinitro's oracle and zero policy servers on loopback) → scores and weights
// (backend/executor/executor.cc end to end).
#include "backend/executor/executor.h"

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "backend/api/api_server.h"
#include "backend/scheduler/scheduler.h"
#include "policy/builtin.h"
#include "running_server.h"
#include "sim/assets.h"
#include "sim/engine.h"

namespace kinitro::backend {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

TEST(Executor, FullCycleAgainstRealPolicyServers) {
  fs::path dir = fs::temp_directory_path() / ("kinitro-executor-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  sim::ModelCache models(sim::FindAssetDir());
  policy::testing::RunningServer expert(policy::MakeBuiltinPolicy("oracle", &models));
  policy::testing::RunningServer idle(policy::MakeBuiltinPolicy("zero", nullptr));

  // two miners whose deployments are these loopback servers (allowed for this test network)
  const std::string sha = "0123456789abcdef0123456789abcdef01234567";
  auto commitment = [&](const std::string& url) { return json{{"m", "m/p"}, {"r", sha}, {"d", url}}.dump(); };
  std::ofstream(dir / "miners.json") << json{{"block", 77},
                                             {"miners", {{{"uid", 0}, {"hotkey", "5E"}, {"commitment", commitment(expert.url())}},
                                                         {{"uid", 1}, {"hotkey", "5Z"}, {"commitment", commitment(idle.url())}}}}}
                                            .dump();

  auto store = OpenStore("sqlite://" + (dir / "k.db").string());
  const std::vector<std::string> envs = {"metaworld/reach-v3", "metaworld/drawer-open-v3"};
  ApiServer api(*store, {.env_ids = envs});
  int port = api.Bind("127.0.0.1", 0);
  std::thread serving([&] { api.Serve(); });

  JsonFileMinerSource source(dir / "miners.json");
  Scheduler scheduler(*store, source,
                      {.env_ids = envs, .episodes_per_env = 3, .poll = std::chrono::milliseconds(20),
                       .seed_secret = "executor-test-secret-01",
                       .deployments = {.allowed_url_prefixes = {expert.url(), idle.url()}},
                       .engine = sim::EngineName()});
  CycleReport cycle;
  std::thread scheduling([&] { cycle = scheduler.RunCycle(); });

  Executor executor({.api_url = "http://127.0.0.1:" + std::to_string(port),
                     .token = store->CreateExecutorToken("test-executor"),
                     .batch_size = 4,
                     .concurrency = 2,
                     .idle_poll = std::chrono::milliseconds(20),
                     .client = {.act_timeout_ms = 10000}},  // results, not latency, are under test
                    models);
  std::thread executing([&] { executor.Run(); });
  scheduling.join();
  executor.Stop();
  executing.join();
  api.Stop();
  serving.join();

  // the API accepts results only from executors naming the cycle's engine: this one names its own
  ASSERT_TRUE(cycle.completed) << cycle.error;
  EXPECT_EQ(store->GetCycle(cycle.cycle_id)->engine, sim::EngineName());
  EXPECT_EQ(cycle.tasks, 2 * 2 * 3);
  auto scores = store->Scores(cycle.cycle_id);
  ASSERT_EQ(scores.size(), 4u);
  for (const ScoreRow& s : scores) {
    if (s.uid == 0) EXPECT_EQ(s.success_rate, 1.0) << s.env_id;  // the oracle solves every episode
    if (s.uid == 1) EXPECT_EQ(s.success_rate, 0.0) << s.env_id;  // holding still solves nothing
    EXPECT_EQ(s.episodes_completed, 3);
  }
  auto weights = store->LatestWeights();
  ASSERT_TRUE(weights);
  EXPECT_GT(weights->weights["0"].get<double>(), weights->weights["1"].get<double>());
  store.reset();
  fs::remove_all(dir);
}

// an executor on another engine than the cycle's gets no work, and says why
TEST(Executor, CycleOfAnotherEngineGivesItNoWork) {
  fs::path dir = fs::temp_directory_path() / ("kinitro-executor-engine-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  sim::ModelCache models(sim::FindAssetDir());
  auto store = OpenStore("sqlite://" + (dir / "k.db").string());
  int64_t cycle = store->CreateCycle(1, 1, "MuJoCo 2.2.2");
  store->InsertTasks({{.task_uuid = "00000000-0000-4000-8000-000000000000", .cycle_id = cycle, .miner_uid = 0,
                       .miner_hotkey = "5E", .miner_endpoint = "http://127.0.0.1:1", .env_id = "metaworld/reach-v3",
                       .seed = 0}});
  ApiServer api(*store, {.env_ids = {"metaworld/reach-v3"}});
  int port = api.Bind("127.0.0.1", 0);
  std::thread serving([&] { api.Serve(); });

  Executor executor({.api_url = "http://127.0.0.1:" + std::to_string(port), .token = store->CreateExecutorToken("e")}, models);
  BatchReport r = executor.RunBatch();
  api.Stop();
  serving.join();
  EXPECT_EQ(r.claimed, 0);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].find("HTTP 422"), std::string::npos) << r.errors[0];
  EXPECT_NE(r.errors[0].find("cycle " + std::to_string(cycle) + " runs on MuJoCo 2.2.2, but this executor runs " +
                             sim::EngineName()),
            std::string::npos)
      << r.errors[0];
  EXPECT_EQ(store->GetPoolStats(cycle).pending, 1);
  store.reset();
  fs::remove_all(dir);
}

TEST(Executor, BadConfigurationIsRefused) {
  sim::ModelCache models(sim::FindAssetDir());
  EXPECT_THROW(Executor({.api_url = "http://127.0.0.1:1", .token = ""}, models), std::invalid_argument);
  EXPECT_THROW(Executor({.api_url = "ftp://x", .token = "t"}, models), std::invalid_argument);
  EXPECT_THROW(Executor({.api_url = "http://127.0.0.1:1", .token = "t", .batch_size = 0}, models), std::invalid_argument);
}

TEST(Executor, UnreachableApiIsReportedNotThrown) {
  sim::ModelCache models(sim::FindAssetDir());
  Executor executor({.api_url = "http://127.0.0.1:1", .token = "t"}, models);
  BatchReport r = executor.RunBatch();
  EXPECT_EQ(r.claimed, 0);
  ASSERT_FALSE(r.errors.empty());
}

}  // namespace
}  // namespace kinitro::backend
