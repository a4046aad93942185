// Connection and envelope facts of one SMTP transaction, as the MTA
// reported them. Filled stage by stage; nothing here is trusted input.
#pragma once

#include <string>
#include <vector>

namespace brandguard::policy {

struct ConnectionInfo {
  std::string client_ip;    // textual IPv4/IPv6; empty if unknown (e.g. unix socket)
  std::string client_name;  // reverse name as the MTA reports it, "unknown" if none
  std::string helo;
};

struct Envelope {
  std::string mail_from;          // without angle brackets; empty = null sender
  std::string auth_user;          // SMTP AUTH login ({auth_authen}); empty if none
  std::vector<std::string> rcpt;  // bounded by Limits::max_recipients
  std::string queue_id;           // the MTA's id ({i}); may arrive late or never
};

}  // namespace brandguard::policy
