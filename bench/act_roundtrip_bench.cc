// /act round trips through kinitro's C++ client and server on loopback: without images, with
// both 84x84 cameras as nested JSON lists (the reference format) and as base64 (the advertised
// extension). Reports calls/s plus p50/p99 latency counters (µs).
// Also: one evaluated episode step against the oracle endpoint next to the same step in-process,
// to show whether evaluation is limited by the simulator or by HTTP.
// Run: build/bench/act_roundtrip_bench
#include <benchmark/benchmark.h>

#include <chrono>
#include <thread>

#include "eval/remote_episode.h"
#include "eval/stats.h"
#include "policy/builtin.h"
#include "policy/client.h"
#include "policy/server.h"
#include "sim/assets.h"
#include "sim/controllers.h"
#include "sim/episode.h"

namespace kinitro {
namespace {

using Clock = std::chrono::steady_clock;

sim::ModelCache& Models() {
  static sim::ModelCache cache(sim::FindAssetDir());
  return cache;
}

// a server on an ephemeral port for the benchmark's lifetime
struct Server {
  explicit Server(policy::PolicyFactory f) : server(std::move(f)) {
    port = server.Bind("127.0.0.1", 0);
    thread = std::thread([this] { server.Serve(); });
  }
  ~Server() {
    server.Stop();
    thread.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
  policy::PolicyServer server;
  int port = 0;
  std::thread thread;
};

void BM_Act(benchmark::State& state, int images, policy::ImageEncoding encoding) {
  Server server(policy::MakeBuiltinPolicy("zero", nullptr));
  policy::PolicyClient client(server.url());
  policy::ActRequest req{.observation = {0.01f, 0.6f, 0.2f, 1.0f}};
  for (int i = 0; i < images; ++i) {
    policy::Image img{.height = 84, .width = 84, .rgb = std::vector<uint8_t>(84 * 84 * 3)};
    for (size_t j = 0; j < img.rgb.size(); ++j) img.rgb[j] = uint8_t(j * 37);  // varied digits, like a real image
    req.images[i == 0 ? "corner" : "gripper"] = img;
  }
  std::vector<double> us;
  for (auto _ : state) {
    auto t0 = Clock::now();
    auto a = client.Act(req, encoding);
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    if (!a) state.SkipWithError(a.error().message.c_str());
  }
  state.counters["p50_us"] = eval::Quantile(us, 0.5);
  state.counters["p99_us"] = eval::Quantile(us, 0.99);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_Act, no_images, 0, policy::ImageEncoding::kNested)->UseRealTime();
BENCHMARK_CAPTURE(BM_Act, two_images_nested, 2, policy::ImageEncoding::kNested)->UseRealTime();
BENCHMARK_CAPTURE(BM_Act, two_images_base64, 2, policy::ImageEncoding::kBase64)->UseRealTime();

// whole evaluated episodes of pick-place against the oracle endpoint; items = env steps
void BM_OracleEpisodeOverHttp(benchmark::State& state) {
  Server server(policy::MakeBuiltinPolicy("oracle", &Models()));
  policy::PolicyClient client(server.url());
  sim::Env env(Models().Get("metaworld/pick-place-v3"));
  uint64_t seed = 0, steps = 0;
  for (auto _ : state) steps += eval::RunRemoteEpisode(env, client, nullptr, {.seed = seed++}, {.sessions = true}).steps;
  state.SetItemsProcessed(int64_t(steps));
}
BENCHMARK(BM_OracleEpisodeOverHttp)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2);

// the same episodes with the expert in-process: the simulator-only floor
void BM_ExpertEpisodeInProcess(benchmark::State& state) {
  sim::Env env(Models().Get("metaworld/pick-place-v3"));
  auto expert = sim::MakeController("expert");
  uint64_t seed = 0, steps = 0;
  for (auto _ : state) steps += sim::RunEpisode(env, *expert, seed++).steps;
  state.SetItemsProcessed(int64_t(steps));
}
BENCHMARK(BM_ExpertEpisodeInProcess)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2);

}  // namespace
}  // namespace kinitro
