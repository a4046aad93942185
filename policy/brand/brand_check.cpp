#include "brand/brand_check.hpp"

#include "brand/brand_judgement.hpp"
#include "brand/lexicon_text.hpp"
#include "brand/message_view.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "domain/domain_name.hpp"

namespace brandguard::policy::brand {

namespace {

// Distinct link domains recorded per message: enough for any real
// message's link targets, bounded for a hostile one.
constexpr std::size_t kMaxObservedLinkDomains = 16;

// Records the From and link registrable domains in the first-seen store
// and lists those that are new. Every message is recorded, including the
// ones later rejected: a phisher's domain is new once, not forever.
std::vector<std::string> observe_first_seen(const BrandSettings& settings, const MessageView& view) {
  std::vector<std::string> fresh;
  FirstSeenStore& store = *settings.first_seen;
  const std::uint32_t today = FirstSeenStore::today_utc();
  const bool learning = store.learning(today);
  const auto& psl = domain::PublicSuffixList::system();
  std::vector<std::string> seen;
  const auto observe = [&](const std::string& host) {
    if (host.empty()) return;
    std::string org = psl.registrable_domain(host).value_or(host);
    if (std::find(seen.begin(), seen.end(), org) != seen.end()) return;
    const std::uint32_t first = store.observe(org, today);
    if (!learning && today - first < settings.new_for_days) fresh.push_back(org);
    seen.push_back(std::move(org));
  };
  observe(view.from_domain);
  for (const auto& link : view.links) {
    if (seen.size() > kMaxObservedLinkDomains) break;
    observe(link.host);
  }
  return fresh;
}

class BrandCheck final : public Check {
 public:
  explicit BrandCheck(const BrandRegistry& registry) : registry_(registry) {}

  void on_end_of_message(MessageContext& ctx) override {
    const auth::AuthResults& auth = ctx.message.auth();
    // Skipped clients (trusted networks, SMTP AUTH) send the
    // organization's own mail; judging it would only tag colleagues.
    if (!auth.evaluated && !auth.skipped_reason.empty() && !registry_.settings().check_trusted) return;
    MessageView view = build_message_view(ctx);
    if (registry_.settings().first_seen) view.newly_seen = observe_first_seen(registry_.settings(), view);
    bool incomplete = false;
    const ContentSignals signals =
        registry_.content().scan(text_for_lexicon(view.subject), text_for_lexicon(view.text), &incomplete);
    if (incomplete) ctx.result.add("BRAND_SCAN_INCOMPLETE", 0.0, "content scan failed; content signals are partial");
    SymbolSink sink(ctx.result, registry_.scores());
    judge_message(registry_, view, auth, signals, sink);
  }

 private:
  const BrandRegistry& registry_;  // owned by the pinned Snapshot
};

}  // namespace

std::vector<std::string> BrandCheckFactory::symbol_names() const {
  std::vector<std::string> names{"BRAND_SCAN_INCOMPLETE"};
  for (const auto& info : kBrandSymbols) names.emplace_back(info.name);
  return names;
}

std::unique_ptr<Check> BrandCheckFactory::create() const { return std::make_unique<BrandCheck>(*registry_); }

}  // namespace brandguard::policy::brand
