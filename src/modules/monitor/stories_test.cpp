// Stories: copies of one report with the edits outlets make stay one story; different reports on the same event,
// in English and Vietnamese, stay apart; the banded index finds exactly what is within the distance; expiry and the
// memory bound hold; and 500 unrelated random articles give 500 stories.
#include "modules/monitor/stories.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>

namespace chancery::monitor {
namespace {

struct Text {
  std::string title;
  std::string body;
};

// Two different reports on the same storm in each language: the hardest case for telling stories apart.
const Text kLandfallEn{
    "Typhoon Yagi makes landfall in northern Vietnam, thousands evacuated",
    "HANOI, Sept 7 (Reuters) - Typhoon Yagi, the strongest storm to hit northern Vietnam in decades, made landfall on "
    "Saturday afternoon in the coastal provinces of Quang Ninh and Hai Phong, bringing winds of up to 149 kilometres "
    "per hour and torrential rain. Authorities evacuated more than 50,000 people from low-lying coastal areas and "
    "ordered fishing boats to stay in port. Four airports, including Hanoi's Noi Bai, suspended flights until Sunday "
    "morning. State media showed trees uprooted in the tourist city of Ha Long, roofs torn from houses and power "
    "lines down across several districts. The national weather agency said the storm would weaken as it moved inland "
    "towards Hanoi but warned of flash floods and landslides in the mountainous north over the next three days, with "
    "up to 400 millimetres of rain expected in some areas. Prime Minister Pham Minh Chinh urged local officials to "
    "ensure the safety of residents and to prepare rescue teams. Before reaching Vietnam, Yagi killed at least 20 "
    "people in the Philippines and injured dozens on the Chinese island of Hainan, where it destroyed crops and cut "
    "electricity to hundreds of thousands of homes. Schools in Hanoi and ten other provinces will remain closed on "
    "Monday."};
const Text kAftermathEn{
    "Floods and landslides kill dozens in Vietnam after Typhoon Yagi",
    "HANOI, Sept 9 (AP) - Floods and landslides triggered by Typhoon Yagi have killed at least 59 people in northern "
    "Vietnam, and dozens more are missing, the disaster management agency said on Monday. In the mountainous province "
    "of Lao Cai, a landslide buried a hamlet of 35 households, and rescuers were digging through mud in heavy rain to "
    "look for survivors. In Phu Tho province, a steel bridge over the Red River collapsed on Monday morning, sending a "
    "truck, cars and motorbikes into the swollen water; three people were pulled out alive and 13 are missing. The "
    "water level of the Red River in Hanoi rose above the second alarm level, and the city ordered residents of "
    "riverside neighbourhoods to move to higher ground. Power has not yet been restored to more than a million homes "
    "in Quang Ninh and Hai Phong, where the storm made landfall on Saturday. Factories in industrial parks near the "
    "port of Hai Phong were flooded and many roofs were torn off. The government has released emergency funds and "
    "sent soldiers to help clear roads, while the Red Cross appealed for donations of food, clean water and medicine "
    "for families who lost their homes."};
const Text kLandfallVi{
    "Bão số 3 đổ bộ Quảng Ninh – Hải Phòng, hàng chục nghìn người sơ tán",
    "Chiều 7/9, bão số 3 (Yagi) đổ bộ vào đất liền các tỉnh Quảng Ninh và Hải Phòng với sức gió mạnh nhất cấp 14, "
    "giật trên cấp 17. Đây là cơn bão mạnh nhất đổ bộ vào miền Bắc trong nhiều thập kỷ qua. Trước khi bão vào, chính "
    "quyền các địa phương đã sơ tán hơn 50.000 người dân khỏi vùng ven biển và vùng trũng thấp, đồng thời yêu cầu tàu "
    "thuyền không ra khơi. Bốn sân bay, trong đó có Nội Bài, tạm dừng khai thác đến sáng Chủ nhật. Tại thành phố Hạ "
    "Long, nhiều cây xanh bị quật đổ, mái tôn bị tốc, cột điện gãy khiến nhiều khu vực mất điện. Trung tâm Dự báo "
    "khí tượng thủy văn quốc gia cho biết bão sẽ suy yếu khi đi sâu vào đất liền nhưng cảnh báo nguy cơ lũ quét và "
    "sạt lở đất ở vùng núi phía Bắc trong ba ngày tới, với lượng mưa có nơi trên 400 mm. Thủ tướng Phạm Minh Chính "
    "yêu cầu các bộ, ngành và địa phương bảo đảm an toàn tính mạng cho người dân, bố trí lực lượng cứu hộ sẵn sàng ứng "
    "phó. Học sinh Hà Nội và mười tỉnh khác được nghỉ học vào thứ Hai."};
const Text kAftermathVi{
    "Lũ quét, sạt lở sau bão Yagi: hàng chục người chết và mất tích",
    "Sáng 9/9, Cục Quản lý đê điều và phòng chống thiên tai cho biết mưa lũ, sạt lở đất sau bão số 3 đã làm ít nhất "
    "59 người chết, hàng chục người mất tích tại các tỉnh miền Bắc. Tại Lào Cai, một trận lũ quét đã vùi lấp gần như "
    "toàn bộ thôn Làng Nủ với 35 hộ dân; lực lượng cứu hộ đang đào bới trong bùn đất dưới trời mưa to để tìm kiếm "
    "người sống sót. Ở Phú Thọ, cầu Phong Châu bắc qua sông Hồng bị sập vào sáng cùng ngày, kéo theo một xe tải, hai "
    "ô tô và nhiều xe máy rơi xuống dòng nước lũ; ba người được cứu, 13 người mất tích. Mực nước sông Hồng tại Hà Nội "
    "đã vượt báo động hai, thành phố yêu cầu người dân ở các khu vực ven sông di chuyển đến nơi an toàn. Hơn một "
    "triệu hộ gia đình ở Quảng Ninh và Hải Phòng vẫn chưa có điện trở lại. Nhiều nhà máy trong các khu công nghiệp "
    "gần cảng Hải Phòng bị ngập, mái nhà xưởng bị tốc. Chính phủ đã xuất cấp kinh phí khẩn cấp, điều động quân đội "
    "giúp thông đường, còn Hội Chữ thập đỏ kêu gọi quyên góp lương thực, nước sạch và thuốc men cho các gia đình mất "
    "nhà cửa."};

std::uint64_t Fingerprint(const Text& text) { return SimHash(Normalize(text.title), Normalize(text.body)); }

std::string Replace(std::string text, std::string_view from, std::string_view to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

constexpr std::int64_t kHour = 3600 * 1000;

TEST(StoriesTest, CaseAccentsAndPunctuationAreInvisible) {
  const Text shouted{"BÃO SỐ 3 ĐỔ BỘ QUẢNG NINH - HẢI PHÒNG: HÀNG CHỤC NGHÌN NGƯỜI SƠ TÁN", kLandfallVi.body};
  EXPECT_EQ(Fingerprint(shouted), Fingerprint(kLandfallVi));
  // A site that strips diacritics and punctuation (its text is the folded words).
  const Text plain{Normalize(kLandfallVi.title).folded, Normalize(kLandfallVi.body).folded};
  EXPECT_EQ(plain.body.substr(0, 30), " chieu 7 9 bao so 3 yagi do bo");
  EXPECT_EQ(Fingerprint(plain), Fingerprint(kLandfallVi));
  const Text quoted{"Typhoon Yagi makes landfall in northern Vietnam; thousands evacuated!", kLandfallEn.body};
  EXPECT_EQ(Fingerprint(quoted), Fingerprint(kLandfallEn));
}

TEST(StoriesTest, ShortTextsUseSingleWords) {
  EXPECT_EQ(SimHash(Normalize(""), Normalize("")), 0U);
  EXPECT_EQ(SimHash(Normalize("Hà Nội"), Normalize("")), SimHash(Normalize("HA NOI"), Normalize("")));
  EXPECT_EQ(SimHash(Normalize("Hà"), Normalize("Nội")), SimHash(Normalize("Hà Nội"), Normalize("")));
  EXPECT_GT(HammingDistance(SimHash(Normalize("Hà Nội"), Normalize("")), SimHash(Normalize("Đà Nẵng"), Normalize(""))),
            7);
}

// The edits republishers make, each applied to the original: each copy must land in the original's story.
TEST(StoriesTest, CopiesWithSmallEditsAreOneStory) {
  struct Copy {
    const char* edit;
    const Text* original;
    Text text;
  };
  const Text& en = kLandfallEn;
  const Text& vi = kLandfallVi;
  const std::vector<Copy> copies = {
      {"a corrected figure", &en, {en.title, Replace(en.body, "at least 20", "at least 21")}},
      {"a changed word", &en, {en.title, Replace(en.body, "torrential rain", "heavy rain")}},
      {"a credit line added", &en, {en.title, en.body + " Reporting by Khanh Vu; editing by Ed Davies."}},
      {"another agency's dateline", &en, {en.title, Replace(en.body, "HANOI, Sept 7 (Reuters)", "(AFP)")}},
      {"a sentence added",
       &en,
       {en.title, Replace(en.body, "closed on Monday.",
                          "closed on Monday. Vietnam Airlines said it would add flights once airports reopen.")}},
      {"headline punctuation", &en, {"Typhoon Yagi makes landfall in northern Vietnam - thousands evacuated", en.body}},
      {"a changed word", &vi, {vi.title, Replace(vi.body, "cột điện gãy", "cột điện đổ")}},
      {"a source line added", &vi, {vi.title, vi.body + " (Theo TTXVN)"}},
      {"a sentence added",
       &vi,
       {vi.title, Replace(vi.body, "ra khơi.", "ra khơi. Các lồng bè nuôi trồng thủy sản cũng được gia cố.")}},
      {"headline without accents",
       &vi,
       {"Bao so 3 do bo Quang Ninh, Hai Phong: hang chuc nghin nguoi so tan", vi.body}},
  };
  StoryIndex index;
  ASSERT_EQ(index.Assign(Fingerprint(en), 0, 1), 1);
  ASSERT_EQ(index.Assign(Fingerprint(vi), 0, 2), 2);
  std::int64_t next_id = 100;
  for (const Copy& copy : copies) {
    const std::uint64_t fingerprint = Fingerprint(copy.text);
    EXPECT_EQ(index.Assign(fingerprint, kHour, ++next_id), copy.original == &en ? 1 : 2)
        << copy.edit << ": " << HammingDistance(fingerprint, Fingerprint(*copy.original)) << " bits from the original";
  }
}

// Every single-word substitution of the four articles: measured, not hand-picked (the corpus gave 99% at 7 bits).
TEST(StoriesTest, AnyOneWordChangedStaysWithinTheDistance) {
  int edits = 0;
  int within = 0;
  for (const Text* text : {&kLandfallEn, &kAftermathEn, &kLandfallVi, &kAftermathVi}) {
    const std::uint64_t original = Fingerprint(*text);
    const NormalizedText body = Normalize(text->body);
    for (const Token& token : body.tokens) {
      std::string edited = body.source;
      edited.replace(token.start, token.end - token.start, "cyclone");
      ++edits;
      within += HammingDistance(SimHash(Normalize(text->title), Normalize(edited)), original) <= 7 ? 1 : 0;
    }
  }
  EXPECT_GE(within, edits * 95 / 100) << within << " of " << edits;
}

TEST(StoriesTest, DifferentReportsOfTheSameEventAreDifferentStories) {
  StoryIndex index;
  std::set<std::int64_t> stories;
  std::int64_t id = 0;
  for (const Text* text : {&kLandfallEn, &kAftermathEn, &kLandfallVi, &kAftermathVi}) {
    stories.insert(index.Assign(Fingerprint(*text), 0, ++id));
  }
  EXPECT_EQ(stories.size(), 4U);
  // Not merely past the limit: unrelated texts differ in about 32 bits.
  EXPECT_GE(HammingDistance(Fingerprint(kLandfallEn), Fingerprint(kAftermathEn)), 16);
  EXPECT_GE(HammingDistance(Fingerprint(kLandfallVi), Fingerprint(kAftermathVi)), 16);
}

// Fingerprints a given number of bits away from `base`, with the flipped bits placed to probe the bands.
std::uint64_t Flip(std::uint64_t base, std::initializer_list<int> bits) {
  for (const int bit : bits) base ^= std::uint64_t{1} << bit;
  return base;
}

TEST(StoryIndexTest, FindsEveryFingerprintWithinTheDistanceAndNothingBeyond) {
  const std::uint64_t base = 0x0123456789abcdefULL;
  auto joins = [base](StoryIndexOptions options, std::uint64_t probe) {
    StoryIndex index(options);
    index.Add(base, 0, 1);
    return index.Assign(probe, 1, 2) == 1;
  };
  // The default: 7 bits, eight one-byte bands.
  EXPECT_TRUE(joins({}, Flip(base, {0, 1, 2, 3, 4, 5, 6}))) << "all in the first band";
  EXPECT_TRUE(joins({}, Flip(base, {0, 8, 16, 24, 32, 40, 48}))) << "one in every band but the last";
  EXPECT_TRUE(joins({}, Flip(base, {63, 62, 61, 60, 59, 58, 57}))) << "all in the last band";
  EXPECT_FALSE(joins({}, Flip(base, {0, 8, 16, 24, 32, 40, 48, 56}))) << "8 bits, no band in common";
  EXPECT_FALSE(joins({}, Flip(base, {0, 1, 2, 3, 4, 5, 6, 7}))) << "8 bits in one band";
  // Configurable: 3 bits, four 16-bit bands.
  EXPECT_TRUE(joins({.max_distance = 3}, Flip(base, {0, 16, 32})));
  EXPECT_FALSE(joins({.max_distance = 3}, Flip(base, {1, 17, 33, 63})));
  EXPECT_FALSE(joins({.max_distance = 3}, Flip(base, {1, 2, 3, 4})));
  EXPECT_THROW(StoryIndex({.max_distance = 32}), std::invalid_argument);
}

TEST(StoryIndexTest, NearestWinsAndTiesGoToTheMostRecent) {
  const std::uint64_t base = 0xfedcba9876543210ULL;
  StoryIndex index;
  index.Add(Flip(base, {1, 2, 3}), 0, 1);
  index.Add(Flip(base, {9}), 0, 2);
  EXPECT_EQ(index.Find(base, kHour), 2);
  EXPECT_EQ(index.Find(~base, kHour), std::nullopt);
  EXPECT_EQ(index.Size(), 2U) << "Find registers nothing";
  EXPECT_EQ(index.Assign(base, kHour, 99), 2) << "1 bit away rather than 3";

  StoryIndex tied;
  tied.Add(Flip(base, {1}), 0, 3);
  tied.Add(Flip(base, {2}), 2 * kHour, 4);
  tied.Add(Flip(base, {3}), kHour, 5);
  EXPECT_EQ(tied.Assign(base, 3 * kHour, 99), 4) << "three at 1 bit: the one seen last";
}

TEST(StoryIndexTest, ExpiryForgetsStoriesThatStoppedArriving) {
  const std::uint64_t base = 0x5555aaaa3333ccccULL;
  StoryIndex index({.window_ms = 48 * kHour});
  EXPECT_EQ(index.Assign(base, 0, 1), 1);
  EXPECT_EQ(index.Assign(Flip(base, {5, 40}), 47 * kHour, 2), 1) << "an edited copy within the window";
  EXPECT_EQ(index.Size(), 2U);
  EXPECT_EQ(index.Expire(47 * kHour), 0U);
  EXPECT_EQ(index.Expire(49 * kHour), 1U) << "the original, seen 49 hours ago";
  // The copy holds the story: a copy of the copy (7 bits from the original, 5 from the copy) still joins it.
  EXPECT_EQ(index.Assign(Flip(base, {5, 40, 41, 42, 43, 44, 45}), 60 * kHour, 3), 1);
  // Nothing has arrived since hour 60: past hour 108 the story is gone, whether or not Expire ran.
  EXPECT_EQ(index.Assign(base, 109 * kHour, 4), 4);
  EXPECT_EQ(index.Expire(109 * kHour), 2U);
  EXPECT_EQ(index.Size(), 1U);
}

TEST(StoryIndexTest, ExactCopiesRefreshInsteadOfAddingEntries) {
  StoryIndex index;
  for (int copy = 0; copy < 20; ++copy) EXPECT_EQ(index.Assign(42, copy * kHour, 100 + copy), 100);
  EXPECT_EQ(index.Size(), 1U);
  EXPECT_EQ(index.Expire(60 * kHour), 0U) << "last seen at hour 19";
}

TEST(StoryIndexTest, MemoryIsBounded) {
  std::mt19937_64 random(7);
  std::vector<std::uint64_t> fingerprints(1000);
  for (auto& fingerprint : fingerprints) fingerprint = random();
  StoryIndex index({.max_entries = 100});
  for (std::size_t i = 0; i < fingerprints.size(); ++i) {
    index.Add(fingerprints[i], static_cast<std::int64_t>(i), static_cast<std::int64_t>(i));
    ASSERT_LE(index.Size(), 100U);
  }
  EXPECT_GE(index.Size(), 90U);
  // The newest are kept, the oldest dropped.
  EXPECT_EQ(index.Assign(fingerprints[999], 1000, -1), 999);
  EXPECT_EQ(index.Assign(fingerprints[910], 1000, -1), 910);
  EXPECT_EQ(index.Assign(fingerprints[0], 1000, -1), -1);
}

// 500 articles of random words from a 5,000-word vocabulary: no two may merge.
TEST(StoryIndexTest, RandomArticlesAreAllDifferentStories) {
  std::mt19937_64 random(2024);
  std::vector<std::string> vocabulary;
  std::uniform_int_distribution<int> letter('a', 'z');
  std::uniform_int_distribution<int> word_length(2, 10);
  while (vocabulary.size() < 5000) {
    std::string word;
    for (int i = word_length(random); i > 0; --i) word += static_cast<char>(letter(random));
    vocabulary.push_back(word);
  }
  std::uniform_int_distribution<std::size_t> pick(0, vocabulary.size() - 1);
  auto words = [&](int count) {
    std::string text;
    for (int i = 0; i < count; ++i) text += vocabulary[pick(random)] + (i % 15 == 14 ? ". " : " ");
    return text;
  };
  std::uniform_int_distribution<int> body_length(100, 300);
  StoryIndex index;
  std::set<std::int64_t> stories;
  int closest = 64;
  std::vector<std::uint64_t> seen;
  for (std::int64_t article = 1; article <= 500; ++article) {
    const std::uint64_t fingerprint = SimHash(Normalize(words(8)), Normalize(words(body_length(random))));
    for (const std::uint64_t other : seen) closest = std::min(closest, HammingDistance(fingerprint, other));
    seen.push_back(fingerprint);
    stories.insert(index.Assign(fingerprint, article * 1000, article));
  }
  EXPECT_EQ(stories.size(), 500U);
  EXPECT_GT(closest, 10) << "the closest of 124,750 pairs";
}

}  // namespace
}  // namespace chancery::monitor
