#include "milter_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace brandguard::cli {

namespace {

// Protocol constants (libmilter/mfdef.h); repeated here because the MTA
// side must not depend on libmilter.
constexpr std::uint32_t kVersion = 6;
constexpr std::uint32_t kOfferedActions = 0x1ff;
constexpr std::uint32_t kOfferedProtocol = 0x1fffff;
constexpr std::uint32_t kNoConnect = 0x1, kNoHelo = 0x2, kNoMail = 0x4, kNoRcpt = 0x8, kNoBody = 0x10,
                        kNoHdrs = 0x20, kNoEoh = 0x40, kNrHdr = 0x80, kNrConn = 0x1000, kNrHelo = 0x2000,
                        kNrMail = 0x4000, kNrRcpt = 0x8000, kNrEoh = 0x40000, kNrBody = 0x80000;

tl::unexpected<std::string> error(std::string what) { return tl::unexpected(std::move(what)); }

std::string cstr(std::string_view s) {
  std::string out(s);
  out.push_back('\0');
  return out;
}

}  // namespace

tl::expected<MilterClient, std::string> MilterClient::connect(const std::string& spec,
                                                             std::chrono::milliseconds timeout) {
  const auto colon = spec.find(':');
  const std::string kind = spec.substr(0, colon);
  const std::string rest = colon == std::string::npos ? std::string() : spec.substr(colon + 1);
  int fd = -1;
  if (kind == "unix" || kind == "local") {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (rest.size() >= sizeof addr.sun_path) return error("unix socket path too long");
    std::memcpy(addr.sun_path, rest.c_str(), rest.size() + 1);
    fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      const int e = errno;
      if (fd >= 0) ::close(fd);
      return error(fmt::format("connect {}: {}", spec, std::strerror(e)));
    }
  } else if (kind == "inet") {
    const auto at = rest.find('@');
    if (at == std::string::npos) return error("expected inet:PORT@ADDRESS");
    const std::string host = rest.substr(at + 1);
    if (host != "127.0.0.1" && host != "localhost") return error("only loopback milters are benchmarked");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(std::stoi(rest.substr(0, at))));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      const int e = errno;
      if (fd >= 0) ::close(fd);
      return error(fmt::format("connect {}: {}", spec, std::strerror(e)));
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // as Postfix does
  } else {
    return error(fmt::format("unknown socket kind in {}", spec));
  }
  return MilterClient(fd, timeout, spec);
}

MilterClient::MilterClient(MilterClient&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      timeout_(other.timeout_),
      spec_(std::move(other.spec_)),
      protocol_(other.protocol_) {}

MilterClient& MilterClient::operator=(MilterClient&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    timeout_ = other.timeout_;
    spec_ = std::move(other.spec_);
    protocol_ = other.protocol_;
  }
  return *this;
}

MilterClient::~MilterClient() {
  if (fd_ >= 0) ::close(fd_);
}

tl::expected<void, std::string> MilterClient::send_packet(char command, std::string_view data) {
  const std::uint32_t len = htonl(static_cast<std::uint32_t>(data.size() + 1));
  std::string packet(reinterpret_cast<const char*>(&len), 4);
  packet.push_back(command);
  packet.append(data);
  std::size_t sent = 0;
  while (sent < packet.size()) {
    const ssize_t n = ::send(fd_, packet.data() + sent, packet.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return error(fmt::format("send: {}", std::strerror(errno)));
    sent += static_cast<std::size_t>(n);
  }
  return {};
}

tl::expected<std::pair<char, std::string>, std::string> MilterClient::read_packet() {
  const auto deadline = std::chrono::steady_clock::now() + timeout_;
  const auto read_exact = [&](char* out, std::size_t n) -> tl::expected<void, std::string> {
    std::size_t got = 0;
    while (got < n) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return error("timeout waiting for the milter");
      pollfd p{fd_, POLLIN, 0};
      const int rc = ::poll(&p, 1, static_cast<int>(left.count()));
      if (rc < 0 && errno == EINTR) continue;
      if (rc <= 0) return error("timeout waiting for the milter");
      const ssize_t r = ::recv(fd_, out + got, n - got, 0);
      if (r < 0 && errno == EINTR) continue;
      if (r == 0) return error("the milter closed the connection");
      if (r < 0) return error(fmt::format("recv: {}", std::strerror(errno)));
      got += static_cast<std::size_t>(r);
    }
    return {};
  };
  std::uint32_t len_be = 0;
  if (auto r = read_exact(reinterpret_cast<char*>(&len_be), 4); !r) return tl::unexpected(r.error());
  const std::uint32_t len = ntohl(len_be);
  if (len == 0 || len > kMaxReply) return error(fmt::format("bad reply length {}", len));
  std::string body(len, '\0');
  if (auto r = read_exact(body.data(), len); !r) return tl::unexpected(r.error());
  const char code = body[0];
  body.erase(0, 1);
  return std::make_pair(code, std::move(body));
}

