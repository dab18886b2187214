// A framework as a 1EdTech CASE 1.1 CFPackage (JSON).
//
// Reading: the CFDocument is the framework; the CFItems the document's
// isChildOf associations point to are its areas, in sequenceNumber order,
// and every item below an area (at any depth, depth first) is one of that
// area's competences. A CFRubric criterion whose CFItemURI is a competence
// gives that competence its own scale; one that names no item, or the
// document, gives the framework's scale (the first such); one that names an
// area gives the scale to the area's competences that have none of their
// own. Levels are ordered by score, else by position, and numbered 1..N.
// Without a rubric for the document the framework gets a plain scale of
// five levels. Identifiers are the ids (or, for what skillpath wrote, the
// id its extensions carry); http(s) URIs are kept as source_uri.
//
// Writing: identifiers that are no UUID are mapped to a UUID (version 5, in
// a namespace of skillpath's own) and the id travels in the object's
// extensions and humanCodingScheme; a uri is the source_uri, or
// urn:uuid:<identifier>.
#include <google/protobuf/util/json_util.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "api/formats/framework_formats.h"
#include "case/v1p1/cfpackage.pb.h"
#include "core/model/errors.h"
#include "core/rules/validation.h"

namespace skillpath::formats {
namespace {

namespace cf = case_v1p1;
using core::InvalidField;

// Names and descriptions in other languages than CFDocument.language travel
// in extensions (CASE has one language per package), as
// "skillpathTranslations": [{"language": "nb", "name": "...", "description": "..."}].
constexpr int kDefaultLevels = 5;

bool IsHttpUri(absl::string_view uri) {
  return absl::StartsWithIgnoreCase(uri, "https://") || absl::StartsWithIgnoreCase(uri, "http://");
}

bool IsUuid(absl::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !absl::ascii_isxdigit(s[i])) return false;
  }
  return true;
}

// RFC 9562 version 5: SHA-1 of a namespace and a name.
std::string UuidFor(absl::string_view kind, absl::string_view id) {
  if (kind.empty() && IsUuid(id)) return absl::AsciiStrToLower(id);
  static constexpr std::array<unsigned char, 16> kNamespace = {0x8e, 0x0c, 0x54, 0x1b, 0x2f, 0x6a, 0x4d, 0x3e,
                                                               0x9b, 0x51, 0x7a, 0xc2, 0x0d, 0x93, 0x44, 0xf6};
  std::string name(reinterpret_cast<const char*>(kNamespace.data()), kNamespace.size());
  absl::StrAppend(&name, kind, kind.empty() ? "" : ":", id);
  std::array<unsigned char, SHA_DIGEST_LENGTH> h;
  SHA1(reinterpret_cast<const unsigned char*>(name.data()), name.size(), h.data());
  h[6] = (h[6] & 0x0F) | 0x50;
  h[8] = (h[8] & 0x3F) | 0x80;
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    absl::StrAppendFormat(&out, "%02x", h[i]);
  }
  return out;
}

std::string IdOf(const cf::Extensions& extensions, const std::string& identifier) {
  return extensions.skillpath_id().empty() ? identifier : extensions.skillpath_id();
}

std::string SourceUri(const std::string& uri) { return IsHttpUri(uri) ? uri : ""; }

std::vector<core::Translation> TranslationsOf(const cf::Extensions& extensions) {
  std::vector<core::Translation> out;
  for (const cf::Translation& t : extensions.skillpath_translations()) {
    out.push_back({t.language(), t.name(), t.description()});
  }
  return out;
}

void CarryTranslations(const std::vector<core::Translation>& texts, cf::Extensions* extensions) {
  for (const core::Translation& t : texts) {
    cf::Translation* m = extensions->add_skillpath_translations();
    m->set_language(t.language);
    m->set_name(t.name);
    m->set_description(t.description);
  }
}

// ---- reading ----

struct Parent {
  int item = -1;  // -1: the document
  int sequence = 0;
  int order = 0;  // the association's place in the file
};

class PackageReader {
 public:
  explicit PackageReader(const cf::CFPackage& p) : p_(p) {}

