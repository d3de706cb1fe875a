#include "backend/executor/executor.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <map>
#include <memory>
#include <thread>

#include "sim/engine.h"
#include "util/base_url.h"

namespace kinitro::backend {
namespace {

using nlohmann::json;

// the operator API as an executor sees it: three authenticated POSTs
class ApiClient {
 public:
  ApiClient(const std::string& url, std::string token) : token_(std::move(token)) {
    auto base = ParseBaseUrl(url);
    if (!base) throw std::invalid_argument("API URL '" + url + "' is not http(s)://host[:port][/prefix]");
    prefix_ = base->prefix;
    http_ = std::make_unique<httplib::Client>(base->origin);
    http_->set_keep_alive(true);
    http_->set_tcp_nodelay(true);
    http_->set_connection_timeout(10, 0);
    http_->set_read_timeout(60, 0);
  }

  // the JSON answer of a 200, or an error naming the path and status
  Result<json> Post(const std::string& path, const json& body) {
    std::lock_guard lock(mu_);  // one request at a time on the shared connection
    auto res = http_->Post((prefix_ + path).c_str(), httplib::Headers{{"Authorization", "Bearer " + token_}}, body.dump(),
                           "application/json");
    if (!res) return Error{ErrorKind::kRefused, "POST " + path + ": " + httplib::to_string(res.error())};
    json j = json::parse(res->body, nullptr, false);
    if (res->status != 200) {
      std::string detail = j.is_object() && j.contains("detail") ? j["detail"].dump() : res->body.substr(0, 200);
      return Error{ErrorKind::kHttpStatus, "POST " + path + ": HTTP " + std::to_string(res->status) + " " + detail};
    }
    if (j.is_discarded()) return Error{ErrorKind::kBadJson, "POST " + path + ": answer is not JSON"};
    return j;
  }

