// Helpers shared by the SQLite and PostgreSQL stores (internal.h).
#include "backend/store/internal.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace kinitro::backend::internal {
namespace {

constexpr std::array<std::string_view, 4> kCycleNames = {"pending", "running", "completed", "failed"};
constexpr std::array<std::string_view, 4> kTaskNames = {"pending", "assigned", "completed", "failed"};

std::string Hex(const unsigned char* bytes, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(2 * n, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 0xf];
  }
  return out;
}

}  // namespace

std::string FormatTimestamp(TimePoint t) {
  using namespace std::chrono;
  // floor, so times before 1970 still split into whole seconds and a non-negative fraction
  auto us = floor<microseconds>(t.time_since_epoch());
  auto s = floor<seconds>(us);
  std::time_t tt = s.count();
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%06lld", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>((us - s).count()));
  return buf;
}

TimePoint ParseTimestamp(std::string_view text) {
  std::tm tm{};
  int consumed = 0;
  std::string s(text);
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%*1[ T]%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6) {
    throw std::runtime_error("store: cannot parse timestamp '" + s + "' (want YYYY-MM-DD HH:MM:SS[.ffffff])");
  }
  // up to six fractional digits, right-padded to microseconds
  long long micros = 0;
  size_t pos = static_cast<size_t>(consumed);
  if (pos < s.size() && s[pos] == '.') {
    int digits = 0;
    for (++pos; pos < s.size() && digits < 6 && std::isdigit(static_cast<unsigned char>(s[pos])); ++pos, ++digits) {
      micros = micros * 10 + (s[pos] - '0');
    }
    for (; digits < 6; ++digits) micros *= 10;
  }
  if (pos != s.size()) {
    throw std::runtime_error("store: cannot parse timestamp '" + s + "' (want YYYY-MM-DD HH:MM:SS[.ffffff])");
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return TimePoint(std::chrono::seconds(timegm(&tm)) + std::chrono::microseconds(micros));
}

CycleStatus CycleStatusFromName(std::string_view name) {
  for (size_t i = 0; i < kCycleNames.size(); ++i) {
    if (kCycleNames[i] == name) return static_cast<CycleStatus>(i);
  }
  throw std::runtime_error("store: unknown cycle status '" + std::string(name) + "' in database");
}

TaskStatus TaskStatusFromName(std::string_view name) {
  for (size_t i = 0; i < kTaskNames.size(); ++i) {
    if (kTaskNames[i] == name) return static_cast<TaskStatus>(i);
  }
  throw std::runtime_error("store: unknown task status '" + std::string(name) + "' in database");
}

nlohmann::json ResultToJson(const TaskResult& r) {
  return {{"success", r.success},
          {"score", r.score},
          {"total_reward", r.total_reward},
          {"timesteps", r.timesteps},
          {"error", r.error ? nlohmann::json(*r.error) : nlohmann::json(nullptr)}};
}

TaskResult ResultFromJson(const nlohmann::json& json, const std::string& task_uuid) {
  TaskResult r;
  r.task_uuid = task_uuid;
  if (!json.is_object()) return r;
  auto number = [&](const char* key) {
    auto it = json.find(key);
    return it != json.end() && it->is_number() ? it->get<double>() : 0.0;
  };
  auto success = json.find("success");
  r.success = success != json.end() && success->is_boolean() && success->get<bool>();
  r.score = number("score");
  r.total_reward = number("total_reward");
  r.timesteps = static_cast<int>(number("timesteps"));
  auto error = json.find("error");
  if (error != json.end() && error->is_string()) r.error = error->get<std::string>();
  return r;
}

SubmitStatus DecideSubmit(const std::optional<SubmitTarget>& target, const std::string& executor_id,
                          const TaskResult& result) {
  auto reject = [&](std::string reason) {
    return SubmitStatus{result.task_uuid, SubmitOutcome::kRejected, std::move(reason)};
  };
  if (!std::isfinite(result.score) || !std::isfinite(result.total_reward)) {
    return reject("score and total_reward must be finite");
  }
  if (!target) return reject("unknown task");
  bool mine = target->assigned_to == executor_id;
  switch (target->status) {
    case TaskStatus::kAssigned:
      // a late result is still accepted while the task was not reclaimed (spec §8 #11)
      if (mine) return {result.task_uuid, SubmitOutcome::kAccepted, ""};
      return reject("task is leased to another executor");
    case TaskStatus::kPending:
      return reject("task is not leased to this executor (lease expired or never claimed)");
    case TaskStatus::kCompleted:
    case TaskStatus::kFailed:
      if (!mine) return reject("task was already completed by another executor");
      if (target->result && ResultFromJson(*target->result, result.task_uuid) == result) {
        return {result.task_uuid, SubmitOutcome::kDuplicate, ""};
      }
      return reject("task already has a different result from this executor");
  }
  return reject("task has an unknown status");
}

Error CycleNotRunning(int64_t cycle_id, std::optional<CycleStatus> status) {
  if (!status) return {ErrorKind::kInvalidArgument, "no cycle with id " + std::to_string(cycle_id)};
  return {ErrorKind::kInvalidArgument, "cycle " + std::to_string(cycle_id) + " is " +
                                           std::string(CycleStatusName(*status)) + ", not running"};
}

std::string NewExecutorToken() {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("store: CreateExecutorToken: OpenSSL RAND_bytes failed");
  }
  return "kxt_" + Hex(bytes.data(), bytes.size());
}

std::string Sha256Hex(std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int n = 0;
  if (EVP_Digest(text.data(), text.size(), digest.data(), &n, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("store: SHA-256 failed (OpenSSL EVP_Digest)");
  }
  return Hex(digest.data(), n);
}

}  // namespace kinitro::backend::internal

namespace kinitro::backend {

std::string_view CycleStatusName(CycleStatus status) {
  return internal::kCycleNames.at(static_cast<size_t>(status));
}

std::string_view TaskStatusName(TaskStatus status) {
  return internal::kTaskNames.at(static_cast<size_t>(status));
}

}  // namespace kinitro::backend