  absl::StatusOr<core::Framework> Read() {
    const cf::CFDocument& doc = p_.cf_document();
    if (doc.identifier().empty()) return InvalidField("CFDocument.identifier", "must not be empty");
    core::Framework f;
    f.id = IdOf(doc.extensions(), doc.identifier());
    RETURN_IF_ERROR(core::CheckId("CFDocument.identifier", f.id));
    if (doc.title().empty()) return InvalidField("CFDocument.title", "must not be empty");
    // A title is a name (CASE has no short form of it): cut only when it is
    // not one.
    f.name = core::CheckName("", doc.title()).ok() ? doc.title() : NameFromStatement(doc.title());
    f.version = doc.version();
    f.description = doc.description();
    f.source_uri = SourceUri(doc.uri());
    f.language = doc.language();
    f.translations = TranslationsOf(doc.extensions());
    RETURN_IF_ERROR(IndexItems());
    RETURN_IF_ERROR(ReadHierarchy());
    RETURN_IF_ERROR(BuildAreas(f));
    RETURN_IF_ERROR(ReadRubrics(f));
    if (f.scale.empty()) f.scale = DefaultScale(doc.language());
    return f;
  }

 private:
  absl::Status IndexItems() {
    for (int i = 0; i < p_.cf_items_size(); ++i) {
      const cf::CFItem& item = p_.cf_items(i);
      const std::string field = absl::StrCat("CFItems[", i, "].identifier");
      if (item.identifier().empty()) return InvalidField(field, "must not be empty");
      ids_.push_back(IdOf(item.extensions(), item.identifier()));
      RETURN_IF_ERROR(core::CheckId(field, ids_.back()));
      if (!by_identifier_.emplace(item.identifier(), i).second) {
        return InvalidField(field, absl::StrCat("'", item.identifier(), "' appears twice"));
      }
      if (!item.uri().empty()) by_uri_.emplace(item.uri(), i);
    }
    return absl::OkStatus();
  }

  // The item a link names, -1 for the document, nullopt for neither.
  std::optional<int> Find(const cf::LinkURI& link) const {
    const cf::CFDocument& doc = p_.cf_document();
    if (!link.identifier().empty()) {
      if (link.identifier() == doc.identifier()) return -1;
      auto it = by_identifier_.find(link.identifier());
      if (it != by_identifier_.end()) return it->second;
    }
    if (!link.uri().empty()) {
      if (link.uri() == doc.uri()) return -1;
      auto it = by_uri_.find(link.uri());
      if (it != by_uri_.end()) return it->second;
    }
    return std::nullopt;
  }

  static std::string Named(const cf::LinkURI& link) {
    return absl::StrCat("'", link.identifier().empty() ? link.uri() : link.identifier(), "'");
  }

  absl::Status ReadHierarchy() {
    parents_.assign(p_.cf_items_size(), std::nullopt);
    for (int k = 0; k < p_.cf_associations_size(); ++k) {
      const cf::CFAssociation& a = p_.cf_associations(k);
      if (a.association_type() != "isChildOf") continue;
      const std::string at = absl::StrCat("CFAssociations[", k, "]");
      const std::optional<int> child = Find(a.origin_node_uri());
      if (!child || *child < 0) {
        return InvalidField(at + ".originNodeURI", absl::StrCat(Named(a.origin_node_uri()), " is not an item of this package"));
      }
      const std::optional<int> parent = Find(a.destination_node_uri());
      if (!parent) {
        return InvalidField(at + ".destinationNodeURI",
                            absl::StrCat(Named(a.destination_node_uri()), " is neither the document nor an item of this package"));
      }
      if (*parent == *child) return InvalidField(at, absl::StrCat("item '", ids_[*child], "' is its own parent"));
      std::optional<Parent>& slot = parents_[*child];
      if (slot && slot->item != *parent) {
        return InvalidField(at, absl::StrCat("item '", ids_[*child], "' is a child of both ", ParentName(slot->item),
                                             " and ", ParentName(*parent), " (a competence has one place)"));
      }
      if (!slot) slot = Parent{*parent, a.sequence_number(), k};
    }
    for (int i = 0; i < p_.cf_items_size(); ++i) {
      if (!parents_[i]) {
        return InvalidField(absl::StrCat("CFItems[", i, "]"),
                            absl::StrCat("item '", ids_[i], "' has no isChildOf association to the document or an item"));
      }
      children_[parents_[i]->item].push_back(i);
    }
    for (auto& [parent, kids] : children_) {
      std::stable_sort(kids.begin(), kids.end(), [&](int a, int b) {
        return std::pair(parents_[a]->sequence, parents_[a]->order) < std::pair(parents_[b]->sequence, parents_[b]->order);
      });
    }
    return absl::OkStatus();
  }

