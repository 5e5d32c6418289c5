# Two entry points for a fresh Debian machine with Swift:
#   make run    installs what is missing, builds, and runs the main job on the Vsource scenario
#   make test   installs what is missing and runs every test
SWIFT ?= swift
OUT ?= out
DILUTION = .build/release/dilution

PREFIX ?= /usr/local
CHROMIUM ?= chromium

.PHONY: deps build run images test bench fuzz fuzz-ci install clean

deps:
	@missing=""; \
	pkg-config --exists gsl 2>/dev/null || missing="$$missing libgsl-dev"; \
	command -v gnuplot >/dev/null 2>&1 || missing="$$missing gnuplot-nox"; \
	python3 -c 'import jsonschema' >/dev/null 2>&1 || missing="$$missing python3-jsonschema"; \
	command -v unzip >/dev/null 2>&1 || missing="$$missing unzip"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
		echo "Installing:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y $$missing; \
	fi

build: deps
	$(SWIFT) build -c release --product dilution

run: build
	mkdir -p $(OUT)
	$(DILUTION) explain scenarios/vsource-2005.yaml | tee $(OUT)/vsource-2005-notice.md
	$(DILUTION) run scenarios/vsource-2005.yaml --out $(OUT) --plot
	$(DILUTION) simulate scenarios/vsource-2005-outlook.yaml --paths 100000 --seed 1 --out $(OUT) --plot
	$(DILUTION) sweep scenarios/vsource-2005-outlook.yaml --vary next-raise.price=0.20:0.60:0.05 --out $(OUT) --plot
	$(DILUTION) sweep scenarios/vsource-2005-outlook.yaml --vary next-raise.price=0.20:0.60:0.05 \
		--vary next-raise.amount=1000000:3000000:500000 --out $(OUT)/grid --quiet --plot
	$(DILUTION) sweep scenarios/vsource-2005-outlook.yaml --tornado --out $(OUT) --quiet --plot
	$(DILUTION) compare scenarios/vsource-2005-outlook.yaml --out $(OUT) --plot
	@for f in scenarios/*.yaml; do $(DILUTION) run $$f --out $(OUT) --quiet --plot || exit 1; done
	$(DILUTION) report scenarios/vsource-2005-outlook.yaml --out $(OUT)

# The README's pictures: every chart of the Vsource outlook scenario (its waterfall included), Northwind's and Acme's
# waterfalls, Kestrel's proceeds per class and the Acme rounds' ownership after each event, regenerated into docs/images.
IMAGES = docs/images
images: build
	rm -rf $(OUT)/images && mkdir -p $(IMAGES)
	$(DILUTION) run scenarios/vsource-2005-outlook.yaml --out $(OUT)/images --quiet --plot
	$(DILUTION) simulate scenarios/vsource-2005-outlook.yaml --paths 100000 --seed 1 --out $(OUT)/images --quiet --plot
	$(DILUTION) sweep scenarios/vsource-2005-outlook.yaml --vary next-raise.price=0.20:0.60:0.05 \
		--out $(OUT)/images --quiet --plot
	$(DILUTION) sweep scenarios/vsource-2005-outlook.yaml --vary next-raise.price=0.20:0.60:0.05 \
		--vary next-raise.amount=1000000:3000000:500000 --out $(OUT)/images/grid --quiet --plot
	$(DILUTION) sweep scenarios/vsource-2005-outlook.yaml --tornado --out $(OUT)/images --quiet --plot
	$(DILUTION) compare scenarios/vsource-2005-outlook.yaml --out $(OUT)/images --quiet --plot
	cp $(OUT)/images/*.png $(IMAGES)/
	cp $(OUT)/images/grid/vsource-2005-outlook.sweep-matrix.png $(IMAGES)/
	$(DILUTION) exit scenarios/stress-northwind-sequential.yaml --at 0:80M:1M --out $(OUT)/images/exit --quiet --plot
	cp $(OUT)/images/exit/stress-northwind-sequential.exit.png $(IMAGES)/
	$(DILUTION) exit scenarios/vsource-2005-outlook.yaml --at 0:12M:100K --out $(OUT)/images/exit --quiet --plot
	cp $(OUT)/images/exit/vsource-2005-outlook.exit.png $(IMAGES)/
	$(DILUTION) exit scenarios/hypothetical-acme-rounds.yaml --variant sold-instead-of-ipo --at 0:60M:250K \
		--out $(OUT)/images/exit --quiet --plot
	cp $(OUT)/images/exit/hypothetical-acme-rounds.exit.png $(IMAGES)/
	$(DILUTION) simulate scenarios/kestrel-exit.yaml --paths 100000 --seed 1 --out $(OUT)/images/kestrel --quiet --plot
	cp $(OUT)/images/kestrel/kestrel-exit.simulation-summary-proceeds.png $(IMAGES)/
	$(DILUTION) run scenarios/hypothetical-acme-rounds.yaml --out $(OUT)/images/acme --quiet --plot
	cp $(OUT)/images/acme/hypothetical-acme-rounds.captable.png $(IMAGES)/
	$(DILUTION) report scenarios/vsource-2005-outlook.yaml --out $(OUT)/images
	$(CHROMIUM) --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1000,1500 \
		--screenshot=$(IMAGES)/vsource-2005-outlook.report.png $(OUT)/images/vsource-2005-outlook.report.html

# The binary in PREFIX/bin, the gnuplot scripts in PREFIX/share/dilution/plots (where the binary looks for them),
# the README, CHANGELOG and docs in PREFIX/share/doc/dilution.
install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/dilution/plots $(DESTDIR)$(PREFIX)/share/doc/dilution
	install -m 755 $(DILUTION) $(DESTDIR)$(PREFIX)/bin/dilution
	install -m 644 plots/*.gp plots/README.md $(DESTDIR)$(PREFIX)/share/dilution/plots/
	install -m 644 README.md CHANGELOG.md $(DESTDIR)$(PREFIX)/share/doc/dilution/
	cp -R docs $(DESTDIR)$(PREFIX)/share/doc/dilution/

# The seeded mutation fuzzer over fuzz/corpus/ (see Sources/dilution-fuzz/main.swift): SECONDS of inputs.
SECONDS ?= 60
fuzz: deps
	$(SWIFT) build -c release --product dilution-fuzz
	.build/release/dilution-fuzz --seconds $(SECONDS) --corpus fuzz/corpus --out .build/fuzz

# A short, fixed number of inputs with a fixed seed, for CI.
fuzz-ci: deps
	$(SWIFT) build --product dilution-fuzz
	.build/debug/dilution-fuzz --runs 500 --seed 1 --corpus fuzz/corpus --out .build/fuzz

# Whole processes, interleaved with the peers of ../shared/peers (or $$DILUTION_PEERS); prints ratios.
bench: deps
	$(SWIFT) build -c release --product dilution
	$(SWIFT) build -c release --product dilution-bench
	.build/release/dilution-bench $(BENCH_ARGS)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test

clean:
	rm -rf .build $(OUT)
