#include "core/index/read_index.h"

#include <algorithm>
#include <functional>
#include <numeric>
#include <set>
#include <tuple>

namespace skillpath::core {
namespace {
constexpr size_t kShards = 64;
size_t ShardOf(const std::string& id) { return std::hash<std::string>{}(id) % kShards; }

bool FactBefore(const Fact& a, const Fact& b) {
  return std::tie(a.competence, a.assessed_at) < std::tie(b.competence, b.assessed_at);
}
}  // namespace

std::optional<uint32_t> CompetenceTable::Find(const std::string& id) const {
  auto it = index.find(id);
  if (it == index.end() || !present[it->second]) return std::nullopt;
  return it->second;
}

std::optional<uint32_t> UnitTable::Find(const std::string& id) const {
  auto it = index.find(id);
  if (it == index.end()) return std::nullopt;
  return it->second;
}

std::vector<bool> UnitTable::Subtree(uint32_t root) const {
  std::vector<bool> in(units.size(), false);
  std::vector<uint32_t> stack = {root};
  while (!stack.empty()) {
    uint32_t u = stack.back();
    stack.pop_back();
    if (in[u]) continue;
    in[u] = true;
    for (uint32_t c : children[u]) stack.push_back(c);
  }
  return in;
}

// ---------------------------------------------------------------------------

const PersonState* PersonTable::Get(uint32_t index) const {
  if (index >= size_) return nullptr;
  return (*chunks_[index / kChunk])[index % kChunk].get();
}

std::optional<uint32_t> PersonTable::Find(const std::string& id) const {
  if (shards_.empty()) return std::nullopt;
  const auto& shard = *shards_[ShardOf(id)];
  auto it = shard.find(id);
  if (it == shard.end()) return std::nullopt;
  return it->second;
}

// Copies a chunk or a shard the first time the builder changes it.
class PersonTable::Builder {
 public:
  explicit Builder(const PersonTable& base) : table_(base) {
    if (table_.shards_.empty()) {
      for (size_t i = 0; i < kShards; ++i) {
        auto shard = std::make_shared<std::unordered_map<std::string, uint32_t>>();
        shard_copies_[i] = shard;
        table_.shards_.push_back(shard);
      }
    }
  }

  std::optional<uint32_t> Find(const std::string& id) const { return table_.Find(id); }
  const PersonState* Get(uint32_t index) const { return table_.Get(index); }

  uint32_t Add(const std::string& id) {
    const uint32_t index = static_cast<uint32_t>(table_.size_++);
    const size_t c = index / kChunk;
    if (c == table_.chunks_.size()) {
      auto chunk = std::make_shared<Chunk>();
      chunk->reserve(kChunk);
      chunk_copies_[c] = chunk;
      table_.chunks_.push_back(chunk);
    }
    MutableChunk(c).push_back(nullptr);
    const size_t s = ShardOf(id);
    auto& shard = shard_copies_[s];
    if (!shard) {
      shard = std::make_shared<std::unordered_map<std::string, uint32_t>>(*table_.shards_[s]);
      table_.shards_[s] = shard;
    }
    (*shard)[id] = index;
    return index;
  }

  void Set(uint32_t index, std::shared_ptr<const PersonState> state) {
    MutableChunk(index / kChunk)[index % kChunk] = std::move(state);
  }

  PersonTable Build() const { return table_; }

 private:
  Chunk& MutableChunk(size_t c) {
    auto& copy = chunk_copies_[c];
    if (!copy) {
      copy = std::make_shared<Chunk>(*table_.chunks_[c]);
      table_.chunks_[c] = copy;
    }
    return *copy;
  }

