# Two commands work on a fresh machine: `make demo` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
CT     := $(VENV)/bin/claimtally
STAMP  := $(VENV)/.installed-stamp
SHARED ?= ../shared

.PHONY: venv demo test lint bench bench-ru bench-ingest bench-ledger bench-compare bench-scale eval eval-ru-uk clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[all,dev]'
	touch $(STAMP)

venv: $(STAMP)

DEMO_DIR := out/demo
demo: venv
	rm -rf $(DEMO_DIR) && mkdir -p $(DEMO_DIR)
	@# each example is named YYYY-MM-DD-slug.txt: that date is its publication date
	for f in examples/*.txt; do \
	  d=$$(basename "$$f" | cut -c1-10); \
	  case "$$d" in [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]) pub="--published $$d";; *) pub="";; esac; \
	  $(CT) ingest --quiet --db $(DEMO_DIR)/claimtally.db $$pub "$$f" || exit 1; \
	done
	$(CT) compare --db $(DEMO_DIR)/claimtally.db
	$(CT) chart "losses:russian troops" --db $(DEMO_DIR)/claimtally.db --out $(DEMO_DIR)/russian-troop-losses.html
	$(CT) chart "losses:russian troops" --db $(DEMO_DIR)/claimtally.db --out $(DEMO_DIR)/russian-troop-losses.svg

lint: venv
	$(VENV)/bin/ruff check src tests bench

test: venv lint
	$(VENV)/bin/pytest -q

eval: venv
	$(CT) eval $(SHARED)/eval/dev --corpus $(SHARED)/corpus
	$(CT) eval $(SHARED)/eval/world/gold --corpus $(SHARED)/eval/world/corpus --by topic
	@echo "world, half B only (the half the rules were not developed on):"
	$(CT) eval $(SHARED)/eval/world/gold --corpus $(SHARED)/eval/world/corpus --half B | head -6

bench: venv
	bash $(SHARED)/tools/peers-venv.sh >/dev/null
	$(PY) bench/extract_bench.py --corpus $(SHARED)/corpus

bench-ru: venv
	$(PY) bench/extract_ru_bench.py --corpus $(SHARED)/eval/ru-uk/corpus --en-corpus $(SHARED)/corpus

eval-ru-uk: venv
	$(CT) eval $(SHARED)/eval/ru-uk/gold --corpus $(SHARED)/eval/ru-uk/corpus --by lang

bench-ingest: venv
	$(PY) bench/ingest_bench.py --peers $(SHARED)/peers/article-extraction-benchmark

bench-scale: venv
	$(PY) bench/scale_bench.py --corpus $(SHARED)/corpus-scale/dailymail-2020.jsonl.gz

bench-ledger: venv
	$(PY) bench/ledger_bench.py

bench-compare: venv
	$(PY) bench/compare_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis

.PHONY: bench-web
bench-web: venv
	$(PY) bench/web_load.py --clients 50 --duration 30
