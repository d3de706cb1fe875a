// A headless OpenGL context on EGL (Mesa's surfaceless platform), for offscreen MuJoCo rendering
// (spec/metaworld.md §6.4). EGL only: never OSMesa, never a window system.
#pragma once

namespace kinitro::sim {

// One OpenGL context with no window surface; MuJoCo renders into its own framebuffer object.
// Thread: a context is current on at most one thread at a time (EGL rule).
class GlContext {
 public:
  // Opens the EGL display, creates an RGBA8 + depth24 + stencil8 desktop-GL context and makes it
  // current on the calling thread. Throws std::runtime_error naming the EGL step that failed and
  // the packages to install (libegl-mesa0, libgl1-mesa-dri).
  GlContext();
  // Releases the context if it is current on this thread and destroys it. Never throws. The
  // display is not terminated: EGL displays are process-wide and other contexts may use it.
  ~GlContext();
  GlContext(const GlContext&) = delete;
  GlContext& operator=(const GlContext&) = delete;

  // Makes this context current on the calling thread (no-op if it already is), for switching
  // between several contexts on one thread. Throws std::runtime_error on failure.
  void MakeCurrent() const;

 private:
  void* display_ = nullptr;  // EGLDisplay (kept opaque so includers don't see EGL/X11 headers)
  void* context_ = nullptr;  // EGLContext
};

}  // namespace kinitro::sim
