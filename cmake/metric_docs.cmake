# Reads the "## Metrics" section of READMEs, written in the one shape every
# collector uses:
#
#   - lfdm_disk
#     - tags:
#       - path: the mount point
#     - fields:
#       - total_bytes (integer, bytes): size of the filesystem
#
# and sets OUT to C++ initialisers of lfdm::confgen::measurement_doc, one per
# measurement. An entry of another shape in the section is an error, so that
# a README cannot silently leave a field out of what is built from it.
#   lfdm_metric_docs(OUT readme...)
function(lfdm_metric_docs out)
    set(entries "")
    foreach(readme IN LISTS ARGN)
        file(READ ${readme} text)
        string(FIND "${text}" "\n## Metrics\n" start)
        if(start EQUAL -1)
            continue()
        endif()
        string(SUBSTRING "${text}" ${start} -1 section)
        string(SUBSTRING "${section}" 12 -1 section)
        string(FIND "${section}" "\n## " end)
        if(NOT end EQUAL -1)
            string(SUBSTRING "${section}" 0 ${end} section)
        endif()
        # Only the names and types matter: semicolons would split the list.
        string(REPLACE ";" "," section "${section}")
        string(REPLACE "\n" ";" lines "${section}")

        set(name "")
        set(list "")
        foreach(line IN LISTS lines)
            if(line MATCHES "^- (lfdm_[a-z0-9_]+)$")
                if(name)
                    string(APPEND entries "    {\"${name}\", {${tags}}, {${fields}}},\n")
                endif()
                set(name ${CMAKE_MATCH_1})
                set(tags "")
                set(fields "")
                set(list "")
            elseif(line STREQUAL "  - tags:")
                set(list tags)
            elseif(line STREQUAL "  - fields:")
                set(list fields)
            elseif(list STREQUAL "tags" AND line MATCHES "^    - ([a-z0-9_]+): ")
                string(APPEND tags "\"${CMAKE_MATCH_1}\", ")
            elseif(list STREQUAL "fields" AND
                   line MATCHES "^    - ([a-z0-9_]+) \\((integer|float|boolean|string)[,)]")
                set(kind ${CMAKE_MATCH_2})
                if(kind STREQUAL "float")
                    set(kind floating)
                endif()
                string(APPEND fields "{\"${CMAKE_MATCH_1}\", field_kind::${kind}}, ")
            elseif(line MATCHES "^ *- ")
                message(FATAL_ERROR "${readme}: not a measurement, tag or field entry: ${line}")
            endif()
        endforeach()
        if(name)
            string(APPEND entries "    {\"${name}\", {${tags}}, {${fields}}},\n")
        endif()
    endforeach()
    set(${out} "${entries}" PARENT_SCOPE)
endfunction()
