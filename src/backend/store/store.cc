// OpenStore (store.h): picks the implementation from the URL.
#include <stdexcept>
#include <string>

#include "backend/store/postgres_store.h"
#include "backend/store/sqlite_store.h"
#include "backend/store/store.h"

namespace kinitro::backend {
namespace {

constexpr const char* kAcceptedForms =
    "sqlite:///path/to/file.db, a plain file path, or postgresql://user:pass@host:port/db "
    "(also postgres://)";

bool StartsWith(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

std::unique_ptr<Store> OpenStore(const std::string& url) {
  if (StartsWith(url, "postgresql://") || StartsWith(url, "postgres://")) return OpenPostgresStore(url);
  std::string path = url;
  if (StartsWith(url, "sqlite://")) {
    path = url.substr(std::string_view("sqlite://").size());
  } else if (url.find("://") != std::string::npos) {
    throw std::invalid_argument("unsupported database URL '" + url + "' (valid: " + kAcceptedForms + ")");
  }
  if (path.empty() || path == ":memory:") {
    throw std::invalid_argument("database URL '" + url + "' names no file (valid: " + kAcceptedForms + ")");
  }
  return OpenSqliteStore(path);
}

}  // namespace kinitro::backend
