.PHONY: run test lint i18n setup
run:
	scripts/run
test:
	scripts/test
lint:
	scripts/lint
i18n:
	scripts/i18n
setup:
	scripts/setup
