#include "verdict/verdict.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace brandguard::policy {

std::string summarize_symbols(const std::vector<Symbol>& symbols, std::size_t max_symbols) {
  std::vector<const Symbol*> order;
  order.reserve(symbols.size());
  for (const auto& s : symbols) order.push_back(&s);
  std::stable_sort(order.begin(), order.end(),
                   [](const Symbol* a, const Symbol* b) { return a->score > b->score; });
  std::string out;
  for (std::size_t i = 0; i < order.size() && i < max_symbols; ++i) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{}({:.2f})", order[i]->name, order[i]->score);
  }
  return out;
}

Verdict decide(const MessageResult& result, const Thresholds& thresholds) {
  Verdict v;
  v.symbols = result.symbols();
  v.score = result.total_score();
  v.action = thresholds.action_for(v.score);
  v.edits = result.edits();
  if (const auto& forced = result.forced(); forced && strongest(forced->action, v.action) != v.action) {
    v.action = forced->action;
    v.forced = true;
    v.reason = forced->reason;
  }
  if (v.reason.empty()) {
    v.reason = v.symbols.empty() ? std::string("no findings") : summarize_symbols(v.symbols, 3);
  }
  return v;
}

}  // namespace brandguard::policy
