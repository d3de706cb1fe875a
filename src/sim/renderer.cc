#include "sim/renderer.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "sim/mujoco_guard.h"

namespace kinitro::sim {
namespace {

constexpr const char* kCameraNames[] = {"corner", "gripperPOV"};  // indexed by Camera
constexpr int kMaxSceneGeoms = 1000;  // spec §5: Gymnasium's scene capacity
constexpr int kUnusedShadowSize = 64;  // shadow map texture size when shadows are off

}  // namespace

// Kinitro's reference array is the raw mjr_readPixels buffer (spec §2.3: Gymnasium flips the
// rows, then Kinitro flips them back), i.e. row 0 = bottom row of the viewport. That is upright
// for `corner` only because the camera is mounted upside-down (its image-up axis points to world
// -z, spec §5). gripperPOV: TBD after looking at renders.
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
  gl_ = std::make_unique<GlContext>();

  // mjr_makeContext reads the offscreen size and quality from the model; set them on a private
  // shallow copy of the struct header (the arrays stay shared and untouched)
  mjModel sized = *model_;
  sized.vis.global.offwidth = options_.width;
  sized.vis.global.offheight = options_.height;
  if (options_.quality == RenderQuality::kFast) {
    sized.vis.quality.offsamples = 0;
    sized.vis.quality.shadowsize = kUnusedShadowSize;
  }
  Guarded([&] {
    mjv_makeScene(model_, &scene_, kMaxSceneGeoms);
    mjr_makeContext(&sized, &context_, mjFONTSCALE_50);
    mjr_setBuffer(mjFB_OFFSCREEN, &context_);
  });
  if (context_.offWidth < options_.width || context_.offHeight < options_.height) {
    throw std::runtime_error("GL offscreen buffer is " + std::to_string(context_.offWidth) + "x" +
                             std::to_string(context_.offHeight) + ", smaller than the requested " +
                             std::to_string(options_.width) + "x" + std::to_string(options_.height));
  }
  if (options_.quality == RenderQuality::kFast) {
    scene_.flags[mjRND_SHADOW] = 0;
    scene_.flags[mjRND_REFLECTION] = 0;
  }
  row_.resize(size_t(options_.width) * 3);
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
  // mjv_updateScene takes a non-const mjData* but only uses its scratch stack; the state is untouched
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
