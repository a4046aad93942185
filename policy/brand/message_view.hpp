// MessageView: the identities and texts of one message the brand engine
// judges, gathered once at end of message: who the message says it is from
// (display name, From, Reply-To, Message-ID), who sent it (MAIL FROM, HELO,
// DKIM d=), what it says (subject, text) and where its links go.
//
// Domains are normalized (lowercase A-labels) or left empty when they do
// not normalize; texts are decoded, valid UTF-8. Bounded: at most
// kMaxViewLinks links and kMaxReplyTo Reply-To domains.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "pipeline/check.hpp"

namespace brandguard::policy::brand {

inline constexpr std::size_t kMaxViewLinks = 200;
inline constexpr std::size_t kMaxReplyTo = 8;

struct LinkView {
  std::string host;       // normalized host of the href ("" for mailto:, relative, unparseable)
  std::string shown_host; // normalized host the anchor text presents, if it presents one
};

struct MessageView {
  std::string display_name;   // decoded display name of the first From mailbox
  std::string from_domain;    // normalized From domain (first mailbox)
  std::string raw_from_domain;  // as written (U-labels kept), for evidence
  std::vector<std::string> reply_to_domains;
  std::string mail_from_domain;
  std::string helo;
  std::vector<std::string> dkim_domains;  // every d=, passing or not
  std::string message_id_domain;
  std::string subject;
  std::string text;           // all text parts, HTML rendered
  std::vector<LinkView> links;  // HTML anchors first, then URLs in the text
  // Filled by the brand check from the first-seen store: the From
  // registrable domain and link registrable domains first seen within
  // brands.first_seen.new_for_days (From first, if new).
  std::vector<std::string> newly_seen;
};

MessageView build_message_view(MessageContext& ctx);

}  // namespace brandguard::policy::brand
