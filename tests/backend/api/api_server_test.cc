// Tests for backend/api/api_server.cc over real HTTP on loopback with a SQLite store: the public
// read endpoints' shapes, executor credentials, and malformed requests.
#include "backend/api/api_server.h"

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

namespace kinitro::backend {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* kEngine = "MuJoCo 3.3.0";  // the engine of the cycles SeedTasks creates

class Api : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kinitro-api-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    store_ = OpenStore("sqlite://" + (dir_ / "k.db").string());
    server_ = std::make_unique<ApiServer>(*store_, ApiOptions{.env_ids = {"metaworld/reach-v3", "metaworld/push-v3"},
                                                               .max_body_bytes = 64 * 1024});
    port_ = server_->Bind("127.0.0.1", 0);
    thread_ = std::thread([this] { server_->Serve(); });
    http_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    token_ = store_->CreateExecutorToken("exec-a");
  }
  void TearDown() override {
    server_->Stop();
    thread_.join();
    server_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  // POST with an optional bearer token; returns (status, body)
  std::pair<int, json> Post(const std::string& path, const std::string& body, const std::string& token) {
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    auto res = http_->Post(path.c_str(), h, body, "application/json");
    if (!res) return {-1, json()};
    return {res->status, json::parse(res->body, nullptr, false)};
  }
  std::pair<int, json> Get(const std::string& path) {
    auto res = http_->Get(path.c_str());
    if (!res) return {-1, json()};
    return {res->status, json::parse(res->body, nullptr, false)};
  }

  // one cycle on kEngine with `n` pending reach tasks
  int64_t SeedTasks(int n) {
    int64_t cycle = store_->CreateCycle(1000, 2, kEngine);
    std::vector<NewTask> tasks;
    for (int i = 0; i < n; ++i) {
      char uuid[37];
      std::snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", i);
      tasks.push_back({.task_uuid = uuid, .cycle_id = cycle, .miner_uid = 1, .miner_hotkey = "5F",
                       .miner_endpoint = "https://x.deployments.basilica.ai", .env_id = "metaworld/reach-v3", .seed = i});
    }
    store_->InsertTasks(tasks);
    return cycle;
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<ApiServer> server_;
  int port_ = 0;
  std::thread thread_;
  std::unique_ptr<httplib::Client> http_;
  std::string token_;
};

TEST_F(Api, HealthAndEmptyState) {
  auto [status, health] = Get("/health");
  EXPECT_EQ(status, 200);
  EXPECT_EQ(health, json({{"status", "ok"}, {"version", "0.1.0"}, {"database", "connected"}}));
  auto [s404, weights] = Get("/v1/weights/latest");
  EXPECT_EQ(s404, 404);
  EXPECT_EQ(weights["detail"], "No weights available yet");
  EXPECT_EQ(Get("/v1/weights/notanumber").first, 422);
  EXPECT_EQ(Get("/v1/scores/latest").first, 404);
  EXPECT_EQ(Get("/v1/scores/99").second["detail"], "Cycle 99 not found");
  EXPECT_EQ(Get("/v1/miners").second, json::array());
  auto [st, status_body] = Get("/v1/status");
  EXPECT_EQ(st, 200);
  EXPECT_EQ(status_body["is_evaluating"], false);
  EXPECT_EQ(status_body["environments"].size(), 2u);
  auto envs = Get("/v1/environments").second;
  ASSERT_EQ(envs.size(), 2u);
  EXPECT_EQ(envs[0]["task_name"], "reach-v3");
  EXPECT_TRUE(envs[0]["avg_success_rate"].is_null());
}

TEST_F(Api, TaskEndpointsNeedAValidExecutorToken) {
  SeedTasks(3);
  EXPECT_EQ(Post("/v1/tasks/fetch", "{}", "").first, 401);
  EXPECT_EQ(Post("/v1/tasks/fetch", "{}", "not-a-token").first, 401);
  EXPECT_EQ(Post("/v1/tasks/submit", R"({"results": []})", "").first, 401);
  // the body may name the executor, but not another one
  EXPECT_EQ(Post("/v1/tasks/fetch", R"({"executor_id": "exec-b"})", token_).first, 403);
  auto [status, body] = Post("/v1/tasks/fetch", R"({"executor_id": "exec-a", "batch_size": 2, "engine": "MuJoCo 3.3.0"})", token_);
  ASSERT_EQ(status, 200) << body.dump();
  EXPECT_EQ(body["tasks"].size(), 2u);
  EXPECT_EQ(body["total_pending"], 1);
  EXPECT_EQ(body["tasks"][0]["status"], "assigned");
  // revoked tokens stop working
  store_->RevokeExecutorTokens("exec-a");
  EXPECT_EQ(Post("/v1/tasks/fetch", "{}", token_).first, 401);
}

TEST_F(Api, SubmitIsIdempotentAndOnlyFromTheLeaseHolder) {
  SeedTasks(2);
  std::string other = store_->CreateExecutorToken("exec-b");
  auto fetched = Post("/v1/tasks/fetch", R"({"batch_size": 1, "engine": "MuJoCo 3.3.0"})", token_).second;
  std::string uuid = fetched["tasks"][0]["task_uuid"];
  json submit = {{"engine", kEngine},
                 {"results", {{{"task_uuid", uuid}, {"success", true}, {"total_reward", 12.5}, {"timesteps", 500}}}}};
  auto [s1, r1] = Post("/v1/tasks/submit", submit.dump(), other);
  EXPECT_EQ(s1, 200);
  EXPECT_EQ(r1["accepted"], 0);
  EXPECT_EQ(r1["rejected"], 1);
  auto [s2, r2] = Post("/v1/tasks/submit", submit.dump(), token_);
  EXPECT_EQ(r2["accepted"], 1);
  auto [s3, r3] = Post("/v1/tasks/submit", submit.dump(), token_);  // a retry
  EXPECT_EQ(r3["accepted"], 0);
  EXPECT_EQ(r3["duplicates"], 1);
  EXPECT_EQ(r3["rejected"], 0);
  auto stats = Get("/v1/tasks/stats").second;
  EXPECT_EQ(stats["completed_tasks"], 1);
}

TEST_F(Api, TasksOfAFailedCycleAreNotHandedOut) {
  int64_t cycle = SeedTasks(2);
  ASSERT_TRUE(store_->FailCycle(cycle, "Cycle timed out waiting for tasks"));
  auto [status, body] = Post("/v1/tasks/fetch", R"({"engine": "MuJoCo 3.3.0"})", token_);
  EXPECT_EQ(status, 200);
  EXPECT_TRUE(body["tasks"].empty());
  EXPECT_EQ(body["total_pending"], 0);
}

TEST_F(Api, MalformedRequestsGetClear4xx) {
  SeedTasks(1);
  auto detail = [&](const std::string& path, const std::string& body) {
    auto [status, j] = Post(path, body, token_);
    return std::to_string(status) + " " + (j.is_object() ? j.value("detail", std::string()) : std::string());
  };
  EXPECT_EQ(detail("/v1/tasks/fetch", "not json"), "422 request body must be a JSON object");
  EXPECT_EQ(detail("/v1/tasks/fetch", R"({"batch_size": 0})"), "422 batch_size must be an integer 1..100");
  EXPECT_EQ(detail("/v1/tasks/fetch", R"({"batch_size": 101})"), "422 batch_size must be an integer 1..100");
  EXPECT_EQ(detail("/v1/tasks/fetch", R"({"env_ids": "metaworld/reach-v3"})").substr(0, 3), "422");
  EXPECT_EQ(detail("/v1/tasks/submit", R"({"results": [{"task_uuid": "x"}]})"), "422 results[0].success must be a boolean");
  EXPECT_EQ(detail("/v1/tasks/submit", R"({"results": [{"task_uuid": "x", "success": true, "timesteps": -1}]})"),
            "422 results[0].timesteps must be an integer 0..1000000");
  EXPECT_EQ(detail("/v1/tasks/submit", R"({"results": {}})"), "422 results must be a list of at most 1000 results");
  std::string huge = R"({"results": [], "pad": ")" + std::string(100 * 1024, 'x') + "\"}";
  EXPECT_EQ(Post("/v1/tasks/submit", huge, token_).first, 413);
  EXPECT_EQ(Get("/health").first, 200);  // still serving
}

