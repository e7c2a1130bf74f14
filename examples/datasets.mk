# datasets.mk - build a dataset version with the doppel filters and seal it.
# Each filter records its step in the version's manifest (--manifest); the last rule
# seals the version (hashes checked, retention computed, published atomically).
# Usage (from a build tree, `make -C examples` sets the program paths):
#   make -f datasets.mk EXAMPLES=DIR [WORK=DIR] [NAME=customers] [VERSION=1.0.0]
#        [CLASS=draft] [KEY=FILE] [SOURCE_DATE_EPOCH=...]
# With the same inputs and key, a second build gives byte-identical data files; with
# SOURCE_DATE_EPOCH set as well, the manifest's times and ids are the same too.
# A version is sealed once: build the next one with VERSION=1.0.1.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.SUFFIXES:

SCAN ?= doppel-scan
ANON ?= doppel-anon
GEN ?= doppel-gen
MF ?= doppel-manifest
EXAMPLES ?= .
WORK ?= $(CURDIR)/work
ROOT ?= $(WORK)/datasets
KEY ?= $(WORK)/example.key
NAME ?= customers
VERSION ?= 1.0.0
CLASS ?= draft
AUTHOR ?= examples
INPUT ?= $(EXAMPLES)/customers.csv

V := $(ROOT)/$(NAME)/$(VERSION)
STAGE := $(ROOT)/$(NAME)/.staging/$(VERSION)
# the filters' options; scan and anon read no .doppel.json here
SCAN_OPTS ?= --no-config
ANON_OPTS ?= --no-config --key-file $(KEY) --format csv

# a sealed version never changes: once it exists there is nothing to do (new inputs
# make a new version: VERSION=1.0.1)
ifeq ($(wildcard $(V)/datapackage.json),)
all: $(V)/datapackage.json
else
all:
	@:
endif
.PHONY: all purge list

# the anonymisation key: made once, kept (the same key gives the same tokens)
$(KEY):
	mkdir -p $(@D)
	$(ANON) --new-key $@ -q

# a staging version; --replace starts a failed build again
$(STAGE)/datapackage.json: $(INPUT)
	mkdir -p $(ROOT)
	$(MF) init $(V) --replace --retention-class $(CLASS) --author "$(AUTHOR)" \
		--title "$(NAME) (pseudonymised)" --input $(INPUT) > /dev/null

# scan (findings counted, data passed through) | anonymise into the version
$(STAGE)/data/$(NAME).csv: $(INPUT) $(KEY) $(STAGE)/datapackage.json
	mkdir -p $(@D)
	$(SCAN) $(SCAN_OPTS) --pass --manifest $(V) < $(INPUT) 2> /dev/null \
		| $(ANON) $(ANON_OPTS) --manifest $(V) -o $@

# synthetic support tickets beside the real export: generated (fixed seed), then
# pseudonymised with the same key, so the generated names get tokens like the real ones
$(STAGE)/data/tickets.jsonl: $(KEY) $(STAGE)/datapackage.json
	mkdir -p $(@D)
	$(GEN) -t support-ticket -n 200 --seed 7 --manifest $(V) \
		| $(ANON) --no-config --key-file $(KEY) --format jsonl --manifest $(V) -o $@

DATA := $(STAGE)/data/$(NAME).csv $(STAGE)/data/tickets.jsonl

# the gate: nothing personal may be left in what is sealed (exit 1 fails the build)
$(STAGE)/.scanned: $(DATA)
	$(SCAN) $(SCAN_OPTS) --manifest $(V) $(DATA) >&2
	touch $@

$(V)/datapackage.json: $(STAGE)/.scanned
	rm -f $(STAGE)/.scanned
	$(MF) seal --by make $(V) > /dev/null

purge:
	$(MF) purge $(ROOT)

list:
	$(MF) list $(ROOT)
