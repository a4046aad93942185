#include "pipeline/offline_scan.hpp"

#include "message/raw_message.hpp"
#include "pipeline/transaction.hpp"

namespace brandguard::policy {

ScanResult scan_message(const std::shared_ptr<const Snapshot>& snapshot, const ScanEnvelope& envelope,
                        std::string_view message_bytes) {
  // Chunks of the size an MTA uses for milter body packets.
  constexpr std::size_t kBodyChunk = 65535;
  const RawMessage raw = split_message(message_bytes);
  Transaction t(snapshot);
  t.connect(ConnectionInfo{envelope.client_ip, envelope.client_name, ""});
  t.helo(envelope.helo);
  t.mail_from(envelope.mail_from, envelope.auth_user);
  t.set_queue_id(envelope.queue_id);
  for (const auto& r : envelope.rcpt) t.rcpt(r);
  for (const auto& h : raw.headers) t.header(h.name, h.raw_value);
  t.end_of_headers();
  const std::string_view body = raw.body;
  for (std::size_t i = 0; i < body.size(); i += kBodyChunk) t.body(body.substr(i, kBodyChunk));
  ScanResult result;
  result.verdict = t.end_of_message();
  result.auth = t.message().auth();
  return result;
}

}  // namespace brandguard::policy
