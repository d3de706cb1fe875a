// The versioned schema of both stores: ordered migration steps per SQL dialect. Each store applies
// the steps newer than its schema_version row, each once and in its own transaction, and refuses a
// database whose version is newer than kSchemaVersion.
#pragma once

#include <string_view>
#include <vector>

namespace kinitro::backend::internal {

// Version this binary writes and understands.
inline constexpr int kSchemaVersion = 3;

struct Migration {
  int version;                                  // 1, 2, ... (ordered, no gaps)
  std::string_view description;                 // stored in schema_version
  std::vector<std::string_view> statements;     // run in order inside one transaction
};

// DDL for the schema_version bookkeeping table (created if missing, before any step).
extern const std::string_view kSqliteSchemaVersionTable;
extern const std::string_view kPostgresSchemaVersionTable;

// Steps 1..kSchemaVersion for each dialect.
const std::vector<Migration>& SqliteMigrations();
const std::vector<Migration>& PostgresMigrations();

}  // namespace kinitro::backend::internal
