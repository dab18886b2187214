// FrameworkService.ImportFramework / ExportFramework over a real server
// (issue #13, part 5): a framework exported in each format and imported
// again is the same framework, stored in place (assessments and role
// targets on it stay); an edited file changes what it names; a CASE
// package from elsewhere keeps its identifiers through skillpath; bad
// documents and unknown formats are refused and change nothing; only an
// ADMIN imports, anyone signed in exports. And part 6: the frameworks the
// binary ships are listed with their state in this database and installed
// by id, prefix or name.
#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "absl/strings/str_replace.h"
#include "api/bundled/bundled_frameworks.h"
#include "testing/service_test.h"

namespace skillpath::services::testing {
namespace {

using ::testing::HasSubstr;

class FrameworkImportTest : public ServiceTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(StartServer());
    Organisation org = SmallOrg();
    v1::Competence* c = org.frameworks[0].mutable_areas(0)->add_competences();
    c->set_id("pv.dpia");
    c->set_name("DPIA, med \"risiko\"");
    c->set_description("Vurdere personvernkonsekvenser;\nto linjer");
    for (int l = 1; l <= 2; ++l) {
      auto* level = c->mutable_scale()->add_levels();
      level->set_level(l);
      level->set_name(l == 1 ? "Deltatt" : "Leder");
    }
    org.assessments = {testing::Assessment("E1", "pv.gdpr", 2)};
    ASSERT_TRUE(LoadOrg(org, channel_));
  }

  grpc::Status Export(const std::string& id, const std::string& format, v1::ExportFrameworkResponse* out,
                      v1::FrameworkService::Stub* stub = nullptr) {
    grpc::ClientContext ctx;
    v1::ExportFrameworkRequest req;
    req.set_id(id);
    req.set_format(format);
    return (stub ? stub : frameworks_.get())->ExportFramework(&ctx, req, out);
  }
  grpc::Status Import(const std::string& format, const std::string& content, v1::Framework* out,
                      v1::FrameworkService::Stub* stub = nullptr) {
    grpc::ClientContext ctx;
    v1::ImportFrameworkRequest req;
    req.set_format(format);
    req.set_content(content);
    return (stub ? stub : frameworks_.get())->ImportFramework(&ctx, req, out);
  }
  v1::Framework Get(const std::string& id) {
    v1::GetRequest req;
    req.set_id(id);
    return Call(&v1::FrameworkService::Stub::GetFramework, frameworks_.get(), req);
  }
  int Frameworks() {
    return Call(&v1::FrameworkService::Stub::ListFrameworks, frameworks_.get(), {}).frameworks_size();
  }
};

TEST_F(FrameworkImportTest, AnExportImportedAgainIsTheSameFrameworkInPlace) {
  const v1::Framework before = Get("fw");
  for (const char* format : {"case-1.1", "csv", "json"}) {
    SCOPED_TRACE(format);
    v1::ExportFrameworkResponse exported;
    ASSERT_TRUE(Export("fw", format, &exported).ok());
    EXPECT_EQ(exported.format(), format);
    v1::Framework imported;
    grpc::Status s = Import(format, exported.content(), &imported);
    ASSERT_TRUE(s.ok()) << s.error_message();
    std::string diff;
    google::protobuf::util::MessageDifferencer d;
    d.ReportDifferencesToString(&diff);
    EXPECT_TRUE(d.Compare(before, imported)) << diff;
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(before, Get("fw")));
  }
  EXPECT_EQ(Frameworks(), 1);
  EXPECT_EQ(CountAssessments("E1"), 1) << "the assessment on the framework stays";
}

TEST_F(FrameworkImportTest, AnEditedCsvChangesWhatItNames) {
  v1::ExportFrameworkResponse exported;
  ASSERT_TRUE(Export("fw", "csv", &exported).ok());
  // As a spreadsheet user would: rename a competence, add one below it.
  std::string csv = absl::StrReplaceAll(exported.content(), {{",GDPR,", ",GDPR i praksis,"}});
  ASSERT_NE(csv, exported.content()) << exported.content();
  csv += "fw,,,,,,pv,,,,pv.samtykke,Samtykke,,,,,\n";
  v1::Framework imported;
  grpc::Status s = Import("", csv, &imported);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const v1::Framework now = Get("fw");
  ASSERT_EQ(now.areas(0).competences_size(), 3);
  EXPECT_EQ(now.areas(0).competences(0).name(), "GDPR i praksis");
  EXPECT_EQ(now.areas(0).competences(2).id(), "pv.samtykke");
  EXPECT_EQ(now.areas(0).competences(1).scale().levels_size(), 2) << "an own scale is kept";
}

