# skillpath_embed(TEMPLATE <x.cc.in> OUTPUT <x.cc> PLACEHOLDER <@NAME@>
#                 CONTENT_VAR <variable> DEPENDS <files...>)
#
# Writes OUTPUT (in the current binary directory) from TEMPLATE with
# PLACEHOLDER replaced by the text in the caller's variable CONTENT_VAR (by
# name: the text holds semicolons, which an argument would split at), touching it only when the text changed (so
# an unchanged re-configure rebuilds nothing), and re-configures when the
# template or any of DEPENDS changes. Used to compile data files into the
# binaries (db/migrations/*.sql, db/seed/**/*.json).
function(skillpath_embed)
  cmake_parse_arguments(E "" "TEMPLATE;OUTPUT;PLACEHOLDER;CONTENT_VAR" "DEPENDS" ${ARGN})
  file(READ ${E_TEMPLATE} template)
  string(REPLACE "${E_PLACEHOLDER}" "${${E_CONTENT_VAR}}" generated "${template}")
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/${E_OUTPUT}.tmp "${generated}")
  configure_file(${CMAKE_CURRENT_BINARY_DIR}/${E_OUTPUT}.tmp ${CMAKE_CURRENT_BINARY_DIR}/${E_OUTPUT} COPYONLY)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${E_TEMPLATE} ${E_DEPENDS})
endfunction()

# skillpath_embed_migrations(DIR <folder> TEMPLATE <x.cc.in> OUTPUT <x.cc>
#                            PLACEHOLDER <@NAME@>)
#
# The numbered migrations DIR/NNNN_name.sql as the initialisers of a
# vector of {version, "name", R"(sql)"}, embedded in OUTPUT (skillpath_embed).
function(skillpath_embed_migrations)
  cmake_parse_arguments(M "" "DIR;TEMPLATE;OUTPUT;PLACEHOLDER" "" ${ARGN})
  file(GLOB files CONFIGURE_DEPENDS ${M_DIR}/*.sql)
  list(SORT files)
  set(migrations "")
  foreach(file ${files})
    get_filename_component(name ${file} NAME_WE)
    string(REGEX MATCH "^[0-9]+" number ${name})
    math(EXPR version "${number}")
    file(READ ${file} sql)
    string(APPEND migrations "      {${version}, \"${name}\", R\"skillpath_sql(${sql})skillpath_sql\"},\n")
  endforeach()
  skillpath_embed(TEMPLATE ${M_TEMPLATE} OUTPUT ${M_OUTPUT} PLACEHOLDER "${M_PLACEHOLDER}" CONTENT_VAR migrations
                  DEPENDS ${files})
endfunction()