tl::expected<void, std::string> MilterClient::negotiate() {
  std::string data;
  for (std::uint32_t v : {kVersion, kOfferedActions, kOfferedProtocol}) {
    const std::uint32_t be = htonl(v);
    data.append(reinterpret_cast<const char*>(&be), 4);
  }
  if (auto r = send_packet('O', data); !r) return r;
  auto reply = read_packet();
  if (!reply) return tl::unexpected(reply.error());
  if (reply->first != 'O' || reply->second.size() < 12) return error("bad negotiation reply");
  std::uint32_t protocol = 0;
  std::memcpy(&protocol, reply->second.data() + 8, 4);
  protocol_ = ntohl(protocol);
  return {};
}

tl::expected<std::optional<MilterReply>, std::string> MilterClient::command(char cmd, std::string_view data,
                                                                            std::uint32_t skip_flag,
                                                                            std::uint32_t no_reply_flag) {
  if ((protocol_ & skip_flag) != 0) return std::optional<MilterReply>();
  if (auto r = send_packet(cmd, data); !r) return tl::unexpected(r.error());
  if ((protocol_ & no_reply_flag) != 0) return std::optional<MilterReply>();
  for (;;) {
    auto reply = read_packet();
    if (!reply) return tl::unexpected(reply.error());
    if (reply->first == 'p') continue;  // progress: keep waiting
    return std::optional<MilterReply>(MilterReply{reply->first, std::move(reply->second)});
  }
}

MilterClient::EventReply MilterClient::connect_event(const Envelope& envelope) {
  // Macros Postfix sends by default (DEPENDENCIES.md 3).
  if (auto r = send_packet('D', std::string("C") + cstr("j") + cstr("mx.bench.test") + cstr("{daemon_name}") +
                                    cstr("smtpd")); !r) {
    return tl::unexpected(r.error());
  }
  std::string connect_data = cstr(envelope.client_name);
  const bool v6 = envelope.client_ip.find(':') != std::string::npos;
  connect_data.push_back(v6 ? '6' : '4');
  const std::uint16_t port = htons(25);
  connect_data.append(reinterpret_cast<const char*>(&port), 2);
  connect_data += cstr(envelope.client_ip);
  return command('C', connect_data, kNoConnect, kNrConn);
}

MilterClient::EventReply MilterClient::helo_event(const Envelope& envelope) {
  return command('H', cstr(envelope.helo), kNoHelo, kNrHelo);
}

MilterClient::EventReply MilterClient::mail_event(const Envelope& envelope) {
  if (auto s = send_packet('D', std::string("M") + cstr("i") + cstr(envelope.queue_id)); !s) {
    return tl::unexpected(s.error());
  }
  return command('M', cstr("<" + envelope.mail_from + ">"), kNoMail, kNrMail);
}

MilterClient::EventReply MilterClient::rcpt_event(std::string_view rcpt) {
  return command('R', cstr("<" + std::string(rcpt) + ">"), kNoRcpt, kNrRcpt);
}

MilterClient::EventReply MilterClient::header_event(std::string_view name, std::string_view value) {
  const bool leading_space = (protocol_ & 0x00100000) != 0;
  if (!leading_space && !value.empty() && value.front() == ' ') value.remove_prefix(1);
  return command('L', cstr(name) + cstr(value), kNoHdrs, kNrHdr);
}

MilterClient::EventReply MilterClient::eoh_event() { return command('N', {}, kNoEoh, kNrEoh); }

MilterClient::EventReply MilterClient::body_event(std::string_view chunk) {
  return command('B', chunk, kNoBody, kNrBody);
}

tl::expected<EomResult, std::string> MilterClient::eom_event(const Envelope& envelope) {
  EomResult result;
  if (auto s = send_packet('D', std::string("E") + cstr("i") + cstr(envelope.queue_id)); !s) return tl::unexpected(s.error());
  if (auto s = send_packet('E', {}); !s) return tl::unexpected(s.error());
  for (;;) {
    auto reply = read_packet();
    if (!reply) return tl::unexpected(reply.error());
    const char code = reply->first;
    if (code == 'p') continue;
    if (std::string_view("+-2bcehimlq").find(code) != std::string_view::npos && code != 'c') {
      result.modifications.emplace_back(code, std::move(reply->second));
      continue;
    }
    result.final = MilterReply{code, std::move(reply->second)};
    return result;
  }
}

