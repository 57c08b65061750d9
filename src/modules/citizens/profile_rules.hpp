// Validation and normalisation of what a registration holds, shared by the portal, the staff screens and the CSV
// import.
//
// Each validator returns kInvalidArgument naming the field by its JSON pointer (e.g. "/stays/1/from"), so that the
// API and the import can say exactly what is wrong.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/status.hpp"
#include "modules/citizens/citizens.hpp"

namespace chancery::citizens {

// "+84 912-345-678", "0084912345678" → "+84912345678"; kInvalidArgument when it is not E.164 (8–15 digits).
Result<std::string> NormalisePhone(std::string_view phone);
// Trimmed, ASCII lower case; kInvalidArgument when it is not local@domain.
Result<std::string> NormaliseEmail(std::string_view email);
// Passport numbers compare without spaces or dashes and in upper case.
std::string NormalisePassport(std::string_view passport);

// Normalises contacts and codes in place, then checks every field. A registration needs a name, a residence
// country and at least one way to reach the person (e-mail or phone).
Status NormaliseAndValidate(Profile& profile);

bool IsIsoDate(std::string_view date);  // YYYY-MM-DD, a real calendar date

// A fresh registration reference: "CZ-" and 8 characters from an alphabet without look-alikes.
std::string NewReference();

}  // namespace chancery::citizens
