// Tests for backend/store/store.h: one contract suite run against the SQLite store (temp dir) and
// the PostgreSQL store (a fresh database per test on KINITRO_TEST_POSTGRES_URL).
#include "backend/store/store.h"

#include <gtest/gtest.h>
#include <openssl/sha.h>
#include <pqxx/pqxx>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "backend/store/schema.h"  // the released migration steps, to build an old database

namespace kinitro::backend {
namespace {

using namespace std::chrono_literals;

constexpr const char* kEngine = "MuJoCo 3.3.0";  // any name: the store only records it

// A uniquely named database on the test server, created through the maintenance DB and dropped
// (with its sessions) afterwards, so tests are independent.
class ScratchPostgresDb {
 public:
  explicit ScratchPostgresDb(const std::string& server_url) {
    static std::atomic<int> counter{0};
    std::random_device rd;
    name_ = "kinitro_t_" + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
            std::to_string(rd() % 1000000);
    // replace the database part of the URL (keep any ?query)
    auto scheme_end = server_url.find("://");
    auto slash = server_url.find('/', scheme_end + 3);
    auto query = server_url.find('?', scheme_end + 3);
    std::string base = server_url.substr(0, std::min(slash, query));
    std::string tail = query == std::string::npos ? "" : server_url.substr(query);
    maintenance_url_ = base + "/postgres" + tail;
    url_ = base + "/" + name_ + tail;
    Exec("CREATE DATABASE ");
  }
  ~ScratchPostgresDb() {
    try {
      Exec("DROP DATABASE IF EXISTS ", " WITH (FORCE)");
    } catch (const std::exception& e) {
      std::fprintf(stderr, "warning: could not drop test database %s: %s\n", name_.c_str(), e.what());
    }
  }
  const std::string& url() const { return url_; }

