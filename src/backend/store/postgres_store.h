// The PostgreSQL Store (libpqxx), for operators with several executor machines (see store.h).
#pragma once

#include <memory>
#include <string>

#include "backend/store/store.h"

namespace kinitro::backend {

// Connects to `url` (postgresql://user:pass@host:port/db or postgres://…, anything libpq accepts)
// and migrates the schema under an advisory lock, so several processes may start at once.
// Connections come from a pool: one borrowed per call, opened on demand, up to 8 kept idle; a
// connection that broke is dropped. Claims use FOR UPDATE SKIP LOCKED.
// Throws std::runtime_error if the server is unreachable or the schema is newer than this binary.
// Thread: safe.
std::unique_ptr<Store> OpenPostgresStore(const std::string& url);

}  // namespace kinitro::backend
