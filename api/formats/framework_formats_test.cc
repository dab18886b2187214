// The framework formats (issue #13, part 5): every framework skillpath
// ships, and one with every awkward thing a framework can hold, written in
// each format reads back equal; a CASE 1.1 package as other tools write it
// (UUIDs, deeper trees, sequence numbers out of order, scored rubric levels,
// fields skillpath does not know) reads to the framework it describes; bad
// documents are refused with the place and the problem named.
#include "api/formats/framework_formats.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/time/time.h"
#include "api/bundled/bundled_frameworks.h"
#include "api/convert/convert.h"
#include "skillpath/v1/framework.pb.h"

namespace skillpath::formats {
namespace {

using ::testing::HasSubstr;

const absl::Time kNow = absl::FromUnixSeconds(1796000000);  // 2026-11-30T00:53:20Z
const char* const kFormats[] = {"case-1.1", "csv", "json"};

v1::Framework Proto(const core::Framework& f) {
  v1::Framework m;
  services::ToProto(f, &m);
  return m;
}

// Equal as the API would show them, with the difference named if not.
::testing::AssertionResult SameFramework(const core::Framework& want, const core::Framework& got) {
  google::protobuf::util::MessageDifferencer d;
  std::string diff;
  d.ReportDifferencesToString(&diff);
  if (d.Compare(Proto(want), Proto(got))) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << diff;
}

std::vector<core::Framework> BundledFrameworks() {
  std::vector<core::Framework> out;
  for (const bundled::BundledFramework& b : bundled::Frameworks()) {
    v1::Framework m;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(std::string(b.json), &m).ok()) << std::string(b.id);
    out.push_back(services::FromProto(m));
  }
  return out;
}

// Everything that makes a format's writer work: separators, quotes and
// line breaks in text, non-ASCII, a competence with a scale of its own, an
// area without competences, names at the length limit, URIs kept.
core::Framework Awkward() {
  core::Framework f;
  f.id = "kommune.digital-2027";
  f.name = "Digital kommune; \"2027\", utkast";
  f.version = "0.9-rc1";
  f.description = "Første linje.\nAndre linje, med komma; semikolon og \"sitat\".\n";
  f.source_uri = "https://example.kommune.no/rammeverk/digital";
  f.language = "nb";
  f.translations = {{"en", "Digital municipality; \"2027\", draft", "First line.\nSecond, with a comma"}, {"nn", "Digital kommune", ""}};
  f.scale.levels = {{1, "Kjenner til", "Har hørt om det", {{"en", "Aware", "Has heard of it"}}},
                    {2, "Bruker", "", {{"en", "User", ""}, {"nn", "Brukar", ""}}},
                    {3, "Veileder andre", "Kan lære bort,\tog forklare", {}}};
  core::Area a;
  a.id = "pv";
  a.name = "Personvern og informasjonssikkerhet";
  a.description = " leading and trailing spaces ";
  a.source_uri = "https://example.kommune.no/rammeverk/digital/pv";
  a.translations = {{"en", "Privacy and information security", "Described; in English"}};
  core::Competence c1{"pv.gdpr", "pv", "GDPR i praksis", "Art. 5–7, «behandlingsgrunnlag»", {}, ""};
  core::Competence c2{"pv.dpia", "pv", std::string(200, 'D'), "", {}, "https://example.kommune.no/dpia"};
  c2.scale.levels = {{1, "Deltatt", ""}, {2, "Gjennomført med hjelp", "med veileder", {{"se", "Oassálastán", ""}}}, {3, "Selvstendig", ""}, {4, "Leder DPIA", ""}};
  c2.translations = {{"en", "Data protection impact assessment", "with \"quotes\", and; separators\nand lines"}, {"nn", "DPIA", ""}};
  a.competences = {c1, c2};
  core::Area empty;
  empty.id = "tom";
  empty.name = "Område uten kompetanser ennå";
  core::Area b;
  b.id = "ledelse";
  b.name = "Ledelse";
  b.competences = {{"ledelse.endring", "ledelse", "Endringsledelse", "Lede andre gjennom endring\r\nmed CRLF", {}, ""}};
  f.areas = {a, empty, b};
  return f;
}

TEST(FrameworkFormats, EveryBundledFrameworkReadsBackEqualInEveryFormat) {
  const std::vector<core::Framework> bundled = BundledFrameworks();
  ASSERT_EQ(bundled.size(), 3u);
  for (const core::Framework& f : bundled) {
    for (const char* format : kFormats) {
      SCOPED_TRACE(f.id + " as " + format);
      auto written = WriteFramework(format, f, kNow);
      ASSERT_TRUE(written.ok()) << written.status();
      auto read = ReadFramework(format, *written);
      ASSERT_TRUE(read.ok()) << read.status();
      EXPECT_TRUE(SameFramework(f, *read));
      auto told = ReadFramework("", *written);
      ASSERT_TRUE(told.ok()) << "the format is told from the content: " << told.status();
      EXPECT_TRUE(SameFramework(f, *told));
      EXPECT_EQ(*WriteFramework(format, *read, kNow), *written) << "writing is deterministic";
    }
  }
}

TEST(FrameworkFormats, AnAwkwardFrameworkReadsBackEqualInEveryFormat) {
  core::Framework f = Awkward();
  for (const char* format : kFormats) {
    SCOPED_TRACE(format);
    auto written = WriteFramework(format, f, kNow);
    ASSERT_TRUE(written.ok()) << written.status();
    auto read = ReadFramework(format, *written);
    ASSERT_TRUE(read.ok()) << read.status();
    core::Framework want = f;
    if (std::string(format) == "csv") {
      // A CSV cell holds no CRLF: the reader reads every line break as LF.
      want.areas[2].competences[0].description = "Lede andre gjennom endring\nmed CRLF";
    }
    EXPECT_TRUE(SameFramework(want, *read));
  }
}

TEST(FrameworkFormats, CaseExportCarriesIdsUuidsAndUris) {
  const std::string json = WriteCasePackage(Awkward(), kNow);
  EXPECT_THAT(json, HasSubstr("\"CFDocument\""));
  EXPECT_THAT(json, HasSubstr("\"lastChangeDateTime\": \"2026-11-30T00:53:20+00:00\""));
  EXPECT_THAT(json, HasSubstr("\"skillpathId\": \"kommune.digital-2027\""));
  EXPECT_THAT(json, HasSubstr("\"humanCodingScheme\": \"pv.gdpr\""));
  EXPECT_THAT(json, HasSubstr("\"uri\": \"https://example.kommune.no/dpia\""));
  EXPECT_THAT(json, HasSubstr("\"associationType\": \"isChildOf\""));
  EXPECT_THAT(json, HasSubstr("\"quality\": \"Leder DPIA\""));
  // A framework whose ids are UUIDs already keeps them as identifiers.
  core::Framework f = Awkward();
  f.id = "5b1e7c44-1f0e-4c1c-9d33-0a8a7b2f6e11";
  const std::string with_uuid = WriteCasePackage(f, kNow);
  EXPECT_THAT(with_uuid, HasSubstr("\"identifier\": \"5b1e7c44-1f0e-4c1c-9d33-0a8a7b2f6e11\""));
  EXPECT_THAT(with_uuid, ::testing::Not(HasSubstr("\"skillpathId\": \"5b1e7c44")));
}

// As a CASE authoring tool (e.g. OpenSALT) writes one: UUIDs, a third
// level, associations out of order, scored levels out of order, a long
// statement without a short one, fields skillpath has no use for.
constexpr char kForeignPackage[] = R"({
  "CFDocument": {
    "identifier": "c5fb0812-d7cb-11e8-824f-0242ac160002",
    "uri": "https://case.example.org/uri/c5fb0812-d7cb-11e8-824f-0242ac160002",
    "creator": "Utdanningsdirektoratet", "title": "Digitale ferdigheter",
    "lastChangeDateTime": "2024-03-01T10:00:00+00:00", "language": "nb", "version": "2024",
    "licenseURI": {"title": "CC BY", "identifier": "x", "uri": "https://creativecommons.org/licenses/by/4.0/"},
    "subject": ["Digital kompetanse"]
  },
  "CFItems": [
    {"identifier": "11111111-0000-4000-8000-000000000003", "uri": "https://case.example.org/uri/i3",
     "fullStatement": "Søke etter, vurdere og bruke informasjon fra digitale kilder, og vite hvordan kildene kan brukes kritisk i arbeid med saksbehandling, tjenester og innbyggerdialog i kommunen",
     "CFItemType": "Kompetansemål", "educationLevel": ["VGO"]},
    {"identifier": "11111111-0000-4000-8000-000000000001", "uri": "https://case.example.org/uri/i1",
     "fullStatement": "Informasjon", "CFItemType": "Område"},
    {"identifier": "11111111-0000-4000-8000-000000000004", "uri": "https://case.example.org/uri/i4",
     "abbreviatedStatement": "Kildekritikk", "fullStatement": "Vurdere kilders troverdighet"},
    {"identifier": "11111111-0000-4000-8000-000000000002", "uri": "https://case.example.org/uri/i2",
     "fullStatement": "Kommunikasjon"},
    {"identifier": "11111111-0000-4000-8000-000000000005", "uri": "https://case.example.org/uri/i5",
     "fullStatement": "Samhandle i digitale kanaler"}
  ],
  "CFAssociations": [
    {"identifier": "a5", "associationType": "isChildOf", "sequenceNumber": 1,
     "originNodeURI": {"identifier": "11111111-0000-4000-8000-000000000005", "uri": "https://case.example.org/uri/i5"},
     "destinationNodeURI": {"identifier": "11111111-0000-4000-8000-000000000002", "uri": "https://case.example.org/uri/i2"}},
    {"identifier": "a2", "associationType": "isChildOf", "sequenceNumber": 2,
     "originNodeURI": {"uri": "https://case.example.org/uri/i2"},
     "destinationNodeURI": {"uri": "https://case.example.org/uri/c5fb0812-d7cb-11e8-824f-0242ac160002"}},
    {"identifier": "a1", "associationType": "isChildOf", "sequenceNumber": 1,
     "originNodeURI": {"identifier": "11111111-0000-4000-8000-000000000001"},
     "destinationNodeURI": {"identifier": "c5fb0812-d7cb-11e8-824f-0242ac160002"}},
    {"identifier": "a4", "associationType": "isChildOf", "sequenceNumber": 1,
     "originNodeURI": {"identifier": "11111111-0000-4000-8000-000000000004"},
     "destinationNodeURI": {"identifier": "11111111-0000-4000-8000-000000000003"}},
    {"identifier": "a3", "associationType": "isChildOf", "sequenceNumber": 1,
     "originNodeURI": {"identifier": "11111111-0000-4000-8000-000000000003"},
     "destinationNodeURI": {"identifier": "11111111-0000-4000-8000-000000000001"}},
    {"identifier": "r1", "associationType": "isRelatedTo",
     "originNodeURI": {"identifier": "11111111-0000-4000-8000-000000000005"},
     "destinationNodeURI": {"identifier": "11111111-0000-4000-8000-000000000004"}}
  ],
  "CFDefinitions": {"CFItemTypes": []},
  "CFRubrics": [{
    "identifier": "rub", "title": "Nivåer",
    "CFRubricCriteria": [
      {"identifier": "crit-doc", "description": "Hele dokumentet", "CFRubricCriterionLevels": [
        {"identifier": "l3", "quality": "Avansert", "description": "Selvstendig og veileder andre", "score": 3},
        {"identifier": "l1", "quality": "Grunnleggende", "score": 1},
        {"identifier": "l2", "quality": "Middels", "score": 2.5}]},
      {"identifier": "crit-com", "CFItemURI": {"identifier": "11111111-0000-4000-8000-000000000002"},
       "CFRubricCriterionLevels": [
        {"identifier": "k2", "description": "Leder møter i Teams", "position": 2},
        {"identifier": "k1", "description": "Deltar i møter i Teams", "position": 1}]}
    ]
  }]
})";

