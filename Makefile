# `sam build` (template.yaml: Metadata BuildMethod makefile) runs `make build-Function` with
# ARTIFACTS_DIR set, in a copy of this directory. The function's code is the shaded jar in lib/,
# where Lambda's Java runtime puts every jar on the class path, with its entries stored rather than
# deflated (tools/stored-jar.sh: classes read at a cold start without inflating them; the deployment
# package is zipped as a whole). Maven runs only when a source is newer than the jar.
SOURCES := pom.xml $(shell find src/main -type f)

build-Function: target/trailwatch.jar
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	tools/stored-jar.sh target/trailwatch.jar "$(ARTIFACTS_DIR)/lib/trailwatch.jar"

target/trailwatch.jar: $(SOURCES)
	bash -c '. bin/jdk.sh && ./mvnw -B -q -DskipTests package'

.PHONY: build-Function