TEST_F(FrameworkImportTest, ACasePackageFromElsewhereKeepsItsIdentifiersThroughSkillpath) {
  const std::string package = R"({
    "CFDocument": {"identifier": "9a0a3c1e-0c47-4c5e-9d4c-2f7f1f0a1b2c", "uri": "https://case.example.org/uri/9a0a3c1e-0c47-4c5e-9d4c-2f7f1f0a1b2c",
                   "title": "Tjenestedesign", "language": "nb", "creator": "KS"},
    "CFItems": [
      {"identifier": "0b7d6c2a-1111-4a4a-8b8b-000000000001", "uri": "https://case.example.org/uri/i1", "fullStatement": "Innsikt"},
      {"identifier": "0b7d6c2a-1111-4a4a-8b8b-000000000002", "uri": "https://case.example.org/uri/i2", "fullStatement": "Brukerintervju"}],
    "CFAssociations": [
      {"associationType": "isChildOf", "originNodeURI": {"identifier": "0b7d6c2a-1111-4a4a-8b8b-000000000001"},
       "destinationNodeURI": {"identifier": "9a0a3c1e-0c47-4c5e-9d4c-2f7f1f0a1b2c"}},
      {"associationType": "isChildOf", "originNodeURI": {"identifier": "0b7d6c2a-1111-4a4a-8b8b-000000000002"},
       "destinationNodeURI": {"identifier": "0b7d6c2a-1111-4a4a-8b8b-000000000001"}}]})";
  v1::Framework imported;
  grpc::Status s = Import("case-1.1", package, &imported);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(imported.id(), "9a0a3c1e-0c47-4c5e-9d4c-2f7f1f0a1b2c");
  EXPECT_EQ(imported.scale().levels(0).name(), "Nivå 1");
  ASSERT_EQ(imported.areas_size(), 1);
  EXPECT_EQ(imported.areas(0).competences(0).source_uri(), "https://case.example.org/uri/i2");
  EXPECT_EQ(Frameworks(), 2);

  v1::ExportFrameworkResponse exported;
  ASSERT_TRUE(Export(imported.id(), "case-1.1", &exported).ok());
  EXPECT_THAT(exported.content(), HasSubstr("\"identifier\": \"0b7d6c2a-1111-4a4a-8b8b-000000000002\""));
  EXPECT_THAT(exported.content(), HasSubstr("\"uri\": \"https://case.example.org/uri/i1\""));
  EXPECT_THAT(exported.content(), ::testing::Not(HasSubstr("skillpathId"))) << "UUIDs need no id of ours";
  // Imported once more (as the next version from the authoring tool would
  // be): in place.
  ASSERT_TRUE(Import("case-1.1", exported.content(), &imported).ok());
  EXPECT_EQ(Frameworks(), 2);
}

TEST_F(FrameworkImportTest, BadDocumentsAreRefusedAndChangeNothing) {
  const v1::Framework before = Get("fw");
  v1::Framework out;
  grpc::Status s = Import("xlsx", "x", &out);
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("format: 'xlsx' is not one of case-1.1, csv, json"));
  s = Import("csv", "framework_id,framework_name,area_id,area_name,competence_id,competence_name\nfw,,pv,,pv.gdpr,\n", &out);
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("name")) << "the framework's rules are checked as for UpsertFramework";
  // A competence of this framework claimed by another.
  s = Import("csv",
             "framework_id,framework_name,level,level_name,area_id,area_name,competence_id,competence_name\n"
             "other,Annet,1,En,,,,\nother,,,,x,X,pv.gdpr,GDPR\n",
             &out);
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("competence 'pv.gdpr' belongs to framework 'fw'"));
  s = Import("case-1.1", R"({"CFDocument": {"identifier": "d", "title": "T"}, "CFItems": [{"identifier": "a", "fullStatement": "A"}]})", &out);
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("CFItems[0]: item 'a' has no isChildOf association"));
  // A version that drops a competence people are assessed on.
  s = Import("csv",
             "framework_id,framework_name,level,level_name,area_id,area_name,competence_id,competence_name\n"
             "fw,Digital omstilling,1,En,,,,\nfw,,,,pv,Personvern,pv.dpia,DPIA\n",
             &out);
  EXPECT_EQ(s.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("competence 'pv.gdpr' is left out but still used"));
  EXPECT_EQ(Frameworks(), 1);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(before, Get("fw")));

  v1::ExportFrameworkResponse exported;
  EXPECT_EQ(Export("ghost", "csv", &exported).error_code(), grpc::NOT_FOUND);
  EXPECT_EQ(Export("fw", "pdf", &exported).error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(Export("a b", "csv", &exported).error_code(), grpc::INVALID_ARGUMENT);
}

