// Tests for policy/client.cc and policy/server.cc against each other on loopback, and for the
// built-in policies (policy/builtin.cc).
#include <gtest/gtest.h>

#include <thread>

#include "policy/builtin.h"
#include "policy/client.h"
#include "running_server.h"
#include "sim/assets.h"
#include "sim/env.h"

namespace kinitro::policy {
namespace {

using testing::RunningServer;

sim::ModelCache& Models() {
  static sim::ModelCache cache(sim::FindAssetDir());
  return cache;
}

// a budget no loaded CI machine exceeds: these tests are about behaviour, not latency
const ClientOptions kGenerous{.act_timeout_ms = 10000};

TaskConfig Task(const std::string& env_id, int64_t seed) {
  return {.env_id = env_id, .task_name = "", .seed = seed, .task_id = seed};
}

TEST(ClientServer, HealthAdvertisesTheExtensions) {
  RunningServer server(MakeBuiltinPolicy("zero", nullptr));
  PolicyClient client(server.url(), kGenerous);
  auto health = client.GetHealth();
  ASSERT_TRUE(health) << health.error().message;
  EXPECT_EQ(health->status, "healthy");
  EXPECT_TRUE(health->model_loaded);
  EXPECT_TRUE(health->sessions);
  EXPECT_NE(std::find(health->image_encodings.begin(), health->image_encodings.end(), "base64"),
            health->image_encodings.end());
}

TEST(ClientServer, ManyCallsOnOneConnection) {
  // cpp-httplib closes a keep-alive connection after 5 requests unless told otherwise; a
  // closed connection would show up as a refused or reset call here
  RunningServer server(MakeBuiltinPolicy("zero", nullptr));
  PolicyClient client(server.url(), kGenerous);
  ASSERT_TRUE(client.Reset(Task("metaworld/reach-v3", 1)));
  for (int i = 0; i < 200; ++i) {
    auto a = client.Act({.observation = {0, 0.6f, 0.2f, 1}});
    ASSERT_TRUE(a) << i << ": " << a.error().message;
    EXPECT_EQ(a.value(), (ActionVec{0, 0, 0, 0}));
  }
}

TEST(ClientServer, RandomPolicyIsSeededByResetAndBySeededRequests) {
  RunningServer server(MakeBuiltinPolicy("random", nullptr));
  PolicyClient client(server.url(), kGenerous);
  auto episode = [&](int64_t seed) {
    std::vector<ActionVec> out;
    EXPECT_TRUE(client.Reset(Task("metaworld/reach-v3", seed)));
    for (int i = 0; i < 5; ++i) out.push_back(client.Act({.observation = {0, 0, 0, 1}}).value());
    return out;
  };
  EXPECT_EQ(episode(7), episode(7));
  EXPECT_NE(episode(7), episode(8));
  ActRequest probe{.observation = {0, 0, 0, 1}, .seed = 3000000000LL};
  EXPECT_EQ(client.Act(probe).value(), client.Act(probe).value());
  for (double x : client.Act(probe).value()) {
    EXPECT_GE(x, -1);
    EXPECT_LE(x, 1);
  }
}

TEST(ClientServer, SessionsKeepConcurrentEpisodesApart) {
  RunningServer server(MakeBuiltinPolicy("random", nullptr));
  PolicyClient a(server.url(), kGenerous), b(server.url(), kGenerous), solo(server.url(), kGenerous);
  // the same episode alone...
  solo.Reset(Task("metaworld/reach-v3", 5));
  std::vector<ActionVec> alone;
  for (int i = 0; i < 4; ++i) alone.push_back(solo.Act({.observation = {0, 0, 0, 1}}).value());
  // ...and interleaved with another episode reset in between
  std::string id_a = a.Reset(Task("metaworld/reach-v3", 5)).value();
  std::string id_b = b.Reset(Task("metaworld/reach-v3", 6)).value();
  ASSERT_FALSE(id_a.empty());
  ASSERT_NE(id_a, id_b);
  std::vector<ActionVec> interleaved;
  for (int i = 0; i < 4; ++i) {
    interleaved.push_back(a.Act({.observation = {0, 0, 0, 1}, .episode_id = id_a}).value());
    b.Act({.observation = {0, 0, 0, 1}, .episode_id = id_b});
  }
  EXPECT_EQ(alone, interleaved);
  auto unknown = a.Act({.observation = {0, 0, 0, 1}, .episode_id = "nope"});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::kHttpStatus);
}

TEST(ClientServer, OracleReplaysTheEpisodeAndSolvesIt) {
  RunningServer server(MakeBuiltinPolicy("oracle", &Models()));
  PolicyClient client(server.url(), kGenerous);
  sim::Env env(Models().Get("metaworld/pick-place-v3"));
  ASSERT_TRUE(client.Reset(Task("metaworld/pick-place-v3", 3)));
  env.Reset(3);
  bool success = false;
  while (!env.episode_over() && !success) {
    auto obs = env.KinitroObservation();
    auto a = client.Act({.observation = {obs.begin(), obs.end()}});
    ASSERT_TRUE(a) << a.error().message;
    success = env.Step(sim::Action{a.value()[0], a.value()[1], a.value()[2], a.value()[3]}).eval.success;
  }
  EXPECT_TRUE(success);
}

TEST(ClientServer, OracleWithoutResetIsAServerError) {
  RunningServer server(MakeBuiltinPolicy("oracle", &Models()));
  PolicyClient client(server.url(), kGenerous);
  auto a = client.Act({.observation = {0, 0, 0, 1}});
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().kind, ErrorKind::kHttpStatus);
  EXPECT_NE(a.error().message.find("500"), std::string::npos) << a.error().message;
  // an unknown env id is reported, not crashed on
  auto r = client.Reset(Task("metaworld/fly-v3", 1));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("unknown env id"), std::string::npos) << r.error().message;
}

TEST(ClientServer, ServerRejectsMalformedAndOversizeBodies) {
  RunningServer server(MakeBuiltinPolicy("zero", nullptr), {.max_body_bytes = 4096});
  PolicyClient client(server.url(), kGenerous);
  ActRequest big{.observation = {0, 0, 0, 1}};
  big.images["corner"] = {.height = 84, .width = 84, .rgb = std::vector<uint8_t>(84 * 84 * 3, 7)};
  auto a = client.Act(big);
  ASSERT_FALSE(a);
  EXPECT_NE(a.error().message.find("413"), std::string::npos) << a.error().message;
  EXPECT_TRUE(client.GetHealth());  // the server is fine afterwards
}

TEST(ClientServer, BaseUrlMayCarryAPrefixButNotAQuery) {
  EXPECT_NO_THROW(PolicyClient("https://abc.deployments.basilica.ai/prefix//"));
  EXPECT_THROW(PolicyClient("http://host/act?x=1"), std::invalid_argument);
  EXPECT_THROW(PolicyClient("ftp://host"), std::invalid_argument);
  EXPECT_THROW(PolicyClient("127.0.0.1:8000"), std::invalid_argument);
  EXPECT_EQ(PolicyClient("http://h:1/p/").base_url(), "http://h:1/p");
}

}  // namespace
}  // namespace kinitro::policy
