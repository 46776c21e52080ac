// Bundle loading: the same content as a folder and as a .tar.gz (the repository's clean example
// plus a 2.5 MB body file). Run: build/bench/bundle_load_bench
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "engine/bundle.h"
#include "engine/paths.h"

namespace pocsift {
namespace {

namespace fs = std::filesystem;

// Copies fixtures/bundles/clean plus a 2.5 MB body file to a temp folder and archives it.
struct Fixture {
  fs::path dir;
  fs::path folder;
  fs::path archive;

  Fixture() {
    dir = fs::temp_directory_path() / "pocsift-bench-bundle";
    fs::remove_all(dir);
    fs::create_directories(dir);
    folder = dir / "bundle";
    fs::copy(PocsiftHome() / "fixtures/bundles/clean", folder, fs::copy_options::recursive);
    std::ofstream(folder / "payload.bin") << std::string(2621440, 'p');
    archive = dir / "bundle.tar.gz";
    const std::string command = "tar -C '" + folder.string() + "' -czf '" + archive.string() + "' .";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("tar failed");
  }
  ~Fixture() { fs::remove_all(dir); }
};

const Fixture& GetFixture() {
  static const Fixture kFixture;
  return kFixture;
}

void Load(benchmark::State& state, const fs::path& path) {
  for (auto _ : state) {
    auto bundle = LoadBundle(path);
    if (!bundle) state.SkipWithError(bundle.error().message.c_str());
    benchmark::DoNotOptimize(bundle);
  }
}

void BM_LoadBundle_Folder(benchmark::State& state) { Load(state, GetFixture().folder); }
BENCHMARK(BM_LoadBundle_Folder)->Unit(benchmark::kMillisecond);

void BM_LoadBundle_TarGz(benchmark::State& state) { Load(state, GetFixture().archive); }
BENCHMARK(BM_LoadBundle_TarGz)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace pocsift

BENCHMARK_MAIN();
