#include "auth/spf_prefetch.hpp"

#include <algorithm>

#include "auth/spf_record_syntax.hpp"
#include "message/ascii.hpp"

namespace brandguard::policy::auth {

namespace {

std::string normalized(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  return ascii_lower(name);
}

// "a:example.com/24" -> "example.com"; "" for "a", "a/24".
std::string_view domain_spec(std::string_view rest) {
  if (rest.empty() || rest.front() != ':') return {};
  rest.remove_prefix(1);
  return rest.substr(0, rest.find('/'));
}

}  // namespace

SpfPrefetch::SpfPrefetch(dns::Resolver& resolver, dns::LookupBudget& budget, bool ipv6)
    : resolver_(resolver), budget_(budget), ipv6_(ipv6) {}

void SpfPrefetch::start(std::string_view domain) { want(domain, dns::RrType::txt); }

void SpfPrefetch::want(std::string_view name, dns::RrType type) {
  std::string key = normalized(name);
  // A macro is expanded by libspf2 with what only it knows.
  if (key.empty() || key.find('%') != std::string::npos || key.size() > 253) return;
  if (find(key, type) != nullptr || entries_.size() >= kMaxLookups || !budget_.take()) return;
  auto lookup = resolver_.start(key, type);
  entries_.push_back(Entry{std::move(key), type, std::move(lookup), false});
}

std::shared_ptr<dns::Lookup> SpfPrefetch::find(std::string_view name, dns::RrType type) const {
  const std::string key = normalized(name);
  for (const Entry& e : entries_) {
    if (e.type == type && e.name == key) return e.lookup;
  }
  return nullptr;
}

void SpfPrefetch::expand_record(const std::string& domain, std::string_view record) {
  std::size_t at = 0;
  while (at < record.size()) {
    const std::size_t end = std::min(record.find(' ', at), record.size());
    std::string_view term = record.substr(at, end - at);
    at = end + 1;
    if (term.empty()) continue;
    if (term.front() == '+' || term.front() == '-' || term.front() == '~' || term.front() == '?') {
      term.remove_prefix(1);
    }
    const std::string lower = normalized(term);
    const std::string_view t = lower;
    if (t.rfind("include:", 0) == 0) {
      want(t.substr(8), dns::RrType::txt);
    } else if (t.rfind("redirect=", 0) == 0) {
      want(t.substr(9), dns::RrType::txt);
    } else if (t == "a" || t.rfind("a:", 0) == 0 || t.rfind("a/", 0) == 0) {
      const std::string_view spec = domain_spec(t.substr(1));
      want(spec.empty() ? std::string_view(domain) : spec, ipv6_ ? dns::RrType::aaaa : dns::RrType::a);
    } else if (t == "mx" || t.rfind("mx:", 0) == 0 || t.rfind("mx/", 0) == 0) {
      const std::string_view spec = domain_spec(t.substr(2));
      want(spec.empty() ? std::string_view(domain) : spec, dns::RrType::mx);
    } else if (t.rfind("exists:", 0) == 0) {
      want(t.substr(7), dns::RrType::a);
    }
  }
}

bool SpfPrefetch::advance() {
  const std::size_t before = entries_.size();
  // Entries may be added while expanding: index, not iterators.
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].expanded || !entries_[i].lookup->ready()) continue;
    entries_[i].expanded = true;
    // ready(): wait() returns at once.
    const dns::Answer answer = entries_[i].lookup->wait(std::chrono::steady_clock::now());
    if (answer.status != dns::Status::ok) continue;
    const std::string domain = entries_[i].name;
    if (entries_[i].type == dns::RrType::txt) {
      for (const std::string& rdata : answer.rdata) {
        const std::string text = dns::decode_txt(rdata);
        if (is_spf_record(text)) expand_record(domain, text);
      }
    } else if (entries_[i].type == dns::RrType::mx) {
      for (const std::string& rdata : answer.rdata) {
        dns::Mx mx;
        if (dns::decode_mx(rdata, mx)) want(mx.exchange, ipv6_ ? dns::RrType::aaaa : dns::RrType::a);
      }
    }
  }
  return entries_.size() > before;
}

void SpfPrefetch::settle(std::chrono::steady_clock::time_point deadline) {
  // Each round waits for one level of the tree, all its lookups at once.
  for (std::size_t round = 0; round <= kMaxLookups; ++round) {
    advance();
    bool waiting = false;
    for (const Entry& e : entries_) {
      if (e.lookup->ready()) continue;
      waiting = true;
      e.lookup->wait(deadline);
    }
    if (!waiting && std::all_of(entries_.begin(), entries_.end(), [](const Entry& e) { return e.expanded; })) return;
    if (std::chrono::steady_clock::now() >= deadline) return;
  }
}

}  // namespace brandguard::policy::auth
