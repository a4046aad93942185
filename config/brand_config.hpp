// The `brands` section and the brand files it names (brands/<id>.yaml, one
// brand per file): read, validated and turned into BrandSettings, with
// every error located at file:line like the rest of the configuration.
#pragma once

#include <filesystem>
#include <string>

#include "brand/brand_registry.hpp"
#include "yaml_map.hpp"

namespace brandguard::config {

struct BrandSection {
  bool enabled = true;
  policy::brand::BrandSettings settings;
};

// `map`: the `brands` section (may be absent: the default brand files are
// read). `version_material` gets the path and text of every brand file so
// the snapshot version covers them. `open_state_files`: open (and create)
// the first-seen store; offline tools pass false so that a scan neither
// depends on nor changes the daemon's state.
void read_brand_section(YamlMap& map, const std::filesystem::path& base_dir, bool open_state_files,
                        BrandSection& out, std::string& version_material);

}  // namespace brandguard::config
