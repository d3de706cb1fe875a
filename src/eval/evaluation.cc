#include "eval/evaluation.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "eval/stats.h"
#include "sim/engine.h"
#include "sim/metaworld_tasks.h"
#include "sim/tasks/registry.h"

namespace kinitro::eval {
namespace {

bool Has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// what one worker thread owns: its connection, its envs and renderers (GL contexts are per thread)
struct Worker {
  std::unique_ptr<policy::PolicyClient> client;
  std::map<std::string, std::unique_ptr<sim::Env>> envs;
  std::map<std::string, std::unique_ptr<sim::Renderer>> renderers;
};

}  // namespace

EvalReport RunEvaluation(const EvalConfig& config, sim::ModelCache& models, const std::function<void(int, int)>& progress) {
  const bool with_tasks = !config.metaworld_tasks.empty();
  if (config.episodes < 0 || (config.episodes == 0 && !with_tasks)) throw std::invalid_argument("episodes must be positive");
  EvalReport report;
  report.config = config;
  report.engine = sim::EngineName();
  auto started = std::chrono::steady_clock::now();

  // load every model and task up front so a bad env id or task file fails before any traffic;
  // jobs are env-major, then episode index
  struct Job {
    std::string env_id;
    int index;
  };
  std::vector<Job> jobs;
  std::map<std::string, std::vector<sim::MetaWorldTask>> tasks;
  for (const auto& id : config.env_ids) {
    models.Get(id);
    int n = config.episodes;
    if (with_tasks) {
      const sim::TaskSpec& spec = sim::FindTask(id);
      auto& list = tasks[id] = sim::ParseMetaWorldTaskSource(config.metaworld_tasks, spec);
      n = sim::EpisodesOnTasks(n, list.size(), config.metaworld_tasks, spec);
    }
    for (int i = 0; i < n; ++i) jobs.push_back({id, i});
  }

  // pre-flight once (spec §6 item 2): capabilities decide image encoding and concurrency
  {
    policy::PolicyClient probe(config.endpoint, config.client);
    auto health = probe.GetHealth();
    if (health) report.health = health.value();
    else report.health_error = health.error().message;
  }
  bool sessions = report.health && report.health->sessions;
  int k = config.concurrency > 0 ? config.concurrency : (sessions ? 4 : 1);
  if (k > 1 && !sessions && !config.force_concurrency) {
    throw std::invalid_argument(
        "the server does not advertise sessions in /health, so concurrent episodes would share one policy object "
        "(the reference template keeps a single global policy); use --concurrency 1, or --force-concurrency if "
        "your policy is stateless");
  }
  report.concurrency = k;
  EpisodeRules rules = config.rules;
  rules.sessions = sessions;
  rules.images = config.images;
  bool base64 = report.health && Has(report.health->image_encodings, "base64");
  rules.encoding = base64 ? policy::ImageEncoding::kBase64 : policy::ImageEncoding::kNested;
  report.image_encoding = !config.images ? "none" : base64 ? "base64" : "nested";

  // each result lands in its own slot, so K does not change the order or the content of the results
  int total = int(jobs.size());
  report.episodes.resize(total);
  std::atomic<int> next{0}, done{0};
  std::mutex error_mu;
  std::exception_ptr error;

  auto work = [&] {
    try {
      Worker w;
      w.client = std::make_unique<policy::PolicyClient>(config.endpoint, config.client);
      for (int job; (job = next++) < total;) {
        const std::string& env_id = jobs[job].env_id;
        EpisodeStart start{.seed = config.seed + uint64_t(jobs[job].index)};
        if (with_tasks) start.rand_vec = tasks.at(env_id)[jobs[job].index].rand_vec;
        auto& env = w.envs[env_id];
        if (!env) env = std::make_unique<sim::Env>(models.Get(env_id));
        sim::Renderer* renderer = nullptr;
        if (config.images) {
          auto& r = w.renderers[env_id];
          if (!r) r = std::make_unique<sim::Renderer>(env->mj_model(), sim::RendererOptions{config.image_size, config.image_size});
          renderer = r.get();
        }
        report.episodes[job] = RunRemoteEpisode(*env, *w.client, renderer, start, rules);
        if (with_tasks) report.episodes[job].task_index = jobs[job].index;
        int d = ++done;
        if (progress) progress(d, total);
      }
    } catch (...) {  // a local failure (rendering, simulator): stop everyone and report it
      std::lock_guard lock(error_mu);
      if (!error) error = std::current_exception();
      next = total;
    }
  };
  std::vector<std::thread> threads;
  for (int i = 1; i < k; ++i) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  if (error) std::rethrow_exception(error);

  report.envs = Summarize(report.episodes);
  report.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

std::vector<EnvSummary> Summarize(const std::vector<EpisodeRecord>& episodes) {
  std::vector<EnvSummary> out;
  std::map<std::string, std::vector<double>> latencies;
  std::map<std::string, double> steps;
  for (const EpisodeRecord& e : episodes) {
    auto it = std::find_if(out.begin(), out.end(), [&](const EnvSummary& s) { return s.env_id == e.env_id; });
    if (it == out.end()) {
      out.push_back({.env_id = e.env_id});
      it = out.end() - 1;
    }
    ++it->episodes;
    it->successes += e.success;
    steps[e.env_id] += e.steps;
    for (const auto& [kind, n] : e.errors) it->errors[kind] += n;
    if (e.unavailable) ++it->errors["unavailable"];
    if (e.aborted) ++it->errors["aborted"];
    auto& l = latencies[e.env_id];
    l.insert(l.end(), e.act_ms.begin(), e.act_ms.end());
  }
  for (EnvSummary& s : out) {
    s.success_rate = double(s.successes) / s.episodes;
    s.ci95 = Wilson95(s.successes, s.episodes);
    s.mean_steps = steps[s.env_id] / s.episodes;
    s.act_ms_p50 = Quantile(latencies[s.env_id], 0.5);
    s.act_ms_p99 = Quantile(latencies[s.env_id], 0.99);
  }
  return out;
}

}  // namespace kinitro::eval