void MilterClient::abort_message() { (void)send_packet('A', {}); }

tl::expected<EomResult, std::string> MilterClient::send_message(
    const Envelope& envelope, const std::vector<std::pair<std::string, std::string>>& headers, std::string_view body) {
  auto chain = run_chain(std::span<MilterClient>(this, 1), envelope, headers, body, ChainOrder::postfix);
  if (!chain) return tl::unexpected(chain.error());
  EomResult result = std::move(chain->per_milter.front());
  result.final = std::move(chain->final);
  return result;
}

namespace {

// How strong a reply is for the message: continue < accept < tempfail <
// reject < discard. 'y' counts by its SMTP code.
int strength(const MilterReply& r) {
  switch (r.code) {
    case 'a': return 1;
    case 't': return 2;
    case 'r': return 3;
    case 'd': return 4;
    case 'y': return !r.text.empty() && r.text.front() == '4' ? 2 : 3;
    default: return 0;
  }
}

}  // namespace

namespace {

std::uint32_t be32(std::string_view data) {
  const auto* b = reinterpret_cast<const unsigned char*>(data.data());
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
}

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

void apply_modifications(const std::vector<std::pair<char, std::string>>& modifications,
                         std::vector<std::pair<std::string, std::string>>& headers, std::string& body) {
  std::string new_body;
  bool body_replaced = false;
  for (const auto& [code, data] : modifications) {
    std::string_view rest = data;
    std::uint32_t index = 0;
    if (code == 'i' || code == 'm') {
      if (rest.size() < 4) continue;
      index = be32(rest);
      rest.remove_prefix(4);
    }
    if (code == 'b') {
      new_body.append(rest);
      body_replaced = true;
      continue;
    }
    if (code != 'h' && code != 'i' && code != 'm') continue;
    const auto nul = rest.find('\0');
    if (nul == std::string_view::npos) continue;
    const std::string name(rest.substr(0, nul));
    std::string_view value = rest.substr(nul + 1);
    if (!value.empty() && value.back() == '\0') value.remove_suffix(1);
    // As Postfix writes it: "Name: value" unless the value starts with space.
    const std::string raw =
        (!value.empty() && (value.front() == ' ' || value.front() == '\t') ? "" : " ") + std::string(value);
    if (code == 'h') {
      headers.emplace_back(name, raw);
    } else if (code == 'i') {
      headers.emplace(headers.begin() + std::min<std::size_t>(index, headers.size()), name, raw);
    } else {  // 'm': the index-th (1-based) field of that name; empty value deletes it
      std::uint32_t seen = 0;
      auto it = headers.begin();
      for (; it != headers.end(); ++it) {
        if (same_name(it->first, name) && ++seen == std::max<std::uint32_t>(index, 1)) break;
      }
      if (it == headers.end()) {
        if (!value.empty()) headers.emplace_back(name, raw);
      } else if (value.empty()) {
        headers.erase(it);
      } else {
        it->second = raw;
      }
    }
  }
  if (body_replaced) body = std::move(new_body);
}

tl::expected<ChainResult, std::string> run_chain(std::span<MilterClient> milters, const Envelope& envelope,
                                                 const std::vector<std::pair<std::string, std::string>>& headers,
                                                 std::string_view body, ChainOrder order) {
  ChainResult result;
  result.per_milter.resize(milters.size());
  result.final.code = 'c';
  std::vector<char> active(milters.size(), 1);       // still in the message
  std::vector<char> body_wanted(milters.size(), 1);  // no 's' reply yet
  // Milter i's reply to one event. Returns true when it refused the
  // message (the chain ends), an error for a protocol failure or a reply
  // that makes no sense at this stage.
  const auto handle = [&](std::size_t i, const char* stage, MilterClient::EventReply r,
                          bool is_body) -> tl::expected<bool, std::string> {
    if (!r) return tl::unexpected(fmt::format("{}: {}: {}", milters[i].spec(), stage, r.error()));
    if (!*r) return false;
    MilterReply& reply = **r;
    switch (reply.code) {
      case 'c':
        return false;
      case 's':
        if (!is_body) break;
        body_wanted[i] = 0;
        return false;
      case 'a':  // this milter is done with the message; the others go on
        active[i] = 0;
        result.per_milter[i].final = reply;
        if (strength(reply) > strength(result.final)) result.final = reply;
        return false;
      case 'r':
      case 't':
      case 'd':
      case 'y':
        active[i] = 0;
        result.per_milter[i].final = reply;
        result.final = std::move(reply);
        result.ended_by = static_cast<int>(i);
        return true;
      default:
        break;
    }
    return tl::unexpected(fmt::format("{}: {}: unexpected reply '{}'", milters[i].spec(), stage, reply.code));
  };
  const auto eom = [&](std::size_t i) -> tl::expected<bool, std::string> {
    auto r = milters[i].eom_event(envelope);
    if (!r) return tl::unexpected(fmt::format("{}: eom: {}", milters[i].spec(), r.error()));
    const MilterReply reply = r->final;
    result.per_milter[i] = std::move(*r);
    active[i] = 0;
    switch (reply.code) {
      case 'c':
      case 'a':
        if (strength(reply) > strength(result.final)) result.final = reply;
        return false;
      case 'r':
      case 't':
      case 'd':
      case 'y':
        result.final = reply;
        result.ended_by = static_cast<int>(i);
        return true;
      default:
        return tl::unexpected(fmt::format("{}: eom: unexpected reply '{}'", milters[i].spec(), reply.code));
    }
  };
  // One event to every milter still in, in order.
  const auto to_all = [&](const char* stage, auto&& send, bool is_body = false) -> tl::expected<bool, std::string> {
    for (std::size_t i = 0; i < milters.size(); ++i) {
      if (!active[i] || (is_body && !body_wanted[i])) continue;
      auto ended = handle(i, stage, send(milters[i]), is_body);
      if (!ended || *ended) return ended;
    }
    return false;
  };
  const auto stages = [&]() -> tl::expected<bool, std::string> {
    tl::expected<bool, std::string> ended = false;
    const auto step = [&](const char* stage, auto&& send, bool is_body = false) {
      ended = to_all(stage, send, is_body);
      return ended && !*ended;  // true: go on
    };
    if (!step("connect", [&](MilterClient& m) { return m.connect_event(envelope); })) return ended;
    if (!step("helo", [&](MilterClient& m) { return m.helo_event(envelope); })) return ended;
    if (!step("mail", [&](MilterClient& m) { return m.mail_event(envelope); })) return ended;
    for (const auto& rcpt : envelope.rcpt) {
      if (!step("rcpt", [&](MilterClient& m) { return m.rcpt_event(rcpt); })) return ended;
    }
    if (order == ChainOrder::interleaved) {
      // Not a structured binding: clang 14 (the fuzz build) cannot capture one.
      for (const auto& field : headers) {
        if (!step("header", [&](MilterClient& m) { return m.header_event(field.first, field.second); })) {
          return ended;
        }
      }
      if (!step("eoh", [&](MilterClient& m) { return m.eoh_event(); })) return ended;
      for (std::size_t i = 0; i < body.size(); i += kBodyChunk) {
        if (!step("body", [&](MilterClient& m) { return m.body_event(body.substr(i, kBodyChunk)); }, true)) {
          return ended;
        }
      }
      for (std::size_t i = 0; i < milters.size(); ++i) {
        if (!active[i]) continue;
        if (ended = eom(i); !ended || *ended) return ended;
      }
      return false;
    }
    // Postfix: the content goes to each milter in turn, from the queue file
    // that the milters before it have edited.
    std::vector<std::pair<std::string, std::string>> current_headers = headers;
    std::string current_body(body);
    for (std::size_t i = 0; i < milters.size(); ++i) {
      MilterClient& m = milters[i];
      for (const auto& [name, value] : current_headers) {
        if (!active[i]) break;
        if (ended = handle(i, "header", m.header_event(name, value), false); !ended || *ended) return ended;
      }
      if (active[i]) {
        if (ended = handle(i, "eoh", m.eoh_event(), false); !ended || *ended) return ended;
      }
      for (std::size_t c = 0; c < current_body.size() && active[i] && body_wanted[i]; c += kBodyChunk) {
        const std::string_view chunk = std::string_view(current_body).substr(c, kBodyChunk);
        if (ended = handle(i, "body", m.body_event(chunk), true); !ended || *ended) return ended;
      }
      if (!active[i]) continue;
      if (ended = eom(i); !ended || *ended) return ended;
      apply_modifications(result.per_milter[i].modifications, current_headers, current_body);
    }
    return false;
  };
  auto ended = stages();
  if (!ended) return tl::unexpected(ended.error());
  if (*ended) {
    // The MTA drops the transaction: every milter still in it (those after
    // the one that refused, and before the end of message also those
    // before it) is told so.
    for (std::size_t i = 0; i < milters.size(); ++i) {
      if (active[i]) milters[i].abort_message();
    }
  }
  return result;
}

void MilterClient::quit() {
  if (fd_ >= 0) {
    (void)send_packet('Q', {});
    ::close(fd_);
    fd_ = -1;
  }
}

}  // namespace brandguard::cli
