#include "util/result.h"

namespace kinitro {

std::string_view ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kRefused: return "refused";
    case ErrorKind::kTimeout: return "timeout";
    case ErrorKind::kHttpStatus: return "http_status";
    case ErrorKind::kBadJson: return "bad_json";
    case ErrorKind::kBadShape: return "bad_shape";
    case ErrorKind::kNonFinite: return "non_finite";
    case ErrorKind::kTooLarge: return "too_large";
    case ErrorKind::kInvalidArgument: return "invalid_argument";
    case ErrorKind::kIo: return "io";
  }
  return "unknown";
}

}  // namespace kinitro
