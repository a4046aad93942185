#include "milter_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

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
  return MilterClient(fd, timeout);
}

MilterClient::MilterClient(MilterClient&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), timeout_(other.timeout_), protocol_(other.protocol_) {}

MilterClient& MilterClient::operator=(MilterClient&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    timeout_ = other.timeout_;
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

tl::expected<EomResult, std::string> MilterClient::send_message(
    const Envelope& envelope, const std::vector<std::pair<std::string, std::string>>& headers, std::string_view body) {
  EomResult result;
  const auto stop_early = [&](const std::optional<MilterReply>& r) {
    if (r && r->code != 'c') {
      result.final = *r;
      return true;
    }
    return false;
  };
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
  auto r = command('C', connect_data, kNoConnect, kNrConn);
  if (!r) return tl::unexpected(r.error());
  if (stop_early(*r)) return result;
  if (r = command('H', cstr(envelope.helo), kNoHelo, kNrHelo); !r) return tl::unexpected(r.error());
  if (stop_early(*r)) return result;
  if (auto s = send_packet('D', std::string("M") + cstr("i") + cstr(envelope.queue_id)); !s) return tl::unexpected(s.error());
  if (r = command('M', cstr("<" + envelope.mail_from + ">"), kNoMail, kNrMail); !r) return tl::unexpected(r.error());
  if (stop_early(*r)) return result;
  for (const auto& rcpt : envelope.rcpt) {
    if (r = command('R', cstr("<" + rcpt + ">"), kNoRcpt, kNrRcpt); !r) return tl::unexpected(r.error());
    if (stop_early(*r)) return result;
  }
  const bool leading_space = (protocol_ & 0x00100000) != 0;
  for (const auto& [name, value] : headers) {
    std::string_view v = value;
    if (!leading_space && !v.empty() && v.front() == ' ') v.remove_prefix(1);
    if (r = command('L', cstr(name) + cstr(v), kNoHdrs, kNrHdr); !r) return tl::unexpected(r.error());
    if (stop_early(*r)) return result;
  }
  if (r = command('N', {}, kNoEoh, kNrEoh); !r) return tl::unexpected(r.error());
  if (stop_early(*r)) return result;
  constexpr std::size_t kChunk = 65535;
  for (std::size_t i = 0; i < body.size(); i += kChunk) {
    if (r = command('B', body.substr(i, kChunk), kNoBody, kNrBody); !r) return tl::unexpected(r.error());
    if (stop_early(*r)) return result;
  }
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

void MilterClient::quit() {
  if (fd_ >= 0) {
    (void)send_packet('Q', {});
    ::close(fd_);
    fd_ = -1;
  }
}

}  // namespace brandguard::cli
