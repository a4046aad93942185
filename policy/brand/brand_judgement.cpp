#include "brand/brand_judgement.hpp"

#include <algorithm>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "brand/brand_authentication.hpp"
#include "brand/confusables.hpp"
#include "brand/text_fingerprint.hpp"
#include "domain/domain_name.hpp"

namespace brandguard::policy::brand {

namespace {

// One identity of the message that imitates a brand domain.
struct Imitation {
  BrandSymbol symbol;
  LookalikeMatch match;
};

bool contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool is_lookalike(const LookalikeMatch& m) noexcept {
  return m.kind != LookalikeKind::none && m.kind != LookalikeKind::official;
}

std::string secret_name(Secret s) {
  switch (s) {
    case Secret::recovery_phrase: return "recovery phrase";
    case Secret::private_key: return "private key";
    case Secret::pin: return "PIN";
    case Secret::password: return "password";
    case Secret::remote_access: return "remote access";
  }
  return "secret";
}

// Every identity and link host, classified once for all brands.
std::vector<Imitation> find_imitations(const LookalikeEngine& engine, const MessageView& view) {
  std::vector<Imitation> out;
  const auto check = [&](BrandSymbol symbol, const std::string& host) {
    if (host.empty()) return;
    LookalikeMatch m = engine.classify(host);
    if (is_lookalike(m)) out.push_back(Imitation{symbol, std::move(m)});
  };
  check(BrandSymbol::lookalike_from, view.from_domain);
  for (const auto& d : view.reply_to_domains) check(BrandSymbol::lookalike_reply_to, d);
  check(BrandSymbol::lookalike_mail_from, view.mail_from_domain);
  check(BrandSymbol::lookalike_helo, view.helo);
  for (const auto& d : view.dkim_domains) check(BrandSymbol::lookalike_dkim, d);
  check(BrandSymbol::lookalike_message_id, view.message_id_domain);
  // Link hosts repeat (one newsletter, fifty links): classify each once.
  std::vector<std::string> seen;
  for (const auto& link : view.links) {
    if (link.host.empty() || contains(seen, link.host)) continue;
    seen.push_back(link.host);
    check(BrandSymbol::lookalike_link, link.host);
  }
  return out;
}

bool is_brand_link_host(const BrandProfile& brand, std::string_view host) {
  for (const auto& d : brand.official_domains) {
    if (domain_within(host, d)) return true;
  }
  for (const auto& d : brand.link_hosts) {
    if (domain_within(host, d)) return true;
  }
  return false;
}

bool is_official_domain(const BrandProfile& brand, std::string_view host) {
  for (const auto& d : brand.official_domains) {
    if (domain_within(host, d)) return true;
  }
  return false;
}

// A link whose text shows one of the brand's domains but whose href goes
// to a host the brand does not use.
std::optional<std::string> link_text_mismatch(const BrandProfile& brand, const MessageView& view) {
  for (const auto& link : view.links) {
    if (link.shown_host.empty() || link.host.empty()) continue;
    if (!is_official_domain(brand, link.shown_host)) continue;
    if (is_brand_link_host(brand, link.host)) continue;
    return fmt::format("link text shows {}, link goes to {}", link.shown_host, link.host);
  }
  return std::nullopt;
}

std::string organization(const domain::PublicSuffixList& psl, const std::string& d) {
  return psl.registrable_domain(d).value_or(d);
}

// ASCII letters and digits of `text`, lowercased: "The Ledger" -> "theledger".
std::string alnum_key(std::string_view text) {
  std::string key;
  for (const char c : text) {
    if (c >= 'A' && c <= 'Z') key.push_back(static_cast<char>(c - 'A' + 'a'));
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) key.push_back(c);
  }
  return key;
}

// True when the display name is the From domain's own name ("The Ledger"
// <news@theledger.com>, "Ledger Insights" <...@ledgerinsights.com>): a
// sender that owns a name containing a brand word is not claiming the
// brand. Only for domains the lookalike engine found unrelated: "Ledger"
// <...@ledger.io> is a TLD swap and stays a claim.
bool display_name_is_own_domain(const domain::PublicSuffixList& psl, std::string_view display_name,
                                const std::string& from_domain) {
  if (from_domain.empty()) return false;
  // A name without a registrable domain ("noreply@ledger") owns nothing.
  const auto org = psl.registrable_domain(from_domain);
  if (!org) return false;
  const auto dot = org->find('.');
  if (dot == std::string::npos) return false;
  const std::string label = alnum_key(org->substr(0, dot));
  return label.size() >= 4 && label == alnum_key(display_name);
}

class Judgement {
 public:
  Judgement(const BrandRegistry& registry, const MessageView& view, const auth::AuthResults& auth,
            const ContentSignals& signals, SymbolSink& sink)
      : registry_(registry), view_(view), auth_(auth), signals_(signals), sink_(sink),
        psl_(domain::PublicSuffixList::system()) {}

