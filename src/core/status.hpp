// Status and Result<T>: how every fallible call across a module boundary reports failure.
//
// The codes are protocol-neutral; only net/ turns them into HTTP statuses and RFC 9457 problem bodies.
// Both types are plain values: copyable, movable, and safe to pass between threads.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace chancery {

enum class StatusCode {
  kOk,
  kInvalidArgument,     // the caller sent something malformed or out of range (400/422)
  kUnauthenticated,     // no valid credentials (401)
  kPermissionDenied,    // authenticated, but not allowed (403)
  kNotFound,            // (404)
  kAlreadyExists,       // a unique key is taken (409)
  kConflict,            // the state forbids this transition (409)
  kFailedPrecondition,  // e.g. a step-up or MFA enrolment is needed first (403 with a type that says which)
  kResourceExhausted,   // throttled or over a limit (429)
  kUnavailable,         // a dependency is down; retrying may help (503)
  kInternal,            // a bug or an unexpected failure (500)
};

// A short, stable, lower_snake name of a code, for logs and problem types.
const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // The request field the error is about (a JSON pointer such as "/password"), when there is one.
  const std::string& field() const { return field_; }
  Status& WithField(std::string field) {
    field_ = std::move(field);
    return *this;
  }
  // A machine-readable reason within the code, e.g. "mfa_required", "account_locked".
  const std::string& reason() const { return reason_; }
  Status& WithReason(std::string reason) {
    reason_ = std::move(reason);
    return *this;
  }
  // Seconds after which a throttled caller may try again.
  std::optional<int> retry_after_seconds() const { return retry_after_seconds_; }
  Status& WithRetryAfter(int seconds) {
    retry_after_seconds_ = seconds;
    return *this;
  }

  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string field_;
  std::string reason_;
  std::optional<int> retry_after_seconds_;
};

inline Status InvalidArgument(std::string message) { return {StatusCode::kInvalidArgument, std::move(message)}; }
inline Status NotFound(std::string message) { return {StatusCode::kNotFound, std::move(message)}; }
inline Status PermissionDenied(std::string message) { return {StatusCode::kPermissionDenied, std::move(message)}; }
inline Status Unauthenticated(std::string message) { return {StatusCode::kUnauthenticated, std::move(message)}; }
inline Status Conflict(std::string message) { return {StatusCode::kConflict, std::move(message)}; }
inline Status AlreadyExists(std::string message) { return {StatusCode::kAlreadyExists, std::move(message)}; }
inline Status FailedPrecondition(std::string message) { return {StatusCode::kFailedPrecondition, std::move(message)}; }
inline Status ResourceExhausted(std::string message) { return {StatusCode::kResourceExhausted, std::move(message)}; }
inline Status Unavailable(std::string message) { return {StatusCode::kUnavailable, std::move(message)}; }
inline Status Internal(std::string message) { return {StatusCode::kInternal, std::move(message)}; }

template <typename T>
class [[nodiscard]] Result {
 public:
  using value_type = T;

  Result(T value) : storage_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : storage_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    if (std::get<Status>(storage_).ok()) storage_ = Status(StatusCode::kInternal, "Result built from an OK status");
  }

  bool ok() const { return std::holds_alternative<T>(storage_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(storage_);
  }
  T& value() & { return std::get<T>(storage_); }
  const T& value() const& { return std::get<T>(storage_); }
  T&& value() && { return std::get<T>(std::move(storage_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> storage_;
};

namespace detail {
inline Status ToStatus(Status status) { return status; }
template <typename T>
Status ToStatus(const Result<T>& result) {
  return result.status();
}
}  // namespace detail

}  // namespace chancery

// The macros take statements and declarations as arguments, which cannot be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
// Propagates a failed Status or Result to the caller (works in functions returning Status or Result<U>).
#define CHANCERY_TRY(expr)                                                                            \
  do {                                                                                                \
    if (auto chancery_try_status_ = ::chancery::detail::ToStatus((expr)); !chancery_try_status_.ok()) \
      return chancery_try_status_;                                                                    \
  } while (false)

#define CHANCERY_CONCAT_INNER(a, b) a##b
#define CHANCERY_CONCAT(a, b) CHANCERY_CONCAT_INNER(a, b)
// `CHANCERY_ASSIGN_OR_RETURN(auto user, store.FindUser(id));` declares `user` or returns the failure.
#define CHANCERY_ASSIGN_OR_RETURN(lhs, expr) \
  CHANCERY_ASSIGN_OR_RETURN_IMPL(CHANCERY_CONCAT(chancery_result_, __LINE__), lhs, expr)
#define CHANCERY_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) return tmp.status();                  \
  lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)
