// `kinitro check-endpoint URL`: the conformance checks a miner runs before deploying. Each check
// prints PASS or FAIL with a reason; any failure exits 1.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <iostream>

#include "cli/commands.h"
#include "eval/stats.h"
#include "policy/client.h"
#include "util/base_url.h"

namespace kinitro::cli {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

struct CheckFlags {
  std::string url;
  int act_timeout_ms = 500;
  int latency_calls = 50;
  bool json = false;
};

struct CheckResult {
  std::string name;
  bool pass;
  std::string detail;
};

// a typical reset observation of reach-v3: hand near (0, 0.6, 0.2), gripper open
const std::vector<float> kObservation = {-0.0079f, 0.6128f, 0.2009f, 1.0f};

policy::Image TestImage(int seed) {
  policy::Image img{.height = policy::kImageSize, .width = policy::kImageSize};
  img.rgb.resize(size_t(img.height) * img.width * 3);
  for (size_t i = 0; i < img.rgb.size(); ++i) img.rgb[i] = uint8_t((i * 31 + seed * 7) % 256);
  return img;
}

std::string ActionText(const policy::ActionVec& a) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "[%.4f, %.4f, %.4f, %.4f]", a[0], a[1], a[2], a[3]);
  return buf;
}

// "" if the action is usable, else why not
std::string ActionProblem(const policy::ActionVec& a) {
  for (double x : a) {
    if (x < -1 || x > 1) return "values outside [-1, 1]: " + ActionText(a) + " (the evaluator clips them)";
  }
  return {};
}

