// The PostgreSQL Store (postgres_store.h): spec/backend.md §2 over libpqxx.
#include "backend/store/postgres_store.h"

#include <pqxx/pqxx>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

#include "backend/store/internal.h"
#include "backend/store/schema.h"

namespace kinitro::backend {
namespace {

using internal::FormatTimestamp;

constexpr size_t kMaxIdleConnections = 8;
constexpr int64_t kMigrationLockKey = 0x6b696e6974726f;  // "kinitro": serialises migrations

std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto p : parts) out += p;
  return out;
}

// a NULL parameter for nullopt (libpqxx 6 has no std::optional parameters)
const char* Nullable(const std::optional<std::string>& s) { return s ? s->c_str() : nullptr; }

std::optional<std::string> JsonList(const std::vector<std::string>& values) {
  if (values.empty()) return std::nullopt;
  return nlohmann::json(values).dump();
}

std::optional<std::string> OptInt(std::optional<int64_t> v) {
  if (!v) return std::nullopt;
  return std::to_string(*v);
}

// the row accessor the internal::*FromRow readers use
struct Row {
  const pqxx::row& r;
  bool IsNull(int i) const { return r[i].is_null(); }
  int64_t Int(int i) const { return r[i].as<int64_t>(); }
  double Real(int i) const { return r[i].as<double>(); }
  std::string Text(int i) const { return r[i].c_str(); }
};

std::string Now() { return FormatTimestamp(std::chrono::system_clock::now()); }

class PostgresStore final : public Store {
 public:
  explicit PostgresStore(std::string url)
      : url_(std::move(url)), pool_([u = url_] { return Open(u); }, kMaxIdleConnections) {
    With("migrate", [&](pqxx::connection& c) { Migrate(c); return 0; });
  }

  int64_t CreateCycle(int64_t block_number, int n_environments, const std::optional<std::string>& engine) override {
    return With("CreateCycle", [&](pqxx::connection& c) {
      pqxx::work w(c);
      auto r = w.exec_params1(
          "INSERT INTO evaluation_cycles (block_number, started_at, status, n_environments, engine)"
          " VALUES ($1, $2::timestamp, 'running', $3, $4) RETURNING id",
          block_number, Now(), n_environments, Nullable(engine));
      w.commit();
      return r[0].as<int64_t>();
    });
  }

  Status SetCycleMiners(int64_t cycle_id, int n_miners) override {
    return With("SetCycleMiners", [&](pqxx::connection& c) -> Status {
      pqxx::work w(c);
      auto r = w.exec_params("UPDATE evaluation_cycles SET n_miners = $2 WHERE id = $1", cycle_id, n_miners);
      w.commit();
      if (r.affected_rows() == 0) return internal::CycleNotRunning(cycle_id, std::nullopt);
      return Ok{};
    });
  }

  Status CompleteCycle(int64_t cycle_id, double duration_s) override {
    return With("CompleteCycle", [&](pqxx::connection& c) -> Status {
      pqxx::work w(c);
      auto r = w.exec_params(
          "UPDATE evaluation_cycles SET status = 'completed', completed_at = $2::timestamp,"
          " duration_seconds = $3 WHERE id = $1 AND status = 'running'",
          cycle_id, Now(), duration_s);
      if (r.affected_rows() == 0) return internal::CycleNotRunning(cycle_id, StatusOf(w, cycle_id));
      w.commit();
      return Ok{};
    });
  }

  Status FailCycle(int64_t cycle_id, const std::string& error_message) override {
    return With("FailCycle", [&](pqxx::connection& c) -> Status {
      pqxx::work w(c);
      auto r = w.exec_params(
          "UPDATE evaluation_cycles SET status = 'failed', completed_at = $2::timestamp,"
          " error_message = $3 WHERE id = $1 AND status = 'running'",
          cycle_id, Now(), error_message);
      if (r.affected_rows() == 0) return internal::CycleNotRunning(cycle_id, StatusOf(w, cycle_id));
      w.commit();
      return Ok{};
    });
  }

  std::optional<Cycle> LatestCycle(std::optional<CycleStatus> status) override {
    return With("LatestCycle", [&](pqxx::connection& c) -> std::optional<Cycle> {
      pqxx::read_transaction w(c);
      std::optional<std::string> name;
      if (status) name = std::string(CycleStatusName(*status));
      auto r = w.exec_params(Cat({"SELECT ", internal::kCycleColumns,
                                  " FROM evaluation_cycles WHERE ($1::text IS NULL OR status = $1::text)"
                                  " ORDER BY id DESC LIMIT 1"}),
                             Nullable(name));
      if (r.empty()) return std::nullopt;
      return internal::CycleFromRow(Row{r[0]});
    });
  }

