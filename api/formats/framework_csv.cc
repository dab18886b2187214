// A framework as CSV: one row per level of the framework's scale, one per
// competence (with its area), one per level of a competence's own scale,
// and one for an area without competences. Every row has framework_id;
// the other framework_* and area_* cells are read from whichever row has
// them and must not disagree (written: framework_* on the first row,
// area_name on every row of the area, the other area_* on its first).
// framework_language is the language of those texts; a column
// "<name or description column>@<language>" (competence_name@nb) holds
// them in another language.
//
//   framework_id,framework_name,...,area_id,...,competence_id,...,level,level_name,level_description
//   ks-digital,Digital omstilling,...,,,...,,,...,1,Grunnleggende,...      a framework level
//   ks-digital,,...,ks.tjeneste,Tjenestedesign,...,ks.td,Brukerreiser,...,,,   a competence
//   ks-digital,,...,ks.tjeneste,Tjenestedesign,...,ks.td,,...,1,Kjenner begrepene,...   a competence's own level
#include <array>
#include <algorithm>
#include <iterator>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "api/formats/framework_formats.h"
#include "common/table_file.h"
#include "core/model/errors.h"
#include "core/rules/validation.h"

namespace skillpath::formats {
namespace {

enum Column {
  kFrameworkId, kFrameworkName, kFrameworkVersion, kFrameworkDescription, kFrameworkSourceUri, kFrameworkLanguage,
  kAreaId, kAreaName, kAreaDescription, kAreaSourceUri,
  kCompetenceId, kCompetenceName, kCompetenceDescription, kCompetenceSourceUri,
  kLevel, kLevelName, kLevelDescription, kColumns,
  kNone = kColumns  // no column
};

constexpr const char* kNames[kColumns] = {
    "framework_id", "framework_name", "framework_version", "framework_description", "framework_source_uri",
    "framework_language", "area_id", "area_name", "area_description", "area_source_uri",
    "competence_id", "competence_name", "competence_description", "competence_source_uri",
    "level", "level_name", "level_description"};

// The texts that have a column per language beside the framework's own,
// "<column>@<language>" (competence_name@nb): names, then descriptions.
constexpr Column kTranslatable[] = {kFrameworkName,   kFrameworkDescription, kAreaName,  kAreaDescription,
                                    kCompetenceName,  kCompetenceDescription, kLevelName, kLevelDescription};
constexpr size_t kTranslatableCount = std::size(kTranslatable);

bool IsTranslatable(int column) {
  return std::find(std::begin(kTranslatable), std::end(kTranslatable), column) != std::end(kTranslatable);
}

absl::Status LineError(int64_t line, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line, ": ", problem));
}

// A value several rows may repeat: the first non-empty one, and where it was.
struct Repeated {
  std::string value;
  int64_t line = 0;

  absl::Status Take(const std::string& cell, int64_t at, const char* column) {
    if (cell.empty()) return absl::OkStatus();
    if (line == 0) {
      value = cell, line = at;
    } else if (cell != value) {
      return LineError(at, absl::StrCat(column, " '", cell, "' differs from '", value, "' on line ", line));
    }
    return absl::OkStatus();
  }
};

struct Levels {
  std::map<int, core::ScaleLevel> by_number;
  std::map<int, int64_t> lines;
};

// One entity's name and description in one language.
struct TextCells {
  Repeated name, description;
};
using Texts = std::map<std::string, TextCells>;  // by language

struct CompetenceRows {
  std::string area_id;
  Repeated name, description, source_uri;
  Texts texts;
  Levels levels;
  int64_t line = 0;
};

struct AreaRows {
  Repeated name, description, source_uri;
  Texts texts;
  std::vector<std::string> competences;
};

// A "<column>@<language>" column.
struct TextColumn {
  Column base;
  std::string language;
  int index;  // in the file
};

class CsvFrameworkReader {
 public:
  absl::StatusOr<core::Framework> Read(const common::TableFile& t) {
    RETURN_IF_ERROR(MapColumns(t));
    if (t.rows.empty()) return LineError(2, "the file has a header but no rows");
    for (const common::TableRow& row : t.rows) RETURN_IF_ERROR(ReadRow(row));
    return Build();
  }

