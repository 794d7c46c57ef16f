// viz/png_writer.h — writes an RGBA image as a PNG file (for screenshots of the native window).
//
// Uncompressed (stored) deflate blocks: the files are larger than they need to be, but the writer
// is a page of code with no dependency, and screenshots are only taken by tests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tricolor::viz {

// Writes width x height RGBA pixels, top row first. Returns false when the file cannot be written.
bool writePng(const std::string& path, int width, int height,
              const std::vector<std::uint8_t>& rgba);

} // namespace tricolor::viz
