#include "backend/api/api_server.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <ctime>
#include <map>
#include <optional>

namespace kinitro::backend {
namespace {

using nlohmann::json;
constexpr const char* kVersion = "0.1.0";

// an error the handler turns into {"detail": ...} with this status
struct HttpError {
  int status;
  std::string detail;
};

void Reply(httplib::Response& res, const json& body, int status = 200) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

// ISO-8601 without time zone, UTC, fractional part only when non-zero (spec §3.1)
json Iso(const std::optional<TimePoint>& t) {
  if (!t) return nullptr;
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(t->time_since_epoch()).count();
  std::time_t secs = std::time_t(us / 1'000'000);
  int64_t frac = us % 1'000'000;
  if (frac < 0) frac += 1'000'000, --secs;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string s = buf;
  if (frac) {
    char f[8];
    std::snprintf(f, sizeof f, ".%06lld", static_cast<long long>(frac));
    s += f;
  }
  return s;
}

json CycleJson(const std::optional<Cycle>& c) {
  if (!c) return nullptr;
  return {{"id", c->id},
          {"block_number", c->block_number},
          {"started_at", Iso(c->started_at)},
          {"completed_at", Iso(c->completed_at)},
          {"status", CycleStatusName(c->status)},
          {"n_miners", c->n_miners ? json(*c->n_miners) : json(nullptr)},
          {"n_environments", c->n_environments ? json(*c->n_environments) : json(nullptr)},
          {"duration_seconds", c->duration_s ? json(*c->duration_s) : json(nullptr)},
          {"engine", c->engine ? json(*c->engine) : json(nullptr)}};
}

json WeightsJson(Store& store, const WeightsRow& w) {
  std::optional<Cycle> own = store.GetCycle(w.cycle_id);  // for the metadata
  json weights = json::object();
  for (const auto& [uid, v] : w.weights.items()) weights[uid] = v;
  return {{"cycle_id", w.cycle_id},
          {"block_number", w.block_number},
          {"timestamp", Iso(w.created_at)},
          {"weights", weights},
          {"weights_u16", w.weights_u16},
          {"metadata",
           {{"n_miners_evaluated", own && own->n_miners ? json(*own->n_miners) : json(nullptr)},
            {"n_environments", own && own->n_environments ? json(*own->n_environments) : json(nullptr)},
            {"evaluation_duration_seconds", own && own->duration_s ? json(*own->duration_s) : json(nullptr)},
            {"engine", own && own->engine ? json(*own->engine) : json(nullptr)}}}};
}

json ScoresJson(const Cycle& cycle, const std::vector<ScoreRow>& rows) {
  json scores = json::array(), summary = json::object();
  for (const ScoreRow& r : rows) {
    scores.push_back({{"uid", r.uid},
                      {"hotkey", r.hotkey},
                      {"env_id", r.env_id},
                      {"success_rate", r.success_rate},
                      {"mean_reward", r.mean_reward},
                      {"episodes_completed", r.episodes_completed},
                      {"episodes_failed", r.episodes_failed}});
    summary[std::to_string(r.uid)][r.env_id] = r.success_rate;
  }
  return {{"cycle", CycleJson(cycle)}, {"scores", scores}, {"miner_summary", summary}};
}

int64_t PathInt(const httplib::Request& req, const char* what) {
  const std::string& s = req.matches[1];
  try {
    size_t used = 0;
    long long v = std::stoll(s, &used);
    if (used == s.size()) return v;
  } catch (const std::exception&) {
  }
  throw HttpError{422, std::string(what) + " must be an integer, got '" + s + "'"};
}

json ParseBody(const httplib::Request& req) {
  json j = json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw HttpError{422, "request body must be a JSON object"};
  return j;
}

// the executor a bearer token belongs to; the body may repeat it, but must not contradict it
std::string Authenticate(Store& store, const httplib::Request& req, const json& body) {
  std::string auth = req.get_header_value("Authorization");
  if (auth.rfind("Bearer ", 0) != 0) throw HttpError{401, "executor credential required: Authorization: Bearer <token> (kinitro executor-token create)"};
  auto executor = store.VerifyExecutorToken(auth.substr(7));
  if (!executor) throw HttpError{401, "invalid or revoked executor token"};
  if (body.contains("executor_id") && !body["executor_id"].is_null()) {
    if (!body["executor_id"].is_string() || body["executor_id"].get<std::string>() != *executor) {
      throw HttpError{403, "executor_id does not match the credential"};
    }
  }
  return *executor;
}

std::vector<std::string> StringList(const json& body, const char* key, size_t max_items) {
  std::vector<std::string> out;
  if (!body.contains(key) || body[key].is_null()) return out;
  if (!body[key].is_array() || body[key].size() > max_items) {
    throw HttpError{422, std::string(key) + " must be a list of at most " + std::to_string(max_items) + " strings"};
  }
  for (const json& v : body[key]) {
    if (!v.is_string() || v.get<std::string>().size() > 64) throw HttpError{422, std::string(key) + " must contain strings of at most 64 characters"};
    out.push_back(v.get<std::string>());
  }
  return out;
}

// the "engine" of a fetch or submit body: the executor's sim::EngineName(); nullopt when absent
// (executors from before engines were recorded send none)
std::optional<std::string> ExecutorEngine(const json& body) {
  if (!body.contains("engine") || body["engine"].is_null()) return std::nullopt;
  const json& engine = body["engine"];
  if (!engine.is_string() || engine.get<std::string>().empty() || engine.get<std::string>().size() > 64) {
    throw HttpError{422, "engine must be a string of 1-64 characters naming the executor's physics engine, "
                         "e.g. \"MuJoCo 3.3.0\""};
  }
  return engine.get<std::string>();
}

// results are comparable only on the same engine, so one cycle never mixes engines: an executor
// may work on these cycles only if it names the engine each of them was created for
void RequireCycleEngines(const std::optional<std::string>& executor, const std::vector<Cycle>& cycles) {
  if (!executor) {
    std::string upgrade = "upgrade kinitro on the executor";
    for (const Cycle& c : cycles) {
      if (c.engine) {
        upgrade += " to a build on " + *c.engine + " (the engine of cycle " + std::to_string(c.id) + ")";
        break;
      }
    }
    throw HttpError{422, "the request names no \"engine\": the executor's kinitro predates engine recording; " + upgrade};
  }
  for (const Cycle& c : cycles) {
    std::string cycle = "cycle " + std::to_string(c.id);
    if (!c.engine) {
      throw HttpError{422, cycle + " has no engine recorded (it predates engine recording), so it accepts no work from "
                               "this executor on " + *executor};
    }
    if (*c.engine != *executor) {
      throw HttpError{422, cycle + " runs on " + *c.engine + ", but this executor runs " + *executor +
                               "; one cycle never mixes physics engines: use an executor built on " + *c.engine};
    }
  }
}

TaskResult ParseResult(const json& r, size_t index) {
  std::string where = "results[" + std::to_string(index) + "]";
  if (!r.is_object()) throw HttpError{422, where + " must be an object"};
  if (!r.contains("task_uuid") || !r["task_uuid"].is_string() || r["task_uuid"].get<std::string>().size() > 64) {
    throw HttpError{422, where + ".task_uuid must be a string"};
  }
  if (!r.contains("success") || !r["success"].is_boolean()) throw HttpError{422, where + ".success must be a boolean"};
  TaskResult t{.task_uuid = r["task_uuid"].get<std::string>(), .success = r["success"].get<bool>()};
  auto number = [&](const char* key, double fallback) {
    if (!r.contains(key) || r[key].is_null()) return fallback;
    if (!r[key].is_number() || !std::isfinite(r[key].get<double>())) throw HttpError{422, where + "." + key + " must be a finite number"};
    return r[key].get<double>();
  };
  t.score = number("score", 0.0);
  t.total_reward = number("total_reward", 0.0);
  double steps = number("timesteps", 0.0);
  if (steps < 0 || steps > 1e6 || steps != std::floor(steps)) throw HttpError{422, where + ".timesteps must be an integer 0..1000000"};
  t.timesteps = int(steps);
  if (r.contains("error") && !r["error"].is_null()) {
    if (!r["error"].is_string()) throw HttpError{422, where + ".error must be a string or null"};
    t.error = r["error"].get<std::string>().substr(0, 4096);
  }
  return t;
}

json TaskJson(const Task& t) {
  return {{"task_uuid", t.task_uuid},   {"cycle_id", t.cycle_id},
          {"miner_uid", t.miner_uid},   {"miner_hotkey", t.miner_hotkey},
          {"miner_endpoint", t.miner_endpoint},
          {"miner_repo", t.miner_repo ? json(*t.miner_repo) : json(nullptr)},
          {"miner_revision", t.miner_revision ? json(*t.miner_revision) : json(nullptr)},
          {"env_id", t.env_id},         {"seed", t.seed},
          {"status", TaskStatusName(t.status)},
          {"created_at", Iso(t.created_at)},
          {"lease_expires_at", Iso(t.lease_expires_at)}};
}

}  // namespace

ApiServer::ApiServer(Store& store, ApiOptions options)
    : store_(store), options_(std::move(options)), http_(std::make_unique<httplib::Server>()) {
  httplib::Server& s = *http_;
  s.set_payload_max_length(options_.max_body_bytes);
  s.set_tcp_nodelay(true);
  s.set_keep_alive_max_count(1000);
  int threads = options_.threads;
  s.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };

  // one place where failures become {"detail": ...}
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    try {
      std::rethrow_exception(ep);
    } catch (const HttpError& e) {
      Reply(res, {{"detail", e.detail}}, e.status);
      if (e.status == 401) res.set_header("WWW-Authenticate", "Bearer");
    } catch (const std::exception& e) {
      Reply(res, {{"detail", std::string("internal error: ") + e.what()}}, 500);
    }
  });
  s.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) {
      std::string detail = res.status == 413 ? "request body too large"
                           : res.status == 404 ? "Not Found"
                                               : "HTTP " + std::to_string(res.status);
      res.set_content(json{{"detail", detail}}.dump(), "application/json");
    }
  });

  s.Get("/health", [this](const httplib::Request&, httplib::Response& res) {
    bool connected = true;
    try {
      store_.LatestCycle(std::nullopt);
    } catch (const std::exception&) {
      connected = false;
    }
    Reply(res, {{"status", "ok"}, {"version", kVersion}, {"database", connected ? "connected" : "disconnected"}});
  });

  s.Get("/v1/status", [this](const httplib::Request&, httplib::Response& res) {
    auto running = store_.RunningCycle();
    Reply(res, {{"current_cycle", CycleJson(running)},
                {"last_completed_cycle", CycleJson(store_.LatestCycle(CycleStatus::kCompleted))},
                {"total_cycles", store_.CountCycles()},
                {"total_miners_evaluated", store_.CountScoredMiners()},
                {"environments", options_.env_ids},
                {"is_evaluating", running.has_value()}});
  });

  s.Get("/v1/weights/latest", [this](const httplib::Request&, httplib::Response& res) {
    auto w = store_.LatestWeights();
    if (!w) throw HttpError{404, "No weights available yet"};
    Reply(res, WeightsJson(store_, *w));
  });
  s.Get(R"(/v1/weights/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
    int64_t block = PathInt(req, "block_number");
    auto w = store_.WeightsForBlock(block);
    if (!w) throw HttpError{404, "No weights found for block " + std::to_string(block)};
    Reply(res, WeightsJson(store_, *w));
  });

  s.Get("/v1/scores/latest", [this](const httplib::Request&, httplib::Response& res) {
    auto c = store_.LatestCycle(CycleStatus::kCompleted);
    if (!c) throw HttpError{404, "No completed evaluations yet"};
    Reply(res, ScoresJson(*c, store_.Scores(c->id)));
  });
  s.Get(R"(/v1/scores/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
    int64_t id = PathInt(req, "cycle_id");
    auto c = store_.GetCycle(id);
    if (!c) throw HttpError{404, "Cycle " + std::to_string(id) + " not found"};
    Reply(res, ScoresJson(*c, store_.Scores(id)));
  });

  s.Get("/v1/miners", [this](const httplib::Request&, httplib::Response& res) {
    json out = json::array();
    auto c = store_.LatestCycle(CycleStatus::kCompleted);
    if (c) {
      std::map<int, std::pair<std::string, std::vector<const ScoreRow*>>> by_uid;
      auto rows = store_.Scores(c->id);
      for (const ScoreRow& r : rows) {
        by_uid[r.uid].first = r.hotkey;
        by_uid[r.uid].second.push_back(&r);
      }
      for (const auto& [uid, v] : by_uid) {
        double sum = 0;
        json envs = json::array();
        for (const ScoreRow* r : v.second) sum += r->success_rate, envs.push_back(r->env_id);
        out.push_back({{"uid", uid},
                       {"hotkey", v.first},
                       {"last_evaluated_block", c->block_number},
                       {"avg_success_rate", sum / double(v.second.size())},
                       {"environments_evaluated", envs}});
      }
    }
    Reply(res, out);
  });

  s.Get("/v1/environments", [this](const httplib::Request&, httplib::Response& res) {
    auto c = store_.LatestCycle(CycleStatus::kCompleted);
    std::vector<ScoreRow> rows = c ? store_.Scores(c->id) : std::vector<ScoreRow>{};
    json out = json::array();
    for (const std::string& env : options_.env_ids) {
      int n = 0;
      double sum = 0;
      for (const ScoreRow& r : rows) {
        if (r.env_id == env) ++n, sum += r.success_rate;
      }
      auto slash = env.find('/');
      out.push_back({{"env_id", env},
                     {"env_name", env.substr(0, slash)},
                     {"task_name", slash == std::string::npos ? env : env.substr(slash + 1)},
                     {"n_evaluations", n},
                     {"avg_success_rate", n ? json(sum / n) : json(nullptr)}});
    }
    Reply(res, out);
  });

  s.Post("/v1/tasks/fetch", [this](const httplib::Request& req, httplib::Response& res) {
    json body = ParseBody(req);
    std::string executor = Authenticate(store_, req, body);
    int batch = 10;
    if (body.contains("batch_size") && !body["batch_size"].is_null()) {
      if (!body["batch_size"].is_number_integer() || body["batch_size"].get<int64_t>() < 1 || body["batch_size"].get<int64_t>() > 100) {
        throw HttpError{422, "batch_size must be an integer 1..100"};
      }
      batch = body["batch_size"].get<int>();
    }
    // only the running cycle's tasks: a failed or timed-out cycle's leftovers are never handed out
    auto running = store_.RunningCycle();
    // refused before claiming, so no task waits out a lease its results could never be accepted for
    RequireCycleEngines(ExecutorEngine(body), running ? std::vector<Cycle>{*running} : std::vector<Cycle>{});
    std::vector<Task> tasks;
    if (running) {
      tasks = store_.ClaimTasks({.executor_id = executor,
                                 .batch_size = batch,
                                 .env_ids = StringList(body, "env_ids", 64),
                                 .lease = options_.lease,
                                 .cycle_id = running->id});
    }
    json list = json::array();
    for (const Task& t : tasks) list.push_back(TaskJson(t));
    Reply(res, {{"tasks", list},
                {"total_pending", running ? store_.GetPoolStats(running->id).pending : 0},
                {"lease_seconds", std::chrono::duration<double>(options_.lease).count()}});
  });

  s.Post("/v1/tasks/renew", [this](const httplib::Request& req, httplib::Response& res) {
    json body = ParseBody(req);
    std::string executor = Authenticate(store_, req, body);
    int renewed = store_.RenewLeases(executor, StringList(body, "task_uuids", 1000), options_.lease);
    Reply(res, {{"renewed", renewed}, {"lease_seconds", std::chrono::duration<double>(options_.lease).count()}});
  });

  s.Post("/v1/tasks/submit", [this](const httplib::Request& req, httplib::Response& res) {
    json body = ParseBody(req);
    std::string executor = Authenticate(store_, req, body);
    if (!body.contains("results") || !body["results"].is_array() || body["results"].size() > 1000) {
      throw HttpError{422, "results must be a list of at most 1000 results"};
    }
    std::vector<TaskResult> results;
    for (size_t i = 0; i < body["results"].size(); ++i) results.push_back(ParseResult(body["results"][i], i));
    // all or nothing: a cycle's engine never changes, so checking before storing is race-free
    std::vector<std::string> uuids;
    for (const TaskResult& r : results) uuids.push_back(r.task_uuid);
    RequireCycleEngines(ExecutorEngine(body), store_.CyclesOfTasks(uuids));
    int accepted = 0, rejected = 0, duplicates = 0;
    json errors = json::array();
    for (const SubmitStatus& s : store_.SubmitResults(executor, results)) {
      switch (s.outcome) {
        case SubmitOutcome::kAccepted: ++accepted; break;
        case SubmitOutcome::kDuplicate: ++duplicates; break;
        case SubmitOutcome::kRejected:
          ++rejected;
          errors.push_back("Task " + s.task_uuid + ": " + s.reason);
          break;
      }
    }
    Reply(res, {{"accepted", accepted}, {"rejected", rejected}, {"duplicates", duplicates}, {"errors", errors}});
  });

  s.Get("/v1/tasks/stats", [this](const httplib::Request& req, httplib::Response& res) {
    std::optional<int64_t> cycle;
    if (req.has_param("cycle_id")) {
      try {
        cycle = std::stoll(req.get_param_value("cycle_id"));
      } catch (const std::exception&) {
        throw HttpError{422, "cycle_id must be an integer"};
      }
      if (*cycle == 0) cycle.reset();  // the reference treats 0 as "no filter"
    } else if (auto running = store_.RunningCycle()) {
      cycle = running->id;
    }
    PoolStats p = store_.GetPoolStats(cycle);
    Reply(res, {{"total_tasks", p.total},
                {"pending_tasks", p.pending},
                {"assigned_tasks", p.assigned},
                {"completed_tasks", p.completed},
                {"failed_tasks", p.failed},
                {"active_executors", p.active_executors},
                {"current_cycle_id", cycle ? json(*cycle) : json(nullptr)}});
  });
}

ApiServer::~ApiServer() { Stop(); }

int ApiServer::Bind(const std::string& host, int port) {
  int bound = port == 0 ? http_->bind_to_any_port(host) : (http_->bind_to_port(host, port) ? port : -1);
  if (bound < 0) throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port));
  return bound;
}

void ApiServer::Serve() { http_->listen_after_bind(); }
void ApiServer::Stop() { http_->stop(); }

}  // namespace kinitro::backend
