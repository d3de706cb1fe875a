// Frames/s of sim::Renderer at 84x84 (spec/metaworld.md §2.3), fast settings beside the
// MetaWorld baseline (the XML's shadows, reflections and 4x MSAA) in the same binary.
// Measured (pick-place reset pose, llvmpipe, 2 vCPUs): corner 48.1 -> 4.2 ms, gripper 42.4 -> 2.7 ms.
// Run: build/bench/render_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "sim/assets.h"
#include "sim/env.h"
#include "sim/model.h"
#include "sim/renderer.h"

namespace kinitro::sim {
namespace {

void BM_Render(benchmark::State& state, Camera cam, RenderQuality quality) {
  ModelCache cache(FindAssetDir());
  Env env(cache.Get("metaworld/pick-place-v3"));
  env.Reset(0);
  Renderer renderer(env.mj_model(), {.width = 84, .height = 84, .quality = quality});
  std::vector<uint8_t> rgb(renderer.frame_bytes());
  // warm up: the first frame creates the GL context and uploads meshes and textures
  for (int i = 0; i < 3; ++i) renderer.Render(env.mj_model(), env.mj_data(), cam, rgb);

  for (auto _ : state) {
    renderer.Render(env.mj_model(), env.mj_data(), cam, rgb);
    benchmark::DoNotOptimize(rgb.data());
  }
  state.SetItemsProcessed(state.iterations());  // items = frames
}

// wall time: llvmpipe rasterises on worker threads that CPU time would not count
BENCHMARK_CAPTURE(BM_Render, corner_fast, Camera::kCorner, RenderQuality::kFast)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_Render, gripper_fast, Camera::kGripper, RenderQuality::kFast)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_Render, corner_metaworld, Camera::kCorner, RenderQuality::kMetaWorld)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_Render, gripper_metaworld, Camera::kGripper, RenderQuality::kMetaWorld)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace kinitro::sim
