#include "callbacks.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <exception>
#include <new>
#include <string>

#include <spdlog/spdlog.h>

#include "daemon.hpp"
#include "edit_plan.hpp"
#include "message/ascii.hpp"
#include "session.hpp"

namespace brandguard::milter {

namespace {

char* c_str(const char* s) noexcept { return const_cast<char*>(s); }

Session* session_of(SMFICTX* ctx) noexcept { return static_cast<Session*>(smfi_getpriv(ctx)); }

std::string macro(SMFICTX* ctx, const char* name) {
  const char* value = smfi_getsymval(ctx, c_str(name));
  return value != nullptr ? std::string(value) : std::string();
}

// Strips the angle brackets of an SMTP path: "<a@b>" -> "a@b", "<>" -> "".
std::string_view strip_brackets(const char* arg) noexcept {
  if (arg == nullptr) return {};
  std::string_view s(arg);
  if (s.size() >= 2 && s.front() == '<' && s.back() == '>') s = s.substr(1, s.size() - 2);
  return s;
}

std::string address_text(const sockaddr* addr) {
  if (addr == nullptr) return {};
  char buffer[INET6_ADDRSTRLEN] = {};
  if (addr->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(addr);
    if (inet_ntop(AF_INET, &in->sin_addr, buffer, sizeof buffer) != nullptr) return buffer;
  } else if (addr->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(addr);
    if (inet_ntop(AF_INET6, &in6->sin6_addr, buffer, sizeof buffer) != nullptr) return buffer;
  }
  return {};
}

// The outcome for an internal failure, from the connection's snapshot or,
// before there is one, from the daemon's current snapshot.
sfsistat on_error(SMFICTX* ctx, Session* session, const char* stage) noexcept {
  policy::Action action = policy::Action::tempfail;
  if (Daemon* daemon = current_daemon()) daemon->metrics().count_internal_error(policy::metrics::ErrorSource::milter);
  try {
    if (session != nullptr) {
      action = session->snapshot().on_error;
    } else if (Daemon* daemon = current_daemon()) {
      if (auto snapshot = daemon->registry().pin()) action = snapshot->on_error;
    }
    spdlog::error("qid={} internal error at {}; applying on_error={}", macro(ctx, "i"), stage,
                  policy::to_string(action));
  } catch (...) {
    // Logging or macro copy failed (likely out of memory): keep the default.
  }
  switch (action) {
    case policy::Action::accept:
      return SMFIS_ACCEPT;
    case policy::Action::reject:
      smfi_setreply(ctx, c_str("550"), c_str("5.7.1"), c_str("Message refused: internal filter error"));
      return SMFIS_REJECT;
    default:
      smfi_setreply(ctx, c_str("451"), c_str("4.3.0"), c_str("Temporary filter failure, try again later"));
      return SMFIS_TEMPFAIL;
  }
}

// The stages we ask the MTA not to wait for (SMFIP_NR_*). Every SMTP
// command and every header field is otherwise a round trip between the
// MTA and us: two context switches on each side per header. Verdicts are
// only given at end of message, so nothing is lost; an internal failure
// at one of these stages is answered at end of message instead.
constexpr unsigned long kNoReplyStages =
    SMFIP_NR_CONN | SMFIP_NR_HELO | SMFIP_NR_MAIL | SMFIP_NR_RCPT | SMFIP_NR_HDR | SMFIP_NR_EOH | SMFIP_NR_BODY;

using Scope = Session::Scope;

sfsistat reply_at(Session* session, unsigned long no_reply_flag, Scope scope, sfsistat status) noexcept {
  return session == nullptr ? status : session->reply_at(no_reply_flag, scope, status);
}

// Runs `body` for the connection's session; any exception -> on_error.
template <typename Fn>
sfsistat guarded(SMFICTX* ctx, const char* stage, unsigned long no_reply_flag, Scope scope, Fn&& body) noexcept {
  Session* session = session_of(ctx);
  sfsistat status = SMFIS_CONTINUE;
  try {
    status = session == nullptr ? on_error(ctx, nullptr, stage) : body(*session);
  } catch (...) {
    status = on_error(ctx, session, stage);
  }
  return reply_at(session, no_reply_flag, scope, status);
}

sfsistat apply(SMFICTX* ctx, Session& session, const policy::Verdict& verdict) {
  const policy::Snapshot& snapshot = session.snapshot();
  MessageFacts facts{session.own_header_count(), session.has_subject(), session.subject_raw(),
                     session.leading_space, session.transaction().message().envelope().queue_id};
  const EditPlan plan = plan_edits(verdict, snapshot, facts);
  const std::string& header = snapshot.presentation.header_name;

  for (const std::size_t index : plan.delete_authentication_results) {
    if (smfi_chgheader(ctx, c_str("Authentication-Results"), static_cast<int>(index), nullptr) != MI_SUCCESS) {
      throw std::runtime_error("smfi_chgheader (delete Authentication-Results) failed");
    }
  }
  for (std::size_t index = plan.delete_own_headers; index >= 1; --index) {
    if (smfi_chgheader(ctx, c_str(header.c_str()), static_cast<int>(index), nullptr) != MI_SUCCESS) {
      throw std::runtime_error("smfi_chgheader (delete) failed");
    }
  }
  if (plan.header_value &&
      smfi_insheader(ctx, 0, c_str(header.c_str()), c_str(plan.header_value->c_str())) != MI_SUCCESS) {
    throw std::runtime_error("smfi_insheader failed");
  }
  if (plan.authentication_results &&
      smfi_insheader(ctx, 0, c_str("Authentication-Results"), c_str(plan.authentication_results->c_str())) !=
          MI_SUCCESS) {
    throw std::runtime_error("smfi_insheader (Authentication-Results) failed");
  }
  if (plan.new_subject) {
    const int rc = plan.subject_exists ? smfi_chgheader(ctx, c_str("Subject"), 1, c_str(plan.new_subject->c_str()))
                                       : smfi_addheader(ctx, c_str("Subject"), c_str(plan.new_subject->c_str()));
    if (rc != MI_SUCCESS) throw std::runtime_error("changing Subject failed");
  }
  if (plan.quarantine_reason && smfi_quarantine(ctx, c_str(plan.quarantine_reason->c_str())) != MI_SUCCESS) {
    throw std::runtime_error("smfi_quarantine failed");
  }
  if (plan.reply) {
    if (smfi_setreply(ctx, c_str(plan.reply->code.c_str()), c_str(plan.reply->extended_code.c_str()),
                      c_str(plan.reply->text.c_str())) != MI_SUCCESS) {
      throw std::runtime_error("smfi_setreply failed");
    }
  }
  switch (plan.disposition) {
    case Disposition::reject: return SMFIS_REJECT;
    case Disposition::tempfail: return SMFIS_TEMPFAIL;
    case Disposition::accept: return SMFIS_CONTINUE;
  }
  return SMFIS_CONTINUE;
}

void log_verdict(const Session& session, const policy::Transaction& t, const policy::Verdict& verdict) {
  // Privacy: domains, never local parts, display names or subjects.
  const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                                 session.message_start());
  const auto& envelope = t.message().envelope();
  spdlog::info("qid={} action={} score={:.2f} symbols=[{}] client={} mail_from_domain={} rcpts={} ms={:.1f} config={}",
               envelope.queue_id.empty() ? "-" : envelope.queue_id, policy::to_string(verdict.action),
               verdict.score, policy::summarize_symbols(verdict.symbols, 32),
               t.connection().client_ip.empty() ? "-" : t.connection().client_ip,
               envelope.mail_from.empty() ? "<>" : std::string(policy::address_domain(envelope.mail_from)),
               envelope.rcpt.size(), elapsed.count(), t.snapshot().version);
}

// --- trampolines ------------------------------------------------------------

// Creates the Session for a new connection: pins the current snapshot.
Session* open_session(SMFICTX* ctx) {
  Daemon* daemon = current_daemon();
  if (daemon == nullptr) return nullptr;
  auto snapshot = daemon->registry().pin();
  if (!snapshot) return nullptr;
  auto session = std::make_unique<Session>(std::move(snapshot));
  if (smfi_setpriv(ctx, session.get()) != MI_SUCCESS) return nullptr;
  // Balanced in xx_close, which deletes exactly the sessions made here.
  daemon->metrics().session_opened();
  return session.release();
}

// Negotiation runs once per MTA connection, before connect; the Session is
// created here because only here do we learn whether header values keep
// their leading space.
sfsistat xx_negotiate(SMFICTX* ctx, unsigned long offered_actions, unsigned long offered_protocol, unsigned long,
                      unsigned long, unsigned long* actions, unsigned long* protocol, unsigned long* f2,
                      unsigned long* f3) noexcept {
  const unsigned long wanted_actions = SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_QUARANTINE;
  if ((offered_actions & wanted_actions) != wanted_actions) {
    // Without header edits and quarantine we cannot carry out verdicts.
    spdlog::error("the MTA does not offer header changes and quarantine (actions 0x{:x}); refusing", offered_actions);
    return SMFIS_REJECT;
  }
  *actions = wanted_actions;
  // No unknown commands, no DATA callback; keep the header's leading space
  // when offered so DKIM sees the exact bytes.
  *protocol = (SMFIP_NOUNKNOWN | SMFIP_NODATA | SMFIP_HDR_LEADSPC | kNoReplyStages) & offered_protocol;
  *f2 = 0;
  *f3 = 0;
  try {
    Session* session = session_of(ctx);
    if (session == nullptr) session = open_session(ctx);
    if (session == nullptr) return SMFIS_TEMPFAIL;
    session->leading_space = (*protocol & SMFIP_HDR_LEADSPC) != 0;
    session->no_reply = *protocol & kNoReplyStages;
    return SMFIS_CONTINUE;
  } catch (...) {
    return SMFIS_TEMPFAIL;
  }
}

sfsistat xx_connect(SMFICTX* ctx, char* hostname, _SOCK_ADDR* hostaddr) noexcept {
  Session* session = session_of(ctx);
  sfsistat status = SMFIS_CONTINUE;
  try {
    // An MTA that does not negotiate (protocol v2) arrives here first.
    if (session == nullptr) session = open_session(ctx);
    if (session == nullptr) return on_error(ctx, nullptr, "connect");
    policy::ConnectionInfo info;
    info.client_ip = address_text(hostaddr);
    info.client_name = hostname != nullptr ? hostname : "unknown";
    session->transaction().connect(std::move(info));
  } catch (...) {
    status = on_error(ctx, session, "connect");
  }
  return reply_at(session, SMFIP_NR_CONN, Scope::connection, status);
}

sfsistat xx_helo(SMFICTX* ctx, char* name) noexcept {
  return guarded(ctx, "helo", SMFIP_NR_HELO, Scope::connection, [&](Session& s) {
    s.transaction().helo(name != nullptr ? name : "");
    return SMFIS_CONTINUE;
  });
}

sfsistat xx_envfrom(SMFICTX* ctx, char** argv) noexcept {
  return guarded(ctx, "mail", SMFIP_NR_MAIL, Scope::message, [&](Session& s) {
    s.forget_message_failure();
    s.start_message();
    s.transaction().mail_from(strip_brackets(argv != nullptr ? argv[0] : nullptr), macro(ctx, "{auth_authen}"));
    s.transaction().set_queue_id(macro(ctx, "i"));
    return SMFIS_CONTINUE;
  });
}

sfsistat xx_envrcpt(SMFICTX* ctx, char** argv) noexcept {
  return guarded(ctx, "rcpt", SMFIP_NR_RCPT, Scope::message, [&](Session& s) {
    s.transaction().rcpt(strip_brackets(argv != nullptr ? argv[0] : nullptr));
    return SMFIS_CONTINUE;
  });
}

sfsistat xx_header(SMFICTX* ctx, char* name, char* value) noexcept {
  return guarded(ctx, "header", SMFIP_NR_HDR, Scope::message, [&](Session& s) {
    if (s.message_failed()) return SMFIS_CONTINUE;  // answered at end of message
    s.header(name != nullptr ? name : "", value != nullptr ? value : "");
    return SMFIS_CONTINUE;
  });
}

sfsistat xx_eoh(SMFICTX* ctx) noexcept {
  return guarded(ctx, "eoh", SMFIP_NR_EOH, Scope::message, [&](Session& s) {
    s.transaction().end_of_headers();
    return SMFIS_CONTINUE;
  });
}

sfsistat xx_body(SMFICTX* ctx, unsigned char* chunk, size_t length) noexcept {
  return guarded(ctx, "body", SMFIP_NR_BODY, Scope::message, [&](Session& s) {
    if (s.message_failed()) return SMFIS_CONTINUE;  // answered at end of message
    if (chunk != nullptr) s.transaction().body(std::string_view(reinterpret_cast<const char*>(chunk), length));
    return SMFIS_CONTINUE;
  });
}

sfsistat xx_eom(SMFICTX* ctx) noexcept {
  return guarded(ctx, "eom", 0, Scope::message, [&](Session& s) {
    // A failure at a stage the MTA waited for no reply at is answered now;
    // its reply text was set then.
    if (const std::optional<int> failure = s.take_deferred_failure()) return *failure;
    if (std::string qid = macro(ctx, "i"); !qid.empty()) s.transaction().set_queue_id(qid);
    const policy::Verdict verdict = s.transaction().end_of_message();
    const sfsistat status = apply(ctx, s, verdict);
    if (Daemon* daemon = current_daemon()) {
      daemon->metrics().count_message(verdict);
      daemon->metrics().observe_stage(policy::metrics::Stage::message,
                                      std::chrono::steady_clock::now() - s.message_start());
    }
    log_verdict(s, s.transaction(), verdict);
    return status;
  });
}

sfsistat xx_abort(SMFICTX* ctx) noexcept {
  Session* session = session_of(ctx);
  if (session == nullptr) return SMFIS_CONTINUE;  // abort may follow a failed connect
  session->forget_message_failure();
  try {
    session->transaction().abort();
  } catch (...) {
    // Nothing to apply: the MTA already dropped the message.
  }
  return SMFIS_CONTINUE;
}

sfsistat xx_close(SMFICTX* ctx) noexcept {
  Session* session = session_of(ctx);
  smfi_setpriv(ctx, nullptr);  // idempotent: a second close sees null
  if (session != nullptr) {
    if (Daemon* daemon = current_daemon()) daemon->metrics().session_closed();
  }
  delete session;
  return SMFIS_CONTINUE;
}

}  // namespace

smfiDesc make_filter_description() noexcept {
  smfiDesc desc{};
  desc.xxfi_name = c_str("brandguard");
  desc.xxfi_version = SMFI_VERSION;
  desc.xxfi_flags = SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_QUARANTINE;
  desc.xxfi_connect = xx_connect;
  desc.xxfi_helo = xx_helo;
  desc.xxfi_envfrom = xx_envfrom;
  desc.xxfi_envrcpt = xx_envrcpt;
  desc.xxfi_header = xx_header;
  desc.xxfi_eoh = xx_eoh;
  desc.xxfi_body = xx_body;
  desc.xxfi_eom = xx_eom;
  desc.xxfi_abort = xx_abort;
  desc.xxfi_close = xx_close;
  desc.xxfi_negotiate = xx_negotiate;
  return desc;
}

}  // namespace brandguard::milter
