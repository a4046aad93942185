// Thresholds: the score at which each action starts, as configured.
//
// A message whose total score reaches `tag` is tagged, `quarantine` held,
// `reject` refused. Validation (ascending order, finite values) happens in
// config/; this type only applies them.
#pragma once

#include "verdict/action.hpp"

namespace brandguard::policy {

struct Thresholds {
  double tag = 5.0;
  double quarantine = 10.0;
  double reject = 15.0;

  Action action_for(double score) const noexcept {
    if (score >= reject) return Action::reject;
    if (score >= quarantine) return Action::quarantine;
    if (score >= tag) return Action::tag;
    return Action::accept;
  }
};

}  // namespace brandguard::policy
