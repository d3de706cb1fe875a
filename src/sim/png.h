// Writes RGB images as PNG files, for looking at what the cameras see.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>

namespace kinitro::sim {

// Writes an 8-bit RGB PNG. `rgb` is height*width*3 bytes, row-major, and row 0 becomes the top
// row of the file (so the file shows an image array the way numpy/PIL display it). Throws
// std::invalid_argument for a size mismatch, std::runtime_error naming the path on I/O errors.
void WritePng(const std::filesystem::path& path, int width, int height, std::span<const uint8_t> rgb);

}  // namespace kinitro::sim