TEST_F(FrameworkImportTest, OnlyAnAdminImportsAnyoneSignedInExports) {
  v1::ExportFrameworkResponse exported;
  ASSERT_TRUE(Export("fw", "json", &exported).ok());
  v1::Framework out;
  for (core::Grant g : {core::Grant::kHr, core::Grant::kManager, core::Grant::kEmployee}) {
    auto stub = v1::FrameworkService::NewStub(ChannelWithGrant(*server_, g, "E1"));
    EXPECT_EQ(Import("json", exported.content(), &out, stub.get()).error_code(), grpc::PERMISSION_DENIED)
        << core::GrantName(g);
  }
  auto employee = v1::FrameworkService::NewStub(ChannelWithGrant(*server_, core::Grant::kEmployee, "E1"));
  v1::ExportFrameworkResponse theirs;
  ASSERT_TRUE(Export("fw", "case-1.1", &theirs, employee.get()).ok());
  EXPECT_THAT(theirs.content(), HasSubstr("\"title\": \"Digital omstilling\""));
}

v1::Translation Text(const std::string& language, const std::string& name) {
  v1::Translation t;
  t.set_language(language);
  t.set_name(name);
  return t;
}

TEST_F(FrameworkImportTest, TranslationsAreCheckedStoredInLanguageOrderAndTravel) {
  v1::Framework f = Get("fw");
  f.set_language("nb");
  *f.add_translations() = Text("nn", "Digital omstilling");
  *f.add_translations() = Text("en", "Digital transformation");
  *f.mutable_areas(0)->add_translations() = Text("en", "Privacy");
  *f.mutable_areas(0)->mutable_competences(1)->mutable_scale()->mutable_levels(1)->add_translations() = Text("en", "Leads");
  *f.mutable_scale()->mutable_levels(0)->add_translations() = Text("en", "Level 1");
  v1::Framework stored;
  grpc::Status s = Upsert(f, &stored);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const v1::Framework got = Get("fw");
  EXPECT_EQ(got.language(), "nb");
  ASSERT_EQ(got.translations_size(), 2);
  EXPECT_EQ(got.translations(0).language(), "en") << "kept in language order";
  EXPECT_EQ(got.areas(0).translations(0).name(), "Privacy");
  EXPECT_EQ(got.areas(0).competences(1).scale().levels(1).translations(0).name(), "Leads");
  EXPECT_EQ(got.scale().levels(0).translations(0).name(), "Level 1");
  for (const char* format : {"case-1.1", "csv"}) {
    v1::ExportFrameworkResponse exported;
    ASSERT_TRUE(Export("fw", format, &exported).ok());
    v1::Framework again;
    ASSERT_TRUE(Import(format, exported.content(), &again).ok()) << format;
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(got, again)) << format;
  }

  auto refused = [&](v1::Framework bad, const std::string& message) {
    grpc::Status s = Upsert(bad);
    EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT) << message;
    EXPECT_THAT(s.error_message(), HasSubstr(message));
  };
  v1::Framework bad = got;
  *bad.mutable_areas(0)->add_translations() = Text("EN", "Twice");
  refused(bad, "areas[0].translations[1].language: 'EN' appears twice");
  bad = got;
  *bad.add_translations() = Text("nb", "Bokmål");
  refused(bad, "translations[2].language: 'nb' is the framework's own language");
  bad = got;
  *bad.mutable_scale()->mutable_levels(1)->add_translations() = Text("en", "");
  refused(bad, "scale.levels[1].translations[0].name: must not be empty");
  bad = got;
  *bad.mutable_areas(0)->mutable_competences(0)->add_translations() = Text("en_GB", "x");
  refused(bad, "areas[0].competences[0].translations[0].language: must be a language tag");
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(got, Get("fw")));
}

v1::ListAvailableFrameworksResponse Available(v1::FrameworkService::Stub* stub) {
  return Call(&v1::FrameworkService::Stub::ListAvailableFrameworks, stub, {});
}

