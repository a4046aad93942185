// MilterClient: the MTA side of the milter protocol (version 6), as
// Postfix speaks it, for `brandguard bench` and protocol tests. It talks to
// any milter socket ("unix:/path" or "inet:PORT@127.0.0.1"), ours or a
// peer's, and does not use libmilter.
//
// One client = one milter connection = one thread. Every read and write has
// a deadline; replies are length-checked (at most kMaxReply bytes) so a
// broken milter cannot make the client allocate without bound.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
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
  explicit MilterClient(int fd, std::chrono::milliseconds timeout) : fd_(fd), timeout_(timeout) {}
  // Sends a command and, unless the milter negotiated it away, reads its reply.
  tl::expected<std::optional<MilterReply>, std::string> command(char cmd, std::string_view data,
                                                                std::uint32_t skip_flag, std::uint32_t no_reply_flag);
  int fd_ = -1;
  std::chrono::milliseconds timeout_;
  std::uint32_t protocol_ = 0;
};

}  // namespace brandguard::cli
