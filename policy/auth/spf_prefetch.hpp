// SpfPrefetch: walks an SPF record tree ahead of libspf2, so that its DNS
// waits overlap.
//
// libspf2 evaluates a record term by term and asks for each name when it
// reaches it: a record with two includes, each with an "a" or "mx", waits
// for four or five round trips one after the other at end of message.
// SpfPrefetch starts the sender's TXT lookup as soon as MAIL FROM arrives,
// and, whenever answers are in (advance(), called as the message flows;
// settle() at end of message), starts every lookup the answered records
// name (include: and redirect= TXT, a and mx names, the exchanges of an
// answered MX), level by level in parallel. libspf2's DNS layer then takes
// the answers from here (find()) instead of asking again, whatever the
// TTLs (a zero TTL defeats libunbound's cache).
//
// What it cannot know it leaves to libspf2: names with macros ("%{i}"),
// ptr. Every lookup it starts is taken from the message's lookup budget
// (the same budget libspf2's own lookups use); at most kMaxLookups.
//
// Thread safety: one per message, used by one thread at a time.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dns/lookup_budget.hpp"
#include "dns/resolver.hpp"

namespace brandguard::policy::auth {

class SpfPrefetch {
 public:
  // libspf2 itself stops at 10 DNS mechanisms and 10 MX names; the
  // prefetch stays within what one evaluation can use.
  static constexpr std::size_t kMaxLookups = 24;

  // `ipv6`: the client's address family (libspf2 asks A or AAAA by it).
  SpfPrefetch(dns::Resolver& resolver, dns::LookupBudget& budget, bool ipv6);

  // The SPF record of `domain` (MAIL FROM's or HELO's domain).
  void start(std::string_view domain);
  // Starts the lookups that answered records name. Never blocks. True if
  // it started any.
  bool advance();
  // Waits for what is in flight and expands each answer, until nothing
  // more is to be learnt or `deadline`.
  void settle(std::chrono::steady_clock::time_point deadline);
  // The lookup started for name+type (case-insensitive, trailing dot
  // ignored), or nullptr.
  std::shared_ptr<dns::Lookup> find(std::string_view name, dns::RrType type) const;

  std::size_t started() const noexcept { return entries_.size(); }

 private:
  struct Entry {
    std::string name;  // lowercase, no trailing dot
    dns::RrType type;
    std::shared_ptr<dns::Lookup> lookup;
    bool expanded = false;
  };
  void want(std::string_view name, dns::RrType type);
  void expand_record(const std::string& domain, std::string_view record);

  dns::Resolver& resolver_;
  dns::LookupBudget& budget_;
  bool ipv6_;
  std::vector<Entry> entries_;
};

}  // namespace brandguard::policy::auth
