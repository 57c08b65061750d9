// The gazetteer: which countries an article mentions, in many languages, so that the monitor can route it to the
// missions whose jurisdiction it touches.
//
// Names come from ICU's country names in the chosen languages (with ICU's short and variant forms), the capitals
// (gazetteer_names.cpp: English, Vietnamese and local names) and small tables of what the press writes and ICU
// lacks ("Mỹ", "U.S.", "Britain", "米国", "США"). A name that stands for two countries ("Congo") is left out.
//
// How names are found:
//   - In scripts written with spaces, as whole words of the folded text (monitor_text.hpp): "ha noi" finds
//     "Hà Nội". A word written with other accents is another word: "ba lần" (three times) is not "Ba Lan"
//     (Poland), while "Hoà" and "Hòa" (the tone on another vowel) agree. Words may carry what the grammar adds:
//     English possessives ("China's"), elisions ("l'Allemagne", "dell'Italia"), German genitives
//     ("Deutschlands"), Russian and Ukrainian case endings ("России"), Korean particles ("미국은"), Arabic
//     proclitics ("والصين").
//   - In Chinese, Japanese, Thai, Khmer, Lao and Burmese, as characters across the dictionary's words, which cut a
//     name differently inside a sentence than alone ("ประเทศไทย" is one word). A Chinese or Japanese name begins
//     a word ("非法国家", an illegal state, holds no France, "法国"); a Thai, Khmer, Lao or Burmese name of three
//     characters or more may begin inside one and end with it ("ประเทศไทย"), never cutting a syllable. Names of two
//     characters (three in kana: "タイ", "インド") are whole words ("タイトル" is not Thailand), except Chinese
//     characters, which may begin a longer word ("北京市").
//   - The longest name wins and matches do not overlap: "South Sudan" is SS, "Democratic Republic of the Congo"
//     CD. Some phrases are stopped because they hold a country's name without being about it ("Latin America",
//     "New Mexico", "châu Mỹ", "Ấn Độ Dương", the Indian Ocean).
//
// Rules against ambiguity, in the order they apply:
//   1. Names that are ordinary words or given names somewhere ("Turkey", "China", "Chad", "Chile", "Guinea",
//      "Jersey", "Paris", Portuguese "Reunião", Indonesian "Baku"), German inflected forms ("Chinas"; Spanish
//      "chinas") and every Cyrillic name ("того" is a pronoun, "Того" is Togo) need their capital letters.
//      "Georgia" (the US state) and "Jordan" (a given name) stay ambiguous.
//   2. Abbreviations ("UK", "U.S.", "USA", "UAE", "США") are written in capitals; "US" is not the country between
//      words in capitals ("TELL US"), except other abbreviations ("US, UK").
//   3. Vietnamese names of one syllable (Mỹ, Anh, Pháp, Đức, Nga, Ý, Nhật, Úc, Lào, Áo, Bỉ, Séc, Síp, Viên) need
//      exactly their accents and a capital ("mỹ phẩm", "biện pháp", "đạo đức" are not countries), and are not the
//      country:
//        - after "tiếng" or "ngữ" (the language: "tiếng Anh", "ngôn ngữ Anh") or a form of address: "ông Đức",
//          "anh Đức", "bầu Đức", "chị Nga" are people;
//        - right after a capitalised word, which makes a person's name ("Minh Đức", "Tuấn Anh", "Như Ý");
//        - right before a capitalised word, which makes a place or a name ("Mỹ Tho", "Lào Cai", "Đức Phật",
//          "Anh Tuấn"), unless a title comes first ("Tổng thống Mỹ Joe Biden", "Thủ tướng Anh Keir Starmer"; not
//          for "Viên", also a surname: "doanh nhân Viên Ba Nguyên") or the next word is a country too ("Nga Ukraine");
//        - before the words they begin ("Pháp luật", "Ý kiến", "Mỹ phẩm", "Nhật ký", "Áo dài", "Đức tin", "Anh ngữ")
//          and before a demonstrative ("áo này", "Anh ấy");
//      and "Anh" and "Viên" (a pronoun and a noun first) are never the country at the start of a sentence (after
//      . ! ? : ; quotes, a bracket or a line break): "Anh ấy nói" is not the UK, "Thủ tướng Anh", "tại Anh", "Mỹ,
//      Anh và Pháp" are. In text all in capitals a neighbour's capital says nothing: the second and third points
//      are not applied there.
//
// Thread-safety: a Gazetteer is immutable once built; Find may run on any number of threads at once.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "modules/monitor/monitor_text.hpp"

namespace chancery::monitor {

struct CountryMention {
  std::string country;  // ISO 3166-1 alpha-2, upper case: "VN"
  int count = 0;        // mentions in the title and the body
  bool in_title = false;
};

class Gazetteer {
 public:
  // Reads ICU's names for every ISO 3166-1 country in these languages (ICU locale ids) and the tables. Takes about
  // a tenth of a second: build once, share the result.
  static std::shared_ptr<const Gazetteer> Build(const std::vector<std::string>& languages = DefaultLanguages());
  // en vi fr de es pt it ru uk zh zh_Hant ja ko th km lo my id ms ar.
  static std::vector<std::string> DefaultLanguages();

  // The countries mentioned in the title and the body, each once, the most mentioned first: a mention in the title
  // counts double for the order, then the country code decides.
  std::vector<CountryMention> Find(const NormalizedText& title, const NormalizedText& body) const;

  // How many distinct names (after folding) the gazetteer knows, stopped phrases included.
  std::size_t name_count() const;

  struct Index;                                            // gazetteer_index.hpp
  explicit Gazetteer(std::unique_ptr<const Index> index);  // use Build
  ~Gazetteer();
  Gazetteer(const Gazetteer&) = delete;
  Gazetteer& operator=(const Gazetteer&) = delete;

 private:
  std::unique_ptr<const Index> index_;
};

}  // namespace chancery::monitor
