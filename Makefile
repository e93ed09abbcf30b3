# The two commands of the README. Each first installs the Debian packages a fresh machine lacks
# (as root; otherwise it prints the install line and stops).
.PHONY: demo test build

demo:
	scripts/install-requirements build
	swift run -c release cpd demo

test:
	scripts/install-requirements test
	swift build -c release
	swift test
	CPD=.build/release/cpd python3 Tests/Browser/browser_tests.py
	swift build --build-tests --sanitize=thread --scratch-path .build-tsan
	# The solver's child process is a fork, which ThreadSanitizer cannot follow: solve in process.
	CPD_SOLVE_IN_PROCESS=1 swift test --skip-build --sanitize=thread --scratch-path .build-tsan \
	  --filter 'RecordsTests|ServiceTests|GapAnalysisTests|CohortPlanningTests|InterchangeTests|CertificatesTests'

build:
	scripts/install-requirements build
	swift build -c release
