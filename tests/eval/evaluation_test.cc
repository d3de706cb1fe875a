// Tests for eval/evaluation.cc end to end: the simulator against real policy servers on loopback.
#include "eval/evaluation.h"

#include <httplib.h>

#include <gtest/gtest.h>

#include "policy/builtin.h"
#include "running_server.h"
#include "sim/assets.h"
#include "sim/engine.h"
#include "sim/tasks/registry.h"

namespace kinitro::eval {
namespace {

using policy::testing::RunningServer;

// a budget no loaded CI machine exceeds: these tests are about results, not latency
constexpr int kGenerousBudgetMs = 10000;

sim::ModelCache& Models() {
  static sim::ModelCache cache(sim::FindAssetDir());
  return cache;
}

std::vector<std::string> AllEnvs() {
  std::vector<std::string> ids;
  for (const sim::TaskSpec* t : sim::AllTasks()) ids.emplace_back(t->env_id);
  return ids;
}

TEST(Evaluation, OracleThroughHttpSolvesEveryTask) {
  RunningServer server(policy::MakeBuiltinPolicy("oracle", &Models()));
  EvalConfig config{.endpoint = server.url(), .env_ids = AllEnvs(), .episodes = 10, .seed = 0};
  config.client.act_timeout_ms = kGenerousBudgetMs;
  EvalReport report = RunEvaluation(config, Models());
  EXPECT_EQ(report.concurrency, 4);  // the server advertises sessions
  ASSERT_EQ(report.envs.size(), 8u);
  for (const EnvSummary& s : report.envs) {
    EXPECT_GE(s.successes, 9) << s.env_id;
    EXPECT_TRUE(s.errors.empty()) << s.env_id;
    EXPECT_EQ(s.mean_steps, 500) << s.env_id;
    EXPECT_LE(s.ci95.first, s.success_rate);
    EXPECT_GE(s.ci95.second, s.success_rate);
  }
}

TEST(Evaluation, ZeroPolicyRarelySucceeds) {
  RunningServer server(policy::MakeBuiltinPolicy("zero", nullptr));
  EvalConfig config{.endpoint = server.url(), .env_ids = {"metaworld/push-v3", "metaworld/pick-place-v3"}, .episodes = 5};
  config.client.act_timeout_ms = kGenerousBudgetMs;
  for (const EnvSummary& s : RunEvaluation(config, Models()).envs) EXPECT_EQ(s.successes, 0) << s.env_id;
}

TEST(Evaluation, ConcurrencyDoesNotChangeResults) {
  RunningServer server(policy::MakeBuiltinPolicy("random", nullptr));
  EvalConfig config{.endpoint = server.url(), .env_ids = {"metaworld/drawer-close-v3", "metaworld/reach-v3"}, .episodes = 8,
                    .seed = 100};
  config.client.act_timeout_ms = kGenerousBudgetMs;
  config.concurrency = 1;
  EvalReport one = RunEvaluation(config, Models());
  config.concurrency = 8;
  EvalReport eight = RunEvaluation(config, Models());
  ASSERT_EQ(one.episodes.size(), eight.episodes.size());
  for (size_t i = 0; i < one.episodes.size(); ++i) {
    const EpisodeRecord &a = one.episodes[i], &b = eight.episodes[i];
    EXPECT_EQ(a.env_id, b.env_id);
    EXPECT_EQ(a.seed, b.seed);
    EXPECT_EQ(a.success, b.success) << i;
    EXPECT_EQ(a.first_success_step, b.first_success_step) << i;
    EXPECT_EQ(a.total_reward, b.total_reward) << i;  // bit-identical
  }
}

TEST(Evaluation, ImagesReachTheServerInTheAdvertisedEncoding) {
  RunningServer server(policy::MakeBuiltinPolicy("zero", nullptr));
  EvalConfig config{.endpoint = server.url(), .env_ids = {"metaworld/reach-v3"}, .episodes = 1, .images = true};
  config.client.act_timeout_ms = kGenerousBudgetMs;
  EvalReport report = RunEvaluation(config, Models());
  EXPECT_EQ(report.engine, sim::EngineName());  // eval --json records it: results compare only on one engine
  EXPECT_FALSE(report.engine.empty());
  EXPECT_EQ(report.image_encoding, "base64");
  EXPECT_TRUE(report.envs[0].errors.empty());
  EXPECT_EQ(report.envs[0].mean_steps, 500);
}

TEST(Evaluation, ConcurrencyOnAServerWithoutSessionsIsRefused) {
  // a reference-style server: /health without the sessions extension
  httplib::Server reference;
  reference.Get("/health", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"status":"healthy","model_loaded":true,"uptime_seconds":1.0})", "application/json");
  });
  reference.Post("/reset", [](const httplib::Request&, httplib::Response& res) { res.set_content("{}", "application/json"); });
  reference.Post("/act", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"action":[0,0,0,0]})", "application/json");
  });
  reference.set_tcp_nodelay(true);
  int port = reference.bind_to_any_port("127.0.0.1");
  std::thread t([&] { reference.listen_after_bind(); });
  EvalConfig config{.endpoint = "http://127.0.0.1:" + std::to_string(port), .env_ids = {"metaworld/reach-v3"}, .episodes = 1};
  config.client.act_timeout_ms = kGenerousBudgetMs;
  EvalReport auto_k = RunEvaluation(config, Models());
  EXPECT_EQ(auto_k.concurrency, 1);  // the safe default for the reference template
  config.concurrency = 4;
  EXPECT_THROW(RunEvaluation(config, Models()), std::invalid_argument);
  config.force_concurrency = true;
  EXPECT_EQ(RunEvaluation(config, Models()).concurrency, 4);
  reference.stop();
  t.join();
}

TEST(Evaluation, UnknownEnvFailsBeforeAnyTraffic) {
  EvalConfig config{.endpoint = "http://127.0.0.1:1", .env_ids = {"metaworld/fly-v3"}, .episodes = 1};
  config.client.act_timeout_ms = kGenerousBudgetMs;
  EXPECT_THROW(RunEvaluation(config, Models()), std::invalid_argument);
}

}  // namespace
}  // namespace kinitro::eval