  std::optional<Cycle> RunningCycle() override { return LatestCycle(CycleStatus::kRunning); }

  std::optional<Cycle> GetCycle(int64_t cycle_id) override {
    return With("GetCycle", [&](pqxx::connection& c) -> std::optional<Cycle> {
      pqxx::read_transaction w(c);
      auto r = w.exec_params(Cat({"SELECT ", internal::kCycleColumns, " FROM evaluation_cycles WHERE id = $1"}), cycle_id);
      if (r.empty()) return std::nullopt;
      return internal::CycleFromRow(Row{r[0]});
    });
  }

  std::vector<Cycle> CyclesOfTasks(const std::vector<std::string>& task_uuids) override {
    if (task_uuids.empty()) return {};
    return With("CyclesOfTasks", [&](pqxx::connection& c) {
      pqxx::read_transaction w(c);
      auto r = w.exec_params(Cat({"SELECT ", internal::kCycleColumns,
                                  " FROM evaluation_cycles WHERE id IN (SELECT cycle_id FROM task_pool"
                                  " WHERE task_uuid IN (SELECT jsonb_array_elements_text($1::jsonb))) ORDER BY id"}),
                             nlohmann::json(task_uuids).dump());
      std::vector<Cycle> cycles;
      for (const auto& row : r) cycles.push_back(internal::CycleFromRow(Row{row}));
      return cycles;
    });
  }

  int64_t CountCycles() override {
    return With("CountCycles", [&](pqxx::connection& c) {
      pqxx::read_transaction w(c);
      return w.exec1("SELECT count(*) FROM evaluation_cycles")[0].as<int64_t>();
    });
  }

  int64_t CountScoredMiners() override {
    return With("CountScoredMiners", [&](pqxx::connection& c) {
      pqxx::read_transaction w(c);
      return w.exec1("SELECT count(DISTINCT uid) FROM miner_scores")[0].as<int64_t>();
    });
  }

  void InsertTasks(const std::vector<NewTask>& tasks) override {
    With("InsertTasks", [&](pqxx::connection& c) {
      pqxx::work w(c);
      std::string now = Now();
      for (const auto& t : tasks) {
        w.exec_params(
            "INSERT INTO task_pool (task_uuid, cycle_id, miner_uid, miner_hotkey, miner_endpoint,"
            " miner_repo, miner_revision, env_id, seed, created_at)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::timestamp)",
            t.task_uuid, t.cycle_id, t.miner_uid, t.miner_hotkey, t.miner_endpoint, Nullable(t.miner_repo),
            Nullable(t.miner_revision), t.env_id, t.seed, now);
      }
      w.commit();
      return 0;
    });
  }

  std::vector<Task> ClaimTasks(const ClaimRequest& request) override {
    if (request.batch_size <= 0) return {};
    return With("ClaimTasks", [&](pqxx::connection& c) {
      pqxx::work w(c);
      auto now = std::chrono::system_clock::now();
      // pending tasks and expired leases (spec §8 #14); SKIP LOCKED lets claimers pass each other
      auto r = w.exec_params(
          Cat({"WITH pending AS (SELECT id FROM task_pool WHERE status = 'pending'"
               "   AND ($4::jsonb IS NULL OR env_id IN (SELECT jsonb_array_elements_text($4::jsonb)))"
               "   AND ($5::bigint IS NULL OR cycle_id = $5::bigint)"
               "   ORDER BY id LIMIT $6 FOR UPDATE SKIP LOCKED),"
               " expired AS (SELECT id FROM task_pool WHERE status = 'assigned'"
               "   AND lease_expires_at < $2::timestamp"
               "   AND ($4::jsonb IS NULL OR env_id IN (SELECT jsonb_array_elements_text($4::jsonb)))"
               "   AND ($5::bigint IS NULL OR cycle_id = $5::bigint)"
               "   ORDER BY id LIMIT $6 FOR UPDATE SKIP LOCKED),"
               " picked AS (SELECT id FROM pending UNION ALL SELECT id FROM expired ORDER BY id LIMIT $6)"
               " UPDATE task_pool SET status = 'assigned', assigned_to = $1, assigned_at = $2::timestamp,"
               " lease_expires_at = $3::timestamp, attempts = attempts + 1"
               " WHERE id IN (SELECT id FROM picked)"
               " RETURNING ",
               internal::kTaskColumns}),
          request.executor_id, FormatTimestamp(now), FormatTimestamp(now + request.lease),
          Nullable(JsonList(request.env_ids)), Nullable(OptInt(request.cycle_id)), request.batch_size);
      w.commit();
      std::vector<Task> tasks;
      for (const auto& row : r) tasks.push_back(internal::TaskFromRow(Row{row}));
      std::sort(tasks.begin(), tasks.end(), [](const Task& a, const Task& b) { return a.id < b.id; });
      return tasks;
    });
  }

