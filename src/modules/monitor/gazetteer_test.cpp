// The gazetteer: which countries an article mentions, in many languages, and the rules against ambiguity.
#include "modules/monitor/gazetteer.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string_view>

#include "modules/monitor/gazetteer_names.hpp"

namespace chancery::monitor {
namespace {

const Gazetteer& Shared() {
  static const std::shared_ptr<const Gazetteer> gazetteer = Gazetteer::Build();
  return *gazetteer;
}

// The countries of a body (no title), most mentioned first.
std::vector<std::string> Countries(std::string_view body) {
  std::vector<std::string> codes;
  for (const CountryMention& mention : Shared().Find(Normalize(""), Normalize(body))) codes.push_back(mention.country);
  return codes;
}

using Codes = std::vector<std::string>;

TEST(GazetteerTest, FindsCountriesInEnglish) {
  EXPECT_EQ(Countries("The United States and China held talks in Beijing on Tuesday."), (Codes{"CN", "US"}))
      << "China and Beijing are two mentions of CN";
  EXPECT_EQ(Countries("China's exports to Viet Nam rose, Vietnam's ministry said."), (Codes{"VN", "CN"}));
  EXPECT_EQ(Countries("Talks between the U.S. and the UK, hosted by the Holy See."), (Codes{"GB", "US", "VA"}));
  EXPECT_EQ(Countries("Floods in Côte d'Ivoire and Cote d’Ivoire's neighbour Burkina Faso"), (Codes{"CI", "BF"}));
}

TEST(GazetteerTest, FindsCountriesInVietnameseWithAndWithoutAccents) {
  EXPECT_EQ(Countries("Thủ tướng Nhật Bản thăm Hà Nội và gặp Chủ tịch nước Việt Nam."), (Codes{"VN", "JP"}));
  for (const char* written : {"ha noi", "HA NOI", "Ha Noi", "Hà Nội", "Hanoi", "Cộng hoà Séc", "Cộng hòa Séc"}) {
    EXPECT_EQ(Countries(std::string("Tin từ ") + written).size(), 1u) << written;
  }
  EXPECT_EQ(Countries("Hàn Quốc và Triều Tiên nối lại đối thoại; Hoa Kỳ hoan nghênh."), (Codes{"KP", "KR", "US"}));
  // Other accents make another word: "ba lần" is three times, "Ba Lan" Poland, "ba lan" Poland typed without accents.
  EXPECT_EQ(Countries("Anh ấy đã thử ba lần."), Codes{});
  EXPECT_EQ(Countries("Ba Lan và Hungary"), (Codes{"HU", "PL"}));
  EXPECT_EQ(Countries("doan cong tac sang ba lan"), Codes{"PL"});
}

TEST(GazetteerTest, FindsCountriesInFrenchAndGerman) {
  EXPECT_EQ(Countries("Le ministre a rencontré ses homologues de l'Allemagne et du Sénégal à Paris."),
            (Codes{"DE", "FR", "SN"}));
  EXPECT_EQ(Countries("Deutschlands Außenministerin reiste in die Vereinigten Staaten und nach Österreich."),
            (Codes{"AT", "DE", "US"}));
  // Inflected German forms keep their capital: "chinas" and "cubas" are Spanish words.
  EXPECT_EQ(Countries("Las chinas y las cubas de vino"), Codes{});
  EXPECT_EQ(Countries("Chinas Wirtschaft"), Codes{"CN"});
}

TEST(GazetteerTest, FindsCountriesInChineseAndJapaneseSentences) {
  EXPECT_EQ(Countries("美国总统访问中国和日本"), (Codes{"CN", "JP", "US"}));
  EXPECT_EQ(Countries("北京市政府和日本人"), (Codes{"CN", "JP"})) << "a name may begin a longer word";
  EXPECT_EQ(Countries("非法国家的问题"), Codes{}) << "法国 (France) straddles 非法 (illegal) and 国家 (state)";
  EXPECT_EQ(Countries("马里兰州的选举"), Codes{}) << "Maryland, not Mali (马里)";
  EXPECT_EQ(Countries("ロシア軍がウクライナに侵攻した"), (Codes{"RU", "UA"}));
  EXPECT_EQ(Countries("タイ人の観光客"), Codes{"TH"});
  EXPECT_EQ(Countries("新しいタイトルとインドアの競技"), Codes{}) << "タイ and インド begin other words";
  EXPECT_EQ(Countries("東京都で米国と韓国の首脳が会談"), (Codes{"JP", "KR", "US"}));
}

TEST(GazetteerTest, FindsCountriesInThaiKhmerAndLaoSentences) {
  // The dictionary cuts "ประเทศไทย" (the country Thailand) as one word: the name ไทย is found inside it.
  const NormalizedText thai = Normalize("ประเทศไทยและประเทศจีน");
  ASSERT_NE(thai.ExactWord(0), "ไทย");
  EXPECT_EQ(Countries("ประเทศไทยและประเทศจีน"), (Codes{"CN", "TH"}));
  const std::vector<CountryMention> bangkok =
      Shared().Find(Normalize(""), Normalize("นายกรัฐมนตรีไทยเดินทางไปกรุงเทพฯเมื่อวานนี้"));
  ASSERT_EQ(bangkok.size(), 1u);
  EXPECT_EQ(bangkok[0].country, "TH");
  EXPECT_EQ(bangkok[0].count, 2) << "ไทย and กรุงเทพฯ";
  EXPECT_EQ(Countries("នាយករដ្ឋមន្ត្រីកម្ពុជាបានធ្វើដំណើរទៅទីក្រុងភ្នំពេញ"), Codes{"KH"});
  EXPECT_EQ(Countries("ប្រទេសវៀតណាមនិងប្រទេសថៃ"), (Codes{"TH", "VN"}));
  EXPECT_EQ(Countries("ນະຄອນຫຼວງວຽງຈັນ ແລະ ຫວຽດນາມ"), (Codes{"LA", "VN"}));
  EXPECT_EQ(Countries("ລາວ ເວົ້າວ່າ"), Codes{}) << "ລາວ alone is also the pronoun he, she";
  EXPECT_EQ(Countries("การพักผ่อนและเวลาว่าง"), Codes{}) << "ลาว (Laos) would cut the syllable ว่า of เวลาว่าง";
}

TEST(GazetteerTest, FindsCapitals) {
  EXPECT_EQ(Countries("Talks in Phnom Penh, Vientiane and Bangkok"), (Codes{"KH", "LA", "TH"}));
  EXPECT_EQ(Countries("Đoàn công tác tới Mát-xcơ-va rồi Oa-sinh-tơn"), (Codes{"RU", "US"}));
  EXPECT_EQ(Countries("Bắc Kinh, Tô-ky-ô và Xơ-un"), (Codes{"CN", "JP", "KR"}));
  EXPECT_EQ(Countries("東京と서울에서, Москве"), (Codes{"JP", "KR", "RU"}));
  EXPECT_EQ(Countries("A meeting in Kingston and Victoria"), Codes{}) << "capitals that name places elsewhere";
}

// Every name of the tables finds its own country, in a sentence that gives no other rule a reason to refuse it.
TEST(GazetteerTest, EveryTableNameFindsItsCountry) {
  for (const auto& table : {gazetteer::Capitals(), gazetteer::PressNames()}) {
    for (const gazetteer::CountryNames& entry : table) {
      for (std::size_t start = 0; start < entry.names.size();) {
        const std::size_t end = std::min(entry.names.find('|', start), entry.names.size());
        const std::string name(entry.names.substr(start, end - start));
        start = end + 1;
        EXPECT_EQ(Countries("tin từ " + name + " hôm nay"), Codes{std::string(entry.country)}) << name;
      }
    }
  }
}

// The capitals table covers every UN member state, but for the capitals left out on purpose (gazetteer_names.cpp).
TEST(GazetteerTest, CapitalsCoverTheUnitedNations) {
  constexpr std::string_view kMembers =
      "AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI CV KH CM CA CF TD CL CN CO "
      "KM CG CD CR CI HR CU CY CZ DK DJ DM DO EC EG SV GQ ER EE SZ ET FJ FI FR GA GM GE DE GH GR GD GT GN GW GY HT HN "
      "HU IS IN ID IR IQ IE IL IT JM JP JO KZ KE KI KP KR KW KG LA LV LB LS LR LY LI LT LU MG MW MY MV ML MT MH MR MU "
      "MX FM MD MC MN ME MA MZ MM NA NR NP NL NZ NI NE NG MK NO OM PK PW PA PG PY PE PH PL PT QA RO RU RW KN LC VC WS "
      "SM ST SA SN RS SC SL SG SK SI SB SO ZA SS ES LK SD SR SE CH SY TJ TZ TH TL TG TO TT TN TR TM TV UG UA AE GB US "
      "UY UZ VU VE VN YE ZM ZW TW PS XK";
  const std::set<std::string_view> left_out{"AG", "BS", "CR", "CV", "GD", "GY", "JM", "LY",
                                            "SC", "SG", "KW", "DJ", "MC", "SM", "LU"};
  std::set<std::string_view> covered;
  for (const gazetteer::CountryNames& entry : gazetteer::Capitals()) covered.insert(entry.country);
  std::size_t members = 0;
  for (std::size_t start = 0; start < kMembers.size(); start += 3, ++members) {
    const std::string_view code = kMembers.substr(start, 2);
    EXPECT_TRUE(covered.contains(code) || left_out.contains(code)) << code;
  }
  EXPECT_EQ(members, 193u + 3u);
}

TEST(GazetteerTest, TheLongestNameWins) {
  EXPECT_EQ(Countries("the Democratic Republic of the Congo"), Codes{"CD"});
  EXPECT_EQ(Countries("the Republic of the Congo"), Codes{"CG"});
  EXPECT_EQ(Countries("the Congo river"), Codes{}) << "Congo alone is two countries";
  EXPECT_EQ(Countries("South Sudan"), Codes{"SS"});
  EXPECT_EQ(Countries("Sudan"), Codes{"SD"});
  EXPECT_EQ(Countries("Papua New Guinea and Guinea-Bissau"), (Codes{"GW", "PG"}));
  EXPECT_EQ(Countries("Bắc Triều Tiên"), Codes{"KP"});
  EXPECT_EQ(Countries("Nam Triều Tiên"), Codes{"KR"});
  EXPECT_EQ(Countries("Hàn Quốc"), Codes{"KR"});
  EXPECT_EQ(Countries("Northern Ireland and Ireland"), (Codes{"GB", "IE"}));
}

TEST(GazetteerTest, PhrasesThatHoldANameWithoutBeingAboutItAreStopped) {
  for (const char* phrase : {"Latin America", "New Mexico", "New South Wales", "the South China Sea", "châu Mỹ",
                             "Mỹ Latinh", "Ấn Độ Dương", "印度洋", "内蒙古自治区"}) {
    EXPECT_EQ(Countries(phrase), Codes{}) << phrase;
  }
}

TEST(GazetteerTest, CountsAndTheTitleDecideTheOrder) {
  const std::vector<CountryMention> mentions =
      Shared().Find(Normalize("Laos opens a new bridge"), Normalize("Vietnam and Laos built it; Vietnam paid half."));
  ASSERT_EQ(mentions.size(), 2u);
  EXPECT_EQ(mentions[0].country, "LA") << "a title mention counts double: 2 + 1 against 2";
  EXPECT_EQ(mentions[0].count, 2);
  EXPECT_TRUE(mentions[0].in_title);
  EXPECT_EQ(mentions[1].country, "VN");
  EXPECT_EQ(mentions[1].count, 2);
  EXPECT_FALSE(mentions[1].in_title);
}

TEST(GazetteerTest, NamesThatAreWordsNeedCapitals) {
  EXPECT_EQ(Countries("We ate turkey from china plates and chad the cat sat on a jersey."), Codes{});
  EXPECT_EQ(Countries("Turkey, China, Chad and Jersey"), (Codes{"CN", "JE", "TD", "TR"}));
  EXPECT_EQ(Countries("la réunion a eu lieu"), Codes{});
  EXPECT_EQ(Countries("à La Réunion"), Codes{"RE"});
  EXPECT_EQ(Countries("Male nurses"), Codes{}) << "Malé, the Maldives' capital, needs its accent";
  EXPECT_EQ(Countries("the capital Malé"), Codes{"MV"});
  EXPECT_EQ(Countries("того же мнения"), Codes{}) << "a pronoun; Togo is Того";
  EXPECT_EQ(Countries("la ira de Dios; die Oma"), Codes{}) << "Irã and Omã (pt) need their accents";
  EXPECT_EQ(Countries("direito de reunião; bahan baku; doanya kabul"), Codes{}) << "Réunion (pt), Baku, Kabul";
  EXPECT_EQ(Countries("Granada venció al Barcelona"), Codes{}) << "the Spanish city, not Grenada (GD in Spanish)";
}

TEST(GazetteerTest, AbbreviationsAreWrittenInCapitals) {
  EXPECT_EQ(Countries("let us go; tell us why"), Codes{});
  EXPECT_EQ(Countries("PLEASE TELL US NOW"), Codes{}) << "a word in capitals among words in capitals";
  EXPECT_EQ(Countries("US President; the U.S. economy"), Codes{"US"});
  EXPECT_EQ(Countries("US, UK and UAE officials"), (Codes{"AE", "GB", "US"}));
  EXPECT_EQ(Countries("uk and usa"), Codes{});
}

TEST(GazetteerTest, VietnameseShortNamesNeedTheirContext) {
  const std::pair<const char*, Codes> cases[] = {
      {"Thủ tướng Anh Keir Starmer phát biểu", {"GB"}},
      {"Tổng thống Mỹ Joe Biden", {"US"}},
      {"Chính phủ Đức", {"DE"}},
      {"Ông ấy đang sống tại Anh.", {"GB"}},
      {"Mỹ, Anh và Pháp ký thỏa thuận", {"FR", "GB", "US"}},
      {"Nga tấn công; xung đột Nga Ukraine", {"RU", "UA"}},
      {"Ý và Nhật tham dự", {"IT", "JP"}},
      {"anh ấy nói", {}},
      {"Anh ấy nói", {}},
      {"ông Đức nói", {}},
      {"anh Đức và chị Nga", {}},
      {"cầu thủ Minh Đức và Tuấn Anh", {}},
      {"học tiếng Anh và tiếng Pháp", {}},
      {"mỹ phẩm và biện pháp", {}},
      {"Mỹ phẩm. Pháp luật. Ý kiến. Nhật ký. Áo dài. Đức tin.", {}},
      {"đạo đức và Đức Phật", {}},
      {"tại Mỹ Tho và tỉnh Lào Cai", {}},
      {"\"Áo này chỉ dùng để thoát hiểm\"; sinh viên ngành Ngôn ngữ Anh; bầu Đức", {}},
      {"doanh nhân Viên Ba Nguyên", {}},
      {"thủ đô Viên của Áo", {"AT"}},
      {"y tá nói với my friend", {}},
  };
  for (const auto& [text, expected] : cases) EXPECT_EQ(Countries(text), expected) << text;
  // In capitals, the neighbours' capitals say nothing.
  EXPECT_EQ(Countries("TỔNG THỐNG MỸ DONALD TRUMP THĂM NHẬT BẢN"), (Codes{"JP", "US"}));
}

TEST(GazetteerTest, FindsNamesWithCaseEndingsParticlesAndClitics) {
  EXPECT_EQ(Countries("Отношения России и Китая с Соединенными Штатами"), (Codes{"CN", "RU", "US"}));
  EXPECT_EQ(Countries("Росія та Україна"), (Codes{"RU", "UA"}));
  EXPECT_EQ(Countries("미국은 일본과 한국에서"), (Codes{"JP", "KR", "US"}));
  EXPECT_EQ(Countries("인도적 지원"), Codes{}) << "인도 (India) begins 인도적, humanitarian";
  EXPECT_EQ(Countries("العلاقات بين الصين والولايات المتحدة وبروسيا"), (Codes{"CN", "RU", "US"}));
  EXPECT_EQ(Countries("South Korea's president and Italy’s premier"), (Codes{"IT", "KR"}));
  EXPECT_EQ(Countries("dell'Italia e l'Iran"), (Codes{"IR", "IT"}));
}

TEST(GazetteerTest, NoCountryInATextWithNone) {
  EXPECT_EQ(Countries("The market rose on Tuesday as the weather was fine."), Codes{});
  EXPECT_EQ(Countries("Thị trường chứng khoán tăng điểm trong phiên sáng nay."), Codes{});
  EXPECT_EQ(Countries(""), Codes{});
}

TEST(GazetteerTest, ReadsOnlyTheLanguagesItIsGiven) {
  const std::shared_ptr<const Gazetteer> english = Gazetteer::Build({"en"});
  EXPECT_LT(english->name_count(), Shared().name_count());
  EXPECT_EQ(english->Find(Normalize(""), Normalize("Germany")).size(), 1u);
  EXPECT_TRUE(english->Find(Normalize(""), Normalize("Deutschland und Frankreich")).empty());
  EXPECT_EQ(Countries("Deutschland und Frankreich"), (Codes{"DE", "FR"}));
}

}  // namespace
}  // namespace chancery::monitor