 private:
  std::string token_, prefix_;
  std::mutex mu_;
  std::unique_ptr<httplib::Client> http_;
};

struct Claimed {
  std::string uuid, endpoint, env_id;
  int64_t seed = 0;
};

// what the API stores for one episode (spec/backend.md §3.10)
json ResultJson(const Claimed& t, const eval::EpisodeRecord& r) {
  std::string error = r.unavailable ? "unavailable: " + r.first_error
                      : r.aborted   ? "aborted: " + r.first_error
                      : r.deadline  ? "deadline"
                                    : r.first_error;
  return {{"task_uuid", t.uuid},
          {"success", r.success},
          {"score", r.success ? 1.0 : 0.0},
          {"total_reward", r.total_reward},
          {"timesteps", r.steps},
          {"error", error.empty() ? json(nullptr) : json(error)}};
}

}  // namespace

Executor::Executor(ExecutorConfig config, sim::ModelCache& models, std::function<void(const std::string&)> log)
    : config_(std::move(config)), models_(models), log_(std::move(log)) {
  if (config_.token.empty()) throw std::invalid_argument("executor: no token (kinitro executor-token create)");
  if (config_.batch_size < 1 || config_.batch_size > 100) throw std::invalid_argument("executor: batch size must be 1..100");
  if (config_.concurrency < 1) throw std::invalid_argument("executor: concurrency must be positive");
  ApiClient(config_.api_url, config_.token);  // validates the URL now
}

void Executor::Log(const std::string& line) const {
  if (log_) log_(line);
}

BatchReport Executor::RunBatch() {
  BatchReport report;
  ApiClient api(config_.api_url, config_.token);
  // the API hands out and accepts work only for cycles created for this executor's engine
  const std::string engine = sim::EngineName();
  auto fetched = api.Post("/v1/tasks/fetch",
                          {{"engine", engine}, {"batch_size", config_.batch_size}, {"env_ids", config_.env_ids}});
  if (!fetched) {
    report.errors.push_back(fetched.error().message);
    return report;
  }
  std::vector<Claimed> tasks;
  for (const json& t : (*fetched)["tasks"]) {
    tasks.push_back({t["task_uuid"], t["miner_endpoint"], t["env_id"], t["seed"].get<int64_t>()});
  }
  report.claimed = int(tasks.size());
  if (tasks.empty()) return report;

  // keep the leases alive while the episodes run
  std::mutex renew_mu;
  std::condition_variable renew_cv;
  bool done = false;
  std::thread renewer([&] {
    json uuids = json::array();
    for (const Claimed& t : tasks) uuids.push_back(t.uuid);
    std::unique_lock lock(renew_mu);
    while (!renew_cv.wait_for(lock, config_.renew_every, [&] { return done; })) {
      lock.unlock();
      if (auto r = api.Post("/v1/tasks/renew", {{"task_uuids", uuids}}); !r) Log("lease renewal failed: " + r.error().message);
      lock.lock();
    }
  });

  // what each endpoint supports: a server without sessions keeps one policy state, so its
  // episodes run one at a time (they would interleave on that state otherwise)
  struct Endpoint {
    bool sessions = false;
    std::mutex one_at_a_time;
  };
  std::map<std::string, Endpoint> endpoints;
  for (const Claimed& t : tasks) {
    if (endpoints.count(t.endpoint)) continue;
    policy::PolicyClient probe(t.endpoint, config_.client);
    auto health = probe.GetHealth();
    endpoints[t.endpoint].sessions = health && health->sessions;
  }

  // K workers, each with its own envs and one connection per miner endpoint
  std::vector<json> results(tasks.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    std::map<std::string, std::unique_ptr<sim::Env>> envs;
    std::map<std::string, std::unique_ptr<policy::PolicyClient>> clients;
    for (size_t i; (i = next++) < tasks.size();) {
      const Claimed& t = tasks[i];
      try {
        auto& env = envs[t.env_id];
        if (!env) env = std::make_unique<sim::Env>(models_.Get(t.env_id));
        auto& client = clients[t.endpoint];
        if (!client) client = std::make_unique<policy::PolicyClient>(t.endpoint, config_.client);
        Endpoint& endpoint = endpoints.at(t.endpoint);
        eval::EpisodeRules rules = config_.rules;
        rules.sessions = endpoint.sessions;
        std::unique_lock<std::mutex> serial(endpoint.one_at_a_time, std::defer_lock);
        if (!endpoint.sessions) serial.lock();
        results[i] = ResultJson(t, eval::RunRemoteEpisode(*env, *client, nullptr, {.seed = uint64_t(t.seed)}, rules));
      } catch (const std::exception& e) {
        // a local failure (unknown env, simulator error) is reported as such, not blamed on the miner
        results[i] = {{"task_uuid", t.uuid}, {"success", false}, {"error", std::string("executor error: ") + e.what()}};
      }
    }
  };
  std::vector<std::thread> workers;
  for (int k = 1; k < config_.concurrency; ++k) workers.emplace_back(work);
  work();
  for (auto& w : workers) w.join();
  {
    std::lock_guard lock(renew_mu);
    done = true;
  }
  renew_cv.notify_all();
  renewer.join();

  // submit; a retry after a lost answer is harmless (the API counts a repeated result once)
  json body = {{"engine", engine}, {"results", results}};
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto submitted = api.Post("/v1/tasks/submit", body);
    if (submitted) {
      report.accepted = (*submitted)["accepted"].get<int>() + (*submitted).value("duplicates", 0);
      report.rejected = (*submitted)["rejected"].get<int>();
      for (const json& e : (*submitted)["errors"]) report.errors.push_back(e.get<std::string>());
      return report;
    }
    report.errors.push_back(submitted.error().message);
  }
  return report;
}

void Executor::Run() {
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stopped_) return;
    }
    BatchReport r = RunBatch();
    for (const std::string& e : r.errors) Log(e);
    if (r.claimed > 0) {
      Log("batch: " + std::to_string(r.claimed) + " claimed, " + std::to_string(r.accepted) + " accepted, " +
          std::to_string(r.rejected) + " rejected");
      continue;
    }
    std::unique_lock lock(mu_);
    if (cv_.wait_for(lock, config_.idle_poll, [this] { return stopped_; })) return;
  }
}

void Executor::Stop() {
  {
    std::lock_guard lock(mu_);
    stopped_ = true;
  }
  cv_.notify_all();
}

}  // namespace kinitro::backend
