// OrgService.ImportOrgUnits / ImportPeople over a real server (issue #13):
// files shaped like real HR exports, streamed in small messages; dry run
// and apply, --sync and the tokens of the people it deactivates, manual
// roles kept, all or nothing, who may import; and UpsertPerson's
// update_mask.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/service_test.h"

namespace skillpath::services::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

// Visma-style: BOM, ';', CRLF, Norwegian headers; a quoted note with a line
// break (an ignored column) moves the following rows' line numbers down.
const char kUnits[] =
    "\xEF\xBB\xBF" "Enhetskode;Enhetsnavn;Overordnet;Leder\r\n"
    "K;Eksempel kommune;;1001\r\n"
    "HO;Helse og omsorg;K;1002\r\n"
    "SYK;\"Sykehjem; avd. A\";HO;\r\n";
const char kPeople[] =
    "\xEF\xBB\xBF" "Ansattnr;Navn;Epost;Enhet;Stilling;Leder;Merknad\r\n"
    "1001;Kari Rådmann;kari@k.no;K;Kommunedirektør;;\r\n"
    "1002;Per Helse;per@k.no;HO;Kommunalsjef;1001;\"Fra 1. mai:\r\nkonstituert\"\r\n"
    "1003;Liv Pleier;liv@k.no;SYK;Sykepleier;1002;\r\n"
    "1004;Ola Nordmann;ola@k.no;SYK;Sykepleier;1002;\r\n";

v1::OrgImportOptions PeopleOptions() {
  v1::OrgImportOptions o;
  auto& m = *o.mutable_map();
  m["id"] = "Ansattnr";
  m["name"] = "Navn";
  m["email"] = "Epost";
  m["org_unit_id"] = "Enhet";
  m["position"] = "Stilling";
  m["manager_id"] = "Leder";
  o.add_ignore("Merknad");
  o.set_file_name("ansatte.csv");
  return o;
}

v1::OrgImportOptions UnitOptions() {
  v1::OrgImportOptions o;
  auto& m = *o.mutable_map();
  m["id"] = "Enhetskode";
  m["name"] = "Enhetsnavn";
  m["parent_id"] = "Overordnet";
  m["manager_id"] = "Leder";
  return o;
}

class OrgImportTest : public ServiceTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(StartServer());
    for (const char* id : {"ansatt", "sykepleier", "personvernombud"}) {
      v1::Role r;
      r.set_id(id);
      r.set_name(id);
      ASSERT_TRUE(Upsert(r).ok());
    }
  }

  // Streams `content` in messages of `chunk` bytes, the options first.
  grpc::Status Import(bool people, const std::string& content, v1::OrgImportOptions options, v1::OrgImportResult* out,
                      v1::OrgService::Stub* stub = nullptr, size_t chunk = 7, int64_t announced = -1) {
    grpc::ClientContext ctx;
    stub = stub ? stub : org_.get();
    auto stream = people ? stub->ImportPeople(&ctx, out) : stub->ImportOrgUnits(&ctx, out);
    options.set_content_length(announced >= 0 ? announced : static_cast<int64_t>(content.size()));
    for (size_t at = 0; at == 0 || at < content.size(); at += chunk) {
      v1::OrgImportChunk m;
      if (at == 0) *m.mutable_options() = options;
      m.set_content(content.substr(at, chunk));
      if (!stream->Write(m)) break;
    }
    stream->WritesDone();
    return stream->Finish();
  }
  v1::OrgImportResult MustImport(bool people, const std::string& content, const v1::OrgImportOptions& options) {
    v1::OrgImportResult r;
    grpc::Status s = Import(people, content, options, &r);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return r;
  }
  v1::Person Get(const std::string& id) {
    v1::GetRequest req;
    req.set_id(id);
    return Call(&v1::OrgService::Stub::GetPerson, org_.get(), req);
  }
  int People() {
    return Call(&v1::OrgService::Stub::ListPeople, org_.get(), v1::ListPeopleRequest()).people_size();
  }
};