  void run() {
    const auto& engine = registry_.lookalikes();
    imitations_ = find_imitations(engine, view_);
    name_brands_ = engine.brands_named_in(view_.display_name, &name_obfuscated_);
    subject_brands_ = engine.brands_named_in(view_.subject, &subject_obfuscated_);
    body_brands_ = engine.brands_named_in(truncate_utf8(view_.text, kBodyClaimScanBytes), &body_obfuscated_);
    for (const auto& brand : registry_.brands()) judge_brand(brand);
    judge_without_brand();
  }

 private:
  void judge_brand(const BrandProfile& brand) {
    const bool from_imitates = std::any_of(imitations_.begin(), imitations_.end(), [&](const Imitation& i) {
      return i.symbol == BrandSymbol::lookalike_from && i.match.brand_id == brand.id;
    });
    const bool name_claim = contains(name_brands_, brand.id) &&
                            (from_imitates || !display_name_is_own_domain(psl_, view_.display_name, view_.from_domain));
    const bool subject_claim = contains(subject_brands_, brand.id);
    const bool body_claim = contains(body_brands_, brand.id);
    const auto mismatch = link_text_mismatch(brand, view_);
    std::vector<const Imitation*> imitations;
    for (const auto& i : imitations_) {
      if (i.match.brand_id == brand.id) imitations.push_back(&i);
    }
    if (!name_claim && !subject_claim && !body_claim && !mismatch && imitations.empty()) return;

    const BrandAuthentication authn = authenticate_for_brand(auth_, brand, psl_);
    if (authn.authenticated) {
      authenticated_ = true;
      sink_.add(BrandSymbol::authenticated, fmt::format("{}: {}", brand.id, authn.how));
      return;
    }

    // Impersonation: the message speaks as the brand.
    bool impersonates = false;
    if (authn.from_official) {
      sink_.add(BrandSymbol::official_unauthenticated,
                fmt::format("From {} is {}'s domain but not authenticated ({})", view_.from_domain, brand.name,
                            authentication_summary()));
      impersonates = true;
    } else if (name_claim) {
      sink_.add(BrandSymbol::name_spoof,
                fmt::format("display name claims {}; From domain {} is not {}'s", brand.name,
                            view_.from_domain.empty() ? std::string("(none)") : view_.from_domain, brand.name));
      impersonates = true;
    }
    if (name_claim) {
      std::string why;
      if (name_obfuscated_) {
        sink_.add(BrandSymbol::name_obfuscated, fmt::format("display name spells {} with lookalike characters", brand.name));
      } else if (Confusables::instance().is_obfuscated(view_.display_name, &why)) {
        sink_.add(BrandSymbol::name_obfuscated, fmt::format("display name claiming {}: {}", brand.name, why));
      }
    }
    if (subject_claim && !authn.from_official) {
      sink_.add(BrandSymbol::subject_claim,
                fmt::format("subject names {}{}", brand.name, subject_obfuscated_ ? " with lookalike characters" : ""));
      if (subject_obfuscated_) {
        sink_.add(BrandSymbol::name_obfuscated, fmt::format("subject spells {} with lookalike characters", brand.name));
      }
    }
    if (body_claim && !name_claim && !subject_claim && !authn.from_official) {
      sink_.add(BrandSymbol::body_claim, fmt::format("text names {}; sender is not {}", brand.name, brand.name));
    }
    if (body_claim && body_obfuscated_ && !authn.from_official) {
      sink_.add(BrandSymbol::name_obfuscated, fmt::format("text spells {} with lookalike characters", brand.name));
    }
    // A disguised brand name ("Iedger", Cyrillic letters, zero-width
    // characters) is written to slip past filters: neither the brand nor
    // news about it does that, so the message speaks as the brand.
    if ((subject_claim && subject_obfuscated_) || (body_claim && body_obfuscated_)) impersonates = true;
    for (const Imitation* i : imitations) {
      sink_.add(i->symbol, i->match.evidence);
      if (i->symbol == BrandSymbol::lookalike_from || i->symbol == BrandSymbol::lookalike_reply_to ||
          i->symbol == BrandSymbol::lookalike_mail_from || i->symbol == BrandSymbol::lookalike_dkim) {
        impersonates = true;
      }
    }
    if (mismatch) sink_.add(BrandSymbol::link_text_mismatch, *mismatch);

    // What it asks for. Breach and suspension pretexts are everyday words
    // in news about a brand; they count only when the message speaks as
    // the brand.
    if (impersonates) {
      if (const auto* hit = signals_.find(Signal::security_pretext)) {
        sink_.add(BrandSymbol::security_pretext, fmt::format("{} pretext: \"{}\"", brand.name, hit->evidence));
      }
    }
    judge_secrets(brand);
    // Order numbers and shipping words fill honest shop mail and news about
    // the leaks; they are bait in mail that speaks as the brand.
    if (impersonates && signals_.has(Signal::order_reference) &&
        (signals_.has(Signal::shipping_pretext) || signals_.has(Signal::carrier_name))) {
      const auto* pretext = signals_.find(Signal::shipping_pretext);
      if (pretext == nullptr) pretext = signals_.find(Signal::carrier_name);
      sink_.add(BrandSymbol::order_bait, fmt::format("order reference with \"{}\" in mail claiming {}",
                                                     pretext->evidence, brand.name));
    }
    // Phone numbers and Reply-To addresses are everywhere in honest mail;
    // they count against mail that speaks as the brand, or (phones) that
    // asks to be called.
    judge_phones(brand, impersonates);
    if (impersonates) judge_reply_to(brand);
  }

