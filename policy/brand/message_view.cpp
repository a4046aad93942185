#include "brand/message_view.hpp"

#include <algorithm>
#include <array>

#include "domain/domain_name.hpp"
#include "message/address.hpp"
#include "message/ascii.hpp"
#include "message/header.hpp"
#include "message/url.hpp"

namespace brandguard::policy::brand {

namespace {

std::string normalized(std::string_view name) { return domain::normalize_domain(name).value_or(std::string()); }

// "<abc.123@mail.example.net>" -> "mail.example.net".
std::string message_id_domain(std::string_view value) {
  const auto at = value.rfind('@');
  if (at == std::string_view::npos) return {};
  std::string_view domain = value.substr(at + 1);
  domain = domain.substr(0, domain.find_first_of("> \t\r\n"));
  return normalized(domain);
}

void add_link(MessageView& view, std::string_view href, std::string_view text) {
  if (view.links.size() >= kMaxViewLinks) return;
  LinkView link;
  const std::string host = url_host(href);
  if (!host.empty() && host.front() != '[') link.host = normalized(host);
  if (!text.empty()) {
    const std::string shown = text_host(text);
    if (!shown.empty()) link.shown_host = normalized(shown);
  }
  if (link.host.empty() && link.shown_host.empty()) return;
  view.links.push_back(std::move(link));
}

}  // namespace

MessageView build_message_view(MessageContext& ctx) {
  MessageView view;
  const MimeText& mime = ctx.content.mime();
  view.display_name = mime.from_display;
  view.subject = mime.subject;
  view.text = mime.all_text();

  const auto& headers = ctx.message.headers();
  const AuthorResult author = parse_author_from_headers(headers);
  if (!author.mailboxes.empty()) {
    view.raw_from_domain = author.mailboxes.front().domain;
    view.from_domain = normalized(view.raw_from_domain);
  }
  std::vector<std::string_view> reply_to;
  for (const auto& h : headers) {
    if (iequals(h.name, "Reply-To") && reply_to.size() < kMaxAuthorFields) reply_to.push_back(h.raw_value);
    if (iequals(h.name, "Message-ID") && view.message_id_domain.empty()) {
      view.message_id_domain = message_id_domain(h.value());
    }
  }
  if (!reply_to.empty()) {
    const AuthorResult parsed = parse_author(reply_to);
    for (const auto& m : parsed.mailboxes) {
      if (view.reply_to_domains.size() >= kMaxReplyTo) break;
      std::string d = normalized(m.domain);
      if (!d.empty() && std::find(view.reply_to_domains.begin(), view.reply_to_domains.end(), d) ==
                            view.reply_to_domains.end()) {
        view.reply_to_domains.push_back(std::move(d));
      }
    }
  }
  view.mail_from_domain = normalized(address_domain(ctx.message.envelope().mail_from));
  view.helo = normalized(ctx.connection.helo);
  if (const auto& dkim = ctx.message.auth().dkim) {
    for (const auto& sig : dkim->signatures) {
      std::string d = normalized(sig.domain);
      if (!d.empty() && std::find(view.dkim_domains.begin(), view.dkim_domains.end(), d) == view.dkim_domains.end()) {
        view.dkim_domains.push_back(std::move(d));
      }
    }
  }
  for (const auto& link : mime.links) add_link(view, link.href, link.text);
  for (const auto& part : mime.parts) {
    if (part.content_type != "text/plain") continue;
    for (const auto& url : find_text_urls(part.text, kMaxViewLinks)) add_link(view, url, {});
  }
  return view;
}

}  // namespace brandguard::policy::brand
