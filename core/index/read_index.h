#pragma once
// The in-memory read index of gap computations: people (with their
// assessment facts), the unit tree, the competence table and merged role
// targets, as one immutable snapshot. Readers take the current snapshot (one
// atomic pointer load) and compute on it without locks; the writer builds
// the next snapshot after each committed batch and publishes it with one
// atomic store, so readers never wait for the writer and always see whole
// batches.
//
// Updates copy only what they touch: people live in fixed-size chunks shared
// between snapshots, and a batch copies the chunks of the people it changes.
// Pure: no I/O; db/ loads and feeds it.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/gap/gap.h"
#include "core/model/types.h"

namespace skillpath::core {

// Competences of every framework, with indices that stay stable for the
// life of the process (a dropped competence keeps its slot, not present).
struct CompetenceTable {
  std::vector<std::string> ids;
  std::vector<std::string> names;
  std::vector<std::string> area_ids;
  std::vector<CompetenceMeta> meta;
  std::vector<bool> present;
  std::unordered_map<std::string, uint32_t> index;
  std::vector<std::string> areas;  // area id by area index
  std::unordered_map<std::string, uint32_t> area_index;

  std::optional<uint32_t> Find(const std::string& id) const;
};

struct UnitTable {
  std::vector<OrgUnit> units;  // by index
  std::vector<int32_t> parent;  // parent index, -1 for a root
  std::vector<std::vector<uint32_t>> children;  // in id order
  std::vector<uint32_t> roots;
  std::unordered_map<std::string, uint32_t> index;

  std::optional<uint32_t> Find(const std::string& id) const;
  // in_subtree[u] is true for `root` and every unit below it.
  std::vector<bool> Subtree(uint32_t root) const;
};

// Distinct combinations of roles that people hold, each with its merged
// targets; people refer to a set by index.
struct RoleSetTable {
  std::map<std::string, RoleTargets> roles;
  std::map<std::string, std::string> role_names;
  std::vector<std::vector<std::string>> sets;  // sorted role ids
  std::vector<std::vector<MergedTarget>> merged;
  std::map<std::vector<std::string>, uint32_t> index;
};

struct PersonState {
  std::string id;
  std::string name;
  uint32_t unit = 0;
  uint32_t role_set = 0;
  bool active = true;
  std::vector<Fact> facts;  // sorted by (competence, assessed_at, recorded order)
};

// People by dense index in copy-on-write chunks, and their ids.
class PersonTable {
 public:
  static constexpr size_t kChunk = 256;
  using Chunk = std::vector<std::shared_ptr<const PersonState>>;

  size_t size() const { return size_; }
  // nullptr for an index past the end.
  const PersonState* Get(uint32_t index) const;
  std::optional<uint32_t> Find(const std::string& id) const;

  class Builder;

 private:
  std::vector<std::shared_ptr<const Chunk>> chunks_;
  std::vector<std::shared_ptr<const std::unordered_map<std::string, uint32_t>>> shards_;
  size_t size_ = 0;
};

struct IndexSnapshot {
  std::shared_ptr<const CompetenceTable> competences = std::make_shared<CompetenceTable>();
  std::shared_ptr<const UnitTable> units = std::make_shared<UnitTable>();
  std::shared_ptr<const RoleSetTable> role_sets = std::make_shared<RoleSetTable>();
  std::shared_ptr<const std::vector<LearningResource>> catalogue =
      std::make_shared<std::vector<LearningResource>>();
  PersonTable people;
};

// Holds the current snapshot. Current() and Publish() may be called from any
// thread; a snapshot once published is never changed.
class ReadIndex {
 public:
  ReadIndex() : current_(std::make_shared<const IndexSnapshot>()) {}
  std::shared_ptr<const IndexSnapshot> Current() const { return std::atomic_load(&current_); }
  void Publish(std::shared_ptr<const IndexSnapshot> next) { std::atomic_store(&current_, std::move(next)); }

 private:
  std::shared_ptr<const IndexSnapshot> current_;
};

// Builds the next snapshot from the current one plus changes. Not
// thread-safe (the writer owns it while building). Order of calls: tables
// (frameworks, units, roles) before the people that refer to them.
class IndexBuilder {
 public:
  explicit IndexBuilder(std::shared_ptr<const IndexSnapshot> base);
  ~IndexBuilder();

  // Replace the competence table with these frameworks (indices of known
  // competences are kept). Merged targets are recomputed.
  void SetFrameworks(const std::vector<Framework>& frameworks);
  // Replace all roles; merged targets of every role set are recomputed.
  void SetRoles(const std::vector<Role>& roles);
  // Replace the unit tree (indices of known units are kept).
  void SetUnits(const std::vector<OrgUnit>& units);
  // Replace the catalogue of learning resources.
  void SetCatalogue(std::vector<LearningResource> resources);
  // Insert or replace a person's profile; keeps their facts.
  void UpsertPerson(const Person& person);
  // Appends an assessment to its person's facts (after any with the same
  // competence and time: it was recorded later). Ignored for an unknown
  // person or competence.
  void AddAssessment(const Assessment& assessment);
  // Replace a person's facts wholesale; `recorded_order` holds them in the
  // order they were recorded (start-up load). Ignored for an unknown person.
  void SetFacts(const std::string& person_id, std::vector<Fact> recorded_order);

  // The competence table as it stands in this builder.
  const CompetenceTable& competences() const { return comp(); }

  std::shared_ptr<const IndexSnapshot> Build();

 private:
  PersonState* Mutable(uint32_t index);
  uint32_t RoleSetFor(std::vector<std::string> role_ids);
  void RecomputeMerged();
  std::optional<Fact> ToFact(const Assessment& a) const;

  std::shared_ptr<const IndexSnapshot> base_;
  std::shared_ptr<CompetenceTable> competences_;  // set when changed
  std::shared_ptr<UnitTable> units_;
  std::shared_ptr<RoleSetTable> role_sets_;
  std::shared_ptr<const std::vector<LearningResource>> catalogue_;
  std::unique_ptr<PersonTable::Builder> people_;
  std::unordered_map<uint32_t, std::shared_ptr<PersonState>> touched_;
  const CompetenceTable& comp() const { return competences_ ? *competences_ : *base_->competences; }
  const UnitTable& units() const { return units_ ? *units_ : *base_->units; }
  RoleSetTable& MutableRoleSets();
};

}  // namespace skillpath::core
