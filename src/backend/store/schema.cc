// Migration steps for SQLite and PostgreSQL (schema.h). Step 1 is spec/backend.md §2.6 with the
// defaults moved into DDL (§2.1); step 2 adds leases, attempts and executor tokens (§8 #1, #11, #14);
// step 3 records each cycle's physics engine (results are comparable only on the same engine).
#include "backend/store/schema.h"

namespace kinitro::backend::internal {

// timestamps are naive UTC text in SQLite, TIMESTAMP WITHOUT TIME ZONE in PostgreSQL (spec §2.1)
#define KINITRO_SQLITE_NOW "(strftime('%Y-%m-%d %H:%M:%f', 'now'))"
#define KINITRO_PG_NOW "(now() AT TIME ZONE 'UTC')"

const std::string_view kSqliteSchemaVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version INTEGER PRIMARY KEY, description TEXT NOT NULL,"
    " applied_at TEXT NOT NULL DEFAULT " KINITRO_SQLITE_NOW ")";

const std::string_view kPostgresSchemaVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version INTEGER PRIMARY KEY, description TEXT NOT NULL,"
    " applied_at TIMESTAMP NOT NULL DEFAULT " KINITRO_PG_NOW ")";

// the same in both dialects; cycles from before this step keep NULL: their engine is unknown
constexpr std::string_view kAddCycleEngine = "ALTER TABLE evaluation_cycles ADD COLUMN engine VARCHAR(64)";

const std::vector<Migration>& SqliteMigrations() {
  static const std::vector<Migration> steps = {
      {1, "spec/backend.md §2.6 tables with DDL defaults",
       {
           "CREATE TABLE evaluation_cycles ("
           " id INTEGER PRIMARY KEY AUTOINCREMENT,"
           " block_number INTEGER NOT NULL,"
           " started_at TEXT NOT NULL DEFAULT " KINITRO_SQLITE_NOW ","
           " completed_at TEXT,"
           " status VARCHAR(20) NOT NULL DEFAULT 'pending'"
           "  CHECK (status IN ('pending', 'running', 'completed', 'failed')),"
           " n_miners INTEGER, n_environments INTEGER,"
           " duration_seconds REAL, error_message TEXT)",
           "CREATE INDEX ix_evaluation_cycles_block_number ON evaluation_cycles (block_number)",
           "CREATE TABLE miner_scores ("
           " id INTEGER PRIMARY KEY AUTOINCREMENT,"
           " cycle_id INTEGER NOT NULL REFERENCES evaluation_cycles(id) ON DELETE CASCADE,"
           " uid INTEGER NOT NULL, hotkey VARCHAR(64) NOT NULL, env_id VARCHAR(64) NOT NULL,"
           " success_rate REAL NOT NULL, mean_reward REAL NOT NULL DEFAULT 0.0,"
           " episodes_completed INTEGER NOT NULL DEFAULT 0,"
           " episodes_failed INTEGER NOT NULL DEFAULT 0)",
           "CREATE INDEX idx_miner_scores_cycle ON miner_scores (cycle_id)",
           "CREATE INDEX idx_miner_scores_uid ON miner_scores (uid)",
           "CREATE UNIQUE INDEX idx_miner_scores_unique ON miner_scores (cycle_id, uid, env_id)",
           "CREATE TABLE computed_weights ("
           " id INTEGER PRIMARY KEY AUTOINCREMENT,"
           " cycle_id INTEGER NOT NULL REFERENCES evaluation_cycles(id) ON DELETE CASCADE,"
           " block_number INTEGER NOT NULL,"
           " weights_json TEXT NOT NULL DEFAULT '{}',"
           " weights_u16_json TEXT NOT NULL DEFAULT '{\"uids\": [], \"values\": []}',"
           " created_at TEXT NOT NULL DEFAULT " KINITRO_SQLITE_NOW ")",
           "CREATE INDEX idx_weights_block ON computed_weights (block_number)",
           "CREATE TABLE task_pool ("
           " id INTEGER PRIMARY KEY AUTOINCREMENT,"
           " task_uuid VARCHAR(36) NOT NULL UNIQUE,"
           " cycle_id INTEGER NOT NULL REFERENCES evaluation_cycles(id) ON DELETE CASCADE,"
           " miner_uid INTEGER NOT NULL, miner_hotkey VARCHAR(64) NOT NULL,"
           " miner_endpoint TEXT NOT NULL,"
           " miner_repo VARCHAR(256), miner_revision VARCHAR(64),"
           " env_id VARCHAR(64) NOT NULL, seed INTEGER NOT NULL,"
           " status VARCHAR(20) NOT NULL DEFAULT 'pending'"
           "  CHECK (status IN ('pending', 'assigned', 'completed', 'failed')),"
           " assigned_to VARCHAR(64), assigned_at TEXT, completed_at TEXT, result TEXT,"
           " created_at TEXT NOT NULL DEFAULT " KINITRO_SQLITE_NOW ")",
           "CREATE INDEX idx_task_pool_status ON task_pool (status)",
           "CREATE INDEX idx_task_pool_cycle ON task_pool (cycle_id)",
           "CREATE INDEX idx_task_pool_miner ON task_pool (miner_uid)",
       }},
      {2, "task leases and attempts; executor tokens",
       {
           "ALTER TABLE task_pool ADD COLUMN lease_expires_at TEXT",
           "ALTER TABLE task_pool ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0",
           // leases taken before this step get the reference's 300 s threshold (spec §4.1)
           "UPDATE task_pool SET lease_expires_at ="
           " strftime('%Y-%m-%d %H:%M:%f', assigned_at, '+300 seconds')"
           " WHERE status = 'assigned' AND assigned_at IS NOT NULL",
           "CREATE INDEX idx_task_pool_claim ON task_pool (status, id)",
           "CREATE INDEX idx_task_pool_lease ON task_pool (status, lease_expires_at)",
           "CREATE TABLE executor_tokens ("
           " token_sha256 CHAR(64) PRIMARY KEY,"
           " executor_id VARCHAR(64) NOT NULL,"
           " created_at TEXT NOT NULL DEFAULT " KINITRO_SQLITE_NOW ","
           " revoked_at TEXT)",
           "CREATE INDEX idx_executor_tokens_executor ON executor_tokens (executor_id)",
       }},
      {3, "physics engine per cycle", {kAddCycleEngine}},
  };
  return steps;
}

const std::vector<Migration>& PostgresMigrations() {
  static const std::vector<Migration> steps = {
      {1, "spec/backend.md §2.6 tables with DDL defaults",
       {
           "CREATE TABLE evaluation_cycles ("
           " id SERIAL PRIMARY KEY,"
           " block_number BIGINT NOT NULL,"
           " started_at TIMESTAMP NOT NULL DEFAULT " KINITRO_PG_NOW ","
           " completed_at TIMESTAMP,"
           " status VARCHAR(20) NOT NULL DEFAULT 'pending'"
           "  CHECK (status IN ('pending', 'running', 'completed', 'failed')),"
           " n_miners INTEGER, n_environments INTEGER,"
           " duration_seconds DOUBLE PRECISION, error_message TEXT)",
           "CREATE INDEX ix_evaluation_cycles_block_number ON evaluation_cycles (block_number)",
           "CREATE TABLE miner_scores ("
           " id SERIAL PRIMARY KEY,"
           " cycle_id INTEGER NOT NULL REFERENCES evaluation_cycles(id) ON DELETE CASCADE,"
           " uid INTEGER NOT NULL, hotkey VARCHAR(64) NOT NULL, env_id VARCHAR(64) NOT NULL,"
           " success_rate DOUBLE PRECISION NOT NULL, mean_reward DOUBLE PRECISION NOT NULL DEFAULT 0.0,"
           " episodes_completed INTEGER NOT NULL DEFAULT 0,"
           " episodes_failed INTEGER NOT NULL DEFAULT 0)",
           "CREATE INDEX idx_miner_scores_cycle ON miner_scores (cycle_id)",
           "CREATE INDEX idx_miner_scores_uid ON miner_scores (uid)",
           "CREATE UNIQUE INDEX idx_miner_scores_unique ON miner_scores (cycle_id, uid, env_id)",
           "CREATE TABLE computed_weights ("
           " id SERIAL PRIMARY KEY,"
           " cycle_id INTEGER NOT NULL REFERENCES evaluation_cycles(id) ON DELETE CASCADE,"
           " block_number BIGINT NOT NULL,"
           " weights_json JSONB NOT NULL DEFAULT '{}',"
           " weights_u16_json JSONB NOT NULL DEFAULT '{\"uids\": [], \"values\": []}',"
           " created_at TIMESTAMP NOT NULL DEFAULT " KINITRO_PG_NOW ")",
           "CREATE INDEX idx_weights_block ON computed_weights (block_number)",
           "CREATE TABLE task_pool ("
           " id SERIAL PRIMARY KEY,"
           " task_uuid VARCHAR(36) NOT NULL UNIQUE,"
           " cycle_id INTEGER NOT NULL REFERENCES evaluation_cycles(id) ON DELETE CASCADE,"
           " miner_uid INTEGER NOT NULL, miner_hotkey VARCHAR(64) NOT NULL,"
           " miner_endpoint TEXT NOT NULL,"
           " miner_repo VARCHAR(256), miner_revision VARCHAR(64),"
           " env_id VARCHAR(64) NOT NULL, seed INTEGER NOT NULL,"
           " status VARCHAR(20) NOT NULL DEFAULT 'pending'"
           "  CHECK (status IN ('pending', 'assigned', 'completed', 'failed')),"
           " assigned_to VARCHAR(64), assigned_at TIMESTAMP, completed_at TIMESTAMP, result JSONB,"
           " created_at TIMESTAMP NOT NULL DEFAULT " KINITRO_PG_NOW ")",
           "CREATE INDEX idx_task_pool_status ON task_pool (status)",
           "CREATE INDEX idx_task_pool_cycle ON task_pool (cycle_id)",
           "CREATE INDEX idx_task_pool_miner ON task_pool (miner_uid)",
       }},
      {2, "task leases and attempts; executor tokens",
       {
           "ALTER TABLE task_pool ADD COLUMN lease_expires_at TIMESTAMP",
           "ALTER TABLE task_pool ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0",
           // leases taken before this step get the reference's 300 s threshold (spec §4.1)
           "UPDATE task_pool SET lease_expires_at = assigned_at + INTERVAL '300 seconds'"
           " WHERE status = 'assigned' AND assigned_at IS NOT NULL",
           "CREATE INDEX idx_task_pool_claim ON task_pool (status, id)",
           "CREATE INDEX idx_task_pool_lease ON task_pool (status, lease_expires_at)",
           "CREATE TABLE executor_tokens ("
           " token_sha256 CHAR(64) PRIMARY KEY,"
           " executor_id VARCHAR(64) NOT NULL,"
           " created_at TIMESTAMP NOT NULL DEFAULT " KINITRO_PG_NOW ","
           " revoked_at TIMESTAMP)",
           "CREATE INDEX idx_executor_tokens_executor ON executor_tokens (executor_id)",
       }},
      {3, "physics engine per cycle", {kAddCycleEngine}},
  };
  return steps;
}

#undef KINITRO_SQLITE_NOW
#undef KINITRO_PG_NOW

}  // namespace kinitro::backend::internal