  int RenewLeases(const std::string& executor_id, const std::vector<std::string>& task_uuids,
                  std::chrono::milliseconds lease) override {
    if (task_uuids.empty()) return 0;
    return With("RenewLeases", [&](pqxx::connection& c) {
      pqxx::work w(c);
      auto r = w.exec_params(
          "UPDATE task_pool SET lease_expires_at = $1::timestamp WHERE status = 'assigned'"
          " AND assigned_to = $2 AND task_uuid IN (SELECT jsonb_array_elements_text($3::jsonb))",
          FormatTimestamp(std::chrono::system_clock::now() + lease), executor_id,
          nlohmann::json(task_uuids).dump());
      w.commit();
      return static_cast<int>(r.affected_rows());
    });
  }

  std::vector<SubmitStatus> SubmitResults(const std::string& executor_id,
                                          const std::vector<TaskResult>& results) override {
    return With("SubmitResults", [&](pqxx::connection& c) {
      std::vector<SubmitStatus> out;
      out.reserve(results.size());
      pqxx::work w(c);
      std::string now = Now();
      for (const auto& r : results) {
        // the row lock orders this against claims, renewals and other submits of the task
        auto rows = w.exec_params(
            "SELECT status, assigned_to, result FROM task_pool WHERE task_uuid = $1 FOR UPDATE", r.task_uuid);
        std::optional<internal::SubmitTarget> target;
        if (!rows.empty()) {
          Row row{rows[0]};
          target = internal::SubmitTarget{internal::TaskStatusFromName(row.Text(0)), internal::OptText(row, 1),
                                          std::nullopt};
          if (!row.IsNull(2)) target->result = nlohmann::json::parse(row.Text(2));
        }
        out.push_back(internal::DecideSubmit(target, executor_id, r));
        if (out.back().outcome != SubmitOutcome::kAccepted) continue;
        w.exec_params(
            "UPDATE task_pool SET status = $2, completed_at = $3::timestamp, result = $4::jsonb,"
            " lease_expires_at = NULL WHERE task_uuid = $1",
            r.task_uuid, r.success ? "completed" : "failed", now, internal::ResultToJson(r).dump());
      }
      w.commit();
      return out;
    });
  }

  int ReclaimExpired(TimePoint now) override {
    return With("ReclaimExpired", [&](pqxx::connection& c) {
      pqxx::work w(c);
      auto r = w.exec_params(
          "UPDATE task_pool SET status = 'pending', assigned_to = NULL, assigned_at = NULL,"
          " lease_expires_at = NULL WHERE status = 'assigned' AND lease_expires_at < $1::timestamp",
          FormatTimestamp(now));
      w.commit();
      return static_cast<int>(r.affected_rows());
    });
  }

  int64_t CountOpenTasks(int64_t cycle_id) override {
    return With("CountOpenTasks", [&](pqxx::connection& c) {
      pqxx::read_transaction w(c);
      return w
          .exec_params1("SELECT count(*) FROM task_pool WHERE cycle_id = $1 AND status IN ('pending', 'assigned')",
                        cycle_id)[0]
          .as<int64_t>();
    });
  }

  std::vector<Task> CycleResults(int64_t cycle_id) override {
    return With("CycleResults", [&](pqxx::connection& c) {
      pqxx::read_transaction w(c);
      auto r = w.exec_params(Cat({"SELECT ", internal::kTaskColumns,
                                  " FROM task_pool WHERE cycle_id = $1 AND status IN ('completed', 'failed')"
                                  " AND result IS NOT NULL ORDER BY id"}),
                             cycle_id);
      std::vector<Task> tasks;
      for (const auto& row : r) tasks.push_back(internal::TaskFromRow(Row{row}));
      return tasks;
    });
  }