 private:
  void Exec(const std::string& head, const std::string& tail = "") {
    pqxx::connection c(maintenance_url_);
    pqxx::nontransaction n(c);
    n.exec(head + n.quote_name(name_) + tail);  // an identifier we generated, quoted
  }
  std::string name_, maintenance_url_, url_;
};

std::string Sha256Hex(const std::string& s) {
  unsigned char d[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(s.data()), s.size(), d);
  std::string out;
  char buf[3];
  for (unsigned char b : d) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    out += buf;
  }
  return out;
}

std::vector<NewTask> MakeTasks(int64_t cycle_id, int n, const std::string& env_id = "metaworld/push-v3",
                               int first = 0) {
  std::vector<NewTask> tasks;
  for (int i = first; i < first + n; ++i) {
    char uuid[40];
    std::snprintf(uuid, sizeof uuid, "%08lld-0000-4000-8000-%012d", static_cast<long long>(cycle_id), i);
    tasks.push_back(NewTask{.task_uuid = uuid, .cycle_id = cycle_id, .miner_uid = i % 5,
                            .miner_hotkey = "5Fhotkey" + std::to_string(i % 5),
                            .miner_endpoint = "http://127.0.0.1:9/" + std::to_string(i % 5),
                            .miner_repo = i % 2 ? std::optional<std::string>("user/policy") : std::nullopt,
                            .miner_revision = std::nullopt, .env_id = env_id, .seed = 1000 + i});
  }
  return tasks;
}

TaskResult ResultFor(const Task& t, bool success, double score = 1.0) {
  return TaskResult{.task_uuid = t.task_uuid, .success = success, .score = score, .total_reward = 12.5,
                    .timesteps = 500, .error = success ? std::nullopt : std::optional<std::string>("timeout")};
}

std::vector<std::string> Uuids(const std::vector<Task>& tasks) {
  std::vector<std::string> out;
  for (const auto& t : tasks) out.push_back(t.task_uuid);
  return out;
}

ClaimRequest Claim(const std::string& executor, int batch, std::chrono::milliseconds lease = 60s) {
  return ClaimRequest{.executor_id = executor, .batch_size = batch, .env_ids = {}, .lease = lease};
}

class StoreContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      const char* url = std::getenv("KINITRO_TEST_POSTGRES_URL");
      if (url == nullptr || *url == '\0') {
        const char* skip = std::getenv("KINITRO_SKIP_POSTGRES");
        if (skip != nullptr && std::string(skip) == "1") GTEST_SKIP() << "KINITRO_SKIP_POSTGRES=1";
        FAIL() << "KINITRO_TEST_POSTGRES_URL is not set. Start a test server with\n"
                  "  eval \"$(scripts/start-test-postgres)\"\n"
                  "(or set KINITRO_SKIP_POSTGRES=1 to skip the PostgreSQL store tests)";
      }
      pg_server_url_ = url;
    }
    FreshDatabase();
    store_ = OpenStore(url_);
  }

  void TearDown() override {
    store_.reset();
    pg_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  // closes the store and points url_ at a new, empty database (nothing created in it yet)
  void FreshDatabase() {
    store_.reset();
    if (GetParam() == "postgres") {
      pg_.reset();
      pg_ = std::make_unique<ScratchPostgresDb>(pg_server_url_);
      url_ = pg_->url();
      return;
    }
    static std::atomic<int> counter{0};
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
    dir_ = std::filesystem::temp_directory_path() /
           ("kinitro_store_test_" + std::to_string(getpid()) + "_" + std::to_string(counter++));
    std::filesystem::create_directories(dir_);
    url_ = "sqlite://" + (dir_ / "store.db").string();
  }

  // raw SQL outside the Store, for what the interface deliberately does not expose
  std::vector<std::string> RawColumn(const std::string& sql) {
    std::vector<std::string> out;
    if (pg_) {
      pqxx::connection c(url_);
      pqxx::nontransaction n(c);
      for (const auto& row : n.exec(sql)) out.push_back(row[0].is_null() ? "" : row[0].c_str());
      return out;
    }
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open((dir_ / "store.db").c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 10000);
    auto cb = [](void* v, int, char** cols, char**) {
      static_cast<std::vector<std::string>*>(v)->push_back(cols[0] ? cols[0] : "");
      return 0;
    };
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), cb, &out, &err);
    std::string msg = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    if (rc != SQLITE_OK) throw std::runtime_error(msg);
    return out;
  }

  int64_t NewCycleWithTasks(int n, int64_t block = 100) {
    int64_t id = store_->CreateCycle(block, 8, kEngine);
    store_->InsertTasks(MakeTasks(id, n));
    return id;
  }

  std::string url_, pg_server_url_;
  std::filesystem::path dir_;
  std::unique_ptr<ScratchPostgresDb> pg_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreContract, CycleLifecycle) {
  EXPECT_FALSE(store_->RunningCycle());
  int64_t id = store_->CreateCycle(4242, 8, kEngine);
  auto running = store_->RunningCycle();
  ASSERT_TRUE(running);
  EXPECT_EQ(running->id, id);
  EXPECT_EQ(running->status, CycleStatus::kRunning);
  EXPECT_EQ(running->block_number, 4242);
  EXPECT_EQ(running->n_environments, 8);
  EXPECT_EQ(running->engine, kEngine);
  EXPECT_FALSE(running->n_miners);
  EXPECT_LE(running->started_at, std::chrono::system_clock::now());

  ASSERT_TRUE(store_->SetCycleMiners(id, 3).ok());
  EXPECT_EQ(store_->RunningCycle()->n_miners, 3);
  EXPECT_FALSE(store_->LatestCycle(CycleStatus::kCompleted));

  ASSERT_TRUE(store_->CompleteCycle(id, 12.5).ok());
  auto completed = store_->LatestCycle(CycleStatus::kCompleted);
  ASSERT_TRUE(completed);
  EXPECT_EQ(completed->id, id);
  EXPECT_EQ(completed->duration_s, 12.5);
  ASSERT_TRUE(completed->completed_at);
  EXPECT_GE(*completed->completed_at, completed->started_at);
  EXPECT_FALSE(store_->RunningCycle());
  // terminal: a second transition is refused and says why
  auto again = store_->CompleteCycle(id, 1.0);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message.find("completed, not running"), std::string::npos) << again.error().message;

  int64_t second = store_->CreateCycle(4300, 8, kEngine);
  EXPECT_GT(second, id);
  ASSERT_TRUE(store_->FailCycle(second, "No miners with commitments").ok());
  auto latest = store_->LatestCycle(std::nullopt);
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->id, second);
  EXPECT_EQ(latest->status, CycleStatus::kFailed);
  EXPECT_EQ(latest->error_message, "No miners with commitments");
  EXPECT_FALSE(latest->duration_s);

  EXPECT_FALSE(store_->SetCycleMiners(999999, 1).ok());
  auto missing = store_->CompleteCycle(999999, 1.0);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("no cycle with id 999999"), std::string::npos);
}