// A copy (the response is often a temporary); empty when not listed.
v1::AvailableFramework Find(const v1::ListAvailableFrameworksResponse& r, const std::string& id) {
  for (const auto& a : r.frameworks()) {
    if (a.id() == id) return a;
  }
  ADD_FAILURE() << id << " is not listed";
  return {};
}

TEST_F(FrameworkImportTest, TheBundledFrameworksAreListedAndInstalledInPlace) {
  v1::ListAvailableFrameworksResponse before = Available(frameworks_.get());
  ASSERT_EQ(before.frameworks_size(), 3);
  EXPECT_EQ(before.frameworks(0).id(), "digcomp-2.2");
  EXPECT_EQ(before.frameworks(1).id(), "digital-omstilling");
  EXPECT_EQ(before.frameworks(2).id(), "e-cf-3.0");
  const v1::AvailableFramework digcomp = Find(before, "digcomp-2.2");
  EXPECT_EQ(digcomp.areas(), 5);
  EXPECT_EQ(digcomp.competences(), 21);
  EXPECT_EQ(digcomp.levels(), 8);
  EXPECT_FALSE(digcomp.installed());

  grpc::ClientContext ctx;
  v1::InstallFrameworkRequest req;
  req.set_name("DIGCOMP");  // the start of one id, in any case
  v1::Framework installed;
  grpc::Status s = frameworks_->InstallFramework(&ctx, req, &installed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(installed.id(), "digcomp-2.2");
  EXPECT_EQ(Frameworks(), 2);
  const v1::AvailableFramework now = Find(Available(frameworks_.get()), "digcomp-2.2");
  EXPECT_TRUE(now.installed());
  EXPECT_EQ(now.installed_version(), "2.2");
  EXPECT_FALSE(now.differs());

  // Edited here: it differs; installing again puts it back, in place.
  v1::Framework edited = installed;
  edited.mutable_areas(0)->mutable_competences(0)->set_name("Søke etter informasjon");
  ASSERT_TRUE(Upsert(edited).ok());
  EXPECT_TRUE(Find(Available(frameworks_.get()), "digcomp-2.2").differs());
  grpc::ClientContext again;
  req.set_name("DigComp 2.2");  // its name
  ASSERT_TRUE(frameworks_->InstallFramework(&again, req, &installed).ok());
  EXPECT_FALSE(Find(Available(frameworks_.get()), "digcomp-2.2").differs());
  EXPECT_EQ(Frameworks(), 2);
}

TEST_F(FrameworkImportTest, InstallNamesWhatItCannotFindAndOnlyAnAdminInstalls) {
  auto install = [&](const std::string& name, v1::FrameworkService::Stub* stub) {
    grpc::ClientContext ctx;
    v1::InstallFrameworkRequest req;
    req.set_name(name);
    v1::Framework out;
    return stub->InstallFramework(&ctx, req, &out);
  };
  grpc::Status s = install("d", frameworks_.get());
  EXPECT_EQ(s.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("name: 'd' could be digcomp-2.2 or digital-omstilling"));
  s = install("sfia", frameworks_.get());
  EXPECT_EQ(s.error_code(), grpc::NOT_FOUND);
  EXPECT_THAT(s.error_message(), HasSubstr("no bundled framework 'sfia' (available: digcomp-2.2, digital-omstilling, e-cf-3.0)"));
  EXPECT_EQ(install("", frameworks_.get()).error_code(), grpc::INVALID_ARGUMENT);
  auto hr = v1::FrameworkService::NewStub(ChannelWithGrant(*server_, core::Grant::kHr));
  EXPECT_EQ(install("e-cf-3.0", hr.get()).error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(Available(hr.get()).frameworks_size(), 3) << "anyone signed in may see what is shipped";
  EXPECT_EQ(Frameworks(), 1);
}

// Each bundled file is a framework whose id is the file's name, that
// stores as it is (so "differs" is false right after an install).
TEST_F(FrameworkImportTest, EveryBundledFileIsAValidFrameworkNamedAsItsFile) {
  for (const bundled::BundledFramework& b : bundled::Frameworks()) {
    SCOPED_TRACE(std::string(b.id));
    grpc::ClientContext ctx;
    v1::InstallFrameworkRequest req;
    req.set_name(std::string(b.id));
    v1::Framework out;
    grpc::Status s = frameworks_->InstallFramework(&ctx, req, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(out.id(), b.id);
    EXPECT_FALSE(Find(Available(frameworks_.get()), out.id()).differs());
  }
}

}  // namespace
}  // namespace skillpath::services::testing
