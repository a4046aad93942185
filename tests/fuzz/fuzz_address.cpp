// Fuzz target: the From field parser (parse_author). The input is one or
// more From values separated by '\v' (a control byte, so no field loses
// anything a parse could use). Beyond "no crash", every result must keep
// the header's contract: single means one mailbox and a lowercase author
// domain; the author domain exists for single and multiple_same_domain
// only and matches every mailbox; the mailbox cap holds; the problem is a
// short fixed ASCII line; a single mailbox reads back as itself.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "message/address.hpp"
#include "message/header.hpp"

namespace {

using namespace brandguard::policy;

void require(bool condition) {
  if (!condition) __builtin_trap();
}

std::string domain_key(std::string_view domain) {
  if (!domain.empty() && domain.back() == '.') domain.remove_suffix(1);
  std::string out(domain);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool same(const AuthorResult& a, const AuthorResult& b) {
  if (a.status != b.status || a.author_domain != b.author_domain || a.from_fields != b.from_fields ||
      a.problem != b.problem || a.mailboxes.size() != b.mailboxes.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.mailboxes.size(); ++i) {
    if (a.mailboxes[i].local_part != b.mailboxes[i].local_part || a.mailboxes[i].domain != b.mailboxes[i].domain ||
        a.mailboxes[i].display_name_raw != b.mailboxes[i].display_name_raw) {
      return false;
    }
  }
  return true;
}

void check(const AuthorResult& r, std::size_t fields) {
  require(r.from_fields == fields);
  require(r.mailboxes.size() <= kMaxAuthorMailboxes);
  require((r.status == AuthorStatus::missing) == (fields == 0));
  require((r.status == AuthorStatus::multiple_from_headers) == (fields > 1));
  if (fields > 1) require(r.mailboxes.size() <= kMaxAuthorMailboxes);

  std::set<std::string> keys;
  for (const Mailbox& m : r.mailboxes) {
    require(!m.local_part.empty());
    require(!m.domain.empty());
    require(m.display_name_raw.find_first_of("\r\n") == std::string::npos);
    keys.insert(domain_key(m.domain));
  }

  const bool has_author = r.status == AuthorStatus::single || r.status == AuthorStatus::multiple_same_domain;
  if (has_author) {
    require(!r.author_domain.empty());
    require(keys.size() == 1 && *keys.begin() == r.author_domain);
    for (const char c : r.author_domain) require(!(c >= 'A' && c <= 'Z'));
  } else {
    require(r.author_domain.empty());
  }
  if (r.status == AuthorStatus::single) {
    require(r.mailboxes.size() == 1);
    require(r.problem.empty());
  } else {
    require(!r.problem.empty());
  }
  if (r.status == AuthorStatus::multiple_same_domain) require(r.mailboxes.size() >= 2);
  if (r.status == AuthorStatus::multiple_domains) require(keys.size() >= 2);
  if (r.status == AuthorStatus::empty || r.status == AuthorStatus::group_without_address) {
    require(r.mailboxes.empty());
  }
  // Safe to log: fixed text and numbers, never a copy of the input.
  require(r.problem.size() <= 120);
  for (const char c : r.problem) require(c >= 0x20 && c < 0x7f);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> values;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = input.find('\v', start);
    values.push_back(input.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }

  const AuthorResult r = parse_author(values);
  check(r, values.size());
  require(same(r, parse_author(values)));  // deterministic

  std::vector<Header> headers;
  headers.push_back({"Subject", " x"});
  for (std::size_t i = 0; i < values.size(); ++i) headers.push_back({i % 2 == 0 ? "From" : "fROM", std::string(values[i])});
  headers.push_back({"Resent-From", " a@b.example"});
  require(same(r, parse_author_from_headers(headers)));

  const AuthorResult none = parse_author({});
  check(none, 0);

  if (r.status == AuthorStatus::single) {
    // The mailbox as parsed reads back as the same mailbox.
    const Mailbox& m = r.mailboxes.front();
    const std::string bare = m.local_part + "@" + m.domain;
    const std::string angle = " <" + bare + ">";
    for (const std::string& again : {bare, angle}) {
      const std::string_view v = again;
      const AuthorResult back = parse_author(std::span<const std::string_view>(&v, 1));
      check(back, 1);
      require(back.status == AuthorStatus::single);
      require(back.mailboxes.front().local_part == m.local_part);
      require(back.mailboxes.front().domain == m.domain);
      require(back.author_domain == r.author_domain);
    }
  }
  return 0;
}