TEST_F(OrgImportTest, AVismaExportComesInWithItsNorwegianHeadersMapped) {
  v1::OrgImportResult units = MustImport(false, kUnits, UnitOptions());
  EXPECT_TRUE(units.applied());
  EXPECT_EQ(units.created(), 3);
  EXPECT_EQ(units.separator(), ";");
  EXPECT_EQ(units.warnings_size(), 2) << "managers 1001 and 1002 are not people yet";

  v1::OrgImportOptions dry = PeopleOptions();
  dry.set_dry_run(true);
  v1::OrgImportResult preview = MustImport(true, kPeople, dry);
  EXPECT_FALSE(preview.applied());
  EXPECT_EQ(preview.created(), 4);
  EXPECT_EQ(People(), 0) << "a dry run writes nothing";

  v1::OrgImportResult applied = MustImport(true, kPeople, PeopleOptions());
  EXPECT_TRUE(applied.applied());
  EXPECT_EQ(applied.created(), 4);
  ASSERT_EQ(applied.changes_size(), 4);
  EXPECT_EQ(applied.changes(2).line(), 5) << "the quoted line break on line 3 moves Liv to line 5";
  EXPECT_EQ(Get("1003").name(), "Liv Pleier");
  // The data's managers manage: Kari leads K and is Per's manager (in HO),
  // Per leads HO and is Liv's and Ola's manager (in SYK).
  EXPECT_THAT(Get("1001").manages_unit_ids(), UnorderedElementsAre("K", "HO"));
  EXPECT_THAT(Get("1002").manages_unit_ids(), UnorderedElementsAre("HO", "SYK"));
  EXPECT_TRUE(Get("1002").managed_units(0).from_data());

  v1::OrgImportResult again = MustImport(true, kPeople, PeopleOptions());
  EXPECT_FALSE(again.applied());
  EXPECT_EQ(again.unchanged(), 4);
  EXPECT_THAT(again.summary(), HasSubstr("nothing to change"));
}

TEST_F(OrgImportTest, RejectedRowsNameTheirLineAndColumnAndNothingIsWritten) {
  MustImport(false, kUnits, UnitOptions());
  const std::string bad = std::string(kPeople) +
                          "1003;Liv Igjen;liv2@k.no;SYK;Sykepleier;1002;\r\n"   // line 7: a duplicate id
                          "1005;Eva;eva@k.no;SYK;Sykepleier;9999;\r\n"          // line 8: a manager nobody knows
                          "1006;Tor;tor@k.no;NOPE;Sykepleier;;\r\n";            // line 9: an unknown unit
  v1::OrgImportResult r;
  ASSERT_TRUE(Import(true, bad, PeopleOptions(), &r).ok());
  EXPECT_FALSE(r.applied());
  EXPECT_EQ(r.rejected(), 3);
  std::vector<std::string> errors;
  for (const auto& e : r.errors()) errors.push_back(absl::StrCat(e.line(), " ", e.column(), ": ", e.message()));
  EXPECT_THAT(errors, ElementsAre("7 Ansattnr: person '1003' appears again (first on line 5)",
                                  "9 Enhet: unknown unit 'NOPE'",
                                  "8 Leder: unknown person '9999': neither stored nor in the file"));
  EXPECT_EQ(People(), 0) << "an import with a rejected row writes nothing, not even its good rows";

  // A unit cycle and an unknown column.
  v1::OrgImportResult cycle;
  ASSERT_TRUE(Import(false, "id;name;parent_id\nA;Enhet A;B\nB;Enhet B;A\n", {}, &cycle).ok());
  ASSERT_EQ(cycle.errors_size(), 1);
  EXPECT_EQ(cycle.errors(0).line(), 2);
  EXPECT_THAT(cycle.errors(0).message(), HasSubstr("the units would form a cycle: A -> B -> A"));
  v1::OrgImportResult unknown;
  grpc::Status s = Import(true, "Ansattnr;Navn;Stillingsprosent\n1;Kari;100\n", PeopleOptions(), &unknown);
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("--map email=Epost: line 1 has no column 'Epost'"));
  v1::OrgImportOptions plain;
  s = Import(true, "id;name;Stillingsprosent\n1;Kari;100\n", plain, &unknown);
  EXPECT_THAT(s.error_message(), HasSubstr("line 1: column 'Stillingsprosent' is not person fields"));
}

TEST_F(OrgImportTest, ACutUploadWritesNothing) {
  MustImport(false, kUnits, UnitOptions());
  v1::OrgImportResult r;
  grpc::Status cut = Import(true, kPeople, PeopleOptions(), &r, nullptr, 7, sizeof(kPeople) + 100);
  EXPECT_EQ(cut.error_code(), grpc::DATA_LOSS) << cut.error_message();
  EXPECT_EQ(People(), 0);
}

