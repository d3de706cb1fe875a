// Tests for backend/scheduler: seeds, aggregation, and one full cycle on SQLite with a test
// executor fetching and submitting through the real API, producing the expected weights.
#include "backend/scheduler/scheduler.h"

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "backend/api/api_server.h"
#include "backend/scheduler/seeds.h"
#include "scoring/scoring.h"

namespace kinitro::backend {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const std::string kSha = "0123456789abcdef0123456789abcdef01234567";
const std::vector<std::string> kEnvs = {"metaworld/reach-v3", "metaworld/push-v3"};
const std::string kEngine = "MuJoCo 3.3.0";  // what the test executors run on, as far as the API knows

std::string CommitmentFor(int uid) {
  char uuid[37];
  std::snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", uid);
  return json{{"m", "miner" + std::to_string(uid) + "/policy"}, {"r", kSha}, {"d", uuid}}.dump();
}

TEST(Seeds, ReproducibleFromCycleEnvAndEpisodeButSecret) {
  CycleKey k = DeriveCycleKey("operator-secret-0123456789", 7);
  EXPECT_EQ(EpisodeSeed(k, "metaworld/push-v3", 3), EpisodeSeed(DeriveCycleKey("operator-secret-0123456789", 7), "metaworld/push-v3", 3));
  EXPECT_NE(EpisodeSeed(k, "metaworld/push-v3", 3), EpisodeSeed(k, "metaworld/push-v3", 4));
  EXPECT_NE(EpisodeSeed(k, "metaworld/push-v3", 3), EpisodeSeed(k, "metaworld/reach-v3", 3));
  EXPECT_NE(EpisodeSeed(k, "metaworld/push-v3", 3), EpisodeSeed(DeriveCycleKey("operator-secret-0123456789", 8), "metaworld/push-v3", 3));
  EXPECT_NE(EpisodeSeed(k, "metaworld/push-v3", 3), EpisodeSeed(DeriveCycleKey("another-secret-0123456789", 7), "metaworld/push-v3", 3));
  for (int i = 0; i < 100; ++i) {
    int64_t s = EpisodeSeed(k, "metaworld/reach-v3", i);
    EXPECT_GE(s, 0);
    EXPECT_LE(s, 0x7FFFFFFF);
  }
  EXPECT_NE(RandomUuid(), RandomUuid());
  EXPECT_EQ(RandomUuid()[14], '4');
}

TEST(Aggregate, MeanOfResultsPerMinerAndEnv) {
  auto task = [](int uid, const std::string& env, bool success) {
    Task t;
    t.miner_uid = uid;
    t.env_id = env;
    t.result = TaskResult{.success = success, .total_reward = success ? 10.0 : 2.0};
    return t;
  };
  Aggregate a = AggregateResults({task(5, kEnvs[0], true), task(5, kEnvs[0], false), task(5, kEnvs[0], true),
                                  task(2, kEnvs[1], false)},
                                 kEnvs);
  EXPECT_EQ(a.uids, (std::vector<int>{2, 5}));
  EXPECT_EQ(a.rates[1][0], 2.0 / 3.0);
  EXPECT_EQ(a.rates[0][0], 0.0);  // no result: 0
  EXPECT_EQ(a.rows.size(), 2u);
}

class FullCycle : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kinitro-sched-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    store_ = OpenStore("sqlite://" + (dir_ / "k.db").string());
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  void WriteMiners(const json& miners) { std::ofstream(dir_ / "miners.json") << json{{"block", 4242}, {"miners", miners}}.dump(); }

  fs::path dir_;
  std::unique_ptr<Store> store_;
};

// the test executor's "episodes": miner 0 solves everything, miner 1 reach only, miner 2 nothing
bool Outcome(int uid, const std::string& env, int64_t seed) {
  if (uid == 0) return true;
  if (uid == 1) return env == "metaworld/reach-v3" || seed % 4 == 0;
  return false;
}

