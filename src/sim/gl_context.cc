#include "sim/gl_context.h"

// keep X11 out of eglplatform.h (its macros, e.g. None and Status, break ordinary C++)
#define EGL_NO_X11
#define MESA_EGL_NO_X11_HEADERS
#include <EGL/egl.h>
#include <EGL/eglext.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

namespace kinitro::sim {
namespace {

constexpr const char* kInstallHint =
    " (headless rendering needs Mesa's EGL and GL drivers: apt-get install libegl-mesa0 libgl1-mesa-dri)";

[[noreturn]] void Fail(const std::string& step) {
  char code[16];
  std::snprintf(code, sizeof code, "0x%04X", eglGetError());
  throw std::runtime_error("EGL: " + step + " failed (error " + code + ")" + kInstallHint);
}

bool HasExtension(const char* list, const char* name) {
  if (list == nullptr) return false;
  size_t n = std::strlen(name);
  for (const char* p = std::strstr(list, name); p != nullptr; p = std::strstr(p + n, name)) {
    bool starts = p == list || p[-1] == ' ';
    bool ends = p[n] == '\0' || p[n] == ' ';
    if (starts && ends) return true;
  }
  return false;
}

// Mesa's surfaceless platform: no X11/Wayland needed (spec §6.4, otherwise Mesa probes a display
// server and MuJoCo aborts). Prefer asking for it explicitly; older stacks only read EGL_PLATFORM.
EGLDisplay OpenDisplay() {
  const char* client_ext = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
  if (HasExtension(client_ext, "EGL_EXT_platform_base") && HasExtension(client_ext, "EGL_MESA_platform_surfaceless")) {
    auto get_platform_display =
        reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(eglGetProcAddress("eglGetPlatformDisplayEXT"));
    if (get_platform_display != nullptr) {
      return get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    }
  }
  setenv("EGL_PLATFORM", "surfaceless", /*overwrite=*/0);
  return eglGetDisplay(EGL_DEFAULT_DISPLAY);
}

}  // namespace

GlContext::GlContext() {
  EGLDisplay display = OpenDisplay();
  if (display == EGL_NO_DISPLAY) Fail("opening the surfaceless display");
  if (eglInitialize(display, nullptr, nullptr) != EGL_TRUE) Fail("eglInitialize");

  // MuJoCo draws into its own framebuffer object; the config only fixes the formats and API
  const EGLint config_attribs[] = {EGL_RED_SIZE,     8, EGL_GREEN_SIZE,   8,  EGL_BLUE_SIZE,       8,
                                   EGL_ALPHA_SIZE,   8, EGL_DEPTH_SIZE,   24, EGL_STENCIL_SIZE,    8,
                                   EGL_SURFACE_TYPE, EGL_PBUFFER_BIT,     EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT,
                                   EGL_NONE};
  EGLConfig config = nullptr;
  EGLint num_configs = 0;
  if (eglChooseConfig(display, config_attribs, &config, 1, &num_configs) != EGL_TRUE || num_configs < 1) {
    Fail("choosing an RGBA8/depth24/stencil8 desktop-GL config");
  }
  if (eglBindAPI(EGL_OPENGL_API) != EGL_TRUE) Fail("eglBindAPI(EGL_OPENGL_API)");
  EGLContext context = eglCreateContext(display, config, EGL_NO_CONTEXT, nullptr);
  if (context == EGL_NO_CONTEXT) Fail("eglCreateContext");
  if (eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context) != EGL_TRUE) {
    eglDestroyContext(display, context);
    Fail("eglMakeCurrent without a surface (EGL_KHR_surfaceless_context)");
  }
  display_ = display;
  context_ = context;
}

GlContext::~GlContext() {
  // errors are ignored: there is nothing useful to do with them in a destructor
  if (eglGetCurrentContext() == context_) {
    eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
  }
  eglDestroyContext(display_, context_);
}

void GlContext::MakeCurrent() const {
  if (eglGetCurrentContext() == context_) return;
  if (eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, context_) != EGL_TRUE) {
    Fail("eglMakeCurrent (is the context current on another thread?)");
  }
}

}  // namespace kinitro::sim
