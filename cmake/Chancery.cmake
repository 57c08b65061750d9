# Helpers that keep the build one rule per folder: a library per module, tests collected by suffix, and the
# migrations embedded into the binary.


# chancery_library(name folder [EXCLUDE file...] PUBLIC_LIBS lib...)
# Compiles every .cpp of the folder (recursively) except tests and benchmarks; records the folder's tests.
function(chancery_library name folder)
  cmake_parse_arguments(ARG "" "" "EXCLUDE;PUBLIC_LIBS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/${folder}/*.cpp)
  set(library_sources "")
  set(unit_tests "")
  set(db_tests "")
  foreach(source ${sources})
    get_filename_component(file_name ${source} NAME)
    if(file_name MATCHES "_test\\.cpp$")
      list(APPEND unit_tests ${source})
    elseif(file_name MATCHES "_dbtest\\.cpp$")
      list(APPEND db_tests ${source})
    elseif(file_name MATCHES "_benchmark\\.cpp$")
    elseif(file_name IN_LIST ARG_EXCLUDE)
    else()
      list(APPEND library_sources ${source})
    endif()
  endforeach()
  if(library_sources)
    add_library(${name} STATIC ${library_sources})
    target_include_directories(${name} PUBLIC ${CMAKE_SOURCE_DIR}/src)
    target_link_libraries(${name} PUBLIC ${ARG_PUBLIC_LIBS})
  else()
    # A folder with headers only (or not written yet) still gives a target to depend on.
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE ${CMAKE_SOURCE_DIR}/src)
    target_link_libraries(${name} INTERFACE ${ARG_PUBLIC_LIBS})
  endif()
  if(CHANCERY_TESTS AND unit_tests)
    # e.g. chancery_identity → identity_test
    string(REGEX REPLACE "^chancery_" "" short ${name})
    add_executable(${short}_test ${unit_tests})
    target_link_libraries(${short}_test PRIVATE ${name} GTest::gtest GTest::gmock GTest::gtest_main)
    target_include_directories(${short}_test PRIVATE ${CMAKE_SOURCE_DIR}/tests)
    gtest_discover_tests(${short}_test DISCOVERY_MODE PRE_TEST PROPERTIES LABELS unit)
  endif()
  if(CHANCERY_TESTS AND db_tests)
    string(REGEX REPLACE "^chancery_" "" short ${name})
    add_executable(${short}_dbtest ${db_tests})
    target_link_libraries(${short}_dbtest PRIVATE ${name} chancery_dbtest_support GTest::gtest GTest::gmock)
    gtest_discover_tests(${short}_dbtest DISCOVERY_MODE PRE_TEST PROPERTIES LABELS db)
  endif()
endfunction()

# Generates a .cpp holding every src/modules/*/migrations/NNNN_name[.engine].sql (and src/storage/migrations).
function(chancery_embed_migrations name)
  file(GLOB migration_files CONFIGURE_DEPENDS
    ${CMAKE_SOURCE_DIR}/src/modules/*/migrations/*.sql)
  set(output ${CMAKE_BINARY_DIR}/generated/embedded_migrations.cpp)
  # Joined with '|': a ';' list would be split into separate command-line arguments.
  string(REPLACE ";" "|" joined_files "${migration_files}")
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${output} "-DFILES=${joined_files}"
            -P ${CMAKE_SOURCE_DIR}/cmake/EmbedMigrations.cmake
    DEPENDS ${migration_files} ${CMAKE_SOURCE_DIR}/cmake/EmbedMigrations.cmake
    COMMENT "Embedding migrations"
    VERBATIM)
  add_library(${name} STATIC ${output})
  target_include_directories(${name} PUBLIC ${CMAKE_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC chancery_core)
endfunction()


# chancery_embed_file(target input namespace function): compiles `input` into `target` as
# `std::string_view namespace::function()`.
function(chancery_embed_file target input namespace function)
  get_filename_component(input_name ${input} NAME)
  set(output ${CMAKE_BINARY_DIR}/generated/${target}_${input_name}.cpp)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${CMAKE_SOURCE_DIR}/${input} -DOUTPUT=${output} -DNAMESPACE=${namespace}
            -DFUNCTION=${function} -P ${CMAKE_SOURCE_DIR}/cmake/EmbedFile.cmake
    DEPENDS ${CMAKE_SOURCE_DIR}/${input} ${CMAKE_SOURCE_DIR}/cmake/EmbedFile.cmake
    COMMENT "Embedding ${input}"
    VERBATIM)
  target_sources(${target} PRIVATE ${output})
endfunction()