  void judge_secrets(const BrandProfile& brand) {
    const auto* hit = signals_.find(Signal::secret_request);
    if (hit == nullptr || brand.never_asks.empty()) return;
    std::string secrets;
    for (Secret s : brand.never_asks) {
      if (!secrets.empty()) secrets += ", ";
      secrets += secret_name(s);
    }
    sink_.add(BrandSymbol::secret_request,
              fmt::format("asks \"{}\"; {} never asks for: {}", hit->evidence, brand.name, secrets));
  }

  void judge_phones(const BrandProfile& brand, bool impersonates) {
    if (!impersonates && !signals_.has(Signal::callback_request)) return;
    for (const auto& phone : signals_.phones_e164) {
      if (contains(brand.phone_numbers, phone)) continue;
      if (brand.phone_numbers.empty()) {
        sink_.add(BrandSymbol::callback_phone, fmt::format("phone number {}; {} never calls or texts", phone, brand.name));
        return;
      }
      if (signals_.has(Signal::callback_request)) {
        sink_.add(BrandSymbol::callback_phone, fmt::format("call-back number {} is not one of {}'s", phone, brand.name));
        return;
      }
    }
  }

  void judge_reply_to(const BrandProfile& brand) {
    if (view_.from_domain.empty()) return;
    const std::string from_org = organization(psl_, view_.from_domain);
    for (const auto& d : view_.reply_to_domains) {
      if (organization(psl_, d) != from_org) {
        sink_.add(BrandSymbol::reply_to_foreign,
                  fmt::format("replies go to {}, not to the From domain {} (claims {})", d, view_.from_domain, brand.name));
        return;
      }
    }
  }

