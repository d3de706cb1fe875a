// Renders one Env's cameras into caller buffers on a private headless GL context
// (spec/metaworld.md §2.3 images, §5 cameras, §6.4 headless rendering).
#pragma once

#include <mujoco/mujoco.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "sim/gl_context.h"

namespace kinitro::sim {

// The cameras Kinitro images come from (spec §5).
enum class Camera {
  kCorner,   // MuJoCo camera "corner" (id 1): fixed, front-left of the table, mounted upside-down
  kGripper,  // MuJoCo camera "gripperPOV" (id 6): tracks the hand, looks down past the fingers
};

// Row order of an image buffer.
enum class RowOrder {
  kBottomFirst,  // row 0 = bottom row of the GL viewport: the raw mjr_readPixels buffer
  kTopFirst,     // row 0 = top row of the GL viewport: the raw buffer flipped vertically
};

// The row order Render returns for `cam`: the one order per camera that shows the scene upright
// (table at the bottom) when row 0 is displayed on top. See renderer.cc for why.
RowOrder CameraRowOrder(Camera cam);

// How the same scene is shaded.
enum class RenderQuality {
  kFast,       // no shadows, reflections, skybox or multisampling: >10x faster in software GL;
               // same geometry, camera and sites, slightly different shading (no shadow/mirror)
  kMetaWorld,  // the XML's settings as MetaWorld renders them (4096² shadow map, reflections,
               // 4x MSAA): pixel parity with MetaWorld, ~50 ms per 84x84 frame on llvmpipe
};

struct RendererOptions {
  int width = 84;   // image width in pixels (spec §2.3: 84)
  int height = 84;  // image height in pixels
  RenderQuality quality = RenderQuality::kFast;
};

// Renders images of one model's cameras. Owns its GL context, mjvScene and mjrContext, all
// reused across frames; Render allocates nothing. Thread: one thread at a time, and the thread
// of the first Render keeps the GL context current (see GlContext).
class Renderer {
 public:
  // Prepares rendering for `m` (an Env's mj_model() view; must outlive the Renderer). Resolves
  // the cameras by name. Throws std::invalid_argument for a non-positive size, std::runtime_error
  // when the model lacks a camera. GL resources are created by the first Render, on its thread.
  explicit Renderer(const mjModel* m, RendererOptions options = {});
  // Frees GL resources with this context current. Never throws.
  ~Renderer();
  Renderer(const Renderer&) = delete;
  Renderer& operator=(const Renderer&) = delete;

  // Renders `cam` for the state in (m, d) into rgb_out: height*width*3 bytes, row-major, rows in
  // CameraRowOrder(cam). `m` must be a view of the constructor's model (e.g. the same Env's
  // mj_model()). Throws std::invalid_argument for a wrong buffer size or model, MujocoError or
  // std::runtime_error (EGL, with what to install) when rendering fails.
  void Render(const mjModel* m, const mjData* d, Camera cam, std::span<uint8_t> rgb_out);

  int width() const { return options_.width; }
  int height() const { return options_.height; }
  size_t frame_bytes() const { return size_t(options_.width) * options_.height * 3; }

 private:
  void Init();  // creates the GL context, scene and mjrContext on the calling thread

  const mjModel* model_;
  RendererOptions options_;
  std::array<int, 2> camera_ids_{};  // MuJoCo camera id per Camera value
  std::unique_ptr<GlContext> gl_;    // null until the first Render
  mjvScene scene_{};
  mjrContext context_{};
  mjvOption option_{};
  mjvCamera camera_{};
  std::vector<uint8_t> row_;  // (width*3) scratch for flipping rows in place
};

}  // namespace kinitro::sim