  PoolStats GetPoolStats(std::optional<int64_t> cycle_id) override {
    return With("GetPoolStats", [&](pqxx::connection& c) {
      pqxx::read_transaction w(c);
      auto cycle = OptInt(cycle_id);
      PoolStats stats;
      for (const auto& row : w.exec_params("SELECT status, count(*) FROM task_pool"
                                           " WHERE ($1::bigint IS NULL OR cycle_id = $1::bigint) GROUP BY status",
                                           Nullable(cycle))) {
        int64_t n = row[1].as<int64_t>();
        stats.total += n;
        switch (internal::TaskStatusFromName(row[0].c_str())) {
          case TaskStatus::kPending: stats.pending += n; break;
          case TaskStatus::kAssigned: stats.assigned += n; break;
          case TaskStatus::kCompleted: stats.completed += n; break;
          case TaskStatus::kFailed: stats.failed += n; break;
        }
      }
      for (const auto& row : w.exec_params(
               "SELECT DISTINCT assigned_to FROM task_pool WHERE status = 'assigned' AND assigned_to IS NOT NULL"
               " AND ($1::bigint IS NULL OR cycle_id = $1::bigint) ORDER BY assigned_to",
               Nullable(cycle))) {
        stats.active_executors.push_back(row[0].c_str());
      }
      return stats;
    });
  }

  Status SaveScoresAndWeights(int64_t cycle_id, const std::vector<ScoreRow>& scores,
                              const nlohmann::json& weights, const nlohmann::json& weights_u16) override {
    return With("SaveScoresAndWeights", [&](pqxx::connection& c) -> Status {
      pqxx::work w(c);
      auto cycle = w.exec_params("SELECT block_number FROM evaluation_cycles WHERE id = $1", cycle_id);
      if (cycle.empty()) return internal::CycleNotRunning(cycle_id, std::nullopt);
      int64_t block = cycle[0][0].as<int64_t>();
      for (const auto& r : scores) {
        w.exec_params(
            "INSERT INTO miner_scores (cycle_id, uid, hotkey, env_id, success_rate, mean_reward,"
            " episodes_completed, episodes_failed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            cycle_id, r.uid, r.hotkey, r.env_id, r.success_rate, r.mean_reward, r.episodes_completed,
            r.episodes_failed);
      }
      w.exec_params(
          "INSERT INTO computed_weights (cycle_id, block_number, weights_json, weights_u16_json, created_at)"
          " VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::timestamp)",
          cycle_id, block, weights.dump(), weights_u16.dump(), Now());
      w.commit();
      return Ok{};
    });
  }

  std::optional<WeightsRow> LatestWeights() override {
    return With("LatestWeights", [&](pqxx::connection& c) -> std::optional<WeightsRow> {
      pqxx::read_transaction w(c);
      auto r = w.exec(Cat({"SELECT ", internal::kWeightsColumns,
                           " FROM computed_weights WHERE cycle_id IN"
                           " (SELECT id FROM evaluation_cycles WHERE status = 'completed')"
                           " ORDER BY block_number DESC, id DESC LIMIT 1"}));
      if (r.empty()) return std::nullopt;
      return internal::WeightsFromRow(Row{r[0]});
    });
  }

  std::optional<WeightsRow> WeightsForBlock(int64_t block_number) override {
    return With("WeightsForBlock", [&](pqxx::connection& c) -> std::optional<WeightsRow> {
      pqxx::read_transaction w(c);
      auto r = w.exec_params(Cat({"SELECT ", internal::kWeightsColumns,
                                  " FROM computed_weights WHERE block_number = $1 AND cycle_id IN"
                                  " (SELECT id FROM evaluation_cycles WHERE status = 'completed')"
                                  " ORDER BY id DESC LIMIT 1"}),
                             block_number);
      if (r.empty()) return std::nullopt;
      return internal::WeightsFromRow(Row{r[0]});
    });
  }

  std::vector<ScoreRow> Scores(int64_t cycle_id) override {
    return With("Scores", [&](pqxx::connection& c) {
      pqxx::read_transaction w(c);
      auto r = w.exec_params(Cat({"SELECT ", internal::kScoreColumns,
                                  " FROM miner_scores WHERE cycle_id = $1 ORDER BY uid, env_id"}),
                             cycle_id);
      std::vector<ScoreRow> rows;
      for (const auto& row : r) rows.push_back(internal::ScoreFromRow(Row{row}));
      return rows;
    });
  }

