// Result<T>: a value or an Error, for failures that are a normal outcome the caller must handle
// (every call to a miner, Hub, Basilica or the chain; every parse of untrusted input).
// Shaped like C++23 std::expected so it can become that later.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace kinitro {

// What went wrong, coarse enough to count per episode and to map to HTTP statuses.
enum class ErrorKind {
  kRefused,          // connection refused, DNS failure, connection reset
  kTimeout,          // the deadline passed before a complete response
  kHttpStatus,       // a response arrived with a non-2xx status
  kBadJson,          // the body is not the JSON we need
  kBadShape,         // JSON of the wrong shape: missing field, wrong type or length
  kNonFinite,        // NaN or infinity where a finite number is required
  kTooLarge,         // a body over the size cap
  kInvalidArgument,  // bad input from the caller (flags, files)
  kIo,               // local I/O failure
};

// Stable lower-case names ("refused", "timeout", "http_status", ...) used in JSON and tables.
std::string_view ErrorKindName(ErrorKind kind);

struct Error {
  ErrorKind kind;
  std::string message;  // what failed, with the value, and what is valid
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor): like expected
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  // Precondition: ok().
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  // Precondition: !ok().
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success or an Error.
struct Ok {};
using Status = Result<Ok>;

}  // namespace kinitro
