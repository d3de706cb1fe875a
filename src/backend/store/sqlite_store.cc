// The SQLite Store (sqlite_store.h): spec/backend.md §2 over one WAL file.
#include "backend/store/sqlite_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>

#include "backend/store/internal.h"
#include "backend/store/schema.h"

namespace kinitro::backend {
namespace {

using internal::FormatTimestamp;

constexpr int kBusyTimeoutMs = 30'000;
constexpr size_t kMaxIdleConnections = 16;

std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto p : parts) out += p;
  return out;
}

[[noreturn]] void Fail(sqlite3* db, const char* op) {
  throw std::runtime_error(std::string("sqlite store: ") + op + ": " + sqlite3_errmsg(db));
}

// One prepared statement borrowed from a connection's cache; reset and unbound on destruction.
// Also the row accessor the internal::*FromRow readers use.
class Stmt {
 public:
  Stmt(sqlite3* db, sqlite3_stmt* stmt, const char* op) : db_(db), stmt_(stmt), op_(op) {}
  Stmt(const Stmt&) = delete;
  ~Stmt() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  // binds arguments to ?1, ?2, ... in order
  template <typename... Args>
  Stmt& Bind(const Args&... args) {
    int i = 0;
    (BindOne(++i, args), ...);
    return *this;
  }

  // true: a row is available; false: done
  bool Step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    Fail(db_, op_);
  }
  // steps to completion; returns sqlite3_changes
  int Run() {
    while (Step()) {
    }
    return sqlite3_changes(db_);
  }

  bool IsNull(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }
  int64_t Int(int i) const { return sqlite3_column_int64(stmt_, i); }
  double Real(int i) const { return sqlite3_column_double(stmt_, i); }
  std::string Text(int i) const {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, i))) : std::string();
  }

 private:
  void Check(int rc) {
    if (rc != SQLITE_OK) Fail(db_, op_);
  }
  void BindOne(int i, int v) { Check(sqlite3_bind_int64(stmt_, i, v)); }
  void BindOne(int i, int64_t v) { Check(sqlite3_bind_int64(stmt_, i, v)); }
  void BindOne(int i, double v) { Check(sqlite3_bind_double(stmt_, i, v)); }
  void BindOne(int i, std::string_view v) {
    Check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  void BindOne(int i, const std::string& v) { BindOne(i, std::string_view(v)); }
  void BindOne(int i, const char* v) { BindOne(i, std::string_view(v)); }
  void BindOne(int i, std::nullptr_t) { Check(sqlite3_bind_null(stmt_, i)); }
  template <typename T>
  void BindOne(int i, const std::optional<T>& v) {
    if (v) {
      BindOne(i, *v);
    } else {
      BindOne(i, nullptr);
    }
  }

  sqlite3* db_;
  sqlite3_stmt* stmt_;
  const char* op_;
};

