#include "backend/scheduler/scheduler.h"

#include <map>

#include "backend/scheduler/seeds.h"
#include "scoring/scoring.h"

namespace kinitro::backend {
namespace {
using Clock = std::chrono::steady_clock;
}

Scheduler::Scheduler(Store& store, MinerSource& miners, SchedulerConfig config, std::function<void(const std::string&)> log)
    : store_(store), miners_(miners), config_(std::move(config)), log_(std::move(log)) {
  if (config_.env_ids.empty()) throw std::invalid_argument("scheduler: no environments configured");
  if (config_.episodes_per_env <= 0) throw std::invalid_argument("scheduler: episodes per env must be positive");
  if (!(config_.temperature > 0)) throw std::invalid_argument("scheduler: temperature must be > 0");
  if (config_.seed_secret.size() < 16) {
    throw std::invalid_argument("scheduler: the seed secret must have at least 16 bytes (--seed-secret-file or KINITRO_SEED_SECRET)");
  }
  if (config_.engine.empty() || config_.engine.size() > 64) {
    throw std::invalid_argument("scheduler: the engine cycles record must be 1-64 characters (sim::EngineName(), e.g. "
                                "\"MuJoCo 3.3.0\"), got '" + config_.engine + "'");
  }
}

void Scheduler::Log(const std::string& line) const {
  if (log_) log_(line);
}

bool Scheduler::Sleep(std::chrono::milliseconds d) {
  std::unique_lock lock(mu_);
  return !cv_.wait_for(lock, d, [this] { return stopped_; });
}

void Scheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    stopped_ = true;
  }
  cv_.notify_all();
}

void Scheduler::Run() {
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stopped_) return;
    }
    CycleReport r = RunCycle();
    Log("cycle " + std::to_string(r.cycle_id) + (r.completed ? " completed" : " failed: " + r.error));
    if (!Sleep(config_.interval)) return;
  }
}

