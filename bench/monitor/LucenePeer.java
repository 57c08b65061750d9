// The Lucene peer of bench/monitor: the stored-query approach of Lucene Monitor / Luwak on Apache Lucene 4.10 from
// Debian (liblucene4.10-java): each document goes into a MemoryIndex (title, and a "text" field with title and body)
// analysed like Chancery's pipeline (UAX #29 words, NFKC case folding, accents removed and đ → d, with ICU4J), and
// each candidate query is run against it. Lucene's ICUTokenizer and ICUFoldingFilter cannot be used here: their
// data files were compiled for ICU 53, and Debian's ICU4J (72) refuses them; StandardTokenizer implements the same
// UAX #29 rules, and the folding is done with ICU4J's own normalizer and transliterator. A
// term-based presearcher (as Luwak's) keeps only the queries with one of their positive terms in the document (or a
// prefix of one of its words); queries without such terms are run for every document.
//
//   java -cp ... LucenePeer QUERIES_TSV DOCUMENTS_TSV MATCHES_OUT
//     QUERIES_TSV    id <TAB> query in the classic QueryParser syntax (default field "text", default operator AND)
//     DOCUMENTS_TSV  title <TAB> body (tabs and newlines in the text replaced by spaces)
//     MATCHES_OUT    "document query" per line, then the timing is printed on standard output
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.util.ElisionFilter;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.Transliterator;
import org.apache.lucene.analysis.icu.ICUNormalizer2Filter;
import org.apache.lucene.analysis.icu.ICUTransformFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.*;
import org.apache.lucene.util.Version;

public final class LucenePeer {
  // Lucene 4.10's StandardTokenizer follows UAX #29 as of Unicode 6.3, where ':' and '·' join letters ("Ảnh:Getty"
  // is one word); ICU's current root rules, which Chancery follows, split there. The peer splits there too.
  static final NormalizeCharMap SPLIT;
  static {
    NormalizeCharMap.Builder builder = new NormalizeCharMap.Builder();
    for (String separator : new String[] {":", "\u00b7", "\ufe13", "\ufe55", "\uff1a"}) builder.add(separator, " ");
    SPLIT = builder.build();
  }

  static final class FoldingAnalyzer extends Analyzer {
    @Override
    protected Reader initReader(String field, Reader reader) {
      return new MappingCharFilter(SPLIT, reader);
    }

    @Override
    protected TokenStreamComponents createComponents(String field, Reader reader) {
      StandardTokenizer tokenizer = new StandardTokenizer(Version.LUCENE_4_10_4, reader);
      tokenizer.setMaxTokenLength(255);
      TokenStream elided = new ElisionFilter(tokenizer, FrenchAnalyzer.DEFAULT_ARTICLES);
      TokenStream folded = new ICUNormalizer2Filter(elided, Normalizer2.getNFKCCasefoldInstance());
      return new TokenStreamComponents(tokenizer, new ICUTransformFilter(folded, ACCENTS));
    }
  }

  // Accents off, and đ (a letter of its own, not a d with a mark) as d: the folding Chancery does.
  static final Transliterator ACCENTS =
      Transliterator.createFromRules("accents", ":: NFD; [:Nonspacing Mark:] > ; :: NFC; đ > d;", Transliterator.FORWARD);
  static final Analyzer ANALYZER = new FoldingAnalyzer();

  // Positive terms of a query (not under a MUST_NOT), and prefixes; false when some positive branch has neither.
  static boolean collect(Query query, Set<Term> terms, Set<Term> prefixes) {
    if (query instanceof TermQuery) {
      terms.add(((TermQuery) query).getTerm());
      return true;
    }
    if (query instanceof PhraseQuery) {
      Term[] phrase = ((PhraseQuery) query).getTerms();
      if (phrase.length == 0) return false;
      terms.add(phrase[0]);
      return true;
    }
    if (query instanceof PrefixQuery) {
      prefixes.add(((PrefixQuery) query).getPrefix());
      return true;
    }
    if (query instanceof BooleanQuery) {
      boolean any = false;
      boolean allShould = true;
      boolean hasMust = false;
      for (BooleanClause clause : ((BooleanQuery) query).clauses()) {
        if (clause.getOccur() == BooleanClause.Occur.MUST_NOT) continue;
        boolean ok = collect(clause.getQuery(), terms, prefixes);
        if (clause.getOccur() == BooleanClause.Occur.MUST) {
          hasMust = true;
          any |= ok;
        } else {
          allShould &= ok;
          any |= ok;
        }
      }
      return hasMust ? any : (any && allShould);
    }
    return false;
  }

