// bench/monitor: standing-query matching over real news text (the shared corpus), at 1,000 / 10,000 / 100,000
// generated queries, on one core. See docs/benchmarks.md.
//
//   monitor_bench CORPUS_DIR [QUERY_COUNTS...]     e.g. monitor_bench ../shared/corpus 1000 10000 100000
//   monitor_bench CORPUS --peer OUT_DIR COUNT      files for the Lucene peer (bench/monitor/run.sh); CORPUS may
//                                                  also be one .jsonl file
//
// For each query count it reports: compile time and database size; the matching stage (normalized text in,
// matches out) in documents/s and MB/s; end to end (raw text in: NFC, words, folding, language detection with CLD2,
// matching); and the limit, a
// bare Vectorscan scan of the same folded text for the same literals with no verification.
#include <hs/hs.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "bench/monitor/bench_corpus.hpp"
#include "modules/monitor/language.hpp"
#include "modules/monitor/matcher.hpp"
#include "modules/monitor/query.hpp"

namespace {

using namespace chancery::monitor;
using namespace chancery::monitor::bench;

struct ScanCounter {
  static int OnMatch(unsigned int, unsigned long long, unsigned long long, unsigned int, void* context) {
    ++*static_cast<std::size_t*>(context);
    return 0;
  }
};

}  // namespace

