#include "manifest.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace brandguard::cli {

std::optional<std::string> read_file(const std::filesystem::path& path, std::size_t max_bytes, std::string& error) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    error = fmt::format("{}: {}", path.string(), ec.message());
    return std::nullopt;
  }
  if (size > max_bytes) {
    error = fmt::format("{}: larger than {} bytes", path.string(), max_bytes);
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = fmt::format("{}: cannot open", path.string());
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

bool read_manifest(const std::filesystem::path& path, std::vector<CorpusItem>& items, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = fmt::format("{}: cannot open", path.string());
    return false;
  }
  const auto base = path.parent_path();
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      error = fmt::format("{}:{}: not a JSON object", path.string(), number);
      return false;
    }
    const auto text = [&](const char* key, std::string& dest) {
      if (j.contains(key)) {
        if (!j[key].is_string()) throw std::runtime_error(fmt::format("\"{}\" must be a string", key));
        dest = j[key].get<std::string>();
      }
    };
    try {
      CorpusItem item;
      if (!j.contains("file") || !j["file"].is_string()) throw std::runtime_error("\"file\" is required");
      item.display = j["file"].get<std::string>();
      item.file = (base / item.display).string();
      text("client_ip", item.envelope.client_ip);
      text("client_name", item.envelope.client_name);
      text("helo", item.envelope.helo);
      text("mail_from", item.envelope.mail_from);
      text("auth_user", item.envelope.auth_user);
      text("label", item.label);
      if (j.contains("rcpt")) {
        if (!j["rcpt"].is_array()) throw std::runtime_error("\"rcpt\" must be an array of strings");
        for (const auto& r : j["rcpt"]) {
          if (!r.is_string()) throw std::runtime_error("\"rcpt\" must be an array of strings");
          item.envelope.rcpt.push_back(r.get<std::string>());
        }
      }
      if (j.contains("expect") && j["expect"].is_object() && j["expect"].contains("action") &&
          j["expect"]["action"].is_string()) {
        item.expected_action = j["expect"]["action"].get<std::string>();
      }
      items.push_back(std::move(item));
    } catch (const std::exception& e) {
      error = fmt::format("{}:{}: {}", path.string(), number, e.what());
      return false;
    }
  }
  return true;
}

}  // namespace brandguard::cli
