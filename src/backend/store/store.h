// backend::Store: the operator database (spec/backend.md §2) behind one narrow interface, with a
// SQLite implementation (embedded default: one file, WAL) and a PostgreSQL one (libpqxx, for
// several executor machines). Both create and migrate their schema themselves (schema.h).
//
// Errors: SQL failures and lost connections throw std::runtime_error naming the operation;
// expected outcomes (unknown cycle, rejected submit, bad token) are return values.
// Thread: every method may be called from several threads at once on one Store (see OpenStore).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/result.h"

namespace kinitro::backend {

using TimePoint = std::chrono::system_clock::time_point;  // stored as naive UTC, microseconds

//---- Rows ---------------------------------------------------------------------------------------

// evaluation_cycles.status (spec §2.7); `pending` exists in the schema but is never written.
enum class CycleStatus { kPending, kRunning, kCompleted, kFailed };
// task_pool.status (spec §2.7); `failed` = the episode did not end in success, for any reason.
enum class TaskStatus { kPending, kAssigned, kCompleted, kFailed };

// Lower-case names as stored ("pending", "running", ...).
std::string_view CycleStatusName(CycleStatus status);
std::string_view TaskStatusName(TaskStatus status);

struct Cycle {                               // one evaluation_cycles row (spec §2.2)
  int64_t id = 0;                            // SERIAL
  int64_t block_number = 0;                  // chain block the cycle is labelled with
  TimePoint started_at;                      //
  std::optional<TimePoint> completed_at;     // set by CompleteCycle and FailCycle
  CycleStatus status = CycleStatus::kRunning;
  std::optional<int> n_miners;               // miners with a valid commitment (SetCycleMiners)
  std::optional<int> n_environments;         // registered envs at cycle start
  std::optional<double> duration_s;          // only on success
  std::optional<std::string> error_message;  // only on failure
  std::optional<std::string> engine;         // physics engine every episode runs on, e.g. "MuJoCo 3.3.0";
                                             // nullopt: not recorded (cycles from before schema 3)
};

struct NewTask {                             // identity columns of a task_pool row (spec §2.5)
  std::string task_uuid;                     // lower-case hyphenated UUIDv4, unique
  int64_t cycle_id = 0;                      //
  int miner_uid = 0;                         //
  std::string miner_hotkey;                  // ≤ 64 chars
  std::string miner_endpoint;                // base URL
  std::optional<std::string> miner_repo;     // HF repo, ≤ 256 chars
  std::optional<std::string> miner_revision; // HF revision, ≤ 64 chars
  std::string env_id;                        // e.g. "metaworld/push-v3", ≤ 64 chars
  int64_t seed = 0;                          // 31-bit, derived from task_uuid (spec §4.4)
};

struct TaskResult {                          // what an executor reports for one task (spec §3.10)
  std::string task_uuid;                     //
  bool success = false;                      // completed if true, failed otherwise
  double score = 0.0;                        //
  double total_reward = 0.0;                 //
  int timesteps = 0;                         //
  std::optional<std::string> error;          // executor-side error text

  bool operator==(const TaskResult&) const = default;
};

struct Task : NewTask {                      // a full task_pool row
  int64_t id = 0;                            // SERIAL; FIFO order for claiming
  TaskStatus status = TaskStatus::kPending;  //
  std::optional<std::string> assigned_to;    // executor holding (or last holding) the lease
  std::optional<TimePoint> assigned_at;      // lease start
  std::optional<TimePoint> lease_expires_at; // lease end; NULL when not leased
  int attempts = 0;                          // number of times the task was claimed
  std::optional<TimePoint> completed_at;     // accepted submit
  std::optional<TaskResult> result;          // accepted submit (task_uuid filled in)
  TimePoint created_at;                      //
};

struct ClaimRequest {                        // ClaimTasks arguments
  std::string executor_id;                   // ≤ 64 chars
  int batch_size = 10;                       // at most this many tasks; ≤ 0 claims nothing
  std::vector<std::string> env_ids;          // empty: any env
  std::chrono::milliseconds lease{300'000};  // lease_expires_at = now + lease
  std::optional<int64_t> cycle_id;           // only this cycle's tasks; nullopt: any (spec §2.8)
};

enum class SubmitOutcome {
  kAccepted,   // stored; the task is now completed or failed
  kDuplicate,  // same executor re-sent the stored result; nothing changed
  kRejected,   // not stored; see reason
};

struct SubmitStatus {                        // one per submitted result, in request order
  std::string task_uuid;                     //
  SubmitOutcome outcome = SubmitOutcome::kRejected;
  std::string reason;                        // empty unless rejected; never names other executors
};

struct ScoreRow {                            // one miner_scores row (spec §2.3)
  int uid = 0;                               //
  std::string hotkey;                        // "unknown" if not in the cycle's commitments
  std::string env_id;                        //
  double success_rate = 0.0;                 // successes / results for (uid, env)
  double mean_reward = 0.0;                  //
  int episodes_completed = 0;                //
  int episodes_failed = 0;                   //
};

struct WeightsRow {                          // one computed_weights row (spec §2.4)
  int64_t id = 0;                            //
  int64_t cycle_id = 0;                      //
  int64_t block_number = 0;                  // copy of the cycle's block
  nlohmann::json weights;                    // {"<uid>": float, ...}
  nlohmann::json weights_u16;                // {"uids": [...], "values": [...]}
  TimePoint created_at;                      //
};

struct PoolStats {                           // task counts (spec §3.11)
  int64_t total = 0;                         //
  int64_t pending = 0;                       //
  int64_t assigned = 0;                      //
  int64_t completed = 0;                     //
  int64_t failed = 0;                        //
  std::vector<std::string> active_executors; // distinct holders of assigned tasks, sorted
};

//---- Store --------------------------------------------------------------------------------------

class Store {
 public:
  virtual ~Store() = default;