TEST_P(StoreContract, BulkInsertIsAllOrNothing) {
  int64_t cycle = NewCycleWithTasks(500);
  auto stats = store_->GetPoolStats(cycle);
  EXPECT_EQ(stats.total, 500);
  EXPECT_EQ(stats.pending, 500);
  EXPECT_EQ(store_->CountOpenTasks(cycle), 500);

  // the last task repeats a uuid already stored: the whole batch is rolled back
  auto batch = MakeTasks(cycle, 10, "metaworld/push-v3", 500);
  batch.push_back(MakeTasks(cycle, 1)[0]);
  EXPECT_THROW(store_->InsertTasks(batch), std::runtime_error);
  EXPECT_EQ(store_->GetPoolStats(std::nullopt).total, 500);

  auto tasks = store_->ClaimTasks(Claim("exec-a", 2));
  ASSERT_EQ(tasks.size(), 2u);
  const auto expected = MakeTasks(cycle, 2);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(tasks[i].task_uuid, expected[i].task_uuid);  // FIFO by id
    EXPECT_EQ(tasks[i].miner_endpoint, expected[i].miner_endpoint);
    EXPECT_EQ(tasks[i].miner_repo, expected[i].miner_repo);
    EXPECT_EQ(tasks[i].seed, expected[i].seed);
    EXPECT_EQ(tasks[i].status, TaskStatus::kAssigned);
    EXPECT_EQ(tasks[i].assigned_to, "exec-a");
    EXPECT_EQ(tasks[i].attempts, 1);
    ASSERT_TRUE(tasks[i].lease_expires_at && tasks[i].assigned_at);
    EXPECT_EQ(*tasks[i].lease_expires_at - *tasks[i].assigned_at, std::chrono::microseconds(60s));
  }
}

TEST_P(StoreContract, ConcurrentClaimersGetEveryTaskExactlyOnce) {
  constexpr int kTasks = 600;
  constexpr int kThreads = 8;
  int64_t cycle = NewCycleWithTasks(kTasks);
  std::vector<std::vector<std::string>> claimed(kThreads);
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      try {
        auto store = OpenStore(url_);  // its own handle and connections
        for (;;) {
          auto batch = store->ClaimTasks(Claim("exec-" + std::to_string(i), 7));
          if (batch.empty()) break;
          for (const auto& t : batch) claimed[i].push_back(t.task_uuid);
        }
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> all;
  size_t total = 0;
  for (int i = 0; i < kThreads; ++i) {
    EXPECT_EQ(errors[i], "") << "claimer " << i;
    total += claimed[i].size();
    all.insert(claimed[i].begin(), claimed[i].end());
  }
  EXPECT_EQ(total, static_cast<size_t>(kTasks)) << "a task was handed out twice";
  EXPECT_EQ(all.size(), static_cast<size_t>(kTasks)) << "some task was never handed out";
  auto stats = store_->GetPoolStats(cycle);
  EXPECT_EQ(stats.assigned, kTasks);
}

TEST_P(StoreContract, ReclaimedLeaseGoesToAnotherExecutorAndOldHolderIsRejected) {
  int64_t cycle = NewCycleWithTasks(3);
  auto a = store_->ClaimTasks(Claim("exec-a", 10, 60s));
  ASSERT_EQ(a.size(), 3u);
  EXPECT_TRUE(store_->ClaimTasks(Claim("exec-b", 10)).empty());
  EXPECT_EQ(store_->ReclaimExpired(std::chrono::system_clock::now()), 0) << "leases still valid";
  EXPECT_EQ(store_->ReclaimExpired(std::chrono::system_clock::now() + 2min), 3);
  EXPECT_EQ(store_->GetPoolStats(cycle).pending, 3);

  auto b = store_->ClaimTasks(Claim("exec-b", 10));
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[0].attempts, 2);
  auto late = store_->SubmitResults("exec-a", {ResultFor(a[0], true)});
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].outcome, SubmitOutcome::kRejected);
  EXPECT_EQ(late[0].reason.find("exec-b"), std::string::npos) << "never names another executor";
  EXPECT_EQ(store_->SubmitResults("exec-b", {ResultFor(b[0], true)})[0].outcome, SubmitOutcome::kAccepted);
}

