// Session::reply_at: which stages answer the MTA, and how a failure at a
// stage the MTA waits for no reply at is answered at end of message.
#include <libmilter/mfapi.h>

#include <catch2/catch.hpp>

#include "config.hpp"
#include "session.hpp"

namespace brandguard::milter {
namespace {

Session make_session() {
  config::LoadOptions options;
  options.offline = true;
  auto loaded = config::load_from_string("{}", "(test)", options);
  REQUIRE(loaded);
  return Session(loaded->snapshot);
}

TEST_CASE("session: stages without reply answer SMFIS_NOREPLY, others their status", "[milter]") {
  Session session = make_session();
  session.no_reply = SMFIP_NR_HDR | SMFIP_NR_CONN;
  CHECK(session.reply_at(SMFIP_NR_HDR, Session::Scope::message, SMFIS_CONTINUE) == SMFIS_NOREPLY);
  CHECK(session.reply_at(SMFIP_NR_RCPT, Session::Scope::message, SMFIS_CONTINUE) == SMFIS_CONTINUE);
  CHECK(session.reply_at(SMFIP_NR_RCPT, Session::Scope::message, SMFIS_TEMPFAIL) == SMFIS_TEMPFAIL);
  // A failure where a reply is expected is answered there, not kept.
  CHECK_FALSE(session.take_deferred_failure());
}

TEST_CASE("session: a message failure without reply is answered once, at end of message", "[milter]") {
  Session session = make_session();
  session.no_reply = SMFIP_NR_HDR | SMFIP_NR_BODY;
  CHECK(session.reply_at(SMFIP_NR_HDR, Session::Scope::message, SMFIS_TEMPFAIL) == SMFIS_NOREPLY);
  CHECK(session.reply_at(SMFIP_NR_BODY, Session::Scope::message, SMFIS_REJECT) == SMFIS_NOREPLY);
  const auto failure = session.take_deferred_failure();
  REQUIRE(failure);
  CHECK(*failure == SMFIS_TEMPFAIL);  // the first failure wins
  CHECK_FALSE(session.take_deferred_failure());

  CHECK(session.reply_at(SMFIP_NR_HDR, Session::Scope::message, SMFIS_ACCEPT) == SMFIS_NOREPLY);
  session.forget_message_failure();  // abort, or the next MAIL
  CHECK_FALSE(session.take_deferred_failure());
}

TEST_CASE("session: message_failed says the rest of a failed message need not be read", "[milter]") {
  Session session = make_session();
  session.no_reply = SMFIP_NR_HDR | SMFIP_NR_BODY;
  CHECK_FALSE(session.message_failed());
  CHECK(session.reply_at(SMFIP_NR_BODY, Session::Scope::message, SMFIS_CONTINUE) == SMFIS_NOREPLY);
  CHECK_FALSE(session.message_failed());
  CHECK(session.reply_at(SMFIP_NR_BODY, Session::Scope::message, SMFIS_TEMPFAIL) == SMFIS_NOREPLY);
  CHECK(session.message_failed());
  REQUIRE(session.take_deferred_failure());  // end of message answers it
  CHECK_FALSE(session.message_failed());
  CHECK(session.reply_at(SMFIP_NR_HDR, Session::Scope::message, SMFIS_TEMPFAIL) == SMFIS_NOREPLY);
  session.forget_message_failure();  // abort, or the next MAIL
  CHECK_FALSE(session.message_failed());
}

TEST_CASE("session: a connection failure without reply answers every message", "[milter]") {
  Session session = make_session();
  session.no_reply = SMFIP_NR_CONN | SMFIP_NR_HDR;
  CHECK(session.reply_at(SMFIP_NR_CONN, Session::Scope::connection, SMFIS_TEMPFAIL) == SMFIS_NOREPLY);
  for (int message = 0; message < 2; ++message) {
    session.forget_message_failure();
    const auto failure = session.take_deferred_failure();
    REQUIRE(failure);
    CHECK(*failure == SMFIS_TEMPFAIL);
  }
}

}  // namespace
}  // namespace brandguard::milter
