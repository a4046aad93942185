#include "auth/spf.hpp"
#include "auth/spf_record_syntax.hpp"
#include "message/ascii.hpp"

// spf2/spf.h is C without extern "C" guards and needs these first.
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netdb.h>
#include <netinet/in.h>
extern "C" {
#include <spf2/spf.h>
#include <spf2/spf_dns.h>
}

#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

namespace brandguard::policy::auth {

std::string_view to_string(SpfResult result) noexcept {
  switch (result) {
    case SpfResult::none: return "none";
    case SpfResult::neutral: return "neutral";
    case SpfResult::pass: return "pass";
    case SpfResult::fail: return "fail";
    case SpfResult::softfail: return "softfail";
    case SpfResult::temperror: return "temperror";
    case SpfResult::permerror: return "permerror";
  }
  return "none";
}

namespace {

// Per-check state for the DNS layer. libspf2's lookup callback carries only
// the server-wide hook, and a check runs entirely on the calling thread, so
// the state of the check in progress is found through a thread_local.
struct RequestState {
  dns::Resolver* resolver = nullptr;
  dns::LookupBudget* budget = nullptr;
  const SpfPrefetch* prefetch = nullptr;
  std::chrono::steady_clock::time_point deadline;
  unsigned lookups = 0;
  unsigned void_lookups = 0;
  bool void_limit_exceeded = false;
  bool mx_limit_exceeded = false;
  std::string syntax_error;  // first invalid SPF record met, if any
  bool budget_exceeded = false;
  bool dns_failed = false;
};
thread_local RequestState* t_request = nullptr;

class RequestScope {
 public:
  explicit RequestScope(RequestState& state) { t_request = &state; }
  ~RequestScope() { t_request = nullptr; }
  RequestScope(const RequestScope&) = delete;
  RequestScope& operator=(const RequestScope&) = delete;
};

SPF_dns_rr_t* make_rr(SPF_dns_server_t* server, const char* domain, ns_type type, SPF_dns_stat_t herrno) {
  return SPF_dns_rr_new_init(server, domain, type, 0, herrno);
}

// Copies one answer into libspf2's RR set; false on a malformed record.
bool add_record(SPF_dns_rr_t* rr, int index, ns_type type, const std::string& rdata) {
  switch (type) {
    case ns_t_a: {
      if (rdata.size() != 4 || SPF_dns_rr_buf_realloc(rr, index, sizeof(in_addr)) != SPF_E_SUCCESS) return false;
      std::memcpy(&rr->rr[index]->a, rdata.data(), 4);
      return true;
    }
    case ns_t_aaaa: {
      if (rdata.size() != 16 || SPF_dns_rr_buf_realloc(rr, index, sizeof(in6_addr)) != SPF_E_SUCCESS) return false;
      std::memcpy(&rr->rr[index]->aaaa, rdata.data(), 16);
      return true;
    }
    case ns_t_txt:
    case ns_t_spf:
    case ns_t_mx:
    case ns_t_ptr: {
      std::string text;
      if (type == ns_t_txt || type == ns_t_spf) {
        text = dns::decode_txt(rdata);
      } else if (type == ns_t_mx) {
        dns::Mx mx;
        if (!dns::decode_mx(rdata, mx)) return false;
        text = std::move(mx.exchange);
      } else {
        text = dns::decode_name(rdata);
        if (text.empty()) return false;
      }
      // A NUL inside a TXT string would silently cut the record in C.
      if (text.find('\0') != std::string::npos) return false;
      if (SPF_dns_rr_buf_realloc(rr, index, text.size() + 1) != SPF_E_SUCCESS) return false;
      std::memcpy(rr->rr[index]->txt, text.c_str(), text.size() + 1);
      return true;
    }
    default:
      return false;
  }
}

SPF_dns_rr_t* lookup(SPF_dns_server_t* server, const char* domain, ns_type type, int /*should_cache*/) noexcept {
  RequestState* state = t_request;
  try {
    if (state == nullptr || domain == nullptr) return make_rr(server, domain ? domain : "", type, TRY_AGAIN);
    if (state->void_limit_exceeded) return make_rr(server, domain, type, HOST_NOT_FOUND);
    // Started ahead (and taken from the budget then), or started now.
    std::shared_ptr<dns::Lookup> pending =
        state->prefetch != nullptr ? state->prefetch->find(domain, static_cast<dns::RrType>(type)) : nullptr;
    if (!pending && !state->budget->take()) {
      state->budget_exceeded = true;
      return make_rr(server, domain, type, TRY_AGAIN);
    }
    ++state->lookups;
    const dns::Answer& answer = [&]() -> dns::Answer {
      if (!pending) pending = state->resolver->start(domain, static_cast<dns::RrType>(type));
      const auto own = std::chrono::steady_clock::now() + state->resolver->default_timeout();
      return pending->wait(std::min(own, state->deadline));
    }();
    switch (answer.status) {
      case dns::Status::nxdomain:
      case dns::Status::nodata: {
        // RFC 7208 4.6.4: more than two void lookups is a permerror. The
        // first TXT lookup of the checked domain is not a mechanism and
        // an absent record there simply means "none".
        if (state->lookups > 1 && ++state->void_lookups > SpfVerifier::kMaxVoidLookups) {
          state->void_limit_exceeded = true;
        }
        return make_rr(server, domain, type, answer.status == dns::Status::nxdomain ? HOST_NOT_FOUND : NO_DATA);
      }
      case dns::Status::servfail:
      case dns::Status::timeout:
        state->dns_failed = true;
        return make_rr(server, domain, type, TRY_AGAIN);
      case dns::Status::ok:
        break;
    }
    // RFC 7208 4.6.4: an "mx" with more than 10 exchanges is a permerror
    // (libspf2 silently checks the first 10).
    if (type == ns_t_mx && answer.rdata.size() > 10) state->mx_limit_exceeded = true;
    SPF_dns_rr_t* rr = make_rr(server, domain, type, NETDB_SUCCESS);
    if (rr == nullptr) return nullptr;
    int count = 0;
    for (const auto& rdata : answer.rdata) {
      if (type == ns_t_txt && state->syntax_error.empty()) {
        const std::string text = dns::decode_txt(rdata);
        if (is_spf_record(text)) {
          if (auto error = spf_record_syntax_error(text)) state->syntax_error = fmt::format("{}: {}", domain, *error);
        }
      }
      if (add_record(rr, count, type, rdata)) ++count;
    }
    rr->num_rr = count;
    if (count == 0) rr->herrno = NO_DATA;
    return rr;
  } catch (...) {
    if (state != nullptr) state->dns_failed = true;
    return make_rr(server, domain ? domain : "", type, TRY_AGAIN);
  }
}

std::string domain_of(std::string_view address) {
  const auto at = address.rfind('@');
  return ascii_lower(at == std::string_view::npos ? address : address.substr(at + 1));
}

}  // namespace

struct SpfVerifier::Impl {
  dns::Resolver* resolver = nullptr;
  SPF_dns_server_t* layer = nullptr;
  SPF_server_t* server = nullptr;
  ~Impl() {
    // SPF_server_new_dns() leaves the layer to its creator: free it after
    // the server, which no longer uses it.
    if (server != nullptr) SPF_server_free(server);
    std::free(layer);
  }
};

SpfVerifier::SpfVerifier(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SpfVerifier::~SpfVerifier() = default;

tl::expected<std::unique_ptr<SpfVerifier>, std::string> SpfVerifier::create(dns::Resolver& resolver,
                                                                           std::string_view receiver) {
  auto impl = std::make_unique<Impl>();
  impl->resolver = &resolver;
  auto* layer = static_cast<SPF_dns_server_t*>(std::calloc(1, sizeof(SPF_dns_server_t)));
  if (layer == nullptr) return tl::unexpected(std::string("out of memory"));
  impl->layer = layer;
  layer->destroy = nullptr;  // owned by Impl, see ~Impl
  layer->lookup = lookup;
  layer->name = "brandguard";
  layer->hook = &resolver;
  impl->server = SPF_server_new_dns(layer, 0);
  if (impl->server == nullptr) return tl::unexpected(std::string("SPF_server_new_dns failed"));
  const std::string rec_dom(receiver.empty() ? std::string_view("localhost") : receiver);
  SPF_server_set_rec_dom(impl->server, rec_dom.c_str());
  // RFC 7208 4.6.4: 10 DNS mechanisms; MX and PTR lookups use 10 names.
  SPF_server_set_max_dns_mech(impl->server, 10);
  SPF_server_set_max_dns_mx(impl->server, 10);
  SPF_server_set_max_dns_ptr(impl->server, 10);
  return std::unique_ptr<SpfVerifier>(new SpfVerifier(std::move(impl)));
}

SpfOutcome SpfVerifier::check_mail_from(const SpfRequest& request, dns::LookupBudget& budget,
                                        std::chrono::steady_clock::time_point deadline,
                                        const SpfPrefetch* prefetch) const {
  return run(request, request.mail_from.empty() ? SpfIdentity::helo : SpfIdentity::mailfrom, budget, deadline,
             prefetch);
}

SpfOutcome SpfVerifier::check_helo(const SpfRequest& request, dns::LookupBudget& budget,
                                   std::chrono::steady_clock::time_point deadline,
                                   const SpfPrefetch* prefetch) const {
  SpfRequest helo_only = request;
  helo_only.mail_from = {};
  return run(helo_only, SpfIdentity::helo, budget, deadline, prefetch);
}

SpfOutcome SpfVerifier::run(const SpfRequest& request, SpfIdentity identity, dns::LookupBudget& budget,
                            std::chrono::steady_clock::time_point deadline, const SpfPrefetch* prefetch) const {
  SpfOutcome out;
  out.identity = identity;
  out.domain = identity == SpfIdentity::mailfrom ? domain_of(request.mail_from) : ascii_lower(request.helo);
  if (request.client_ip.empty()) {
    out.reason = "client address unknown";
    return out;
  }
  if (out.domain.empty()) {
    out.reason = identity == SpfIdentity::mailfrom ? "no domain in MAIL FROM" : "no HELO name";
    return out;
  }
  // A HELO that is an address literal has no SPF policy.
  if (identity == SpfIdentity::helo && (out.domain.front() == '[' || out.domain.find('.') == std::string::npos)) {
    out.reason = "HELO is not a domain name";
    return out;
  }
  std::string ip(request.client_ip);
  // RFC 7208 5: an IPv4-mapped IPv6 client is an IPv4 client.
  if (ip.size() > 7 && (ip.rfind("::ffff:", 0) == 0 || ip.rfind("::FFFF:", 0) == 0) &&
      ip.find('.') != std::string::npos) {
    ip = ip.substr(7);
  }
  const std::string helo(request.helo);
  const std::string mail_from(request.mail_from);

  SPF_request_t* req = SPF_request_new(impl_->server);
  if (req == nullptr) {
    out.result = SpfResult::temperror;
    out.reason = "out of memory";
    return out;
  }
  SPF_response_t* resp = nullptr;
  RequestState state;
  state.resolver = impl_->resolver;
  state.budget = &budget;
  state.prefetch = prefetch;
  state.deadline = deadline;
  {
    const bool v6 = ip.find(':') != std::string::npos;
    const SPF_errcode_t ip_rc = v6 ? SPF_request_set_ipv6_str(req, ip.c_str()) : SPF_request_set_ipv4_str(req, ip.c_str());
    if (ip_rc != SPF_E_SUCCESS) {
      SPF_request_free(req);
      out.reason = "client address is not an IP address";
      return out;
    }
    if (!helo.empty()) SPF_request_set_helo_dom(req, helo.c_str());
    if (identity == SpfIdentity::mailfrom) {
      // A local part alone is not an address; libspf2 would use the HELO.
      if (mail_from.find('@') == std::string::npos || SPF_request_set_env_from(req, mail_from.c_str()) != 0) {
        SPF_request_free(req);
        out.result = SpfResult::none;
        out.reason = "MAIL FROM is not an address";
        return out;
      }
    }
    RequestScope scope(state);
    SPF_request_query_mailfrom(req, &resp);
  }
  out.void_lookups = state.void_lookups;
  const SPF_result_t result = resp != nullptr ? SPF_response_result(resp) : SPF_RESULT_INVALID;
  const SPF_errcode_t errcode = resp != nullptr ? SPF_response_errcode(resp) : SPF_E_DNS_ERROR;
  if (state.void_limit_exceeded) {
    out.result = SpfResult::permerror;
    out.reason = "more than two void DNS lookups";
  } else if (!state.syntax_error.empty() && result != SPF_RESULT_TEMPERROR && !state.dns_failed) {
    // RFC 7208 4.6: a syntax error anywhere in a record that was evaluated
    // is a permerror, whatever libspf2 concluded.
    out.result = SpfResult::permerror;
    out.reason = "invalid SPF record (" + state.syntax_error + ")";
  } else if (state.mx_limit_exceeded) {
    out.result = SpfResult::permerror;
    out.reason = "an mx mechanism names more than 10 exchanges";
  } else if (state.budget_exceeded) {
    out.result = SpfResult::temperror;
    out.reason = "per-message DNS lookup budget spent";
  } else {
    switch (result) {
      case SPF_RESULT_PASS: out.result = SpfResult::pass; break;
      case SPF_RESULT_FAIL: out.result = SpfResult::fail; break;
      case SPF_RESULT_SOFTFAIL: out.result = SpfResult::softfail; break;
      case SPF_RESULT_NEUTRAL: out.result = SpfResult::neutral; break;
      case SPF_RESULT_NONE: out.result = SpfResult::none; break;
      case SPF_RESULT_TEMPERROR: out.result = SpfResult::temperror; break;
      case SPF_RESULT_PERMERROR: out.result = SpfResult::permerror; break;
      case SPF_RESULT_INVALID:
      default:
        // INVALID carries DNS errors and syntax errors alike.
        out.result = (errcode == SPF_E_DNS_ERROR || state.dns_failed) ? SpfResult::temperror : SpfResult::permerror;
        break;
    }
    if (out.result == SpfResult::none && state.dns_failed) out.result = SpfResult::temperror;
    if (out.result == SpfResult::temperror) {
      out.reason = "DNS failure";
    } else if (out.result == SpfResult::permerror) {
      out.reason = fmt::format("bad SPF record ({})", errcode != SPF_E_SUCCESS ? SPF_strerror(errcode) : "policy error");
    } else {
      out.reason = fmt::format("{} for {}", to_string(out.result), out.domain);
    }
  }
  if (resp != nullptr) SPF_response_free(resp);
  SPF_request_free(req);
  return out;
}

}  // namespace brandguard::policy::auth