  std::string ParentName(int item) const {
    return item < 0 ? std::string("the document") : absl::StrCat("'", ids_[item], "'");
  }

  static void Statements(const cf::CFItem& item, std::string* name, std::string* description) {
    if (!item.abbreviated_statement().empty()) {
      *name = item.abbreviated_statement();
      *description = item.full_statement() == *name ? "" : item.full_statement();
    } else {
      *name = NameFromStatement(item.full_statement());
      *description = *name == item.full_statement() ? "" : item.full_statement();
    }
  }

  absl::Status BuildAreas(core::Framework& f) {
    std::vector<bool> placed(p_.cf_items_size(), false);
    for (int a : children_[-1]) {
      const cf::CFItem& item = p_.cf_items(a);
      core::Area area;
      area.id = ids_[a];
      Statements(item, &area.name, &area.description);
      if (area.name.empty()) return InvalidField(absl::StrCat("CFItems[", a, "].fullStatement"), "must not be empty");
      area.source_uri = SourceUri(item.uri());
      area.translations = TranslationsOf(item.extensions());
      placed[a] = true;
      area_of_item_[a] = static_cast<int>(f.areas.size());
      std::vector<int> stack(children_[a].rbegin(), children_[a].rend());
      while (!stack.empty()) {
        const int c = stack.back();
        stack.pop_back();
        placed[c] = true;
        const cf::CFItem& ci = p_.cf_items(c);
        core::Competence comp;
        comp.id = ids_[c];
        comp.area_id = area.id;
        Statements(ci, &comp.name, &comp.description);
        if (comp.name.empty()) return InvalidField(absl::StrCat("CFItems[", c, "].fullStatement"), "must not be empty");
        comp.source_uri = SourceUri(ci.uri());
        comp.translations = TranslationsOf(ci.extensions());
        competence_of_item_[c] = {static_cast<int>(f.areas.size()), static_cast<int>(area.competences.size())};
        area.competences.push_back(std::move(comp));
        const auto& kids = children_[c];
        stack.insert(stack.end(), kids.rbegin(), kids.rend());
      }
      f.areas.push_back(std::move(area));
    }
    for (int i = 0; i < p_.cf_items_size(); ++i) {
      if (!placed[i]) {
        return InvalidField(absl::StrCat("CFItems[", i, "]"),
                            absl::StrCat("item '", ids_[i], "' is in a cycle of isChildOf associations, not under the document"));
      }
    }
    return absl::OkStatus();
  }

  static core::Scale ScaleOf(const cf::CFRubricCriterion& c) {
    std::vector<const cf::CFRubricCriterionLevel*> levels;
    bool scores = true, positions = true;
    for (const auto& l : c.cf_rubric_criterion_levels()) {
      levels.push_back(&l);
      scores &= l.has_score();
      positions &= l.has_position();
    }
    if (scores || positions) {
      std::stable_sort(levels.begin(), levels.end(), [&](const auto* a, const auto* b) {
        return scores ? a->score() < b->score() : a->position() < b->position();
      });
    }
    core::Scale s;
    for (const auto* l : levels) {
      core::ScaleLevel level;
      level.level = static_cast<int>(s.levels.size()) + 1;
      if (!l->quality().empty()) {
        level.name = l->quality();
        level.description = l->description();
      } else if (!l->description().empty()) {
        level.name = NameFromStatement(l->description());
        level.description = level.name == l->description() ? "" : l->description();
      } else {
        level.name = absl::StrCat(level.level);
      }
      level.translations = TranslationsOf(l->extensions());
      s.levels.push_back(std::move(level));
    }
    return s;
  }

