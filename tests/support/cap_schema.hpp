// chancery::testing::ValidateCap: runs `xmllint --noout --schema tests/fixtures/cap/cap-v1.2.xsd` (Debian
// libxml2-utils, the OASIS CAP 1.2 schema kept in the repository) on a document, as the acceptance asks,
// and returns xmllint's exit status and output.
//
// Thread-safety: each call uses its own temporary files.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

namespace chancery::testing {

// The schema beside the sources: this file is tests/support/cap_schema.hpp (the build passes absolute paths).
inline std::filesystem::path CapSchemaPath() {
  return std::filesystem::path(__FILE__).parent_path().parent_path() / "fixtures" / "cap" / "cap-v1.2.xsd";
}

struct CapValidation {
  int exit_status = -1;
  std::string output;
};

inline CapValidation ValidateCap(const std::string& document) {
  const std::filesystem::path directory = std::filesystem::temp_directory_path();
  const std::string stem =
      "chancery-cap-" + std::to_string(::getpid()) + "-" + std::to_string(std::hash<std::string>()(document));
  const std::filesystem::path document_path = directory / (stem + ".xml");
  const std::filesystem::path output_path = directory / (stem + ".out");
  std::ofstream(document_path) << document;
  const std::string command = "xmllint --noout --schema '" + CapSchemaPath().string() + "' '" + document_path.string() +
                              "' >'" + output_path.string() + "' 2>&1";
  const int status = std::system(command.c_str());
  CapValidation validation;
  validation.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::stringstream output;
  output << std::ifstream(output_path).rdbuf();
  validation.output = output.str();
  std::filesystem::remove(document_path);
  std::filesystem::remove(output_path);
  return validation;
}

}  // namespace chancery::testing