  //---- cycles (spec §2.7)
  // Inserts a `running` cycle started now whose episodes all run on `engine` (the scheduler's
  // sim::EngineName(); ≤ 64 chars, nullopt records none); returns its id.
  virtual int64_t CreateCycle(int64_t block_number, int n_environments, const std::optional<std::string>& engine) = 0;
  // Records the number of miners with a valid commitment; error if the cycle does not exist.
  virtual Status SetCycleMiners(int64_t cycle_id, int n_miners) = 0;
  // running → completed with completed_at = now; error if absent or not running.
  virtual Status CompleteCycle(int64_t cycle_id, double duration_s) = 0;
  // running → failed with completed_at = now; error if absent or not running.
  virtual Status FailCycle(int64_t cycle_id, const std::string& error_message) = 0;
  // Newest cycle by id, optionally only with this status. Nullable.
  virtual std::optional<Cycle> LatestCycle(std::optional<CycleStatus> status) = 0;
  // Newest running cycle. Nullable.
  virtual std::optional<Cycle> RunningCycle() = 0;
  // The cycle with this id, any status. Nullable.
  virtual std::optional<Cycle> GetCycle(int64_t cycle_id) = 0;
  // The distinct cycles these tasks belong to, sorted by id; unknown uuids are ignored.
  virtual std::vector<Cycle> CyclesOfTasks(const std::vector<std::string>& task_uuids) = 0;
  // Cycles of every status.
  virtual int64_t CountCycles() = 0;
  // Distinct uids that have score rows in any cycle.
  virtual int64_t CountScoredMiners() = 0;

  //---- task pool (spec §2.8, leases per §8 #11 and #14)
  // Inserts all tasks as pending in one transaction (all or nothing; throws on e.g. a duplicate uuid).
  virtual void InsertTasks(const std::vector<NewTask>& tasks) = 0;
  // Atomically leases up to batch_size pending or lease-expired tasks, oldest id first, to the
  // executor (attempts + 1); two concurrent callers never receive the same task. Sorted by id.
  virtual std::vector<Task> ClaimTasks(const ClaimRequest& request) = 0;
  // Sets lease_expires_at = now + lease on those of the tasks the executor holds; returns how many.
  virtual int RenewLeases(const std::string& executor_id, const std::vector<std::string>& task_uuids,
                          std::chrono::milliseconds lease) = 0;
  // Stores results in one transaction: accepted only from the lease holder (even after expiry
  // while not reclaimed), duplicate if the holder re-sends the stored result, else rejected.
  virtual std::vector<SubmitStatus> SubmitResults(const std::string& executor_id,
                                                  const std::vector<TaskResult>& results) = 0;
  // Returns every assigned task whose lease expired before `now` to pending; returns the count.
  virtual int ReclaimExpired(TimePoint now) = 0;
  // Tasks of the cycle that are pending or assigned.
  virtual int64_t CountOpenTasks(int64_t cycle_id) = 0;
  // Completed and failed tasks of the cycle (with result), sorted by id, for aggregation (§4.6).
  virtual std::vector<Task> CycleResults(int64_t cycle_id) = 0;
  // Counts by status over one cycle or, with nullopt, over all cycles.
  virtual PoolStats GetPoolStats(std::optional<int64_t> cycle_id) = 0;

  //---- scores and weights (spec §4.7)
  // Writes all score rows and one weights row (block copied from the cycle) in one transaction;
  // error if the cycle does not exist.
  virtual Status SaveScoresAndWeights(int64_t cycle_id, const std::vector<ScoreRow>& scores,
                                      const nlohmann::json& weights,
                                      const nlohmann::json& weights_u16) = 0;
  // Weights of the newest completed cycle, by (block_number, id) (spec §8 #19). Nullable.
  virtual std::optional<WeightsRow> LatestWeights() = 0;
  // Newest weights row of a completed cycle with this block. Nullable.
  virtual std::optional<WeightsRow> WeightsForBlock(int64_t block_number) = 0;
  // Score rows of the cycle, sorted by (uid, env_id); empty if none.
  virtual std::vector<ScoreRow> Scores(int64_t cycle_id) = 0;

  //---- executor credentials (spec §8 #1, #2)
  // Returns a fresh random token for the executor, shown only here; stores only its SHA-256.
  virtual std::string CreateExecutorToken(const std::string& executor_id) = 0;
  // The executor id the token belongs to; error if unknown or revoked.
  virtual Result<std::string> VerifyExecutorToken(const std::string& token) = 0;
  // Revokes every token of the executor; returns how many were active.
  virtual int RevokeExecutorTokens(const std::string& executor_id) = 0;
};

// Opens (creating and migrating if needed) the store at `url`:
//   sqlite:///abs/path.db, sqlite://rel/path.db or a plain path — SQLite file in WAL mode, a pool
//     of connections (one borrowed per call), writers serialised by BEGIN IMMEDIATE + busy_timeout;
//   postgresql://user:pass@host:port/db or postgres://… — a pool of libpq connections (one
//     borrowed per call, opened on demand, up to 8 kept idle).
// Throws std::invalid_argument for any other form, std::runtime_error if the database cannot be
// opened or its schema is newer than this binary.
std::unique_ptr<Store> OpenStore(const std::string& url);

}  // namespace kinitro::backend