TEST(FrameworkFormats, ReadsACasePackageAsAuthoringToolsWriteIt) {
  auto f = ReadFramework("", kForeignPackage);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->id, "c5fb0812-d7cb-11e8-824f-0242ac160002");
  EXPECT_EQ(f->name, "Digitale ferdigheter");
  EXPECT_EQ(f->version, "2024");
  EXPECT_EQ(f->source_uri, "https://case.example.org/uri/c5fb0812-d7cb-11e8-824f-0242ac160002");
  ASSERT_EQ(f->scale.levels.size(), 3u);
  EXPECT_EQ(f->scale.levels[0].name, "Grunnleggende");
  EXPECT_EQ(f->scale.levels[1].name, "Middels") << "ordered by score";
  EXPECT_EQ(f->scale.levels[2].level, 3);
  EXPECT_EQ(f->scale.levels[2].description, "Selvstendig og veileder andre");

  ASSERT_EQ(f->areas.size(), 2u);
  EXPECT_EQ(f->areas[0].name, "Informasjon") << "areas in sequenceNumber order";
  EXPECT_EQ(f->areas[1].name, "Kommunikasjon");
  ASSERT_EQ(f->areas[0].competences.size(), 2u) << "the third level is a competence of the area";
  const core::Competence& long_one = f->areas[0].competences[0];
  EXPECT_EQ(long_one.id, "11111111-0000-4000-8000-000000000003");
  EXPECT_EQ(long_one.area_id, "11111111-0000-4000-8000-000000000001");
  EXPECT_TRUE(absl::EndsWith(long_one.name, "…")) << long_one.name;
  EXPECT_LE(long_one.name.size(), 124u);
  EXPECT_TRUE(absl::StartsWith(long_one.description, "Søke etter, vurdere")) << "the whole statement is kept";
  EXPECT_EQ(f->areas[0].competences[1].name, "Kildekritikk");
  EXPECT_EQ(f->areas[0].competences[1].description, "Vurdere kilders troverdighet");
  EXPECT_EQ(f->areas[0].competences[1].source_uri, "https://case.example.org/uri/i4");

  const core::Competence& teams = f->areas[1].competences.at(0);
  ASSERT_EQ(teams.scale.levels.size(), 2u) << "a criterion for an area gives its competences their scale";
  EXPECT_EQ(teams.scale.levels[0].name, "Deltar i møter i Teams") << "ordered by position";

  // Exported and read again: the same framework, ids and URIs kept.
  for (const char* format : kFormats) {
    auto again = ReadFramework(format, *WriteFramework(format, *f, kNow));
    ASSERT_TRUE(again.ok()) << format << ": " << again.status();
    EXPECT_TRUE(SameFramework(*f, *again)) << format;
  }
}

