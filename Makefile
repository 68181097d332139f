# Shortcuts for the two commands in the README (make is optional).
.PHONY: run test
run:
	bash scripts/dev.sh run
test:
	bash scripts/dev.sh test