TEST_F(FullCycle, ResultsSubmittedThroughTheApiProduceTheExpectedWeights) {
  WriteMiners({{{"uid", 0}, {"hotkey", "5H0"}, {"commitment", CommitmentFor(0)}},
               {{"uid", 1}, {"hotkey", "5H1"}, {"commitment", CommitmentFor(1)}},
               {{"uid", 2}, {"hotkey", "5H2"}, {"commitment", CommitmentFor(2)}},
               {{"uid", 3}, {"hotkey", "5H3"}, {"commitment", R"({"m":"x/y","r":"main","d":"nope"})"}},
               {{"uid", 4}, {"hotkey", "5H4"}}});
  ApiServer api(*store_, {.env_ids = kEnvs, .lease = std::chrono::milliseconds(200)});
  int port = api.Bind("127.0.0.1", 0);
  std::thread serving([&] { api.Serve(); });

  JsonFileMinerSource source(dir_ / "miners.json");
  Scheduler scheduler(*store_, source,
                      {.env_ids = kEnvs, .episodes_per_env = 6, .poll = std::chrono::milliseconds(20),
                       .seed_secret = "test-secret-0123456789", .engine = kEngine});
  CycleReport report;
  std::thread cycle([&] { report = scheduler.RunCycle(); });

  // a lazy executor claims a batch and never reports: its leases expire and go back to the pool
  httplib::Client http("127.0.0.1", port);
  auto post = [&](const std::string& path, json body, const std::string& token) {
    body["engine"] = kEngine;
    auto res = http.Post(path.c_str(), httplib::Headers{{"Authorization", "Bearer " + token}}, body.dump(), "application/json");
    return res && res->status == 200 ? json::parse(res->body) : json();
  };
  std::string lazy = store_->CreateExecutorToken("lazy"), worker = store_->CreateExecutorToken("worker");
  json claimed;
  for (auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
       std::chrono::steady_clock::now() < deadline;) {
    claimed = post("/v1/tasks/fetch", {{"batch_size", 5}}, lazy);
    if (claimed.is_object() && !claimed["tasks"].empty()) break;  // the scheduler has inserted them
  }
  ASSERT_EQ(claimed["tasks"].size(), 5u);

  // a diligent executor does the rest, including the lazy one's tasks once reclaimed
  int submitted = 0;
  for (auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
       submitted < 36 && std::chrono::steady_clock::now() < deadline;) {
    json batch = post("/v1/tasks/fetch", {{"batch_size", 7}}, worker);
    json results = json::array();
    for (const json& t : batch["tasks"]) {
      results.push_back({{"task_uuid", t["task_uuid"]},
                         {"success", Outcome(t["miner_uid"], t["env_id"], t["seed"])},
                         {"timesteps", 500}});
    }
    if (!results.empty()) submitted += post("/v1/tasks/submit", {{"results", results}}, worker)["accepted"].get<int>();
  }
  cycle.join();
  ASSERT_TRUE(report.completed) << report.error;
  EXPECT_EQ(report.miners, 3);
  EXPECT_EQ(report.tasks, 3 * 2 * 6);
  EXPECT_EQ(report.skipped.size(), 2u);  // uid 3 invalid commitment, uid 4 none
  // the lazy executor's late reports are refused
  json late = {{"results", {{{"task_uuid", claimed["tasks"][0]["task_uuid"]}, {"success", true}}}}};
  EXPECT_EQ(post("/v1/tasks/submit", late, lazy)["accepted"], 0);

  // expected: the same seeds every miner got, the test's outcomes, the scoring library
  CycleKey key = DeriveCycleKey("test-secret-0123456789", report.cycle_id);
  scoring::Rates rates(3, std::vector<double>(2, 0.0));
  for (int uid = 0; uid < 3; ++uid) {
    for (size_t e = 0; e < kEnvs.size(); ++e) {
      int wins = 0;
      for (int ep = 0; ep < 6; ++ep) wins += Outcome(uid, kEnvs[e], EpisodeSeed(key, kEnvs[e], ep));
      rates[uid][e] = wins / 6.0;
    }
  }
  scoring::Scores expected = scoring::Score(rates, {.episodes_per_env = 6});
  auto res = http.Get("/v1/weights/latest");
  ASSERT_TRUE(res);
  json w = json::parse(res->body);
  EXPECT_EQ(w["block_number"], 4242);
  EXPECT_EQ(w["cycle_id"], report.cycle_id);
  for (int uid = 0; uid < 3; ++uid) {
    EXPECT_EQ(w["weights"][std::to_string(uid)].get<double>(), expected.weights[uid]) << uid;
    EXPECT_EQ(w["weights_u16"]["values"][uid].get<int>(), expected.u16[uid]) << uid;
  }
  auto scores = json::parse(http.Get("/v1/scores/latest")->body);
  EXPECT_EQ(scores["miner_summary"]["1"]["metaworld/reach-v3"], 1.0);
  EXPECT_EQ(scores["cycle"]["n_miners"], 3);
  EXPECT_EQ(scores["cycle"]["engine"], kEngine);
  api.Stop();
  serving.join();
}

