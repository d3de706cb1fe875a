#include "sim/renderer.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

#include "sim/mujoco_guard.h"

namespace kinitro::sim {
namespace {

constexpr const char* kCameraNames[] = {"corner", "gripperPOV"};  // indexed by Camera
constexpr int kMaxSceneGeoms = 1000;  // spec §5: Gymnasium's scene capacity
constexpr int kUnusedShadowSize = 64;  // shadow map texture size when shadows are off

}  // namespace

// The one place that decides pixel row order. Displaying row 0 on top must show the scene
// upright: table at the bottom, far side of the table at the top.
// - corner: spec §2.3 makes Kinitro's array the raw mjr_readPixels buffer (Gymnasium flips the
//   rows, Kinitro flips them back), so row 0 = bottom row of the viewport. That is upright only
//   because the camera is mounted upside-down (image-up = world -z, spec §5); it is also mirrored
//   left-right against what a person at the camera would see. Kept as is for parity.
// - gripperPOV: Kinitro has no code path for it (spec §2.3), so nothing to match. The camera looks
//   straight down with image-up = world +y (away from the robot) and image-right = world +x, so
//   the GL image read top row first is the true, unmirrored view with the far side at the top and
//   the near finger reaching in from above. The raw buffer would show it upside down.
RowOrder CameraRowOrder(Camera cam) {
  switch (cam) {
    case Camera::kCorner: return RowOrder::kBottomFirst;
    case Camera::kGripper: return RowOrder::kTopFirst;
  }
  throw std::invalid_argument("unknown Camera value " + std::to_string(int(cam)));
}

Renderer::Renderer(const mjModel* m, RendererOptions options) : model_(m), options_(options) {
  if (options_.width <= 0 || options_.height <= 0) {
    throw std::invalid_argument("renderer size " + std::to_string(options_.width) + "x" +
                                std::to_string(options_.height) + " is invalid (width and height must be positive)");
  }
  for (size_t i = 0; i < camera_ids_.size(); ++i) {
    camera_ids_[i] = mj_name2id(m, mjOBJ_CAMERA, kCameraNames[i]);
    if (camera_ids_[i] < 0) {
      throw std::runtime_error(std::string("model has no camera named '") + kCameraNames[i] +
                               "' (not a MetaWorld Sawyer scene? every xyz_base.xml declares it)");
    }
  }
  mjv_defaultOption(&option_);  // spec §2.3: default groups, so goal and finger-tip sites show
  mjv_defaultCamera(&camera_);
  mjv_defaultScene(&scene_);
  mjr_defaultContext(&context_);
  row_.resize(size_t(options_.width) * 3);
  Guarded([&] { mjv_makeScene(m, &scene_, kMaxSceneGeoms); });  // CPU only: no GL needed yet
}

Renderer::~Renderer() {
  // mjr_freeContext deletes GL objects by name in whatever context is current, so free only
  // with ours current; if that fails, destroying the context frees them anyway
  if (gl_ != nullptr) {
    try {
      gl_->MakeCurrent();
      Guarded([&] { mjr_freeContext(&context_); });
    } catch (...) {
      // nothing to report from a destructor; the GL context is destroyed below regardless
    }
  }
  mjv_freeScene(&scene_);
}

void Renderer::Init() {
  auto gl = std::make_unique<GlContext>();  // current on this thread from here on

  // mjr_makeContext reads the offscreen size and quality from the model; set them on a private
  // shallow copy of the struct header (the arrays stay shared and untouched)
  mjModel sized = *model_;
  sized.vis.global.offwidth = options_.width;
  sized.vis.global.offheight = options_.height;
  // speed (kFast). Measured at 84x84 on llvmpipe, 2 vCPUs, corner camera, ms per frame:
  //   XML settings (4096² shadows, reflections, 4x MSAA, skybox)  46.7
  //   shadows off                                                 14.4  (the shadow pass: 2x geometry + 4096² depth)
  //   + reflections off                                           11.9  (the mirrored floor/table redraw)
  //   + offsamples 0 (no MSAA)                                     4.2  (4x fewer samples, no resolve blit)
  //   skybox off                                                  -0.1  (noise; kept on so the background
  //                                                                      matches MetaWorld's grey, not black)
  // shadowsize 64 instead of 4096 saves 64 MB of depth texture and ~30 ms of mjr_makeContext,
  // nothing per frame; the font scale (never drawn) and LP_NUM_THREADS change nothing measurable
  if (options_.quality == RenderQuality::kFast) {
    sized.vis.quality.offsamples = 0;
    sized.vis.quality.shadowsize = kUnusedShadowSize;
  }
  try {
    Guarded([&] {
      mjr_makeContext(&sized, &context_, mjFONTSCALE_50);
      mjr_setBuffer(mjFB_OFFSCREEN, &context_);
    });
    if (context_.offWidth < options_.width || context_.offHeight < options_.height) {
      throw std::runtime_error("GL offscreen buffer is " + std::to_string(context_.offWidth) + "x" +
                               std::to_string(context_.offHeight) + ", smaller than the requested " +
                               std::to_string(options_.width) + "x" + std::to_string(options_.height));
    }
  } catch (...) {
    // the GL objects made so far die with `gl`; forget their names so a later Init starts clean
    mjr_defaultContext(&context_);
    throw;
  }
  if (options_.quality == RenderQuality::kFast) {  // see the table above
    scene_.flags[mjRND_SHADOW] = 0;
    scene_.flags[mjRND_REFLECTION] = 0;
  }
  gl_ = std::move(gl);
}

void Renderer::Render(const mjModel* m, const mjData* d, Camera cam, std::span<uint8_t> rgb_out) {
  if (rgb_out.size() != frame_bytes()) {
    throw std::invalid_argument("render buffer has " + std::to_string(rgb_out.size()) + " bytes, expected " +
                                std::to_string(frame_bytes()) + " (" + std::to_string(options_.height) + "x" +
                                std::to_string(options_.width) + "x3)");
  }
  // views of one model share its arrays; the GL context holds that model's meshes and textures
  if (m->geom_type != model_->geom_type) {
    throw std::invalid_argument("Render got a different model than the Renderer was built for");
  }
  if (gl_ == nullptr) {
    Init();
  } else {
    gl_->MakeCurrent();
  }

  camera_.type = mjCAMERA_FIXED;
  camera_.fixedcamid = camera_ids_[size_t(cam)];
  // mjv_updateScene takes a non-const mjData* but writes only its scratch stack, never the state
  mjData* scratch = const_cast<mjData*>(d);
  mjrRect viewport = {0, 0, options_.width, options_.height};
  Guarded([&] {
    mjv_updateScene(m, scratch, &option_, nullptr, &camera_, mjCAT_ALL, &scene_);
    mjr_render(viewport, &scene_, &context_);
    mjr_readPixels(rgb_out.data(), nullptr, viewport, &context_);
  });

  if (CameraRowOrder(cam) == RowOrder::kTopFirst) {
    size_t row_bytes = row_.size();
    for (int top = 0, bottom = options_.height - 1; top < bottom; ++top, --bottom) {
      uint8_t* a = rgb_out.data() + top * row_bytes;
      uint8_t* b = rgb_out.data() + bottom * row_bytes;
      std::copy(a, a + row_bytes, row_.data());
      std::copy(b, b + row_bytes, a);
      std::copy(row_.data(), row_.data() + row_bytes, b);
    }
  }
}

}  // namespace kinitro::sim