TEST(FrameworkFormats, APackageWithoutARubricGetsAPlainScaleInItsLanguage) {
  const std::string nb = R"({"CFDocument": {"identifier": "d", "title": "T", "language": "nb-NO"},
    "CFItems": [{"identifier": "a", "fullStatement": "A"}],
    "CFAssociations": [{"associationType": "isChildOf", "originNodeURI": {"identifier": "a"},
                        "destinationNodeURI": {"identifier": "d"}}]})";
  auto f = ReadCasePackage(nb);
  ASSERT_TRUE(f.ok()) << f.status();
  ASSERT_EQ(f->scale.levels.size(), 5u);
  EXPECT_EQ(f->scale.levels[4].name, "Nivå 5");
  ASSERT_EQ(f->areas.size(), 1u);
  EXPECT_TRUE(f->areas[0].competences.empty());
  std::string en = nb;
  en.replace(en.find("nb-NO"), 5, "en-GB");
  EXPECT_EQ(ReadCasePackage(en)->scale.levels[0].name, "Level 1");
}

absl::Status CaseError(const std::string& items, const std::string& associations) {
  return ReadCasePackage(R"({"CFDocument": {"identifier": "d", "title": "T"}, "CFItems": [)" + items +
                         R"(], "CFAssociations": [)" + associations + "]}")
      .status();
}