 private:
  absl::Status MapColumns(const common::TableFile& t) {
    column_.fill(-1);
    for (size_t c = 0; c < t.columns.size(); ++c) {
      const std::string name = absl::AsciiStrToLower(t.columns[c]);
      if (const size_t at = name.find('@'); at != std::string::npos) {
        RETURN_IF_ERROR(MapTextColumn(t.columns[c], name.substr(0, at), t.columns[c].substr(at + 1), c));
        continue;
      }
      int field = -1;
      for (int f = 0; f < kColumns; ++f) {
        if (name == kNames[f]) field = f;
      }
      if (field < 0) {
        return LineError(1, absl::StrCat("column '", t.columns[c], "' is not a framework column (",
                                         absl::StrJoin(kNames, ", "), ")"));
      }
      column_[field] = static_cast<int>(c);
    }
    if (column_[kFrameworkId] < 0) return LineError(1, "the header has no framework_id column");
    return absl::OkStatus();
  }

  absl::Status MapTextColumn(const std::string& header, const std::string& base, const std::string& language, size_t c) {
    int field = -1;
    for (int f = 0; f < kColumns; ++f) {
      if (base == kNames[f] && IsTranslatable(f)) field = f;
    }
    if (field < 0) {
      std::vector<std::string> names;
      for (Column t : kTranslatable) names.push_back(kNames[t]);
      return LineError(1, absl::StrCat("column '", header, "': only ", absl::StrJoin(names, ", "),
                                       " have a column per language"));
    }
    if (language.empty()) return LineError(1, absl::StrCat("column '", header, "' names no language after '@'"));
    // Language tags do not depend on case (BCP 47), as column names do not:
    // "name@en" and "level_name@EN" are one language, spelled as first seen.
    auto same = std::find_if(languages_.begin(), languages_.end(),
                             [&](const std::string& l) { return absl::EqualsIgnoreCase(l, language); });
    if (same == languages_.end()) same = languages_.insert(languages_.end(), language);
    text_columns_.push_back({static_cast<Column>(field), *same, static_cast<int>(c)});
    return absl::OkStatus();
  }

  // The row's "<name>@<language>" and "<description>@<language>" cells.
  absl::Status TakeTexts(const common::TableRow& row, Column name, Column description, Texts& into) const {
    for (const TextColumn& tc : text_columns_) {
      if (tc.base != name && tc.base != description) continue;
      const std::string cell = row.cells[static_cast<size_t>(tc.index)].value_or("");
      if (cell.empty()) continue;
      TextCells& texts = into[tc.language];
      const std::string column = absl::StrCat(kNames[tc.base], "@", tc.language);
      RETURN_IF_ERROR((tc.base == name ? texts.name : texts.description).Take(cell, row.line, column.c_str()));
    }
    return absl::OkStatus();
  }

  std::vector<core::Translation> TranslationsOf(const Texts& texts) const {
    std::vector<core::Translation> out;
    for (const std::string& language : languages_) {
      auto it = texts.find(language);
      if (it == texts.end()) continue;
      out.push_back({language, it->second.name.value, it->second.description.value});
    }
    return out;
  }

  std::string Cell(const common::TableRow& row, Column c) const {
    if (column_[c] < 0) return "";
    return row.cells[static_cast<size_t>(column_[c])].value_or("");
  }

  absl::Status ReadLevel(const common::TableRow& row, const std::string& text, Levels& into) {
    int level = 0;
    if (!absl::SimpleAtoi(text, &level) || level < 1 || level > core::kMaxScaleLevels) {
      return LineError(row.line,
                       absl::StrCat("level: '", text, "' is not a whole number from 1 to ", core::kMaxScaleLevels));
    }
    if (auto seen = into.lines.find(level); seen != into.lines.end()) {
      return LineError(row.line, absl::StrCat("level ", level, " is given twice (also on line ", seen->second, ")"));
    }
    into.lines[level] = row.line;
    Texts texts;
    RETURN_IF_ERROR(TakeTexts(row, kLevelName, kLevelDescription, texts));
    into.by_number[level] = {level, Cell(row, kLevelName), Cell(row, kLevelDescription), TranslationsOf(texts)};
    return absl::OkStatus();
  }