  PersonTable table_;
  std::unordered_map<size_t, std::shared_ptr<Chunk>> chunk_copies_;
  std::unordered_map<size_t, std::shared_ptr<std::unordered_map<std::string, uint32_t>>> shard_copies_;
};

// ---------------------------------------------------------------------------

IndexBuilder::IndexBuilder(std::shared_ptr<const IndexSnapshot> base)
    : base_(std::move(base)), people_(std::make_unique<PersonTable::Builder>(base_->people)) {}

IndexBuilder::~IndexBuilder() = default;

RoleSetTable& IndexBuilder::MutableRoleSets() {
  if (!role_sets_) role_sets_ = std::make_shared<RoleSetTable>(*base_->role_sets);
  return *role_sets_;
}

void IndexBuilder::SetFrameworks(const std::vector<Framework>& frameworks) {
  auto t = std::make_shared<CompetenceTable>(comp());
  std::fill(t->present.begin(), t->present.end(), false);
  // (framework id, area position, competence position) -> column order.
  std::vector<std::tuple<std::string, size_t, size_t, uint32_t>> order;
  for (const Framework& f : frameworks) {
    for (size_t a = 0; a < f.areas.size(); ++a) {
      const Area& area = f.areas[a];
      auto [ait, added_area] = t->area_index.emplace(area.id, static_cast<uint32_t>(t->areas.size()));
      if (added_area) t->areas.push_back(area.id);
      for (size_t c = 0; c < area.competences.size(); ++c) {
        const Competence& comp = area.competences[c];
        auto [it, added] = t->index.emplace(comp.id, static_cast<uint32_t>(t->ids.size()));
        const uint32_t i = it->second;
        if (added) {
          t->ids.push_back(comp.id);
          t->names.emplace_back();
          t->area_ids.emplace_back();
          t->meta.emplace_back();
          t->present.push_back(false);
        }
        t->area_ids[i] = area.id;
        t->names[i] = comp.name;
        t->meta[i].top = std::max(1, comp.scale.empty() ? f.scale.Top() : comp.scale.Top());
        t->meta[i].area = ait->second;
        t->present[i] = true;
        order.emplace_back(f.id, a, c, i);
      }
    }
  }
  std::sort(order.begin(), order.end());
  for (auto& m : t->meta) m.column = static_cast<int32_t>(order.size());  // dropped ones last
  for (size_t k = 0; k < order.size(); ++k) t->meta[std::get<3>(order[k])].column = static_cast<int32_t>(k);
  std::vector<uint32_t> by_id(t->ids.size());
  std::iota(by_id.begin(), by_id.end(), 0);
  std::sort(by_id.begin(), by_id.end(), [&](uint32_t a, uint32_t b) { return t->ids[a] < t->ids[b]; });
  for (size_t k = 0; k < by_id.size(); ++k) t->meta[by_id[k]].id_rank = static_cast<int32_t>(k);
  competences_ = std::move(t);
}

void IndexBuilder::SetRoles(const std::vector<Role>& roles) {
  RoleSetTable& rs = MutableRoleSets();
  rs.roles.clear();
  rs.role_names.clear();
  for (const Role& r : roles) {
    rs.role_names[r.id] = r.name;
    RoleTargets rt;
    rt.inherits = r.inherits_role_ids;
    for (const Target& t : r.targets) {
      if (auto c = comp().Find(t.competence_id)) rt.targets.emplace_back(*c, t);
    }
    rs.roles[r.id] = std::move(rt);
  }
  RecomputeMerged();
}

void IndexBuilder::RecomputeMerged() {
  RoleSetTable& rs = MutableRoleSets();
  auto find = [&rs](const std::string& id) -> const RoleTargets* {
    auto it = rs.roles.find(id);
    return it == rs.roles.end() ? nullptr : &it->second;
  };
  for (size_t i = 0; i < rs.sets.size(); ++i) rs.merged[i] = MergeTargets(rs.sets[i], find);
}

uint32_t IndexBuilder::RoleSetFor(std::vector<std::string> role_ids) {
  std::sort(role_ids.begin(), role_ids.end());
  role_ids.erase(std::unique(role_ids.begin(), role_ids.end()), role_ids.end());
  const RoleSetTable& current = role_sets_ ? *role_sets_ : *base_->role_sets;
  auto it = current.index.find(role_ids);
  if (it != current.index.end()) return it->second;
  RoleSetTable& rs = MutableRoleSets();
  const uint32_t i = static_cast<uint32_t>(rs.sets.size());
  rs.index[role_ids] = i;
  rs.merged.push_back(MergeTargets(role_ids, [&rs](const std::string& id) -> const RoleTargets* {
    auto r = rs.roles.find(id);
    return r == rs.roles.end() ? nullptr : &r->second;
  }));
  rs.sets.push_back(std::move(role_ids));
  return i;
}

void IndexBuilder::SetUnits(const std::vector<OrgUnit>& units_in) {
  auto t = std::make_shared<UnitTable>(units());
  for (const OrgUnit& u : units_in) {
    auto [it, added] = t->index.emplace(u.id, static_cast<uint32_t>(t->units.size()));
    if (added) {
      t->units.push_back(u);
    } else {
      t->units[it->second] = u;
    }
  }
  const size_t n = t->units.size();
  t->parent.assign(n, -1);
  t->children.assign(n, {});
  t->roots.clear();
  for (uint32_t i = 0; i < n; ++i) {
    auto p = t->Find(t->units[i].parent_id);
    if (!t->units[i].parent_id.empty() && p) {
      t->parent[i] = static_cast<int32_t>(*p);
      t->children[*p].push_back(i);
    } else {
      t->roots.push_back(i);
    }
  }
  auto by_id = [&t](uint32_t a, uint32_t b) { return t->units[a].id < t->units[b].id; };
  for (auto& c : t->children) std::sort(c.begin(), c.end(), by_id);
  std::sort(t->roots.begin(), t->roots.end(), by_id);
  units_ = std::move(t);
}

void IndexBuilder::SetCatalogue(std::vector<LearningResource> resources) {
  catalogue_ = std::make_shared<const std::vector<LearningResource>>(std::move(resources));
}

PersonState* IndexBuilder::Mutable(uint32_t index) {
  auto& slot = touched_[index];
  if (!slot) {
    const PersonState* existing = people_->Get(index);
    slot = existing ? std::make_shared<PersonState>(*existing) : std::make_shared<PersonState>();
  }
  return slot.get();
}

void IndexBuilder::UpsertPerson(const Person& p) {
  auto index = people_->Find(p.id);
  if (!index) index = people_->Add(p.id);
  PersonState* s = Mutable(*index);
  s->id = p.id;
  s->name = p.name;
  s->unit = units().Find(p.org_unit_id).value_or(0);
  s->role_set = RoleSetFor(p.role_ids);
  s->active = p.active;
}

std::optional<Fact> IndexBuilder::ToFact(const Assessment& a) const {
  auto c = comp().Find(a.competence_id);
  if (!c) return std::nullopt;
  return FactOf(a, *c);
}

void IndexBuilder::AddAssessment(const Assessment& a) {
  auto index = people_->Find(a.person_id);
  auto fact = ToFact(a);
  if (!index || !fact) return;
  std::vector<Fact>& facts = Mutable(*index)->facts;
  facts.insert(std::upper_bound(facts.begin(), facts.end(), *fact, FactBefore), *fact);
}

void IndexBuilder::SetFacts(const std::string& person_id, std::vector<Fact> recorded_order) {
  auto index = people_->Find(person_id);
  if (!index) return;
  std::stable_sort(recorded_order.begin(), recorded_order.end(), FactBefore);
  Mutable(*index)->facts = std::move(recorded_order);
}

std::shared_ptr<const IndexSnapshot> IndexBuilder::Build() {
  for (auto& [index, state] : touched_) people_->Set(index, std::move(state));
  touched_.clear();
  auto next = std::make_shared<IndexSnapshot>();
  next->competences = competences_ ? competences_ : base_->competences;
  next->units = units_ ? units_ : base_->units;
  next->role_sets = role_sets_ ? role_sets_ : base_->role_sets;
  next->catalogue = catalogue_ ? catalogue_ : base_->catalogue;
  next->people = people_->Build();
  return next;
}

}  // namespace skillpath::core
