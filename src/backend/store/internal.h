// Helpers shared by the SQLite and PostgreSQL stores: timestamp text, result JSON, the submit rule,
// executor tokens and the connection pool. Not part of the public interface (store.h).
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "backend/store/store.h"

namespace kinitro::backend::internal {

//---- values as stored

// "YYYY-MM-DD HH:MM:SS.ffffff" in UTC (naive, spec §2.1); sorts as text in time order.
std::string FormatTimestamp(TimePoint t);
// Inverse of FormatTimestamp; also accepts 0–6 fractional digits and a 'T' separator (PostgreSQL
// prints trailing zeros trimmed). Throws std::runtime_error on anything else.
TimePoint ParseTimestamp(std::string_view text);

// Stored status names back to enums; throw std::runtime_error on an unknown name.
CycleStatus CycleStatusFromName(std::string_view name);
TaskStatus TaskStatusFromName(std::string_view name);

// task_pool.result: {"success", "score", "total_reward", "timesteps", "error"} (spec §2.5).
nlohmann::json ResultToJson(const TaskResult& result);
// Missing keys take TaskResult's defaults (spec §4.6: a missing success counts as false).
TaskResult ResultFromJson(const nlohmann::json& json, const std::string& task_uuid);

//---- rows, decoded the same way for both backends

// Column lists the row readers below expect, in order.
inline constexpr std::string_view kCycleColumns =
    "id, block_number, started_at, completed_at, status, n_miners, n_environments,"
    " duration_seconds, error_message, engine";
inline constexpr std::string_view kTaskColumns =
    "id, task_uuid, cycle_id, miner_uid, miner_hotkey, miner_endpoint, miner_repo, miner_revision,"
    " env_id, seed, status, assigned_to, assigned_at, lease_expires_at, attempts, completed_at,"
    " result, created_at";
inline constexpr std::string_view kWeightsColumns =
    "id, cycle_id, block_number, weights_json, weights_u16_json, created_at";
inline constexpr std::string_view kScoreColumns =
    "uid, hotkey, env_id, success_rate, mean_reward, episodes_completed, episodes_failed";

// R provides IsNull(i), Int(i) -> int64_t, Real(i) -> double and Text(i) -> std::string.
template <typename R>
std::optional<std::string> OptText(const R& r, int i) {
  if (r.IsNull(i)) return std::nullopt;
  return r.Text(i);
}
template <typename R>
std::optional<TimePoint> OptTime(const R& r, int i) {
  if (r.IsNull(i)) return std::nullopt;
  return ParseTimestamp(r.Text(i));
}

template <typename R>
Cycle CycleFromRow(const R& r) {
  Cycle c;
  c.id = r.Int(0);
  c.block_number = r.Int(1);
  c.started_at = ParseTimestamp(r.Text(2));
  c.completed_at = OptTime(r, 3);
  c.status = CycleStatusFromName(r.Text(4));
  if (!r.IsNull(5)) c.n_miners = static_cast<int>(r.Int(5));
  if (!r.IsNull(6)) c.n_environments = static_cast<int>(r.Int(6));
  if (!r.IsNull(7)) c.duration_s = r.Real(7);
  c.error_message = OptText(r, 8);
  c.engine = OptText(r, 9);
  return c;
}

template <typename R>
Task TaskFromRow(const R& r) {
  Task t;
  t.id = r.Int(0);
  t.task_uuid = r.Text(1);
  t.cycle_id = r.Int(2);
  t.miner_uid = static_cast<int>(r.Int(3));
  t.miner_hotkey = r.Text(4);
  t.miner_endpoint = r.Text(5);
  t.miner_repo = OptText(r, 6);
  t.miner_revision = OptText(r, 7);
  t.env_id = r.Text(8);
  t.seed = r.Int(9);
  t.status = TaskStatusFromName(r.Text(10));
  t.assigned_to = OptText(r, 11);
  t.assigned_at = OptTime(r, 12);
  t.lease_expires_at = OptTime(r, 13);
  t.attempts = static_cast<int>(r.Int(14));
  t.completed_at = OptTime(r, 15);
  if (!r.IsNull(16)) t.result = ResultFromJson(nlohmann::json::parse(r.Text(16)), t.task_uuid);
  t.created_at = ParseTimestamp(r.Text(17));
  return t;
}

template <typename R>
WeightsRow WeightsFromRow(const R& r) {
  WeightsRow w;
  w.id = r.Int(0);
  w.cycle_id = r.Int(1);
  w.block_number = r.Int(2);
  w.weights = nlohmann::json::parse(r.Text(3));
  w.weights_u16 = nlohmann::json::parse(r.Text(4));
  w.created_at = ParseTimestamp(r.Text(5));
  return w;
}

template <typename R>
ScoreRow ScoreFromRow(const R& r) {
  return ScoreRow{.uid = static_cast<int>(r.Int(0)),
                  .hotkey = r.Text(1),
                  .env_id = r.Text(2),
                  .success_rate = r.Real(3),
                  .mean_reward = r.Real(4),
                  .episodes_completed = static_cast<int>(r.Int(5)),
                  .episodes_failed = static_cast<int>(r.Int(6))};
}

// The error CompleteCycle/FailCycle return for a cycle that is absent or not running.
Error CycleNotRunning(int64_t cycle_id, std::optional<CycleStatus> status);

//---- the submit rule, identical for both backends

struct SubmitTarget {                       // the task row as read under lock
  TaskStatus status = TaskStatus::kPending;
  std::optional<std::string> assigned_to;
  std::optional<nlohmann::json> result;
};

// Accepted if the executor holds the lease; duplicate if it already stored an equal result;
// otherwise rejected with a reason that never names another executor. Nullable: target (unknown).
SubmitStatus DecideSubmit(const std::optional<SubmitTarget>& target, const std::string& executor_id,
                          const TaskResult& result);

//---- executor tokens

// "kxt_" + 64 hex digits from a CSPRNG (OpenSSL RAND_bytes); throws if the CSPRNG fails.
std::string NewExecutorToken();
// Lower-case hex SHA-256 of the token; the only form stored.
std::string Sha256Hex(std::string_view text);

//---- connection pool

// Hands out connections one call at a time, opening new ones on demand and keeping up to
// `max_idle` for reuse. A connection that threw is discarded by the caller (Lease::Discard).
template <typename Conn>
class Pool {
 public:
  using Opener = std::function<std::unique_ptr<Conn>()>;
  Pool(Opener open, size_t max_idle) : open_(std::move(open)), max_idle_(max_idle) {}

  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Conn> conn) : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    ~Lease() { if (conn_) pool_->Return(std::move(conn_)); }
    Conn& operator*() { return *conn_; }
    Conn* operator->() { return conn_.get(); }
    void Discard() { conn_.reset(); }

   private:
    Pool* pool_;
    std::unique_ptr<Conn> conn_;
  };

  // An idle connection or a newly opened one (may throw from the opener).
  Lease Acquire() {
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        auto conn = std::move(idle_.back());
        idle_.pop_back();
        return Lease(this, std::move(conn));
      }
    }
    return Lease(this, open_());
  }

 private:
  void Return(std::unique_ptr<Conn> conn) {
    std::lock_guard lock(mutex_);
    if (idle_.size() < max_idle_) idle_.push_back(std::move(conn));
  }

  Opener open_;
  size_t max_idle_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Conn>> idle_;
};

}  // namespace kinitro::backend::internal