  // Signals that are phishing whatever brand, if any, is named.
  void judge_without_brand() {
    if (!authenticated_) {
      if (const auto* hit = signals_.find(Signal::secret_request)) {
        sink_.add(BrandSymbol::secret_request, fmt::format("asks \"{}\"", hit->evidence));
      }
    }
    if (signals_.has(Signal::crypto_address) &&
        (signals_.has(Signal::threat) || signals_.has(Signal::payment_demand))) {
      const auto* why = signals_.find(Signal::threat);
      if (why == nullptr) why = signals_.find(Signal::payment_demand);
      sink_.add(BrandSymbol::extortion,
                fmt::format("crypto address {} with \"{}\"",
                            signals_.crypto_addresses.empty() ? std::string("?") : signals_.crypto_addresses.front(),
                            why->evidence));
    }
    judge_template();
    judge_newly_seen();
    const auto& feed = registry_.settings().newly_registered;
    if (!feed.empty()) {
      const auto listed = [&](const std::string& d) { return !d.empty() && feed.count(organization(psl_, d)) > 0; };
      if (listed(view_.from_domain)) {
        sink_.add(BrandSymbol::newly_registered_domain, fmt::format("From domain {} is newly registered", view_.from_domain));
      } else {
        for (const auto& link : view_.links) {
          if (listed(link.host)) {
            sink_.add(BrandSymbol::newly_registered_domain, fmt::format("link host {} is newly registered", link.host));
            break;
          }
        }
      }
    }
  }

  // A new sender domain is everyday news on its own (a new shop, a new
  // newsletter); it counts for the From domain, and for link domains only
  // in mail that names a brand it is not authenticated for.
  void judge_newly_seen() {
    if (view_.newly_seen.empty() || authenticated_) return;
    const std::string& first = view_.newly_seen.front();
    if (!view_.from_domain.empty() && organization(psl_, view_.from_domain) == first) {
      sink_.add(BrandSymbol::newly_seen_domain, fmt::format("From domain {} first seen recently", first));
    } else if (!name_brands_.empty() || !subject_brands_.empty() || !body_brands_.empty()) {
      sink_.add(BrandSymbol::newly_seen_domain, fmt::format("link domain {} first seen recently", first));
    }
  }

  void judge_template() {
    const auto& settings = registry_.settings();
    if (settings.templates.empty() || authenticated_) return;
    const auto fingerprint = text_fingerprint(view_.text);
    if (!fingerprint) return;
    const CampaignTemplate* best = nullptr;
    unsigned best_distance = 65;
    for (const auto& t : settings.templates) {
      const unsigned d = fingerprint_distance(*fingerprint, t.fingerprint);
      if (d < best_distance) {
        best = &t;
        best_distance = d;
      }
    }
    if (best != nullptr && best_distance <= settings.template_max_distance) {
      sink_.add(BrandSymbol::template_match,
                fmt::format("text matches campaign template {} ({} of 64 bits differ)", best->name, best_distance));
    }
  }

  std::string authentication_summary() const {
    const auto dmarc = auth_.dmarc ? auth::to_string(auth_.dmarc->result) : std::string_view("none");
    const auto dkim = auth_.dkim ? auth::to_string(auth_.dkim->result) : std::string_view("none");
    const auto spf = auth_.spf ? auth::to_string(auth_.spf->result) : std::string_view("none");
    return fmt::format("dmarc={} dkim={} spf={}", dmarc, dkim, spf);
  }

  const BrandRegistry& registry_;
  const MessageView& view_;
  const auth::AuthResults& auth_;
  const ContentSignals& signals_;
  SymbolSink& sink_;
  const domain::PublicSuffixList& psl_;
  std::vector<Imitation> imitations_;
  std::vector<std::string> name_brands_, subject_brands_, body_brands_;
  bool name_obfuscated_ = false;
  bool subject_obfuscated_ = false;
  bool body_obfuscated_ = false;
  bool authenticated_ = false;
};

}  // namespace

void SymbolSink::add(BrandSymbol symbol, std::string_view evidence) {
  auto& added = added_[static_cast<std::size_t>(symbol)];
  if (added) return;
  added = true;
  result_.add(symbol_name(symbol), scores_[symbol], evidence);
}

void judge_message(const BrandRegistry& registry, const MessageView& view, const auth::AuthResults& auth,
                   const ContentSignals& signals, SymbolSink& sink) {
  Judgement(registry, view, auth, signals, sink).run();
}

}  // namespace brandguard::policy::brand