TEST_P(StoreContract, ClaimTakesExpiredLeasesWithoutReclaim) {
  NewCycleWithTasks(1);
  auto a = store_->ClaimTasks(Claim("exec-a", 1, 1ms));
  ASSERT_EQ(a.size(), 1u);
  // wait (with a deadline) until the 1 ms lease has passed and exec-b can take the task
  std::vector<Task> b;
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (b.empty() && std::chrono::steady_clock::now() < deadline) b = store_->ClaimTasks(Claim("exec-b", 1));
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].task_uuid, a[0].task_uuid);
  EXPECT_EQ(b[0].assigned_to, "exec-b");
  EXPECT_EQ(b[0].attempts, 2);
  auto stale = store_->SubmitResults("exec-a", {ResultFor(a[0], true)});
  EXPECT_EQ(stale[0].outcome, SubmitOutcome::kRejected);
  EXPECT_EQ(stale[0].reason, "task is leased to another executor");
}

TEST_P(StoreContract, RenewExtendsOnlyOwnLeases) {
  NewCycleWithTasks(4);
  auto a = store_->ClaimTasks(Claim("exec-a", 2, 60s));
  auto b = store_->ClaimTasks(Claim("exec-b", 2, 60s));
  ASSERT_EQ(a.size(), 2u);
  ASSERT_EQ(b.size(), 2u);
  std::vector<std::string> all = Uuids(a);
  for (const auto& u : Uuids(b)) all.push_back(u);
  all.push_back("00000000-0000-4000-8000-999999999999");  // unknown: ignored
  EXPECT_EQ(store_->RenewLeases("exec-a", all, 1h), 2);
  // 30 min from now only exec-b's 60 s leases have expired
  EXPECT_EQ(store_->ReclaimExpired(std::chrono::system_clock::now() + 30min), 2);
  auto again = store_->ClaimTasks(Claim("exec-c", 10));
  EXPECT_EQ(Uuids(again), Uuids(b));
  EXPECT_EQ(store_->SubmitResults("exec-a", {ResultFor(a[0], true)})[0].outcome, SubmitOutcome::kAccepted);
  EXPECT_EQ(store_->RenewLeases("exec-a", Uuids(a), 1h), 1) << "a completed task has no lease to renew";
}

TEST_P(StoreContract, SubmitIsIdempotent) {
  int64_t cycle = NewCycleWithTasks(3);
  auto tasks = store_->ClaimTasks(Claim("exec-a", 2));
  ASSERT_EQ(tasks.size(), 2u);
  std::vector<TaskResult> results = {ResultFor(tasks[0], true, 0.75), ResultFor(tasks[1], false, 0.1)};
  auto first = store_->SubmitResults("exec-a", results);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].outcome, SubmitOutcome::kAccepted);
  EXPECT_EQ(first[1].outcome, SubmitOutcome::kAccepted);
  // a retry of the same request (e.g. the response was lost) changes nothing
  auto retry = store_->SubmitResults("exec-a", results);
  EXPECT_EQ(retry[0].outcome, SubmitOutcome::kDuplicate);
  EXPECT_EQ(retry[1].outcome, SubmitOutcome::kDuplicate);
  auto stats = store_->GetPoolStats(cycle);
  EXPECT_EQ(stats.completed, 1);
  EXPECT_EQ(stats.failed, 1);
  EXPECT_EQ(stats.pending, 1);
  EXPECT_EQ(stats.assigned, 0);
  EXPECT_TRUE(stats.active_executors.empty());
  // the same task with a different result is not a retry
  auto changed = store_->SubmitResults("exec-a", {ResultFor(tasks[1], true)});
  EXPECT_EQ(changed[0].outcome, SubmitOutcome::kRejected);

  auto rows = store_->CycleResults(cycle);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].status, TaskStatus::kCompleted);
  ASSERT_TRUE(rows[0].result);
  EXPECT_EQ(*rows[0].result, results[0]);
  EXPECT_EQ(rows[1].status, TaskStatus::kFailed);
  EXPECT_EQ(*rows[1].result, results[1]);
  EXPECT_TRUE(rows[1].completed_at);
  EXPECT_EQ(store_->CountOpenTasks(cycle), 1);
}