TEST_F(OrgImportTest, SyncDeactivatesTheLeaversStopsTheirTokensAndKeepsRolesGivenByHand) {
  MustImport(false, kUnits, UnitOptions());
  v1::OrgImportOptions with_roles = PeopleOptions();
  MustImport(true, kPeople, with_roles);
  v1::RoleAssignment by_hand;
  by_hand.set_person_id("1003");
  by_hand.set_role_id("personvernombud");
  Call(&v1::OrgService::Stub::AssignRole, org_.get(), by_hand);
  auto ola = v1::OrgService::NewStub(ChannelWithGrant(*server_, core::Grant::kEmployee, "1004"));
  v1::GetRequest self;
  self.set_id("1004");
  {
    grpc::ClientContext ctx;
    v1::Person me;
    ASSERT_TRUE(ola->GetPerson(&ctx, self, &me).ok()) << "Ola's token works before the sync";
  }
  // Ola has left: the next export does not list him.
  std::string without_ola = kPeople;
  without_ola.resize(without_ola.find("1004;"));
  v1::OrgImportOptions sync = PeopleOptions();
  sync.set_sync(true);
  v1::OrgImportResult r = MustImport(true, without_ola, sync);
  EXPECT_EQ(r.deactivated(), 1);
  ASSERT_GE(r.changes_size(), 1);
  const auto& gone = r.changes(r.changes_size() - 1);
  EXPECT_EQ(gone.kind(), v1::OrgImportChange::DEACTIVATED);
  EXPECT_EQ(gone.id(), "1004");
  EXPECT_FALSE(Get("1004").active());
  EXPECT_THAT(Get("1003").role_ids(), ElementsAre("personvernombud")) << "the role given by hand stays";
  grpc::ClientContext ctx;
  v1::Person me;
  grpc::Status refused = ola->GetPerson(&ctx, self, &me);
  EXPECT_EQ(refused.error_code(), grpc::UNAUTHENTICATED) << "a leaver's token stops at once";
  EXPECT_EQ(People(), 4) << "never deleted";
}

TEST_F(OrgImportTest, HrMayImportAManagerMayNot) {
  auto hr = v1::OrgService::NewStub(ChannelWithGrant(*server_, core::Grant::kHr));
  v1::OrgImportResult r;
  EXPECT_TRUE(Import(false, kUnits, UnitOptions(), &r, hr.get()).ok());
  EXPECT_TRUE(Import(true, kPeople, PeopleOptions(), &r, hr.get()).ok());
  auto manager = v1::OrgService::NewStub(ChannelWithGrant(*server_, core::Grant::kManager, "1002"));
  EXPECT_EQ(Import(false, kUnits, UnitOptions(), &r, manager.get()).error_code(), grpc::PERMISSION_DENIED);
}

TEST_F(OrgImportTest, JsonLinesWorkAndAKeyMissingOnALineLeavesThatField) {
  MustImport(false, "id,name\nK,Kommune\n", {});
  MustImport(true, "{\"id\": 1, \"name\": \"Kari\", \"email\": \"kari@k.no\", \"org_unit_id\": \"K\", \"roles\": [\"ansatt\"]}\n", {});
  v1::OrgImportResult r = MustImport(true, "{\"id\": 1, \"name\": \"Kari Nordmann\"}\n", {});
  EXPECT_EQ(r.format(), "jsonl");
  ASSERT_EQ(r.changes_size(), 1);
  ASSERT_EQ(r.changes(0).fields_size(), 1);
  EXPECT_EQ(r.changes(0).fields(0).field(), "name");
  EXPECT_EQ(Get("1").email(), "kari@k.no");
  EXPECT_THAT(Get("1").role_ids(), ElementsAre("ansatt"));
}

TEST_F(OrgImportTest, AnUpsertWithAnUpdateMaskChangesOnlyWhatItNames) {
  MustImport(false, "id,name\nK,Kommune\n", {});
  v1::Person kari;
  kari.set_id("1");
  kari.set_name("Kari");
  kari.set_email("kari@k.no");
  kari.set_org_unit_id("K");
  kari.add_role_ids("ansatt");
  ASSERT_TRUE(Upsert(kari).ok());
  v1::Person patch;
  patch.set_id("1");
  patch.set_email("kari.nordmann@k.no");
  patch.mutable_update_mask()->add_paths("email");
  v1::Person stored;
  ASSERT_TRUE(Upsert(patch, &stored).ok());
  EXPECT_EQ(stored.email(), "kari.nordmann@k.no");
  EXPECT_EQ(stored.name(), "Kari");
  EXPECT_THAT(stored.role_ids(), ElementsAre("ansatt"));
  patch.mutable_update_mask()->add_paths("role_assignments");
  EXPECT_INVALID(Upsert(patch), "update_mask: 'role_assignments' is not a field an upsert of Person sets");
  v1::OrgUnit unit;
  unit.set_id("K");
  unit.set_manager_id("1");
  unit.mutable_update_mask()->add_paths("manager_id");
  v1::OrgUnit stored_unit;
  ASSERT_TRUE(Upsert(unit, &stored_unit).ok());
  EXPECT_EQ(stored_unit.name(), "Kommune");
  EXPECT_THAT(Get("1").manages_unit_ids(), ElementsAre("K")) << "the unit's manager manages it";
}

}  // namespace
}  // namespace skillpath::services::testing