std::string ChildOf(const std::string& child, const std::string& parent) {
  return R"({"associationType": "isChildOf", "originNodeURI": {"identifier": ")" + child +
         R"("}, "destinationNodeURI": {"identifier": ")" + parent + R"("}})";
}

TEST(FrameworkFormats, BadCasePackagesAreRefusedWithThePlaceNamed) {
  const std::string a = R"({"identifier": "a", "fullStatement": "A"})";
  const std::string b = R"({"identifier": "b", "fullStatement": "B"})";
  const std::string c = R"({"identifier": "c", "fullStatement": "C"})";
  EXPECT_THAT(CaseError(a + "," + b, ChildOf("a", "d")).message(),
              HasSubstr("CFItems[1]: item 'b' has no isChildOf association to the document or an item"));
  EXPECT_THAT(CaseError(a + "," + b + "," + c, ChildOf("a", "d") + "," + ChildOf("b", "d") + "," + ChildOf("c", "a") + "," + ChildOf("c", "b")).message(),
              HasSubstr("CFAssociations[3]: item 'c' is a child of both 'a' and 'b'"));
  EXPECT_THAT(CaseError(a + "," + b + "," + c, ChildOf("a", "d") + "," + ChildOf("b", "c") + "," + ChildOf("c", "b")).message(),
              HasSubstr("is in a cycle of isChildOf associations"));
  EXPECT_THAT(CaseError(a, ChildOf("a", "ghost")).message(),
              HasSubstr("CFAssociations[0].destinationNodeURI: 'ghost' is neither the document nor an item"));
  EXPECT_THAT(CaseError(a, ChildOf("ghost", "d")).message(),
              HasSubstr("CFAssociations[0].originNodeURI: 'ghost' is not an item of this package"));
  EXPECT_THAT(CaseError(a + "," + a, ChildOf("a", "d")).message(), HasSubstr("CFItems[1].identifier: 'a' appears twice"));
  EXPECT_THAT(CaseError(R"({"identifier": "a"})", ChildOf("a", "d")).message(),
              HasSubstr("CFItems[0].fullStatement: must not be empty"));
  EXPECT_THAT(CaseError(R"({"identifier": "a b", "fullStatement": "A"})", "").message(),
              HasSubstr("CFItems[0].identifier: 'a b' has a character outside"));
  EXPECT_THAT(ReadCasePackage(R"({"CFItems": []})").status().message(), HasSubstr("CFDocument: missing"));
  EXPECT_THAT(ReadCasePackage(R"({"CFDocument": {"title": "T"}})").status().message(),
              HasSubstr("CFDocument.identifier: must not be empty"));
  EXPECT_THAT(ReadCasePackage("{\"CFDocument\": [").status().message(), HasSubstr("not a CASE 1.1 CFPackage"));
}