TEST_P(StoreContract, SubmitFromAnotherExecutorIsRejected) {
  int64_t cycle = NewCycleWithTasks(2);
  auto tasks = store_->ClaimTasks(Claim("exec-a", 1));
  ASSERT_EQ(tasks.size(), 1u);
  auto pending = MakeTasks(cycle, 2)[1];
  auto out = store_->SubmitResults(
      "exec-b", {ResultFor(tasks[0], true),
                 TaskResult{.task_uuid = pending.task_uuid, .success = true},
                 TaskResult{.task_uuid = "no-such-task", .success = true}});
  ASSERT_EQ(out.size(), 3u);
  for (const auto& s : out) EXPECT_EQ(s.outcome, SubmitOutcome::kRejected) << s.task_uuid;
  EXPECT_EQ(out[0].reason, "task is leased to another executor");
  EXPECT_EQ(out[1].reason, "task is not leased to this executor (lease expired or never claimed)");
  EXPECT_EQ(out[2].reason, "unknown task");
  EXPECT_EQ(store_->GetPoolStats(cycle).assigned, 1);
  EXPECT_EQ(store_->SubmitResults("exec-a", {ResultFor(tasks[0], true)})[0].outcome, SubmitOutcome::kAccepted);
  EXPECT_EQ(store_->SubmitResults("exec-b", {ResultFor(tasks[0], true)})[0].reason,
            "task was already completed by another executor");
}

TEST_P(StoreContract, ClaimFiltersByEnvAndCycle) {
  int64_t first = store_->CreateCycle(100, 2, kEngine);
  store_->InsertTasks(MakeTasks(first, 4, "metaworld/push-v3"));
  store_->InsertTasks(MakeTasks(first, 4, "metaworld/reach-v3", 100));
  int64_t second = store_->CreateCycle(200, 2, kEngine);
  store_->InsertTasks(MakeTasks(second, 3, "metaworld/reach-v3"));

  auto req = Claim("exec-a", 100);
  req.env_ids = {"metaworld/reach-v3"};
  req.cycle_id = second;
  auto tasks = store_->ClaimTasks(req);
  ASSERT_EQ(tasks.size(), 3u);
  for (const auto& t : tasks) EXPECT_EQ(t.cycle_id, second);

  req.cycle_id.reset();
  tasks = store_->ClaimTasks(req);
  ASSERT_EQ(tasks.size(), 4u);
  for (const auto& t : tasks) EXPECT_EQ(t.env_id, "metaworld/reach-v3");

  req.env_ids = {"metaworld/door-open-v3"};
  EXPECT_TRUE(store_->ClaimTasks(req).empty());
  EXPECT_EQ(store_->ClaimTasks(Claim("exec-a", 100)).size(), 4u) << "no filter: the push tasks";
  EXPECT_EQ(store_->ClaimTasks(Claim("exec-a", 0)).size(), 0u);
}