// Writes the files the Lucene peer reads (queries as Chancery prints them, documents as tab-separated text) and
// Chancery's own matches over the same queries, for bench/monitor/run.sh to compare and time side by side.
int WritePeerFiles(const std::vector<RawDocument>& raw, const std::vector<Article>& articles, QueryGenerator& generator,
                   int count, const std::string& directory) {
  std::vector<StandingQuery> queries;
  std::ofstream query_file(directory + "/queries.tsv");
  while (static_cast<int>(queries.size()) < count) {
    auto root = ParseQuery(generator.Next(true));
    if (!root.ok()) continue;
    const auto id = static_cast<std::int64_t>(queries.size());
    query_file << id << "\t" << ToString(**root) << "\n";
    queries.push_back({.id = id, .root = *root});
  }
  std::ofstream document_file(directory + "/documents.tsv");
  const auto flat = [](std::string text) {
    for (char& c : text) {
      if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    }
    return text;
  };
  for (const RawDocument& document : raw) document_file << flat(document.title) << "\t" << flat(document.text) << "\n";
  auto compiled = QuerySet::Compile(std::move(queries));
  if (!compiled.ok()) {
    std::cerr << compiled.status().ToString() << "\n";
    return 1;
  }
  std::ofstream matches_file(directory + "/chancery-matches.txt");
  double bytes = 0;
  for (const RawDocument& document : raw) bytes += static_cast<double>(document.title.size() + document.text.size());
  const auto start = Clock::now();
  std::size_t matches = 0;
  for (std::size_t d = 0; d < articles.size(); ++d) {
    for (const QueryMatch& match : (*compiled)->Match(articles[d])) {
      matches_file << d << " " << match.query_id << "\n";
      ++matches;
    }
  }
  const double seconds = Seconds(Clock::now() - start);
  std::printf("chancery: %d queries; %zu documents in %.2f s: %.0f documents/s, %.2f MB/s, %zu matches\n", count,
              articles.size(), seconds, static_cast<double>(articles.size()) / seconds, bytes / 1e6 / seconds, matches);
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: monitor_bench CORPUS_DIR [QUERY_COUNTS...]\n"
                 "       monitor_bench CORPUS_DIR --peer OUT_DIR QUERY_COUNT\n";
    return 2;
  }
  std::string peer_directory;
  std::vector<int> counts;
  for (int i = 2; i < argc; ++i) {
    if (std::string(argv[i]) == "--peer" && i + 1 < argc) {
      peer_directory = argv[++i];
      continue;
    }
    counts.push_back(std::stoi(argv[i]));
  }
  if (counts.empty()) counts = {1000, 10000, 100000};

  const std::vector<RawDocument> raw = LoadCorpus(argv[1]);
  double megabytes = 0;
  for (const RawDocument& document : raw)
    megabytes += static_cast<double>(document.title.size() + document.text.size());
  megabytes /= 1e6;
  std::vector<Article> articles;
  const auto normalize_start = Clock::now();
  for (const RawDocument& document : raw) {
    articles.push_back({.title = Normalize(document.title), .body = Normalize(document.text), .lang = document.lang});
  }
  const double normalize_seconds = Seconds(Clock::now() - normalize_start);
  std::printf("corpus: %zu documents, %.1f MB; normalization alone: %.0f documents/s, %.1f MB/s\n", raw.size(),
              megabytes, static_cast<double>(raw.size()) / normalize_seconds, megabytes / normalize_seconds);

  QueryGenerator generator(articles);
  if (!peer_directory.empty()) {
    return WritePeerFiles(raw, articles, generator, counts.empty() ? 10000 : counts.front(), peer_directory);
  }
  std::printf("%8s %9s %9s %10s %14s %12s %14s %12s %14s %10s\n", "queries", "compile", "db", "rss", "match docs/s",
              "match MB/s", "e2e docs/s", "e2e MB/s", "raw scan d/s", "matches");
  for (int count : counts) {
    std::vector<StandingQuery> queries;
    while (static_cast<int>(queries.size()) < count) {
      auto root = ParseQuery(generator.Next());
      if (root.ok()) queries.push_back({.id = static_cast<std::int64_t>(queries.size()), .root = *root});
    }
    const auto compile_start = Clock::now();
    auto compiled = QuerySet::Compile(std::move(queries));
    const double compile_seconds = Seconds(Clock::now() - compile_start);
    if (!compiled.ok()) {
      std::cerr << compiled.status().ToString() << "\n";
      return 1;
    }
    const QuerySet& set = **compiled;

    // Matching stage: normalized text in, matches out; at least two passes and two seconds.
    std::size_t matches = 0;
    std::size_t matched_documents = 0;
    const auto match_start = Clock::now();
    int passes = 0;
    do {
      for (const Article& article : articles) {
        matches += set.Match(article).size();
        ++matched_documents;
      }
      ++passes;
    } while (passes < 2 || Seconds(Clock::now() - match_start) < 2.0);
    const double match_seconds = Seconds(Clock::now() - match_start);

    // End to end: raw text in.
    const auto e2e_start = Clock::now();
    std::size_t e2e_documents = 0;
    for (const RawDocument& document : raw) {
      Article article{.title = Normalize(document.title),
                      .body = Normalize(document.text),
                      .lang = DetectLanguage(document.title + "\n" + document.text).code};
      (void)set.Match(article);
      ++e2e_documents;
    }
    const double e2e_seconds = Seconds(Clock::now() - e2e_start);

    // The limit: one bare Vectorscan scan of the same folded text for the same literals.
    const std::vector<std::string> literals = set.LiteralTexts();
    std::vector<const char*> expressions;
    std::vector<std::size_t> lengths;
    std::vector<unsigned> ids, flags(literals.size(), 0);
    for (std::size_t i = 0; i < literals.size(); ++i) {
      expressions.push_back(literals[i].data());
      lengths.push_back(literals[i].size());
      ids.push_back(static_cast<unsigned>(i));
    }
    hs_database_t* database = nullptr;
    hs_compile_error_t* error = nullptr;
    hs_compile_lit_multi(expressions.data(), flags.data(), ids.data(), lengths.data(),
                         static_cast<unsigned>(expressions.size()), HS_MODE_BLOCK, nullptr, &database, &error);
    hs_scratch_t* scratch = nullptr;
    hs_alloc_scratch(database, &scratch);
    std::size_t hits = 0;
    std::size_t scanned = 0;
    const auto scan_start = Clock::now();
    do {
      for (const Article& article : articles) {
        hs_scan(database, article.title.folded.data(), static_cast<unsigned>(article.title.folded.size()), 0, scratch,
                &ScanCounter::OnMatch, &hits);
        hs_scan(database, article.body.folded.data(), static_cast<unsigned>(article.body.folded.size()), 0, scratch,
                &ScanCounter::OnMatch, &hits);
        ++scanned;
      }
    } while (Seconds(Clock::now() - scan_start) < 1.0);
    const double scan_seconds = Seconds(Clock::now() - scan_start);
    hs_free_scratch(scratch);
    hs_free_database(database);

    std::printf("%8d %8.2fs %7.1fMB %8ldMB %14.0f %12.1f %14.0f %12.1f %14.0f %10.1f\n", count, compile_seconds,
                static_cast<double>(set.database_bytes()) / 1e6, ResidentKb() / 1024,
                static_cast<double>(matched_documents) / match_seconds, megabytes * passes / match_seconds,
                static_cast<double>(e2e_documents) / e2e_seconds, megabytes / e2e_seconds,
                static_cast<double>(scanned) / scan_seconds,
                static_cast<double>(matches) / static_cast<double>(matched_documents));
  }
  return 0;
}