TEST(FrameworkFormats, CsvReadsAsASpreadsheetWritesIt) {
  // Semicolons, a BOM, columns in another order and case, the framework's
  // values given once, and competences of a level scale of their own.
  const std::string csv =
      "\xEF\xBB\xBF"
      "Framework_ID;framework_name;level;level_name;area_id;area_name;competence_id;competence_name\r\n"
      "dk;Digital kompetanse;1;Litt;;;;\r\n"
      "dk;;2;Mye;;;;\r\n"
      "dk;;;;ai;Kunstig intelligens;ai.bruk;\"Bruke KI; trygt\"\r\n"
      "dk;;1;Prøvd;ai;;ai.etikk;KI-etikk\r\n"
      "dk;;2;Vurderer;ai;;ai.etikk;\r\n";
  auto f = ReadFramework("", csv);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->name, "Digital kompetanse");
  ASSERT_EQ(f->scale.levels.size(), 2u);
  EXPECT_EQ(f->scale.levels[1].name, "Mye");
  ASSERT_EQ(f->areas.size(), 1u);
  ASSERT_EQ(f->areas[0].competences.size(), 2u);
  EXPECT_EQ(f->areas[0].competences[0].name, "Bruke KI; trygt");
  EXPECT_TRUE(f->areas[0].competences[0].scale.empty());
  ASSERT_EQ(f->areas[0].competences[1].scale.levels.size(), 2u);
  EXPECT_EQ(f->areas[0].competences[1].scale.levels[0].name, "Prøvd");
}

