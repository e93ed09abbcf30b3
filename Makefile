# The two commands of the README. Each first installs the Debian packages a fresh machine lacks
# (as root; otherwise it prints the install line and stops).
.PHONY: demo test build

# Release builds carry the Swift runtime and Foundation inside cpd (--static-swift-stdlib): the
# dynamic linker then binds far fewer symbols at each start, and a one-person command is mostly
# start-up. Debug, test and ThreadSanitizer builds keep the shared libraries.
RELEASE = -c release --static-swift-stdlib

# Both programs are built: cpd, and cpd-solver beside it, which cpd starts to solve cohort plans.
demo:
	scripts/install-requirements build
	swift build $(RELEASE)
	.build/release/cpd demo

test:
	scripts/install-requirements test
	swift build $(RELEASE)
	swift test
	CPD=.build/release/cpd python3 Tests/Browser/browser_tests.py
	swift build --build-tests --sanitize=thread --scratch-path .build-tsan
	swift test --skip-build --sanitize=thread --scratch-path .build-tsan \
	  --filter 'RecordsTests|ServiceTests|GapAnalysisTests|CohortPlanningTests|InterchangeTests|CertificatesTests'

build:
	scripts/install-requirements build
	swift build $(RELEASE)