  absl::Status ReadRubrics(core::Framework& f) {
    std::vector<std::pair<int, core::Scale>> for_areas;
    for (int r = 0; r < p_.cf_rubrics_size(); ++r) {
      const cf::CFRubric& rubric = p_.cf_rubrics(r);
      for (int k = 0; k < rubric.cf_rubric_criteria_size(); ++k) {
        const cf::CFRubricCriterion& c = rubric.cf_rubric_criteria(k);
        if (c.cf_rubric_criterion_levels().empty()) continue;
        std::optional<int> target = -1;
        if (c.has_cf_item_uri() && !(c.cf_item_uri().identifier().empty() && c.cf_item_uri().uri().empty())) {
          target = Find(c.cf_item_uri());
        }
        if (!target) {
          return InvalidField(absl::StrCat("CFRubrics[", r, "].CFRubricCriteria[", k, "].CFItemURI"),
                              absl::StrCat(Named(c.cf_item_uri()), " is neither the document nor an item of this package"));
        }
        core::Scale scale = ScaleOf(c);
        if (*target < 0) {
          if (f.scale.empty()) f.scale = std::move(scale);
        } else if (auto a = area_of_item_.find(*target); a != area_of_item_.end()) {
          for_areas.emplace_back(a->second, std::move(scale));
        } else {
          auto [area, index] = competence_of_item_.at(*target);
          core::Scale& own = f.areas[area].competences[index].scale;
          if (own.empty()) own = std::move(scale);
        }
      }
    }
    for (auto& [area, scale] : for_areas) {
      for (core::Competence& c : f.areas[area].competences) {
        if (c.scale.empty()) c.scale = scale;
      }
    }
    return absl::OkStatus();
  }

  static core::Scale DefaultScale(absl::string_view language) {
    const bool norwegian = absl::StartsWithIgnoreCase(language, "nb") || absl::StartsWithIgnoreCase(language, "nn") ||
                           absl::StartsWithIgnoreCase(language, "no");
    core::Scale s;
    for (int l = 1; l <= kDefaultLevels; ++l) s.levels.push_back({l, absl::StrCat(norwegian ? "Nivå " : "Level ", l), ""});
    return s;
  }

  const cf::CFPackage& p_;
  std::vector<std::string> ids_;
  std::map<std::string, int> by_identifier_, by_uri_;
  std::vector<std::optional<Parent>> parents_;
  std::map<int, std::vector<int>> children_;
  std::map<int, int> area_of_item_;
  std::map<int, std::pair<int, int>> competence_of_item_;
};

// ---- writing ----

class PackageWriter {
 public:
  PackageWriter(const core::Framework& f, absl::Time now)
      : f_(f), now_(absl::FormatTime("%Y-%m-%dT%H:%M:%S+00:00", now, absl::UTCTimeZone())) {}

  cf::CFPackage Write() {
    cf::CFDocument* doc = p_.mutable_cf_document();
    doc->set_identifier(UuidFor("", f_.id));
    doc->set_uri(Uri(f_.source_uri, doc->identifier()));
    doc->set_creator("skillpath");
    doc->set_title(f_.name);
    doc->set_last_change_date_time(now_);
    doc->set_description(f_.description);
    doc->set_version(f_.version);
    doc->set_language(f_.language);
    Carry(f_.id, doc->identifier(), doc->mutable_extensions());
    CarryTranslations(f_.translations, doc->mutable_extensions());
    doc_link_.set_title(f_.name);
    doc_link_.set_identifier(doc->identifier());
    doc_link_.set_uri(doc->uri());
    for (size_t a = 0; a < f_.areas.size(); ++a) {
      const core::Area& area = f_.areas[a];
      const cf::LinkURI area_link = Item(area.id, area.name, area.description, area.source_uri, area.translations, "Area");
      ChildOf(area_link, doc_link_, static_cast<int>(a) + 1);
      for (size_t c = 0; c < area.competences.size(); ++c) {
        const core::Competence& comp = area.competences[c];
        const cf::LinkURI link =
            Item(comp.id, comp.name, comp.description, comp.source_uri, comp.translations, "Competence");
        ChildOf(link, area_link, static_cast<int>(c) + 1);
        if (!comp.scale.empty()) own_scales_.emplace_back(link, &comp.scale);
      }
    }
    WriteRubric();
    return std::move(p_);
  }

 private:
  static std::string Uri(const std::string& source_uri, const std::string& identifier) {
    return source_uri.empty() ? absl::StrCat("urn:uuid:", identifier) : source_uri;
  }

  static void Carry(const std::string& id, const std::string& identifier, cf::Extensions* extensions) {
    if (id != identifier) extensions->set_skillpath_id(id);
  }