TEST_F(Api, ScoresAndWeightsHaveTheReferenceShapes) {
  int64_t cycle = store_->CreateCycle(4521337, 2, kEngine);
  ASSERT_TRUE(store_->SetCycleMiners(cycle, 2));
  ASSERT_TRUE(store_->SaveScoresAndWeights(
      cycle, {{.uid = 0, .hotkey = "5A", .env_id = "metaworld/reach-v3", .success_rate = 0.9},
              {.uid = 1, .hotkey = "5B", .env_id = "metaworld/reach-v3", .success_rate = 0.5}},
      json{{"0", 0.75}, {"1", 0.25}}, json{{"uids", {0, 1}}, {"values", {49151, 16383}}}));
  ASSERT_TRUE(store_->CompleteCycle(cycle, 12.5));
  auto w = Get("/v1/weights/latest").second;
  EXPECT_EQ(w["cycle_id"], cycle);
  EXPECT_EQ(w["block_number"], 4521337);
  EXPECT_EQ(w["weights"]["0"], 0.75);
  EXPECT_EQ(w["weights_u16"]["values"][1], 16383);
  EXPECT_EQ(w["metadata"]["n_miners_evaluated"], 2);
  EXPECT_EQ(w["metadata"]["evaluation_duration_seconds"], 12.5);
  EXPECT_EQ(w["metadata"]["engine"], kEngine);
  EXPECT_EQ(Get("/v1/weights/4521337").second, w);
  EXPECT_EQ(Get("/v1/weights/1").first, 404);
  auto scores = Get("/v1/scores/latest").second;
  EXPECT_EQ(scores["cycle"]["status"], "completed");
  EXPECT_EQ(scores["cycle"].size(), 9u);  // error_message is never exposed
  EXPECT_EQ(scores["cycle"]["engine"], kEngine);
  EXPECT_EQ(scores["miner_summary"]["1"]["metaworld/reach-v3"], 0.5);
  auto miners = Get("/v1/miners").second;
  ASSERT_EQ(miners.size(), 2u);
  EXPECT_EQ(miners[0]["last_evaluated_block"], 4521337);
  auto status = Get("/v1/status").second;
  EXPECT_EQ(status["total_cycles"], 1);
  EXPECT_EQ(status["last_completed_cycle"]["engine"], kEngine);
  EXPECT_TRUE(status["current_cycle"].is_null());
}