TEST_P(StoreContract, ScoresAndWeightsRoundTrip) {
  int64_t cycle = store_->CreateCycle(1234, 2, kEngine);
  std::vector<ScoreRow> scores = {
      {.uid = 7, .hotkey = "5Fseven", .env_id = "metaworld/reach-v3", .success_rate = 0.5,
       .episodes_completed = 50},
      {.uid = 3, .hotkey = "unknown", .env_id = "metaworld/push-v3", .success_rate = 0.30000000000000004},
      {.uid = 3, .hotkey = "unknown", .env_id = "metaworld/reach-v3", .success_rate = 1.0},
  };
  nlohmann::json weights = {{"3", 0.25}, {"7", 0.75}};
  nlohmann::json u16 = {{"uids", {7, 3}}, {"values", {65535, 21845}}};
  ASSERT_TRUE(store_->SaveScoresAndWeights(cycle, scores, weights, u16).ok());
  EXPECT_FALSE(store_->LatestWeights()) << "weights are served only for completed cycles";
  ASSERT_TRUE(store_->CompleteCycle(cycle, 3.0).ok());

  auto latest = store_->LatestWeights();
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->cycle_id, cycle);
  EXPECT_EQ(latest->block_number, 1234);
  EXPECT_EQ(latest->weights, weights);
  EXPECT_EQ(latest->weights_u16, u16);
  auto by_block = store_->WeightsForBlock(1234);
  ASSERT_TRUE(by_block);
  EXPECT_EQ(by_block->id, latest->id);
  EXPECT_FALSE(store_->WeightsForBlock(999));

  auto rows = store_->Scores(cycle);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].uid, 3);  // sorted by (uid, env_id)
  EXPECT_EQ(rows[0].env_id, "metaworld/push-v3");
  EXPECT_EQ(rows[0].success_rate, 0.30000000000000004) << "doubles round-trip exactly";
  EXPECT_EQ(rows[2].uid, 7);
  EXPECT_EQ(rows[2].episodes_completed, 50);
  EXPECT_TRUE(store_->Scores(cycle + 1).empty());

  // a newer block wins; an empty cycle stores empty weights (spec §2.4)
  int64_t next = store_->CreateCycle(1300, 2, kEngine);
  ASSERT_TRUE(store_->SaveScoresAndWeights(next, {}, nlohmann::json::object(),
                                           {{"uids", nlohmann::json::array()}, {"values", nlohmann::json::array()}})
                  .ok());
  ASSERT_TRUE(store_->CompleteCycle(next, 1.0).ok());
  EXPECT_EQ(store_->LatestWeights()->cycle_id, next);
  EXPECT_EQ(store_->LatestWeights()->weights, nlohmann::json::object());
  EXPECT_FALSE(store_->SaveScoresAndWeights(999999, scores, weights, u16).ok());
}

TEST_P(StoreContract, MigrationsAreIdempotentAndNewerSchemaIsRefused) {
  int64_t cycle = store_->CreateCycle(5, 1, kEngine);
  auto again = OpenStore(url_);  // migrations already applied: nothing to do, data intact
  ASSERT_TRUE(again->LatestCycle(std::nullopt));
  EXPECT_EQ(again->LatestCycle(std::nullopt)->id, cycle);
  EXPECT_EQ(RawColumn("SELECT version FROM schema_version ORDER BY version"),
            (std::vector<std::string>{"1", "2", "3"}));

  RawColumn("INSERT INTO schema_version (version, description) VALUES (99, 'from the future')");
  try {
    OpenStore(url_);
    FAIL() << "opened a database with a newer schema";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("schema version 99 is newer than this kinitro supports (3)"),
              std::string::npos)
        << e.what();
  }
}

// the executors' engine check reads these (backend/api): one entry per cycle, with its engine
TEST_P(StoreContract, CyclesOfTasksNameEachCycleOnceWithItsEngine) {
  int64_t first = store_->CreateCycle(100, 1, kEngine);
  int64_t second = store_->CreateCycle(200, 1, "MuJoCo 2.2.2");
  auto a = MakeTasks(first, 2), b = MakeTasks(second, 1);
  store_->InsertTasks(a);
  store_->InsertTasks(b);
  auto cycles = store_->CyclesOfTasks({b[0].task_uuid, a[1].task_uuid, a[0].task_uuid, "no-such-task"});
  ASSERT_EQ(cycles.size(), 2u);
  EXPECT_EQ(cycles[0].id, first);
  EXPECT_EQ(cycles[0].engine, kEngine);
  EXPECT_EQ(cycles[1].id, second);
  EXPECT_EQ(cycles[1].engine, "MuJoCo 2.2.2");
  EXPECT_TRUE(store_->CyclesOfTasks({"no-such-task"}).empty());
  EXPECT_TRUE(store_->CyclesOfTasks({}).empty());
}