  absl::Status ReadRow(const common::TableRow& row) {
    const std::string framework_id = Cell(row, kFrameworkId);
    if (framework_id.empty()) return LineError(row.line, "framework_id: must not be empty");
    RETURN_IF_ERROR(id_.Take(framework_id, row.line, "framework_id"));
    RETURN_IF_ERROR(name_.Take(Cell(row, kFrameworkName), row.line, "framework_name"));
    RETURN_IF_ERROR(version_.Take(Cell(row, kFrameworkVersion), row.line, "framework_version"));
    RETURN_IF_ERROR(description_.Take(Cell(row, kFrameworkDescription), row.line, "framework_description"));
    RETURN_IF_ERROR(source_uri_.Take(Cell(row, kFrameworkSourceUri), row.line, "framework_source_uri"));
    RETURN_IF_ERROR(language_.Take(Cell(row, kFrameworkLanguage), row.line, "framework_language"));
    RETURN_IF_ERROR(TakeTexts(row, kFrameworkName, kFrameworkDescription, texts_));
    const std::string area_id = Cell(row, kAreaId), competence_id = Cell(row, kCompetenceId), level = Cell(row, kLevel);
    if (area_id.empty()) {
      if (!competence_id.empty()) {
        return LineError(row.line, absl::StrCat("area_id: must not be empty: competence '", competence_id,
                                                "' needs its area"));
      }
      if (level.empty()) {
        return LineError(row.line, "the row has no level, area_id or competence_id: it says nothing");
      }
      return ReadLevel(row, level, scale_);
    }
    auto [a, fresh_area] = areas_.try_emplace(area_id);
    if (fresh_area) area_order_.push_back(area_id);
    AreaRows& area = a->second;
    RETURN_IF_ERROR(area.name.Take(Cell(row, kAreaName), row.line, "area_name"));
    RETURN_IF_ERROR(area.description.Take(Cell(row, kAreaDescription), row.line, "area_description"));
    RETURN_IF_ERROR(area.source_uri.Take(Cell(row, kAreaSourceUri), row.line, "area_source_uri"));
    RETURN_IF_ERROR(TakeTexts(row, kAreaName, kAreaDescription, area.texts));
    if (competence_id.empty()) {
      if (!level.empty()) {
        return LineError(row.line, "level: an area has no levels of its own (give competence_id, or leave area_id "
                                   "empty for the framework's scale)");
      }
      return absl::OkStatus();
    }
    auto [c, fresh] = competences_.try_emplace(competence_id);
    CompetenceRows& comp = c->second;
    if (fresh) {
      comp.area_id = area_id;
      comp.line = row.line;
      area.competences.push_back(competence_id);
    } else if (comp.area_id != area_id) {
      return LineError(row.line, absl::StrCat("competence '", competence_id, "' is in area '", comp.area_id,
                                              "' on line ", comp.line, ", not in '", area_id, "'"));
    }
    RETURN_IF_ERROR(comp.name.Take(Cell(row, kCompetenceName), row.line, "competence_name"));
    RETURN_IF_ERROR(comp.description.Take(Cell(row, kCompetenceDescription), row.line, "competence_description"));
    RETURN_IF_ERROR(comp.source_uri.Take(Cell(row, kCompetenceSourceUri), row.line, "competence_source_uri"));
    RETURN_IF_ERROR(TakeTexts(row, kCompetenceName, kCompetenceDescription, comp.texts));
    if (!level.empty()) RETURN_IF_ERROR(ReadLevel(row, level, comp.levels));
    return absl::OkStatus();
  }

  static core::Scale ScaleOf(const Levels& levels) {
    core::Scale s;
    for (const auto& [number, level] : levels.by_number) s.levels.push_back(level);
    return s;
  }

  core::Framework Build() const {
    core::Framework f;
    f.id = id_.value;
    f.name = name_.value;
    f.version = version_.value;
    f.description = description_.value;
    f.source_uri = source_uri_.value;
    f.language = language_.value;
    f.translations = TranslationsOf(texts_);
    f.scale = ScaleOf(scale_);
    for (const std::string& area_id : area_order_) {
      const AreaRows& rows = areas_.at(area_id);
      core::Area area{area_id, rows.name.value, rows.description.value, {}, rows.source_uri.value,
                      TranslationsOf(rows.texts)};
      for (const std::string& id : rows.competences) {
        const CompetenceRows& c = competences_.at(id);
        area.competences.push_back({id, area_id, c.name.value, c.description.value, ScaleOf(c.levels),
                                    c.source_uri.value, TranslationsOf(c.texts)});
      }
      f.areas.push_back(std::move(area));
    }
    return f;
  }

  std::array<int, kColumns> column_;
  std::vector<TextColumn> text_columns_;
  std::vector<std::string> languages_;  // of the text columns, in the header's order
  Repeated id_, name_, version_, description_, source_uri_, language_;
  Texts texts_;
  Levels scale_;
  std::map<std::string, AreaRows> areas_;
  std::vector<std::string> area_order_;
  std::map<std::string, CompetenceRows> competences_;
};

}  // namespace

absl::StatusOr<core::Framework> ReadFrameworkCsv(absl::string_view csv) {
  ASSIGN_OR_RETURN(common::TableFile table, common::ReadTable(csv, common::TableFormat::kCsv));
  return CsvFrameworkReader().Read(table);
}