// One connection with its statement cache; used by one thread at a time (via the pool).
class Conn {
 public:
  explicit Conn(const std::string& path) {
    int rc = sqlite3_open_v2(path.c_str(), &db_,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close(db_);
      throw std::runtime_error("sqlite store: cannot open '" + path + "': " + msg);
    }
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    Exec("PRAGMA foreign_keys = ON", "open");
    Exec("PRAGMA synchronous = NORMAL", "open");  // durable in WAL mode except on power loss
  }
  Conn(const Conn&) = delete;
  ~Conn() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }

  Stmt Prepare(const std::string& sql, const char* op) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
      sqlite3_stmt* stmt = nullptr;
      if (sqlite3_prepare_v3(db_, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
        Fail(db_, op);
      }
      it = cache_.emplace(sql, stmt).first;
    }
    return Stmt(db_, it->second, op);
  }

  void Exec(std::string_view sql, const char* op) {
    std::string s(sql);
    if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) Fail(db_, op);
  }

  sqlite3* db() { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// BEGIN IMMEDIATE takes the write lock up front (waiting up to busy_timeout), so a transaction
// never fails half-way on lock upgrade; rolled back unless committed.
class Txn {
 public:
  Txn(Conn& conn, const char* op) : conn_(conn), op_(op) { conn_.Exec("BEGIN IMMEDIATE", op_); }
  Txn(const Txn&) = delete;
  ~Txn() {
    // destructors never throw: a failed rollback leaves nothing to undo
    if (!done_) sqlite3_exec(conn_.db(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void Commit() {
    conn_.Exec("COMMIT", op_);
    done_ = true;
  }

 private:
  Conn& conn_;
  const char* op_;
  bool done_ = false;
};

// JSON array text for `IN (SELECT value FROM json_each(?))`; nullopt for "no filter"
std::optional<std::string> JsonList(const std::vector<std::string>& values) {
  if (values.empty()) return std::nullopt;
  return nlohmann::json(values).dump();
}

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(std::string path)
      : path_(std::move(path)), pool_([p = path_] { return std::make_unique<Conn>(p); }, kMaxIdleConnections) {
    auto conn = pool_.Acquire();
    {
      // WAL is a property of the file; set once, kept by later connections
      auto mode = conn->Prepare("PRAGMA journal_mode = WAL", "open");
      if (!mode.Step() || mode.Text(0) != "wal") {
        throw std::runtime_error("sqlite store: cannot switch '" + path_ + "' to WAL mode");
      }
    }
    Migrate(*conn);
  }

  int64_t CreateCycle(int64_t block_number, int n_environments, const std::optional<std::string>& engine) override {
    auto conn = pool_.Acquire();
    auto s = conn->Prepare(
        "INSERT INTO evaluation_cycles (block_number, started_at, status, n_environments, engine)"
        " VALUES (?1, ?2, 'running', ?3, ?4) RETURNING id",
        "CreateCycle");
    s.Bind(block_number, Now(), n_environments, engine);
    if (!s.Step()) throw std::runtime_error("sqlite store: CreateCycle: no id returned");
    return s.Int(0);
  }

  Status SetCycleMiners(int64_t cycle_id, int n_miners) override {
    auto conn = pool_.Acquire();
    auto s = conn->Prepare("UPDATE evaluation_cycles SET n_miners = ?2 WHERE id = ?1", "SetCycleMiners");
    if (s.Bind(cycle_id, n_miners).Run() == 0) return internal::CycleNotRunning(cycle_id, std::nullopt);
    return Ok{};
  }

  Status CompleteCycle(int64_t cycle_id, double duration_s) override {
    auto conn = pool_.Acquire();
    int n = conn->Prepare(
                    "UPDATE evaluation_cycles SET status = 'completed', completed_at = ?2,"
                    " duration_seconds = ?3 WHERE id = ?1 AND status = 'running'",
                    "CompleteCycle")
                .Bind(cycle_id, Now(), duration_s)
                .Run();
    if (n == 0) return internal::CycleNotRunning(cycle_id, StatusOf(*conn, cycle_id));
    return Ok{};
  }

  Status FailCycle(int64_t cycle_id, const std::string& error_message) override {
    auto conn = pool_.Acquire();
    int n = conn->Prepare(
                    "UPDATE evaluation_cycles SET status = 'failed', completed_at = ?2,"
                    " error_message = ?3 WHERE id = ?1 AND status = 'running'",
                    "FailCycle")
                .Bind(cycle_id, Now(), error_message)
                .Run();
    if (n == 0) return internal::CycleNotRunning(cycle_id, StatusOf(*conn, cycle_id));
    return Ok{};
  }

  std::optional<Cycle> LatestCycle(std::optional<CycleStatus> status) override {
    auto conn = pool_.Acquire();
    auto s = conn->Prepare(Cat({"SELECT ", internal::kCycleColumns,
                                " FROM evaluation_cycles WHERE (?1 IS NULL OR status = ?1)"
                                " ORDER BY id DESC LIMIT 1"}),
                           "LatestCycle");
    std::optional<std::string_view> name;
    if (status) name = CycleStatusName(*status);
    s.Bind(name);
    if (!s.Step()) return std::nullopt;
    return internal::CycleFromRow(s);
  }

  std::optional<Cycle> RunningCycle() override { return LatestCycle(CycleStatus::kRunning); }

  std::optional<Cycle> GetCycle(int64_t cycle_id) override {
    auto conn = pool_.Acquire();
    auto s = conn->Prepare(Cat({"SELECT ", internal::kCycleColumns, " FROM evaluation_cycles WHERE id = ?1"}), "GetCycle");
    s.Bind(cycle_id);
    if (!s.Step()) return std::nullopt;
    return internal::CycleFromRow(s);
  }

  std::vector<Cycle> CyclesOfTasks(const std::vector<std::string>& task_uuids) override {
    std::vector<Cycle> cycles;
    if (task_uuids.empty()) return cycles;
    auto conn = pool_.Acquire();
    auto s = conn->Prepare(Cat({"SELECT ", internal::kCycleColumns,
                                " FROM evaluation_cycles WHERE id IN (SELECT cycle_id FROM task_pool"
                                " WHERE task_uuid IN (SELECT value FROM json_each(?1))) ORDER BY id"}),
                           "CyclesOfTasks");
    s.Bind(nlohmann::json(task_uuids).dump());
    while (s.Step()) cycles.push_back(internal::CycleFromRow(s));
    return cycles;
  }

  int64_t CountCycles() override {
    auto conn = pool_.Acquire();
    auto s = conn->Prepare("SELECT count(*) FROM evaluation_cycles", "CountCycles");
    s.Step();
    return s.Int(0);
  }

  int64_t CountScoredMiners() override {
    auto conn = pool_.Acquire();
    auto s = conn->Prepare("SELECT count(DISTINCT uid) FROM miner_scores", "CountScoredMiners");
    s.Step();
    return s.Int(0);
  }

  void InsertTasks(const std::vector<NewTask>& tasks) override {
    auto conn = pool_.Acquire();
    Txn txn(*conn, "InsertTasks");
    std::string now = Now();
    for (const auto& t : tasks) {
      conn->Prepare(
              "INSERT INTO task_pool (task_uuid, cycle_id, miner_uid, miner_hotkey, miner_endpoint,"
              " miner_repo, miner_revision, env_id, seed, created_at)"
              " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
              "InsertTasks")
          .Bind(t.task_uuid, t.cycle_id, t.miner_uid, t.miner_hotkey, t.miner_endpoint, t.miner_repo,
                t.miner_revision, t.env_id, t.seed, now)
          .Run();
    }
    txn.Commit();
  }

  std::vector<Task> ClaimTasks(const ClaimRequest& request) override {
    std::vector<Task> tasks;
    if (request.batch_size <= 0) return tasks;
    auto conn = pool_.Acquire();
    Txn txn(*conn, "ClaimTasks");
    auto now = std::chrono::system_clock::now();
    // pending tasks and expired leases (spec §8 #14), each branch walking its own index
    auto s = conn->Prepare(
        Cat({"UPDATE task_pool SET status = 'assigned', assigned_to = ?1, assigned_at = ?2,"
             " lease_expires_at = ?3, attempts = attempts + 1"
             " WHERE id IN (SELECT id FROM ("
             "  SELECT id FROM task_pool WHERE status = 'pending'"
             "   AND (?4 IS NULL OR env_id IN (SELECT value FROM json_each(?4)))"
             "   AND (?5 IS NULL OR cycle_id = ?5) ORDER BY id LIMIT ?6)"
             " UNION ALL SELECT id FROM ("
             "  SELECT id FROM task_pool WHERE status = 'assigned' AND lease_expires_at < ?2"
             "   AND (?4 IS NULL OR env_id IN (SELECT value FROM json_each(?4)))"
             "   AND (?5 IS NULL OR cycle_id = ?5) ORDER BY id LIMIT ?6)"
             " ORDER BY id LIMIT ?6)"
             " RETURNING ",
             internal::kTaskColumns}),
        "ClaimTasks");
    s.Bind(request.executor_id, FormatTimestamp(now), FormatTimestamp(now + request.lease),
           JsonList(request.env_ids), request.cycle_id, request.batch_size);
    while (s.Step()) tasks.push_back(internal::TaskFromRow(s));
    txn.Commit();
    std::sort(tasks.begin(), tasks.end(), [](const Task& a, const Task& b) { return a.id < b.id; });
    return tasks;
  }

  int RenewLeases(const std::string& executor_id, const std::vector<std::string>& task_uuids,
                  std::chrono::milliseconds lease) override {
    if (task_uuids.empty()) return 0;
    auto conn = pool_.Acquire();
    return conn
        ->Prepare(
            "UPDATE task_pool SET lease_expires_at = ?1 WHERE status = 'assigned' AND assigned_to = ?2"
            " AND task_uuid IN (SELECT value FROM json_each(?3))",
            "RenewLeases")
        .Bind(FormatTimestamp(std::chrono::system_clock::now() + lease), executor_id,
              nlohmann::json(task_uuids).dump())
        .Run();
  }

  std::vector<SubmitStatus> SubmitResults(const std::string& executor_id,
                                          const std::vector<TaskResult>& results) override {
    std::vector<SubmitStatus> out;
    out.reserve(results.size());
    auto conn = pool_.Acquire();
    Txn txn(*conn, "SubmitResults");
    std::string now = Now();
    for (const auto& r : results) {
      std::optional<internal::SubmitTarget> target;
      {
        auto s = conn->Prepare("SELECT status, assigned_to, result FROM task_pool WHERE task_uuid = ?1",
                               "SubmitResults");
        if (s.Bind(r.task_uuid).Step()) {
          target = internal::SubmitTarget{internal::TaskStatusFromName(s.Text(0)), internal::OptText(s, 1),
                                          std::nullopt};
          if (!s.IsNull(2)) target->result = nlohmann::json::parse(s.Text(2));
        }
      }
      out.push_back(internal::DecideSubmit(target, executor_id, r));
      if (out.back().outcome != SubmitOutcome::kAccepted) continue;
      conn->Prepare(
              "UPDATE task_pool SET status = ?2, completed_at = ?3, result = ?4, lease_expires_at = NULL"
              " WHERE task_uuid = ?1",
              "SubmitResults")
          .Bind(r.task_uuid, r.success ? "completed" : "failed", now, internal::ResultToJson(r).dump())
          .Run();
    }
    txn.Commit();
    return out;
  }

  int ReclaimExpired(TimePoint now) override {
    auto conn = pool_.Acquire();
    return conn
        ->Prepare(
            "UPDATE task_pool SET status = 'pending', assigned_to = NULL, assigned_at = NULL,"
            " lease_expires_at = NULL WHERE status = 'assigned' AND lease_expires_at < ?1",
            "ReclaimExpired")
        .Bind(FormatTimestamp(now))
        .Run();
  }

  int64_t CountOpenTasks(int64_t cycle_id) override {
    auto conn = pool_.Acquire();
    auto s = conn->Prepare(
        "SELECT count(*) FROM task_pool WHERE cycle_id = ?1 AND status IN ('pending', 'assigned')",
        "CountOpenTasks");
    s.Bind(cycle_id).Step();
    return s.Int(0);
  }

  std::vector<Task> CycleResults(int64_t cycle_id) override {
    auto conn = pool_.Acquire();
    auto s = conn->Prepare(Cat({"SELECT ", internal::kTaskColumns,
                                " FROM task_pool WHERE cycle_id = ?1 AND status IN ('completed', 'failed')"
                                " AND result IS NOT NULL ORDER BY id"}),
                           "CycleResults");
    s.Bind(cycle_id);
    std::vector<Task> tasks;
    while (s.Step()) tasks.push_back(internal::TaskFromRow(s));
    return tasks;
  }

  PoolStats GetPoolStats(std::optional<int64_t> cycle_id) override {
    auto conn = pool_.Acquire();
    PoolStats stats;
    {
      auto s = conn->Prepare(
          "SELECT status, count(*) FROM task_pool WHERE (?1 IS NULL OR cycle_id = ?1) GROUP BY status",
          "GetPoolStats");
      s.Bind(cycle_id);
      while (s.Step()) AddCount(stats, internal::TaskStatusFromName(s.Text(0)), s.Int(1));
    }
    auto s = conn->Prepare(
        "SELECT DISTINCT assigned_to FROM task_pool WHERE status = 'assigned' AND assigned_to IS NOT NULL"
        " AND (?1 IS NULL OR cycle_id = ?1) ORDER BY assigned_to",
        "GetPoolStats");
    s.Bind(cycle_id);
    while (s.Step()) stats.active_executors.push_back(s.Text(0));
    return stats;
  }

  Status SaveScoresAndWeights(int64_t cycle_id, const std::vector<ScoreRow>& scores,
                              const nlohmann::json& weights, const nlohmann::json& weights_u16) override {
    auto conn = pool_.Acquire();
    Txn txn(*conn, "SaveScoresAndWeights");
    int64_t block = 0;
    {
      auto s = conn->Prepare("SELECT block_number FROM evaluation_cycles WHERE id = ?1", "SaveScoresAndWeights");
      if (!s.Bind(cycle_id).Step()) return internal::CycleNotRunning(cycle_id, std::nullopt);
      block = s.Int(0);
    }
    for (const auto& r : scores) {
      conn->Prepare(
              "INSERT INTO miner_scores (cycle_id, uid, hotkey, env_id, success_rate, mean_reward,"
              " episodes_completed, episodes_failed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
              "SaveScoresAndWeights")
          .Bind(cycle_id, r.uid, r.hotkey, r.env_id, r.success_rate, r.mean_reward, r.episodes_completed,
                r.episodes_failed)
          .Run();
    }
    conn->Prepare(
            "INSERT INTO computed_weights (cycle_id, block_number, weights_json, weights_u16_json, created_at)"
            " VALUES (?1, ?2, ?3, ?4, ?5)",
            "SaveScoresAndWeights")
        .Bind(cycle_id, block, weights.dump(), weights_u16.dump(), Now())
        .Run();
    txn.Commit();
    return Ok{};
  }

  std::optional<WeightsRow> LatestWeights() override {
    auto conn = pool_.Acquire();
    auto s = conn->Prepare(Cat({"SELECT ", internal::kWeightsColumns,
                                " FROM computed_weights WHERE cycle_id IN"
                                " (SELECT id FROM evaluation_cycles WHERE status = 'completed')"
                                " ORDER BY block_number DESC, id DESC LIMIT 1"}),
                           "LatestWeights");
    if (!s.Step()) return std::nullopt;
    return internal::WeightsFromRow(s);
  }

  std::optional<WeightsRow> WeightsForBlock(int64_t block_number) override {
    auto conn = pool_.Acquire();
    auto s = conn->Prepare(Cat({"SELECT ", internal::kWeightsColumns,
                                " FROM computed_weights WHERE block_number = ?1 AND cycle_id IN"
                                " (SELECT id FROM evaluation_cycles WHERE status = 'completed')"
                                " ORDER BY id DESC LIMIT 1"}),
                           "WeightsForBlock");
    if (!s.Bind(block_number).Step()) return std::nullopt;
    return internal::WeightsFromRow(s);
  }

  std::vector<ScoreRow> Scores(int64_t cycle_id) override {
    auto conn = pool_.Acquire();
    auto s = conn->Prepare(Cat({"SELECT ", internal::kScoreColumns,
                                " FROM miner_scores WHERE cycle_id = ?1 ORDER BY uid, env_id"}),
                           "Scores");
    s.Bind(cycle_id);
    std::vector<ScoreRow> rows;
    while (s.Step()) rows.push_back(internal::ScoreFromRow(s));
    return rows;
  }

  std::string CreateExecutorToken(const std::string& executor_id) override {
    std::string token = internal::NewExecutorToken();
    auto conn = pool_.Acquire();
    conn->Prepare("INSERT INTO executor_tokens (token_sha256, executor_id, created_at) VALUES (?1, ?2, ?3)",
                  "CreateExecutorToken")
        .Bind(internal::Sha256Hex(token), executor_id, Now())
        .Run();
    return token;
  }

  Result<std::string> VerifyExecutorToken(const std::string& token) override {
    auto conn = pool_.Acquire();
    auto s = conn->Prepare(
        "SELECT executor_id FROM executor_tokens WHERE token_sha256 = ?1 AND revoked_at IS NULL",
        "VerifyExecutorToken");
    if (!s.Bind(internal::Sha256Hex(token)).Step()) {
      return Error{ErrorKind::kInvalidArgument, "unknown or revoked executor token"};
    }
    return s.Text(0);
  }

  int RevokeExecutorTokens(const std::string& executor_id) override {
    auto conn = pool_.Acquire();
    return conn
        ->Prepare("UPDATE executor_tokens SET revoked_at = ?2 WHERE executor_id = ?1 AND revoked_at IS NULL",
                  "RevokeExecutorTokens")
        .Bind(executor_id, Now())
        .Run();
  }

 private:
  static std::string Now() { return FormatTimestamp(std::chrono::system_clock::now()); }

  static void AddCount(PoolStats& stats, TaskStatus status, int64_t n) {
    stats.total += n;
    switch (status) {
      case TaskStatus::kPending: stats.pending += n; break;
      case TaskStatus::kAssigned: stats.assigned += n; break;
      case TaskStatus::kCompleted: stats.completed += n; break;
      case TaskStatus::kFailed: stats.failed += n; break;
    }
  }

  static std::optional<CycleStatus> StatusOf(Conn& conn, int64_t cycle_id) {
    auto s = conn.Prepare("SELECT status FROM evaluation_cycles WHERE id = ?1", "cycle status");
    if (!s.Bind(cycle_id).Step()) return std::nullopt;
    return internal::CycleStatusFromName(s.Text(0));
  }

  // applies each missing step once, in its own transaction (schema.h)
  void Migrate(Conn& conn) {
    for (const auto& step : internal::SqliteMigrations()) {
      Txn txn(conn, "migrate");
      conn.Exec(internal::kSqliteSchemaVersionTable, "migrate");
      int64_t current = 0;
      {
        auto s = conn.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version", "migrate");
        s.Step();
        current = s.Int(0);
      }
      if (current > internal::kSchemaVersion) {
        throw std::runtime_error("sqlite store '" + path_ + "': database schema version " +
                                 std::to_string(current) + " is newer than this kinitro supports (" +
                                 std::to_string(internal::kSchemaVersion) +
                                 "); upgrade kinitro or use another database");
      }
      if (step.version <= current) continue;
      for (auto sql : step.statements) conn.Exec(sql, "migrate");
      conn.Prepare("INSERT INTO schema_version (version, description, applied_at) VALUES (?1, ?2, ?3)",
                   "migrate")
          .Bind(step.version, step.description, Now())
          .Run();
      txn.Commit();
    }
  }

  std::string path_;
  internal::Pool<Conn> pool_;
};

}  // namespace

std::unique_ptr<Store> OpenSqliteStore(const std::string& path) {
  return std::make_unique<SqliteStore>(path);
}

}  // namespace kinitro::backend
