# The two commands: `make run` (install, build, start with demo data) and `make test` (install, build, every test).
BUILD_DIR ?= build
DATA_DIR ?= var
LISTEN ?= 127.0.0.1:8080
JOBS ?= $(shell nproc)

.PHONY: all run test build deps configure console clean bench fuzz format

all: build

deps:
	@scripts/install-deps.sh

configure: deps
	@if [ ! -f $(BUILD_DIR)/build.ninja ]; then \
	  cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release; fi

console: deps
	@cd web && npm run --silent build

# build/chancery and the console in web/dist.
build: configure console
	@ninja -C $(BUILD_DIR) -j $(JOBS) chancery

run: build
	@$(BUILD_DIR)/chancery serve --data-dir $(DATA_DIR) --listen $(LISTEN) --demo --console-dir web/dist

test:
	@scripts/test.sh

bench: build
	@ninja -C $(BUILD_DIR) -j $(JOBS) fanout_bench monitor_bench
	@bench/http/run.sh
	@bench/fanout/run.sh
	@bench/monitor/run.sh

fuzz:
	@scripts/fuzz.sh 600

format:
	@git ls-files 'src/*.cpp' 'src/*.hpp' 'fuzz/*.cpp' 'bench/*.cpp' | xargs clang-format-14 -i

clean:
	rm -rf $(BUILD_DIR) build-fuzz web/dist
