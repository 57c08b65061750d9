// Language detection on real-looking news sentences in the languages the ministry's missions read.
#include "modules/monitor/language.hpp"

#include <gtest/gtest.h>

namespace chancery::monitor {
namespace {

TEST(LanguageTest, KnowsTheLanguagesOfTheNews) {
  const std::pair<const char*, const char*> samples[] = {
      {"vi",
       "Đại sứ quán Việt Nam tại Nhật Bản đã thiết lập đường dây nóng hỗ trợ công dân bị ảnh hưởng bởi động đất."},
      {"en",
       "The embassy has set up a hotline for citizens affected by the earthquake and advises them to stay indoors."},
      {"fr", "L'ambassade a mis en place une ligne d'urgence pour les citoyens touchés par le tremblement de terre."},
      {"de", "Die Botschaft hat eine Notrufnummer für die vom Erdbeben betroffenen Bürger eingerichtet."},
      {"ru", "Посольство открыло горячую линию для граждан, пострадавших от землетрясения."},
      {"zh", "越南驻日本大使馆已设立热线，为受地震影响的公民提供帮助。"},
      {"ja", "在日本ベトナム大使館は、地震の影響を受けた市民のためのホットラインを設置しました。"},
      {"th", "สถานทูตเวียดนามได้จัดตั้งสายด่วนเพื่อช่วยเหลือพลเมืองที่ได้รับผลกระทบจากแผ่นดินไหว"},
      {"ko", "주일 베트남 대사관은 지진 피해를 입은 시민들을 위해 핫라인을 개설했습니다."},
  };
  for (const auto& [code, text] : samples) {
    const DetectedLanguage detected = DetectLanguage(text);
    EXPECT_EQ(detected.code, code) << text;
    EXPECT_TRUE(detected.reliable) << text;
  }
}

TEST(LanguageTest, SaysWhenItCannotTell) {
  EXPECT_EQ(DetectLanguage("").code, "");
  EXPECT_FALSE(DetectLanguage("12345 !!! ...").reliable);
}

}  // namespace
}  // namespace chancery::monitor
