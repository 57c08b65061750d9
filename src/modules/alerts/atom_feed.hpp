// The public alerts as an Atom 1.0 feed (RFC 4287), the form in which feed readers and alert aggregators poll for
// CAP messages: one entry per alert, linking to its CAP document.
//
// An entry's id is the alert's CAP identifier, which must therefore be a URN ("urn:oid:…", "urn:uuid:…"): an
// Atom id is a permanent IRI, and using the identifier itself lets a reader tie the entry to the CAP message.
// Its title is the headline, its summary the description, and its one link is
// <link rel="alternate" type="application/cap+xml" href="…"/> to the CAP XML. Times are RFC 3339 at their
// offset, "Z" for UTC.
//
// kInvalidArgument, naming the field, for an empty feed id, title, self link or author, an entry without a URN,
// headline or CAP link, and text that XML cannot carry (see CheckXmlText).
//
// Thread-safety: a pure function; it may run on any number of threads at once.
#pragma once

#include <string>
#include <vector>

#include "core/status.hpp"
#include "modules/alerts/cap_xml.hpp"

namespace chancery::alerts {

struct AtomEntry {
  std::string cap_identifier;  // a URN; becomes the entry's id
  std::string headline;
  CapTime updated;
  std::string description;  // the summary; left out when empty
  std::string cap_url;      // where the CAP XML of the alert is served
};

struct AtomFeed {
  std::string id;  // a permanent IRI for the feed, e.g. its first URL
  std::string title;
  CapTime updated;
  std::string self_url;
  std::string author_name;  // Atom needs an author; the feed's serves every entry
  std::string language;     // xml:lang of the feed, e.g. "vi"; left out when empty
  std::vector<AtomEntry> entries;
};

Result<std::string> WriteAtomFeed(const AtomFeed& feed);

}  // namespace chancery::alerts