std::vector<CheckResult> RunChecks(const CheckFlags& f) {
  std::vector<CheckResult> out;
  auto add = [&](std::string name, bool pass, std::string detail) { out.push_back({std::move(name), pass, std::move(detail)}); };
  policy::ClientOptions options;
  options.act_timeout_ms = f.act_timeout_ms;
  policy::PolicyClient client(f.url, options);

  // 1. health
  auto health = client.GetHealth();
  if (!health) {
    add("health", false, health.error().message);
  } else {
    bool ok = health->status == "healthy" && health->model_loaded;
    add("health", ok,
        ok ? "status healthy, model loaded, up " + std::to_string(int(health->uptime_seconds)) + " s"
           : "status '" + health->status + "', model_loaded " + (health->model_loaded ? "true" : "false"));
  }
  bool base64 = health && std::find(health->image_encodings.begin(), health->image_encodings.end(), "base64") !=
                              health->image_encodings.end();

  // 2. reset with the evaluator's exact body
  auto reset = client.Reset({.env_id = "metaworld/reach-v3", .task_name = "reach-v3", .seed = 12345, .task_id = 12345});
  add("reset", bool(reset), reset ? "2xx for a reach-v3 task config" : reset.error().message);
  if (!reset) return out;  // nothing below can work

  // 3. act: shape, finiteness, range
  policy::ActRequest req{.observation = kObservation};
  auto act = client.Act(req);
  if (!act) {
    add("act", false, act.error().message);
    return out;
  }
  std::string problem = ActionProblem(act.value());
  add("act", problem.empty(), problem.empty() ? "4 finite numbers in [-1, 1]: " + ActionText(act.value()) : problem);

  // 4. images, in the reference format and (if advertised) the compact one
  req.images = {{"corner", TestImage(1)}, {"gripper", TestImage(2)}};
  auto nested = client.Act(req, policy::ImageEncoding::kNested);
  add("act with images (nested lists)", bool(nested), nested ? "accepted 84x84x3 corner and gripper images" : nested.error().message);
  if (base64) {
    auto compact = client.Act(req, policy::ImageEncoding::kBase64);
    add("act with images (base64 extension)", bool(compact),
        compact ? "accepted the advertised compact encoding" : compact.error().message);
  }
  req.images.clear();

  // 5. seed determinism: verification compares actions for the same observation and seed
  req.seed = 743350141;
  auto a1 = client.Act(req), a2 = client.Act(req);
  req.seed = 3000000000LL;  // the verifier's seeds can exceed 32 bits
  auto a3 = client.Act(req);
  if (!a1 || !a2 || !a3) {
    add("seeded act is deterministic", false, (!a1 ? a1.error() : !a2 ? a2.error() : a3.error()).message);
  } else {
    bool same = a1.value() == a2.value();
    add("seeded act is deterministic", same,
        same ? "same observation and seed gave the same action (64-bit seeds accepted)"
             : "two calls with seed 743350141 gave " + ActionText(a1.value()) + " and " + ActionText(a2.value()));
  }
  req.seed.reset();

  // 6. latency against the act budget, on the kept-alive connection
  std::vector<double> ms;
  int failures = 0;
  for (int i = 0; i < f.latency_calls; ++i) {
    auto t0 = Clock::now();
    auto r = client.Act(req);
    if (!r) ++failures;
    else ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  double p50 = eval::Quantile(ms, 0.5), p99 = eval::Quantile(ms, 0.99);
  char lat[160];
  std::snprintf(lat, sizeof lat, "p50 %.1f ms, p99 %.1f ms over %d calls (budget %d ms), %d failed", p50, p99, f.latency_calls,
                f.act_timeout_ms, failures);
  add("latency", failures == 0 && p99 < f.act_timeout_ms, lat);

  // 7. a malformed request is a client error, not a crash
  {
    BaseUrl url = *ParseBaseUrl(f.url);  // valid: the PolicyClient above accepted it
    httplib::Client raw(url.origin);
    raw.set_read_timeout(5, 0);
    auto res = raw.Post(url.prefix + "/act", "{\"observation\": \"not a list\"}", "application/json");
    bool ok = res && res->status >= 400 && res->status < 500;
    add("malformed /act rejected with 4xx", ok,
        res ? "HTTP " + std::to_string(res->status) : "no response: " + httplib::to_string(res.error()));
    auto after = client.GetHealth();
    add("still healthy afterwards", bool(after), after ? "yes" : after.error().message);
  }
  return out;
}

void RunCheckEndpoint(const CheckFlags& f) {
  auto results = RunChecks(f);
  int failed = 0;
  for (const auto& r : results) failed += !r.pass;
  if (f.json) {
    json j = json::array();
    for (const auto& r : results) j.push_back({{"check", r.name}, {"pass", r.pass}, {"detail", r.detail}});
    std::cout << json{{"endpoint", f.url}, {"pass", failed == 0}, {"checks", j}}.dump(2) << "\n";
  } else {
    for (const auto& r : results) std::printf("%s  %-36s %s\n", r.pass ? "PASS" : "FAIL", r.name.c_str(), r.detail.c_str());
    std::printf("%s: %zu checks, %d failed\n", failed ? "NOT READY" : "READY", results.size(), failed);
  }
  if (failed) throw std::runtime_error(std::to_string(failed) + " check(s) failed");
}

}  // namespace

void AddCheckEndpointCommands(CLI::App& app) {
  auto flags = std::make_shared<CheckFlags>();
  CheckFlags& f = *flags;
  CLI::App* cmd = app.add_subcommand("check-endpoint", "check that a policy server speaks the protocol, before deploying");
  cmd->add_option("url", f.url, "policy server base URL, e.g. http://127.0.0.1:8001")->required();
  cmd->add_option("--act-timeout-ms", f.act_timeout_ms, "the act budget to check against (default 500)")->check(CLI::Range(1, 600000));
  cmd->add_option("--latency-calls", f.latency_calls, "act calls for the latency check (default 50)")->check(CLI::Range(1, 100000));
  cmd->add_flag("--json", f.json, "print the results as JSON");
  cmd->callback([flags] { RunCheckEndpoint(*flags); });
}

}  // namespace kinitro::cli