  std::string CreateExecutorToken(const std::string& executor_id) override {
    std::string token = internal::NewExecutorToken();
    With("CreateExecutorToken", [&](pqxx::connection& c) {
      pqxx::work w(c);
      w.exec_params(
          "INSERT INTO executor_tokens (token_sha256, executor_id, created_at) VALUES ($1, $2, $3::timestamp)",
          internal::Sha256Hex(token), executor_id, Now());
      w.commit();
      return 0;
    });
    return token;
  }

  Result<std::string> VerifyExecutorToken(const std::string& token) override {
    return With("VerifyExecutorToken", [&](pqxx::connection& c) -> Result<std::string> {
      pqxx::read_transaction w(c);
      auto r = w.exec_params(
          "SELECT executor_id FROM executor_tokens WHERE token_sha256 = $1 AND revoked_at IS NULL",
          internal::Sha256Hex(token));
      if (r.empty()) return Error{ErrorKind::kInvalidArgument, "unknown or revoked executor token"};
      return std::string(r[0][0].c_str());
    });
  }

  int RevokeExecutorTokens(const std::string& executor_id) override {
    return With("RevokeExecutorTokens", [&](pqxx::connection& c) {
      pqxx::work w(c);
      auto r = w.exec_params(
          "UPDATE executor_tokens SET revoked_at = $2::timestamp WHERE executor_id = $1 AND revoked_at IS NULL",
          executor_id, Now());
      w.commit();
      return static_cast<int>(r.affected_rows());
    });
  }

 private:
  static std::unique_ptr<pqxx::connection> Open(const std::string& url) {
    auto c = std::make_unique<pqxx::connection>(url);
    // timestamps come back as "YYYY-MM-DD HH:MM:SS[.ffffff]" (internal::ParseTimestamp)
    pqxx::nontransaction n(*c);
    n.exec("SET DateStyle = 'ISO, YMD'");
    return c;
  }

  // runs f on a pooled connection; names the operation in every error and drops broken connections
  template <typename F>
  auto With(const char* op, F&& f) -> decltype(f(std::declval<pqxx::connection&>())) {
    std::optional<internal::Pool<pqxx::connection>::Lease> lease;
    try {
      lease.emplace(pool_.Acquire());
      return f(**lease);
    } catch (const pqxx::broken_connection& e) {
      if (lease) lease->Discard();
      throw std::runtime_error(std::string("postgres store: ") + op + ": lost connection to the database: " +
                               e.what());
    } catch (const pqxx::sql_error& e) {
      throw std::runtime_error(std::string("postgres store: ") + op + ": " + e.what());
    }
  }

  static std::optional<CycleStatus> StatusOf(pqxx::transaction_base& w, int64_t cycle_id) {
    auto r = w.exec_params("SELECT status FROM evaluation_cycles WHERE id = $1", cycle_id);
    if (r.empty()) return std::nullopt;
    return internal::CycleStatusFromName(r[0][0].c_str());
  }

  // applies each missing step once, in its own transaction, under an advisory lock (schema.h)
  void Migrate(pqxx::connection& c) {
    for (const auto& step : internal::PostgresMigrations()) {
      pqxx::work w(c);
      w.exec_params("SELECT pg_advisory_xact_lock($1)", kMigrationLockKey);
      w.exec(std::string(internal::kPostgresSchemaVersionTable));
      int64_t current = w.exec1("SELECT COALESCE(MAX(version), 0) FROM schema_version")[0].as<int64_t>();
      if (current > internal::kSchemaVersion) {
        throw std::runtime_error("postgres store: database schema version " + std::to_string(current) +
                                 " is newer than this kinitro supports (" +
                                 std::to_string(internal::kSchemaVersion) +
                                 "); upgrade kinitro or use another database");
      }
      if (step.version <= current) continue;
      for (auto sql : step.statements) w.exec(std::string(sql));
      w.exec_params("INSERT INTO schema_version (version, description, applied_at) VALUES ($1, $2, $3::timestamp)",
                    step.version, std::string(step.description), Now());
      w.commit();
    }
  }

  std::string url_;
  internal::Pool<pqxx::connection> pool_;
};

}  // namespace

std::unique_ptr<Store> OpenPostgresStore(const std::string& url) {
  return std::make_unique<PostgresStore>(url);
}

}  // namespace kinitro::backend