  static List<String> tokens(String field, String text) throws IOException {
    List<String> out = new ArrayList<>();
    try (TokenStream stream = ANALYZER.tokenStream(field, text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) out.add(term.toString());
      stream.end();
    }
    return out;
  }

  public static void main(String[] args) throws Exception {
    List<String> queryLines = Files.readAllLines(Paths.get(args[0]), StandardCharsets.UTF_8);
    List<String> documentLines = Files.readAllLines(Paths.get(args[1]), StandardCharsets.UTF_8);
    int[] ids = new int[queryLines.size()];
    Query[] queries = new Query[queryLines.size()];
    Map<String, List<Integer>> byTerm = new HashMap<>();
    Map<String, List<Integer>> byPrefix = new HashMap<>();
    List<Integer> always = new ArrayList<>();
    long compileStart = System.nanoTime();
    for (int i = 0; i < queryLines.size(); i++) {
      String[] parts = queryLines.get(i).split("\t", 2);
      ids[i] = Integer.parseInt(parts[0]);
      QueryParser parser = new QueryParser(Version.LUCENE_4_10_4, "text", ANALYZER);
      parser.setDefaultOperator(QueryParser.Operator.AND);
      queries[i] = parser.parse(parts[1]);
      Set<Term> terms = new HashSet<>();
      Set<Term> prefixes = new HashSet<>();
      if (!collect(queries[i], terms, prefixes)) {
        always.add(i);
        continue;
      }
      for (Term term : terms) byTerm.computeIfAbsent(term.text(), k -> new ArrayList<>()).add(i);
      for (Term prefix : prefixes) byPrefix.computeIfAbsent(prefix.text(), k -> new ArrayList<>()).add(i);
    }
    double compileSeconds = (System.nanoTime() - compileStart) / 1e9;

    long bytes = 0;
    long start = System.nanoTime();
    long matches = 0;
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Paths.get(args[2]), StandardCharsets.UTF_8))) {
      boolean[] seen = new boolean[queries.length];
      for (int d = 0; d < documentLines.size(); d++) {
        String[] parts = documentLines.get(d).split("\t", 2);
        String title = parts[0];
        String body = parts.length > 1 ? parts[1] : "";
        bytes += title.getBytes(StandardCharsets.UTF_8).length + body.getBytes(StandardCharsets.UTF_8).length;
        MemoryIndex index = new MemoryIndex();
        index.addField("title", title, ANALYZER);
        // Title and body in one field, 100 positions apart, so that a phrase never runs from one into the other.
        index.addField("text", ANALYZER.tokenStream("text", title), 1.0f, 0);
        index.addField("text", ANALYZER.tokenStream("text", body), 1.0f, 100);
        // Presearcher: the queries with a positive term in the document, or a prefix of one of its words.
        Arrays.fill(seen, false);
        List<Integer> candidates = new ArrayList<>(always);
        for (int q : always) seen[q] = true;
        Set<String> words = new HashSet<>(tokens("text", title + " " + body));
        for (String word : words) {
          List<Integer> found = byTerm.get(word);
          if (found != null) for (int q : found) if (!seen[q]) { seen[q] = true; candidates.add(q); }
          if (!byPrefix.isEmpty()) {
            for (int end = 1; end <= word.length(); end++) {
              List<Integer> prefixed = byPrefix.get(word.substring(0, end));
              if (prefixed != null) for (int q : prefixed) if (!seen[q]) { seen[q] = true; candidates.add(q); }
            }
          }
        }
        for (int q : candidates) {
          if (index.search(queries[q]) > 0.0f) {
            out.println(d + " " + ids[q]);
            matches++;
          }
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "lucene: %d queries compiled in %.2f s; %d documents in %.2f s: %.0f documents/s, %.2f MB/s, %d matches%n",
        queries.length, compileSeconds, documentLines.size(), seconds, documentLines.size() / seconds,
        bytes / 1e6 / seconds, matches);
  }
}