// Every language a translation of `f` is in, sorted; one column per
// language whatever the case of its tag (the reader takes "@eN" and "@en"
// for one), spelled as the first in sorted order.
std::vector<std::string> LanguagesOf(const core::Framework& f) {
  std::map<std::string, std::string> all;  // by lower-case tag
  auto add = [&](const std::vector<core::Translation>& texts) {
    for (const core::Translation& t : texts) {
      auto [it, added] = all.emplace(absl::AsciiStrToLower(t.language), t.language);
      if (!added && t.language < it->second) it->second = t.language;
    }
  };
  add(f.translations);
  for (const core::ScaleLevel& l : f.scale.levels) add(l.translations);
  for (const core::Area& a : f.areas) {
    add(a.translations);
    for (const core::Competence& c : a.competences) {
      add(c.translations);
      for (const core::ScaleLevel& l : c.scale.levels) add(l.translations);
    }
  }
  std::vector<std::string> out;
  for (const auto& [lower, spelled] : all) out.push_back(spelled);
  return out;
}

std::string WriteFrameworkCsv(const core::Framework& f) {
  const std::vector<std::string> languages = LanguagesOf(f);
  const size_t width = kColumns + languages.size() * kTranslatableCount;
  std::vector<std::string> header(std::begin(kNames), std::end(kNames));
  for (const std::string& language : languages) {
    for (Column c : kTranslatable) header.push_back(absl::StrCat(kNames[c], "@", language));
  }
  // The "<name>@<language>" and "<description>@<language>" cells of `texts`.
  auto texts = [&](std::vector<std::string>& cells, Column name, Column description,
                   const std::vector<core::Translation>& of) {
    for (const core::Translation& t : of) {
      const size_t l = static_cast<size_t>(
          std::find_if(languages.begin(), languages.end(),
                       [&](const std::string& x) { return absl::EqualsIgnoreCase(x, t.language); }) -
          languages.begin());
      for (size_t k = 0; k < kTranslatableCount; ++k) {
        if (kTranslatable[k] == name) cells[kColumns + l * kTranslatableCount + k] = t.name;
        if (kTranslatable[k] == description) cells[kColumns + l * kTranslatableCount + k] = t.description;
      }
    }
  };
  std::string out = "\xEF\xBB\xBF";  // so that Excel reads it as UTF-8
  out += common::CsvLine(header);
  bool first = true;
  auto row = [&](std::vector<std::string> cells) {
    cells.resize(width);
    cells[kFrameworkId] = f.id;
    if (first) {
      cells[kFrameworkName] = f.name;
      cells[kFrameworkVersion] = f.version;
      cells[kFrameworkDescription] = f.description;
      cells[kFrameworkSourceUri] = f.source_uri;
      cells[kFrameworkLanguage] = f.language;
      texts(cells, kFrameworkName, kFrameworkDescription, f.translations);
      first = false;
    }
    out += common::CsvLine(cells);
  };
  auto level = [&](std::vector<std::string>& cells, const core::ScaleLevel& l) {
    cells.resize(width);
    cells[kLevel] = absl::StrCat(l.level);
    cells[kLevelName] = l.name;
    cells[kLevelDescription] = l.description;
    texts(cells, kLevelName, kLevelDescription, l.translations);
  };
  for (const core::ScaleLevel& l : f.scale.levels) {
    std::vector<std::string> cells;
    level(cells, l);
    row(std::move(cells));
  }
  for (const core::Area& a : f.areas) {
    bool first_of_area = true;
    auto area_cells = [&] {
      std::vector<std::string> cells(width);
      cells[kAreaId] = a.id;
      // The name on every row: a spreadsheet sorted or filtered keeps it.
      cells[kAreaName] = a.name;
      texts(cells, kAreaName, kNone, a.translations);
      if (first_of_area) {
        cells[kAreaDescription] = a.description;
        cells[kAreaSourceUri] = a.source_uri;
        texts(cells, kNone, kAreaDescription, a.translations);
        first_of_area = false;
      }
      return cells;
    };
    if (a.competences.empty()) row(area_cells());
    for (const core::Competence& c : a.competences) {
      std::vector<std::string> cells = area_cells();
      cells[kCompetenceId] = c.id;
      cells[kCompetenceName] = c.name;
      cells[kCompetenceDescription] = c.description;
      cells[kCompetenceSourceUri] = c.source_uri;
      texts(cells, kCompetenceName, kCompetenceDescription, c.translations);
      row(std::move(cells));
      for (const core::ScaleLevel& l : c.scale.levels) {
        std::vector<std::string> own = area_cells();
        own[kCompetenceId] = c.id;
        level(own, l);
        row(std::move(own));
      }
    }
  }
  return out;
}

}  // namespace skillpath::formats