// a database an earlier kinitro left at schema 2 (steps 1 and 2 as released, a running cycle with a
// task) gains the engine column when opened: its cycle records no engine, its data stays usable
TEST_P(StoreContract, DatabaseAtSchemaTwoMigratesKeepingItsData) {
  FreshDatabase();
  RawColumn(std::string(pg_ ? internal::kPostgresSchemaVersionTable : internal::kSqliteSchemaVersionTable));
  for (const internal::Migration& step : pg_ ? internal::PostgresMigrations() : internal::SqliteMigrations()) {
    if (step.version > 2) break;
    for (std::string_view sql : step.statements) RawColumn(std::string(sql));
    RawColumn("INSERT INTO schema_version (version, description) VALUES (" + std::to_string(step.version) + ", 'old')");
  }
  RawColumn("INSERT INTO evaluation_cycles (block_number, status, n_environments) VALUES (77, 'running', 1)");
  int64_t old_cycle = std::stoll(RawColumn("SELECT id FROM evaluation_cycles").at(0));
  const std::string uuid = "00000000-0000-4000-8000-000000000001";
  RawColumn("INSERT INTO task_pool (task_uuid, cycle_id, miner_uid, miner_hotkey, miner_endpoint, env_id, seed)"
            " VALUES ('" + uuid + "', " + std::to_string(old_cycle) + ", 0, '5F', 'http://127.0.0.1:9', 'metaworld/push-v3', 5)");

  store_ = OpenStore(url_);
  EXPECT_EQ(RawColumn("SELECT version FROM schema_version ORDER BY version"),
            (std::vector<std::string>{"1", "2", "3"}));
  auto old = store_->GetCycle(old_cycle);
  ASSERT_TRUE(old);
  EXPECT_EQ(old->block_number, 77);
  EXPECT_EQ(old->status, CycleStatus::kRunning);
  EXPECT_FALSE(old->engine) << "an old cycle's engine is unknown, not guessed";
  auto cycles = store_->CyclesOfTasks({uuid});
  ASSERT_EQ(cycles.size(), 1u);
  EXPECT_EQ(cycles[0].id, old_cycle);
  auto claimed = store_->ClaimTasks(Claim("exec-a", 10));
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].task_uuid, uuid);
  EXPECT_EQ(claimed[0].seed, 5);
  int64_t next = store_->CreateCycle(78, 1, kEngine);
  EXPECT_EQ(store_->GetCycle(next)->engine, kEngine);
}

TEST_P(StoreContract, ExecutorTokens) {
  std::string token = store_->CreateExecutorToken("exec-a");
  EXPECT_EQ(token.rfind("kxt_", 0), 0u);
  EXPECT_EQ(token.size(), 4u + 64u);
  auto ok = store_->VerifyExecutorToken(token);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, "exec-a");
  EXPECT_NE(store_->CreateExecutorToken("exec-a"), token) << "tokens are random";

  auto wrong = store_->VerifyExecutorToken(token.substr(0, token.size() - 1) + "x");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().message, "unknown or revoked executor token");

  // only the SHA-256 is stored
  auto stored = RawColumn("SELECT token_sha256 FROM executor_tokens ORDER BY created_at");
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0], Sha256Hex(token));
  EXPECT_TRUE(RawColumn("SELECT executor_id FROM executor_tokens WHERE token_sha256 = '" + token + "'").empty());

  EXPECT_EQ(store_->RevokeExecutorTokens("exec-a"), 2);
  EXPECT_FALSE(store_->VerifyExecutorToken(token).ok());
  EXPECT_EQ(store_->RevokeExecutorTokens("exec-a"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

TEST(OpenStore, RejectsUnknownUrlsListingTheAcceptedForms) {
  for (const std::string url : {"mysql://x/y", "", "sqlite://"}) {
    try {
      OpenStore(url);
      ADD_FAILURE() << "accepted '" << url << "'";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("postgresql://user:pass@host:port/db"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace kinitro::backend