TEST_F(FullCycle, NoValidMinersFailsTheCycleWithAReason) {
  WriteMiners({{{"uid", 0}, {"hotkey", "5H0"}, {"commitment", "garbage"}}});
  JsonFileMinerSource source(dir_ / "miners.json");
  Scheduler scheduler(*store_, source,
                      {.env_ids = kEnvs, .episodes_per_env = 2, .seed_secret = "test-secret-0123456789", .engine = kEngine});
  CycleReport r = scheduler.RunCycle();
  EXPECT_FALSE(r.completed);
  EXPECT_EQ(r.error, "No miners with commitments");
  auto c = store_->LatestCycle(std::nullopt);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->status, CycleStatus::kFailed);
  EXPECT_EQ(c->error_message, "No miners with commitments");
  EXPECT_EQ(c->engine, kEngine) << "every cycle records its engine, failed ones too";
}

TEST_F(FullCycle, AnEngineIsRequired) {
  JsonFileMinerSource source(dir_ / "miners.json");
  for (const std::string& engine : {std::string(), std::string(65, 'x')}) {
    try {
      Scheduler scheduler(*store_, source, {.env_ids = kEnvs, .seed_secret = "test-secret-0123456789", .engine = engine});
      ADD_FAILURE() << "accepted engine '" << engine << "'";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("engine cycles record must be 1-64 characters"), std::string::npos) << e.what();
    }
  }
}

TEST_F(FullCycle, CycleTimesOutWhenNobodyWorks) {
  WriteMiners({{{"uid", 0}, {"hotkey", "5H0"}, {"commitment", CommitmentFor(0)}}});
  JsonFileMinerSource source(dir_ / "miners.json");
  Scheduler scheduler(*store_, source,
                      {.env_ids = kEnvs, .episodes_per_env = 1, .cycle_timeout = std::chrono::milliseconds(100),
                       .poll = std::chrono::milliseconds(10), .seed_secret = "test-secret-0123456789", .engine = kEngine});
  CycleReport r = scheduler.RunCycle();
  EXPECT_FALSE(r.completed);
  EXPECT_EQ(r.error, "Cycle timed out waiting for tasks");
  EXPECT_FALSE(store_->LatestWeights());  // no weights from an unfinished cycle
}

TEST_F(FullCycle, BadMinerFileIsReportedNotFatal) {
  std::ofstream(dir_ / "miners.json") << R"({"miners": [{"uid": "zero"}]})";
  JsonFileMinerSource source(dir_ / "miners.json");
  Scheduler scheduler(*store_, source, {.env_ids = kEnvs, .seed_secret = "test-secret-0123456789", .engine = kEngine});
  CycleReport r = scheduler.RunCycle();
  EXPECT_FALSE(r.completed);
  EXPECT_NE(r.error.find("\"uid\" must be an integer"), std::string::npos) << r.error;
}

}  // namespace
}  // namespace kinitro::backend
