# Convenience aliases; the scripts need nothing but Python 3.11, Node and apt.
.PHONY: run test lint migration-reset
run:
	bash scripts/run.sh
test:
	bash scripts/test.sh
lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .
