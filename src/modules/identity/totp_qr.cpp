// The enrolment QR code as SVG: libqrencode gives the module matrix; each horizontal run of dark modules becomes
// one sub-path, which keeps the document small (a few kilobytes for an otpauth URI).
#include <qrencode.h>

#include <memory>
#include <string>

#include "modules/identity/totp.hpp"

namespace chancery::identity {

Result<std::string> QrCodeSvg(std::string_view text, int quiet_zone_modules) {
  if (quiet_zone_modules < 0) return InvalidArgument("The quiet zone cannot be negative.");
  std::string input(text);  // libqrencode wants a NUL-terminated string
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString(input.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), &QRcode_free);
  if (!code) return Internal("The text could not be encoded as a QR code.");

  const int width = code->width;
  const int size = width + 2 * quiet_zone_modules;
  std::string path;
  for (int y = 0; y < width; ++y) {
    int x = 0;
    while (x < width) {
      // Bit 0 of each module byte is set for a dark module.
      if ((code->data[y * width + x] & 1) == 0) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < width && (code->data[y * width + x + run] & 1) != 0) ++run;
      path += "M" + std::to_string(x + quiet_zone_modules) + " " + std::to_string(y + quiet_zone_modules) + "h" +
              std::to_string(run) + "v1h-" + std::to_string(run) + "z";
      x += run;
    }
  }
  const std::string dimension = std::to_string(size);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + dimension + " " + dimension +
                    "\" width=\"" + std::to_string(size * 4) + "\" height=\"" + std::to_string(size * 4) +
                    "\" shape-rendering=\"crispEdges\">";
  svg += "<rect width=\"" + dimension + "\" height=\"" + dimension + "\" fill=\"#ffffff\"/>";
  svg += "<path fill=\"#000000\" d=\"" + path + "\"/>";
  svg += "</svg>";
  return svg;
}

}  // namespace chancery::identity
