// LookupBudget: the number of DNS lookups one message may cause, shared by
// SPF, DKIM and DMARC (RELIABILITY-TESTS L4). Past the cap a check gets no
// lookup and reports temperror for what it could not resolve.
//
// Per message, touched by one thread at a time: a plain counter.
#pragma once

#include <cstddef>

namespace brandguard::policy::dns {

class LookupBudget {
 public:
  explicit LookupBudget(std::size_t cap = 50) : cap_(cap) {}
  // Takes one lookup from the budget; false when it is spent.
  bool take() noexcept {
    if (used_ >= cap_) {
      ++refused_;
      return false;
    }
    ++used_;
    return true;
  }
  std::size_t used() const noexcept { return used_; }
  std::size_t refused() const noexcept { return refused_; }
  std::size_t cap() const noexcept { return cap_; }
  void reset(std::size_t cap) noexcept {
    cap_ = cap;
    used_ = 0;
    refused_ = 0;
  }

 private:
  std::size_t cap_;
  std::size_t used_ = 0;
  std::size_t refused_ = 0;
};

}  // namespace brandguard::policy::dns