// one cycle never mixes physics engines: work is refused whole (nothing claimed, nothing stored)
// unless the executor names the cycle's engine, and the refusal names both engines
TEST_F(Api, ExecutorsOnAnotherEngineAreRefused) {
  int64_t cycle = SeedTasks(2);
  EXPECT_EQ(Get("/v1/status").second["current_cycle"]["engine"], kEngine);
  auto detail = [&](const std::string& path, const json& body) {
    auto [status, j] = Post(path, body.dump(), token_);
    return std::to_string(status) + " " + (j.is_object() ? j.value("detail", std::string()) : std::string());
  };
  const std::string mismatch = "422 cycle " + std::to_string(cycle) +
                               " runs on MuJoCo 3.3.0, but this executor runs MuJoCo 2.2.2; one cycle never mixes "
                               "physics engines: use an executor built on MuJoCo 3.3.0";
  const std::string no_engine = "422 the request names no \"engine\": the executor's kinitro predates engine "
                                "recording; upgrade kinitro on the executor to a build on MuJoCo 3.3.0 (the engine "
                                "of cycle " + std::to_string(cycle) + ")";
  EXPECT_EQ(detail("/v1/tasks/fetch", {{"engine", "MuJoCo 2.2.2"}}), mismatch);
  EXPECT_EQ(detail("/v1/tasks/fetch", json::object()), no_engine);
  EXPECT_EQ(detail("/v1/tasks/fetch", {{"engine", 330}}).substr(0, 30), "422 engine must be a string of");
  EXPECT_EQ(store_->GetPoolStats(cycle).pending, 2) << "a refused fetch claims nothing";

  auto fetched = Post("/v1/tasks/fetch", json{{"engine", kEngine}}.dump(), token_).second;
  ASSERT_EQ(fetched["tasks"].size(), 2u);
  json results = json::array();
  for (const json& t : fetched["tasks"]) results.push_back({{"task_uuid", t["task_uuid"]}, {"success", true}});
  EXPECT_EQ(detail("/v1/tasks/submit", {{"engine", "MuJoCo 2.2.2"}, {"results", results}}), mismatch);
  EXPECT_EQ(detail("/v1/tasks/submit", {{"results", results}}), no_engine);
  EXPECT_EQ(detail("/v1/tasks/submit", {{"engine", ""}, {"results", results}}).substr(0, 30), "422 engine must be a string of");
  EXPECT_EQ(store_->GetPoolStats(cycle).completed, 0) << "a refused submit stores nothing";
  auto [status, body] = Post("/v1/tasks/submit", json{{"engine", kEngine}, {"results", results}}.dump(), token_);
  EXPECT_EQ(status, 200);
  EXPECT_EQ(body["accepted"], 2);
}

// a cycle created before engines were recorded cannot say which engine its results came from
TEST_F(Api, CyclesWithoutARecordedEngineGiveNoWork) {
  int64_t cycle = store_->CreateCycle(999, 2, std::nullopt);
  store_->InsertTasks({{.task_uuid = "00000000-0000-4000-8000-000000000000", .cycle_id = cycle, .miner_uid = 1,
                        .miner_hotkey = "5F", .miner_endpoint = "https://x.deployments.basilica.ai",
                        .env_id = "metaworld/reach-v3", .seed = 0}});
  EXPECT_TRUE(Get("/v1/status").second["current_cycle"]["engine"].is_null());
  auto [status, body] = Post("/v1/tasks/fetch", json{{"engine", kEngine}}.dump(), token_);
  EXPECT_EQ(status, 422);
  EXPECT_EQ(body["detail"], "cycle " + std::to_string(cycle) +
                                " has no engine recorded (it predates engine recording), so it accepts no work from "
                                "this executor on MuJoCo 3.3.0");
  EXPECT_EQ(store_->GetPoolStats(cycle).pending, 1);
}

}  // namespace
}  // namespace kinitro::backend
