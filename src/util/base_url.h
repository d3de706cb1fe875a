// Base URLs of HTTP services kinitro calls (policy endpoints, the operator API):
// scheme://host[:port][/prefix], where requests append their path to the prefix.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kinitro {

struct BaseUrl {
  std::string origin;  // "http://host:port" (what an HTTP client connects to)
  std::string prefix;  // "" or "/path", trailing slashes removed
};

// Splits an http(s) base URL; nullopt for another scheme, no host, whitespace, a query string
// or a fragment (the reference appends paths, so those would break every request).
std::optional<BaseUrl> ParseBaseUrl(std::string_view url);

}  // namespace kinitro
