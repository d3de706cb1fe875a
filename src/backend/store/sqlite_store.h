// The SQLite Store: one database file in WAL mode, the embedded default (see store.h).
#pragma once

#include <memory>
#include <string>

#include "backend/store/store.h"

namespace kinitro::backend {

// Opens or creates the database file at `path` and migrates it (schema.h). Connections come from a
// pool, one per call; write transactions are BEGIN IMMEDIATE and wait up to 30 s for the file lock
// (busy_timeout). Throws std::runtime_error if the file cannot be opened or its schema is newer.
// Thread: safe; several processes may also share the file.
std::unique_ptr<Store> OpenSqliteStore(const std::string& path);

}  // namespace kinitro::backend