  cf::LinkURI Item(const std::string& id, const std::string& name, const std::string& description,
                   const std::string& source_uri, const std::vector<core::Translation>& translations,
                   const char* type) {
    cf::CFItem* item = p_.add_cf_items();
    item->set_identifier(UuidFor("", id));
    item->set_uri(Uri(source_uri, item->identifier()));
    // No description: the name is the whole statement. With one, or with a
    // name longer than a reader would take from a statement, the name is
    // the short form (and the statement the description, or the name).
    if (description.empty() && NameFromStatement(name) == name) {
      item->set_full_statement(name);
    } else {
      item->set_full_statement(description.empty() ? name : description);
      item->set_abbreviated_statement(name);
    }
    item->set_cf_item_type(type);
    item->set_human_coding_scheme(id);
    item->set_last_change_date_time(now_);
    *item->mutable_cf_document_uri() = doc_link_;
    Carry(id, item->identifier(), item->mutable_extensions());
    CarryTranslations(translations, item->mutable_extensions());
    cf::LinkURI link;
    link.set_title(name);
    link.set_identifier(item->identifier());
    link.set_uri(item->uri());
    return link;
  }

  void ChildOf(const cf::LinkURI& child, const cf::LinkURI& parent, int sequence) {
    cf::CFAssociation* a = p_.add_cf_associations();
    a->set_identifier(UuidFor("isChildOf", child.identifier() + "/" + parent.identifier()));
    a->set_uri(absl::StrCat("urn:uuid:", a->identifier()));
    a->set_association_type("isChildOf");
    a->set_sequence_number(sequence);
    *a->mutable_origin_node_uri() = child;
    *a->mutable_destination_node_uri() = parent;
    a->set_last_change_date_time(now_);
    *a->mutable_cf_document_uri() = doc_link_;
  }

  void Criterion(cf::CFRubric* rubric, const cf::LinkURI* item, const core::Scale& scale) {
    cf::CFRubricCriterion* c = rubric->add_cf_rubric_criteria();
    const std::string of = item ? item->identifier() : doc_link_.identifier();
    c->set_identifier(UuidFor("criterion", of));
    c->set_uri(absl::StrCat("urn:uuid:", c->identifier()));
    c->set_description(item ? item->title() : f_.name);
    if (item) *c->mutable_cf_item_uri() = *item;
    c->set_position(rubric->cf_rubric_criteria_size());
    c->set_rubric_id(rubric->identifier());
    c->set_last_change_date_time(now_);
    for (const core::ScaleLevel& l : scale.levels) {
      cf::CFRubricCriterionLevel* level = c->add_cf_rubric_criterion_levels();
      level->set_identifier(UuidFor("level", absl::StrCat(of, "/", l.level)));
      level->set_uri(absl::StrCat("urn:uuid:", level->identifier()));
      level->set_quality(l.name);
      level->set_description(l.description);
      level->set_score(l.level);
      level->set_position(l.level);
      level->set_rubric_criterion_id(c->identifier());
      level->set_last_change_date_time(now_);
      CarryTranslations(l.translations, level->mutable_extensions());
    }
  }

  void WriteRubric() {
    cf::CFRubric* rubric = p_.add_cf_rubrics();
    rubric->set_identifier(UuidFor("rubric", doc_link_.identifier()));
    rubric->set_uri(absl::StrCat("urn:uuid:", rubric->identifier()));
    rubric->set_title(f_.name);
    rubric->set_last_change_date_time(now_);
    Criterion(rubric, nullptr, f_.scale);
    for (const auto& [link, scale] : own_scales_) Criterion(rubric, &link, *scale);
  }

  const core::Framework& f_;
  const std::string now_;
  cf::CFPackage p_;
  cf::LinkURI doc_link_;
  std::vector<std::pair<cf::LinkURI, const core::Scale*>> own_scales_;
};

}  // namespace

absl::StatusOr<core::Framework> ReadCasePackage(absl::string_view json) {
  cf::CFPackage package;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  const auto parsed = google::protobuf::util::JsonStringToMessage(std::string(json), &package, options);
  if (!parsed.ok()) {
    return InvalidField("content", absl::StrCat("not a CASE 1.1 CFPackage: ", parsed.message().ToString()));
  }
  if (!package.has_cf_document()) return InvalidField("CFDocument", "missing: a CFPackage has one CFDocument");
  return PackageReader(package).Read();
}

std::string WriteCasePackage(const core::Framework& f, absl::Time now) {
  const cf::CFPackage package = PackageWriter(f, now).Write();
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = false;  // the json_names: the binding's
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(package, &out, options);
  return out;
}

}  // namespace skillpath::formats
