// MilterClient: the MTA side of the milter protocol (version 6), as
// Postfix speaks it, for `brandguard bench` and protocol tests. It talks to
// any milter socket ("unix:/path" or "inet:PORT@127.0.0.1"), ours or a
// peer's, and does not use libmilter.
//
// One client = one milter connection = one thread. Every read and write has
// a deadline; replies are length-checked (at most kMaxReply bytes) so a
// broken milter cannot make the client allocate without bound.
//
// Several milters are chained as Postfix chains `smtpd_milters = A, B`
// (run_chain): one connection to each, every SMTP event sent to A then B,
// the first reject/tempfail/discard ends the message for the rest.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

namespace brandguard::cli {

struct MilterReply {
  char code = 0;         // 'c' continue, 'a' accept, 'r' reject, 't' tempfail, 'y' reply code, 'd' discard ...
  std::string text;      // for 'y': "550 5.7.1 ..."
};

// What the milter asked for at end of message, and its final answer.
struct EomResult {
  MilterReply final;
  std::vector<std::pair<char, std::string>> modifications;  // ('h'|'i'|'m'|'q'..., raw data)
};

struct Envelope {
  std::string client_name = "client.example";
  std::string client_ip = "192.0.2.1";
  std::string helo = "client.example";
  std::string mail_from;
  std::vector<std::string> rcpt;
  std::string queue_id = "BENCH";
};

class MilterClient {
 public:
  static constexpr std::size_t kMaxReply = 1 << 20;

  static tl::expected<MilterClient, std::string> connect(const std::string& spec, std::chrono::milliseconds timeout);
  MilterClient(MilterClient&& other) noexcept;
  MilterClient& operator=(MilterClient&& other) noexcept;
  MilterClient(const MilterClient&) = delete;
  MilterClient& operator=(const MilterClient&) = delete;
  ~MilterClient();

  // Negotiates protocol 6 offering what Postfix 3.7 offers.
  tl::expected<void, std::string> negotiate();

  // One SMTP event at a time, for chains. Each returns the milter's reply,
  // or nullopt when the milter negotiated that event or its reply away.
  using EventReply = tl::expected<std::optional<MilterReply>, std::string>;
  EventReply connect_event(const Envelope& envelope);
  EventReply helo_event(const Envelope& envelope);
  EventReply mail_event(const Envelope& envelope);
  EventReply rcpt_event(std::string_view rcpt);
  // value as (raw value with the leading space)
  EventReply header_event(std::string_view name, std::string_view value);
  EventReply eoh_event();
  EventReply body_event(std::string_view chunk);
  // End of message: the modifications asked for, then the final reply.
  tl::expected<EomResult, std::string> eom_event(const Envelope& envelope);
  // SMFIC_ABORT: the MTA dropped the message (another milter refused it).
  void abort_message();

  // The socket this client is connected to, as given to connect().
  const std::string& spec() const noexcept { return spec_; }

  // One whole message transaction; headers as (name, raw value with the
  // leading space), body with CRLF line ends.
  tl::expected<EomResult, std::string> send_message(const Envelope& envelope,
                                                    const std::vector<std::pair<std::string, std::string>>& headers,
                                                    std::string_view body);
  void quit();

  // Low level, for protocol tests: one packet out, one reply in.
  tl::expected<void, std::string> send_packet(char command, std::string_view data);
  tl::expected<std::pair<char, std::string>, std::string> read_packet();

  std::uint32_t negotiated_protocol() const noexcept { return protocol_; }

 private:
  MilterClient(int fd, std::chrono::milliseconds timeout, std::string spec)
      : fd_(fd), timeout_(timeout), spec_(std::move(spec)) {}
  // Sends a command and, unless the milter negotiated it away, reads its reply.
  tl::expected<std::optional<MilterReply>, std::string> command(char cmd, std::string_view data,
                                                                std::uint32_t skip_flag, std::uint32_t no_reply_flag);
  int fd_ = -1;
  std::chrono::milliseconds timeout_;
  std::string spec_;
  std::uint32_t protocol_ = 0;
};

// Body chunk size for SMFIC_BODY (the largest libmilter accepts by default).
inline constexpr std::size_t kBodyChunk = 65535;

// What a chain of milters made of one message.
struct ChainResult {
  // The strongest reply: the reject, tempfail ('y' 4xx/5xx too) or discard
  // that ended the chain, else 'a' if a milter accepted, else 'c'.
  MilterReply final;
  // Index of the milter whose reply ended the chain, or -1.
  int ended_by = -1;
  // Each milter's own result: its end-of-message reply and modifications;
  // final.code is the reply that took it out of the message early ('a',
  // or the refusal), or 0 when it was never asked (aborted).
  std::vector<EomResult> per_milter;
};

// In what order a chain gets the message content.
enum class ChainOrder {
  // As Postfix does (cleanup(8), milter_message()): connect, helo, mail
  // and each rcpt go to A then B; then the headers, body and end of message
  // go to A, A's header and body edits are applied, and the edited message
  // goes to B ("Once a Milter is done editing, the queue file can be used
  // as input for the next Milter", cleanup_milter.c). B sees A's
  // Authentication-Results, as opendmarc sees opendkim's.
  postfix,
  // Every event, content included, to A then B; each milter sees the
  // message as the client sent it, and the end of message goes to A then B.
  interleaved,
};

// Sends one message through `milters` (connected and negotiated) the way
// Postfix applies `smtpd_milters = A, B` (see ChainOrder): a milter that
// accepts ('a') is left out for the rest of the message, one that asks to
// skip the body ('s') gets no more body chunks, and the first
// reject/tempfail/discard ends the message: the milters still in the
// transaction get SMFIC_ABORT. Does not quit the connections. An error
// names the socket and the stage.
tl::expected<ChainResult, std::string> run_chain(std::span<MilterClient> milters, const Envelope& envelope,
                                                 const std::vector<std::pair<std::string, std::string>>& headers,
                                                 std::string_view body, ChainOrder order);

// Applies a milter's end-of-message edits as Postfix's cleanup does:
// 'h' appends a field, 'i' inserts one at an index (0: first), 'm' changes
// the index-th field of that name (empty value: deletes it; none: adds it),
// 'b' chunks replace the body. Header values are kept raw (leading space).
void apply_modifications(const std::vector<std::pair<char, std::string>>& modifications,
                         std::vector<std::pair<std::string, std::string>>& headers, std::string& body);
}  // namespace brandguard::cli
