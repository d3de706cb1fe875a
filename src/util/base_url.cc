#include "util/base_url.h"

#include <regex>

namespace kinitro {

std::optional<BaseUrl> ParseBaseUrl(std::string_view url) {
  static const std::regex kUrl(R"(^(https?://[^/?#\s]+)(/[^?#\s]*)?$)");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(url.begin(), url.end(), m, kUrl)) return std::nullopt;
  BaseUrl out{m[1].str(), m[2].str()};
  while (!out.prefix.empty() && out.prefix.back() == '/') out.prefix.pop_back();
  return out;
}

}  // namespace kinitro