CycleReport Scheduler::RunCycle() {
  CycleReport report;
  auto t0 = Clock::now();
  auto block = miners_.CurrentBlock();
  if (!block) {
    report.error = "cannot read the current block: " + block.error().message;
    return report;  // no cycle row: nothing was started (spec §4.2 step 1)
  }
  report.cycle_id = store_.CreateCycle(*block, int(config_.env_ids.size()), config_.engine);
  auto fail = [&](const std::string& why) {
    report.error = why;
    (void)store_.FailCycle(report.cycle_id, why);
    return report;
  };
  try {
    // miners: each one's commitment is validated on its own; a bad one skips only that miner
    auto entries = miners_.ReadMiners();
    if (!entries) return fail("cannot read miners: " + entries.error().message);
    struct Valid {
      MinerEntry entry;
      miner::Commitment commitment;
    };
    std::vector<Valid> valid;
    for (const MinerEntry& e : *entries) {
      auto c = miner::ParseCommitment(e.commitment, config_.deployments);
      if (c) {
        valid.push_back({e, *c});
      } else {
        report.skipped.push_back("uid " + std::to_string(e.uid) + ": " + (e.commitment.empty() ? "no commitment" : c.error().message));
        Log("cycle " + std::to_string(report.cycle_id) + ": skipping " + report.skipped.back());
      }
    }
    report.miners = int(valid.size());
    if (valid.empty()) return fail("No miners with commitments");
    (void)store_.SetCycleMiners(report.cycle_id, report.miners);

    // tasks: miner × env × episode; every miner gets the same seeds
    CycleKey key = DeriveCycleKey(config_.seed_secret, report.cycle_id);
    std::vector<NewTask> tasks;
    for (const Valid& v : valid) {
      for (const std::string& env : config_.env_ids) {
        for (int ep = 0; ep < config_.episodes_per_env; ++ep) {
          tasks.push_back({.task_uuid = RandomUuid(),
                           .cycle_id = report.cycle_id,
                           .miner_uid = v.entry.uid,
                           .miner_hotkey = v.entry.hotkey,
                           .miner_endpoint = miner::EndpointUrl(v.commitment),
                           .miner_repo = v.commitment.repo,
                           .miner_revision = v.commitment.revision,
                           .env_id = env,
                           .seed = EpisodeSeed(key, env, ep)});
        }
      }
    }
    store_.InsertTasks(tasks);
    report.tasks = int(tasks.size());
    Log("cycle " + std::to_string(report.cycle_id) + " at block " + std::to_string(*block) + ": " +
        std::to_string(report.miners) + " miners, " + std::to_string(report.tasks) + " tasks on " + config_.engine);

    // wait: done when nothing is open; expired leases go back to the pool on every tick
    auto wait_start = Clock::now();
    while (store_.CountOpenTasks(report.cycle_id) > 0) {
      int reclaimed = store_.ReclaimExpired(std::chrono::system_clock::now());
      if (reclaimed > 0) Log("cycle " + std::to_string(report.cycle_id) + ": " + std::to_string(reclaimed) + " expired leases reclaimed");
      if (Clock::now() - wait_start > config_.cycle_timeout) return fail("Cycle timed out waiting for tasks");
      if (!Sleep(config_.poll)) return fail("scheduler stopped");
    }

    // scores and weights from finished episodes only
    Aggregate agg = AggregateResults(store_.CycleResults(report.cycle_id), config_.env_ids);
    std::map<int, std::string> hotkeys;
    for (const Valid& v : valid) hotkeys[v.entry.uid] = v.entry.hotkey;
    for (ScoreRow& row : agg.rows) row.hotkey = hotkeys.count(row.uid) ? hotkeys[row.uid] : "unknown";
    scoring::Scores scores = scoring::Score(agg.rates, {.episodes_per_env = config_.episodes_per_env, .temperature = config_.temperature});
    nlohmann::json weights = nlohmann::json::object(), u16 = {{"uids", nlohmann::json::array()}, {"values", nlohmann::json::array()}};
    for (size_t i = 0; i < agg.uids.size(); ++i) {
      weights[std::to_string(agg.uids[i])] = scores.weights[i];
      u16["uids"].push_back(agg.uids[i]);
      u16["values"].push_back(scores.u16[i]);
    }
    if (auto s = store_.SaveScoresAndWeights(report.cycle_id, agg.rows, weights, u16); !s) return fail(s.error().message);
    double duration_s = std::chrono::duration<double>(Clock::now() - t0).count();
    if (auto s = store_.CompleteCycle(report.cycle_id, duration_s); !s) return fail(s.error().message);
    report.completed = true;
    return report;
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}

Aggregate AggregateResults(const std::vector<Task>& results, const std::vector<std::string>& env_ids) {
  std::map<std::pair<int, std::string>, std::pair<int, int>> counts;  // (uid, env) -> (successes, results)
  std::map<std::pair<int, std::string>, double> rewards;
  std::map<int, bool> uids;
  for (const Task& t : results) {
    if (!t.result) continue;
    auto& c = counts[{t.miner_uid, t.env_id}];
    c.first += t.result->success;
    c.second += 1;
    rewards[{t.miner_uid, t.env_id}] += t.result->total_reward;
    uids[t.miner_uid] = true;
  }
  Aggregate agg;
  for (const auto& [uid, _] : uids) agg.uids.push_back(uid);
  agg.rates.assign(agg.uids.size(), std::vector<double>(env_ids.size(), 0.0));
  for (size_t i = 0; i < agg.uids.size(); ++i) {
    for (size_t j = 0; j < env_ids.size(); ++j) {
      auto it = counts.find({agg.uids[i], env_ids[j]});
      if (it == counts.end()) continue;
      auto [successes, n] = it->second;
      agg.rates[i][j] = double(successes) / n;
      agg.rows.push_back({.uid = agg.uids[i],
                          .env_id = env_ids[j],
                          .success_rate = agg.rates[i][j],
                          .mean_reward = rewards[{agg.uids[i], env_ids[j]}] / n,
                          .episodes_completed = n,
                          .episodes_failed = n - successes});
    }
  }
  return agg;
}

}  // namespace kinitro::backend