TEST(FrameworkFormats, ALanguageSpelledInTwoCasesIsOneLanguageInCsv) {
  // Found by fuzz/framework_formats_fuzz: a level translated to "eN" and a
  // competence to "en" were written as two sets of columns, which the
  // reader, matching column names without case, refused as duplicates.
  core::Framework f = Awkward();
  f.scale.levels[0].translations = {{"eN", "Aware", ""}};
  f.areas[0].competences[1].translations = {{"EN", "Data protection impact assessment", ""}};
  f.areas[2].competences[0].description = "Lede andre gjennom endring";  // no CRLF, which CSV reads as LF
  auto written = WriteFramework("csv", f, kNow);
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_FALSE(absl::StrContains(absl::AsciiStrToLower(*written), "level_name@en,level_description@en,level_name@en"));
  auto read = ReadFramework("csv", *written);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->scale.levels[0].translations.at(0).name, "Aware");
  EXPECT_EQ(read->areas[0].competences[1].translations.at(0).name, "Data protection impact assessment");
  EXPECT_EQ(*WriteFramework("csv", *read, kNow), *written) << "written again the same way";

  // Read from a file that spells the one language two ways.
  auto mixed = ReadFrameworkCsv(
      "framework_id,framework_name,framework_name@eN,level,level_name,level_name@en\n"
      "dk,Digital kompetanse,Digital competence,1,Litt,A little\n");
  ASSERT_TRUE(mixed.ok()) << mixed.status();
  EXPECT_EQ(mixed->translations.at(0).language, "eN");
  EXPECT_EQ(mixed->scale.levels[0].translations.at(0).language, "eN") << "one language, spelled as first seen";
}

TEST(FrameworkFormats, BadCsvIsRefusedWithTheLineNamed) {
  const std::string header = "framework_id,framework_name,area_id,area_name,competence_id,competence_name\n";
  EXPECT_THAT(ReadFrameworkCsv(header + "f,F,a,A,c,C\nf,G,a,A,d,D\n").status().message(),
              HasSubstr("line 3: framework_name 'G' differs from 'F' on line 2"));
  EXPECT_THAT(ReadFrameworkCsv("framework_id,kompetanse\nf,x\n").status().message(),
              HasSubstr("line 1: column 'kompetanse' is not a framework column"));
  EXPECT_THAT(ReadFrameworkCsv("name\nx\n").status().message(), HasSubstr("line 1: "));
  EXPECT_THAT(ReadFrameworkCsv(header + "f,F,,,c,C\n").status().message(), HasSubstr("line 2: area_id: must not be empty"));
  EXPECT_THAT(ReadFrameworkCsv(header + "f,F,a,A,c,C\nf,,b,B,c,\n").status().message(),
              HasSubstr("line 3: competence 'c' is in area 'a'"));
  EXPECT_THAT(ReadFrameworkCsv(header).status().message(), HasSubstr("the file has a header but no rows"));
}

TEST(FrameworkFormats, FormatNamesAreCheckedAndMatchedWithoutCase) {
  EXPECT_THAT(WriteFramework("xlsx", Awkward(), kNow).status().message(),
              HasSubstr("format: 'xlsx' is not one of case-1.1, csv, json"));
  EXPECT_THAT(ReadFramework("yaml", "x").status().message(), HasSubstr("format: 'yaml' is not one of"));
  EXPECT_THAT(ReadFramework("csv", "").status().message(), HasSubstr("content: must not be empty"));
  auto json = WriteFramework("", Awkward(), kNow);
  ASSERT_TRUE(json.ok());
  EXPECT_TRUE(ReadFramework("JSON", "\xEF\xBB\xBF" + *json).ok()) << "a BOM before JSON is allowed";
  EXPECT_TRUE(ReadFramework("CASE-1.1", WriteCasePackage(Awkward(), kNow)).ok());
  EXPECT_THAT(ReadFramework("json", "{\"nme\": 1}").status().message(), HasSubstr("not a skillpath.v1.Framework"));
}

TEST(FrameworkFormats, NamesFromLongStatementsAreCutAtAWord) {
  EXPECT_EQ(NameFromStatement("  Kort navn  "), "Kort navn");
  EXPECT_EQ(NameFromStatement("Første linje\nandre linje"), "Første linje");
  EXPECT_EQ(NameFromStatement(std::string(120, 'n')), std::string(120, 'n'));
  const std::string words = std::string(100, 'a') + " " + std::string(150, 'b');
  EXPECT_EQ(NameFromStatement(words), std::string(100, 'a') + "…");
  const std::string letters(300, 'x');
  EXPECT_EQ(NameFromStatement(letters), std::string(120, 'x') + "…");
  std::string norwegian;
  for (int i = 0; i < 150; ++i) norwegian += "æ";  // two bytes each: never cut inside one
  const std::string cut = NameFromStatement(norwegian);
  EXPECT_EQ(cut, std::string(norwegian, 0, 120) + "…");
}

}  // namespace
}  // namespace skillpath::formats
