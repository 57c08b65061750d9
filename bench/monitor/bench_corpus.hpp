// What both monitor benchmarks share: the corpus (the shared news corpus, or one JSON Lines file of the same shape)
// and generated standing queries an analyst could write, from the corpus's own words.
#pragma once

#include <algorithm>
#include <boost/json/parse.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "modules/monitor/matcher.hpp"

namespace chancery::monitor::bench {

using Clock = std::chrono::steady_clock;

struct RawDocument {
  std::string title;
  std::string text;
  std::string lang;
};

// The shared corpus's news (a directory), or one JSON Lines file of the same shape (the tests' sample).
inline std::vector<RawDocument> LoadCorpus(const std::string& path) {
  std::vector<RawDocument> documents;
  std::vector<std::string> files;
  if (path.ends_with(".jsonl")) {
    files.push_back(path);
  } else {
    files = {path + "/news-vi-public.jsonl", path + "/news-en-public.jsonl"};
  }
  for (const std::string& name : files) {
    std::ifstream file(name);
    if (!file) {
      std::cerr << "cannot read " << name << "\n";
      std::exit(2);
    }
    std::string line;
    while (std::getline(file, line)) {
      boost::json::value value = boost::json::parse(line);
      const auto& object = value.as_object();
      documents.push_back({std::string(object.at("title").as_string()), std::string(object.at("text").as_string()),
                           std::string(object.at("lang").as_string())});
    }
  }
  return documents;
}

inline double Seconds(Clock::duration duration) { return std::chrono::duration<double>(duration).count(); }

inline long ResidentKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

// Queries an analyst could write, from the corpus's own words: words that occur in 0.05%–5% of documents (not
// "the", not typos), bigrams for phrases, both languages.
class QueryGenerator {
 public:
  explicit QueryGenerator(const std::vector<Article>& articles) : small_sample_(articles.size() < 500) {
    std::unordered_map<std::string, int> document_frequency;
    std::unordered_map<std::string, int> bigram_frequency;
    for (const Article& article : articles) {
      std::unordered_map<std::string, bool> seen;
      const NormalizedText& body = article.body;
      for (std::size_t i = 0; i < body.tokens.size(); ++i) {
        std::string word(body.FoldedWord(i));
        if (!seen[word]) ++document_frequency[word];
        seen[word] = true;
        if (i + 1 < body.tokens.size() && i % 7 == 0)
          ++bigram_frequency[word + " " + std::string(body.FoldedWord(i + 1))];
      }
    }
    const double n = static_cast<double>(articles.size());
    // A small sample (the tests') takes its words more widely, so that queries match often enough to compare.
    const bool small = articles.size() < 500;
    for (const auto& [word, frequency] : document_frequency) {
      if (frequency >= n * 0.0005 && frequency <= n * (small ? 0.4 : 0.05) && word.size() >= 3) words_.push_back(word);
    }
    for (const auto& [bigram, frequency] : bigram_frequency) {
      if (frequency >= (small ? 1 : 2) && frequency <= n * (small ? 0.4 : 0.02)) bigrams_.push_back(bigram);
    }
    std::sort(words_.begin(), words_.end());
    std::sort(bigrams_.begin(), bigrams_.end());
  }

  // `shared`: only what the Lucene peer's classic query parser also has (no NEAR, exact accents or facts).
  std::string Next(bool shared = false) {
    std::size_t choice = Pick(20);
    if (shared && (choice == 14 || choice == 15 || choice == 16 || choice == 19)) choice = Pick(14);
    switch (choice) {
      case 0:
      case 1:
      case 2:
      case 3: return Word() + " " + Word();  // AND of two words
      case 4:
      case 5: return Word() + " " + Word() + " " + Word();  // AND of three
      case 6:
      case 7:
      case 8: return "\"" + Bigram() + "\"";  // a phrase
      case 9:
      case 10: return "\"" + Bigram() + "\" " + Word();  // phrase AND word
      case 11:
      case 12: return "(" + Word() + " OR " + Word() + " OR " + Word() + ") " + Word();
      case 13: return "(" + Word() + " OR \"" + Bigram() + "\") NOT " + Word();
      case 14:
      case 15: return Word() + " NEAR/" + std::to_string(1 + Pick(8)) + " " + Word();
      case 16: return "\"" + Bigram() + "\" NEAR/5 " + Word();
      case 17: {
        std::string word = Word();
        return word.substr(0, std::max<std::size_t>(3, word.size() - 2)) + "* " + Word();
      }
      case 18: return "title:" + Word() + " " + Word();
      default: return Word() + (Pick(2) ? " lang:vi" : " lang:en");
    }
  }

 private:
  std::size_t Pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random_); }
  const std::string& Word() { return words_[Pick(words_.size())]; }
  const std::string& Bigram() { return bigrams_[Pick(bigrams_.size())]; }

  bool small_sample_ = false;
  std::mt19937_64 random_{42};
  std::vector<std::string> words_;
  std::vector<std::string> bigrams_;
};

}  // namespace chancery::monitor::bench
