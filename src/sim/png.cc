#include "sim/png.h"

#include <png.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>

namespace kinitro::sim {
namespace {

// libpng reports errors through a callback that must not return; it records the message and
// longjmps back to the setjmp in WriteRows, a frame that owns no C++ objects (cf. mujoco_guard)
struct PngError {
  char message[256] = "";
};

void OnPngError(png_structp png, png_const_charp msg) {
  auto* err = static_cast<PngError*>(png_get_error_ptr(png));
  std::snprintf(err->message, sizeof err->message, "%s", msg);
  png_longjmp(png, 1);
}

void OnPngWarning(png_structp, png_const_charp) {}

// Runs the libpng calls; returns false with err filled on failure. No C++ objects with destructors
// live in this frame (the error callback longjmps back to setjmp).
bool WriteRows(FILE* file, int width, int height, const uint8_t* rgb, PngError* err) {
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, err, OnPngError, OnPngWarning);
  if (png == nullptr) {
    std::snprintf(err->message, sizeof err->message, "out of memory");
    return false;
  }
  png_infop info = png_create_info_struct(png);
  if (info == nullptr) {
    png_destroy_write_struct(&png, nullptr);
    std::snprintf(err->message, sizeof err->message, "out of memory");
    return false;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return false;
  }
  png_init_io(png, file);
  png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (int row = 0; row < height; ++row) png_write_row(png, rgb + size_t(row) * width * 3);
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return true;
}

}  // namespace

void WritePng(const std::filesystem::path& path, int width, int height, std::span<const uint8_t> rgb) {
  if (width <= 0 || height <= 0 || rgb.size() != size_t(width) * height * 3) {
    throw std::invalid_argument("WritePng " + path.string() + ": " + std::to_string(rgb.size()) +
                                " bytes do not match " + std::to_string(width) + "x" + std::to_string(height) + "x3");
  }
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "wb"), std::fclose);
  if (file == nullptr) {
    throw std::runtime_error("cannot open " + path.string() + " for writing: " + std::strerror(errno));
  }
  PngError err;
  if (!WriteRows(file.get(), width, height, rgb.data(), &err)) {
    throw std::runtime_error("cannot write PNG " + path.string() + ": " + err.message);
  }
  if (std::fclose(file.release()) != 0) {
    throw std::runtime_error("cannot write PNG " + path.string() + ": " + std::strerror(errno));
  }
}

}  // namespace kinitro::sim
