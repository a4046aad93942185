#include "pipeline/transaction.hpp"

#include <chrono>
#include <exception>
#include <stdexcept>

#include <fmt/format.h>

#include "metrics/registry.hpp"

namespace brandguard::policy {

Transaction::Transaction(std::shared_ptr<const Snapshot> snapshot)
    : snapshot_(std::move(snapshot)), message_(snapshot_->limits) {
  checks_.reserve(snapshot_->checks.size());
  for (const auto& factory : snapshot_->checks) checks_.push_back(factory->create());
}

void Transaction::connect(ConnectionInfo connection) {
  connection_ = std::move(connection);
  for_each_check("connect", [&](Check& c) { c.on_connect(connection_); });
}

template <typename Fn>
void Transaction::for_each_check(std::string_view stage, Fn&& fn) {
  for (std::size_t i = 0; i < checks_.size(); ++i) {
    try {
      fn(*checks_[i]);
    } catch (const std::exception& e) {
      failed_ = true;
      result_.add("INTERNAL_ERROR", 0.0,
                  fmt::format("{} failed at {}: {}", snapshot_->checks[i]->name(), stage, e.what()));
    } catch (...) {
      failed_ = true;
      result_.add("INTERNAL_ERROR", 0.0,
                  fmt::format("{} failed at {}", snapshot_->checks[i]->name(), stage));
    }
  }
}

void Transaction::reset_message() {
  message_.reset();
  content_.reset();
  result_.clear();
  failed_ = false;
  in_message_ = false;
  for_each_check("reset", [](Check& c) { c.on_message_reset(); });
  // A failure while resetting belongs to no message; do not carry it over.
  result_.clear();
  failed_ = false;
}

void Transaction::begin_message_if_needed() {
  if (!in_message_) {
    reset_message();
    in_message_ = true;
  }
}

void Transaction::helo(std::string_view name) {
  connection_.helo.assign(name);
  for_each_check("helo", [&](Check& c) { c.on_helo(connection_); });
}

void Transaction::mail_from(std::string_view address, std::string_view auth_user) {
  reset_message();
  in_message_ = true;
  message_.envelope().mail_from.assign(address);
  message_.envelope().auth_user.assign(auth_user);
  MessageContext ctx{connection_, message_, result_, content_};
  for_each_check("mail", [&](Check& c) { c.on_mail_from(ctx); });
}

void Transaction::rcpt(std::string_view address) {
  begin_message_if_needed();
  if (!message_.add_recipient(address) && !result_.has("LIMIT_RECIPIENTS")) {
    result_.add("LIMIT_RECIPIENTS", 0.0,
                fmt::format("more than {} recipients; the rest not kept", snapshot_->limits.max_recipients));
  }
  MessageContext ctx{connection_, message_, result_, content_};
  for_each_check("rcpt", [&](Check& c) { c.on_rcpt(ctx, address); });
}

void Transaction::header(std::string_view name, std::string_view raw_value) {
  begin_message_if_needed();
  if (!message_.add_header(name, raw_value)) {
    if (!result_.has("LIMIT_HEADERS")) {
      result_.add("LIMIT_HEADERS", 0.0, "header limit reached; later header fields not checked");
    }
    return;
  }
  MessageContext ctx{connection_, message_, result_, content_};
  const Header& kept = message_.headers().back();
  for_each_check("header", [&](Check& c) { c.on_header(ctx, kept); });
}

void Transaction::end_of_headers() {
  const auto started = std::chrono::steady_clock::now();
  begin_message_if_needed();
  MessageContext ctx{connection_, message_, result_, content_};
  for_each_check("eoh", [&](Check& c) { c.on_end_of_headers(ctx); });
  // DKIM key waits happen here; they are not end-of-message waits.
  (void)metrics::take_thread_dns_wait();
  metrics::process_registry().observe_stage(metrics::Stage::end_of_headers,
                                            std::chrono::steady_clock::now() - started);
}

void Transaction::body(std::string_view chunk) {
  begin_message_if_needed();
  if (!message_.append_body(chunk) && !result_.has("LIMIT_BODY")) {
    result_.add("LIMIT_BODY", 0.0,
                fmt::format("body over {} bytes; only the first part checked", snapshot_->limits.max_body_bytes));
  }
  MessageContext ctx{connection_, message_, result_, content_};
  for_each_check("body", [&](Check& c) { c.on_body(ctx, chunk); });
}

Verdict Transaction::end_of_message() {
  const auto started = std::chrono::steady_clock::now();
  // Only this end of message's own waits count: whatever this thread
  // waited for before (another stage, another connection) is dropped.
  (void)metrics::take_thread_dns_wait();
  begin_message_if_needed();
  MessageContext ctx{connection_, message_, result_, content_};
  for_each_check("eom", [&](Check& c) { c.on_end_of_message(ctx); });
  note_partial_content();
  metrics::Registry& registry = metrics::process_registry();
  if (failed_) {
    result_.force(snapshot_->on_error, "internal error while checking the message");
    registry.count_internal_error(metrics::ErrorSource::check);
  }
  Verdict verdict = decide(result_, snapshot_->thresholds);
  in_message_ = false;
  registry.observe_stage(metrics::Stage::eom_dns_wait, metrics::take_thread_dns_wait());
  registry.observe_stage(metrics::Stage::end_of_message, std::chrono::steady_clock::now() - started);
  return verdict;
}

// B13: content the checks read only in part (MIME nesting or part limits,
// text or link limits, unparseable MIME) is said so in the verdict with a
// score of 0: never an action by itself, but visible to the admin.
void Transaction::note_partial_content() {
  const MimeText* decoded = content_.decoded();
  if (decoded == nullptr || decoded->partial.empty() || result_.has("CONTENT_PARTIAL")) return;
  std::string reasons;
  for (const std::string& reason : decoded->partial) {
    if (reasons.find(reason) != std::string::npos) continue;
    if (!reasons.empty()) reasons += "; ";
    reasons += reason;
  }
  result_.add("CONTENT_PARTIAL", 0.0, "partial scan: " + reasons);
}

void Transaction::abort() {
  if (in_message_) reset_message();
}

void Transaction::set_queue_id(std::string_view queue_id) {
  message_.envelope().queue_id.assign(queue_id);
}

}  // namespace brandguard::policy
