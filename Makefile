# The README's commands; each target is one line of it.
.PHONY: build test evaluate screenshot lint bench

build:
	bash scripts/build.sh

test:
	bash scripts/test.sh

evaluate:
	.venv/bin/sanctions-graph evaluate seeds --gold tests/fixtures/gold

screenshot:
	.venv/bin/python scripts/screenshot.py --select China exports/sanctions.html docs/network.png
	.venv/bin/python scripts/screenshot.py --serve sanctions-store --run who-ordered-whom \
		--height 700 exports/query.html docs/query-page.png

lint:
	.venv/bin/ruff check sanctions_graph tests

bench:
	.venv/bin/python benchmarks/run.py --quick
