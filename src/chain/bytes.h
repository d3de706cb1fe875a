// Byte buffers and hex text for the chain library: what every other chain header passes around.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace kinitro::chain {

using Bytes = std::vector<uint8_t>;
using ByteSpan = std::span<const uint8_t>;

// The bytes of a string, without a terminator; the view borrows `text`.
ByteSpan AsBytes(std::string_view text);

// Lower-case hex of `bytes`, with a "0x" prefix unless `prefix` is false.
std::string ToHex(ByteSpan bytes, bool prefix = true);

// Parses hex with or without "0x"; an odd length or a non-hex character is kInvalidArgument
// naming the offending position.
Result<Bytes> FromHex(std::string_view hex);

}  // namespace kinitro::chain
