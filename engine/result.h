// Result<T>: a value or an Error, returned across module boundaries instead of throwing.
//
// Expected failures (a malformed bundle, a missing runtime, a harness that lied) are values in
// pocsift, in the spirit of leveldb::Status: the caller tests `if (!r)` and reads `r.error()`,
// whose message is written for the person who must act on it ("poc.json: steps[2].request.path:
// expected a string"). Exceptions from libraries (nlohmann/json, libarchive wrappers, httplib
// handlers) are caught where the library is called and converted here.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace pocsift {

// What kind of failure; decides exit codes and HTTP statuses, never the wording.
enum class ErrorKind {
  kBadInput,     // the bundle, report or command line is malformed or hostile (exit 2)
  kNotFound,     // a named file, runtime or case does not exist
  kUnavailable,  // something the engine needs is not installed or not reachable
  kInternal,     // the engine itself failed (exit 4)
};

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string message;
};

inline Error BadInput(std::string message) { return {ErrorKind::kBadInput, std::move(message)}; }
inline Error NotFound(std::string message) { return {ErrorKind::kNotFound, std::move(message)}; }
inline Error Unavailable(std::string message) {
  return {ErrorKind::kUnavailable, std::move(message)};
}
inline Error Internal(std::string message) { return {ErrorKind::kInternal, std::move(message)}; }

// Holds either a T or an Error. Converting constructors keep `return value;` and
// `return BadInput("…");` both natural at call sites.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  explicit operator bool() const { return std::holds_alternative<T>(state_); }

  // Preconditions: operator bool() is true for value(), false for error().
  const T& value() const& { return std::get<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const T* operator->() const { return &std::get<T>(state_); }
  const Error& error() const { return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

// A Result with no value: success, or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT

  explicit operator bool() const { return !failed_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool failed_ = false;
};

}  // namespace pocsift
