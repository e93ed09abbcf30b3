"""End-to-end tests of `cpd serve` in headless Chromium, through chromedriver (W3C WebDriver):
whole journeys (a practitioner logs an activity with evidence, the team leader verifies it, the
practitioner's gap and CPD hours change, the certificate downloads and verifies; a planner runs
a plan), scripts shown inert, the application without JavaScript, and axe-core on every page in
both languages (no violations of WCAG 2.0, 2.1 and 2.2 A and AA rules).

The journey runs again over the network store: a PostgreSQL 15 server the script starts itself.

Run: python3 Tests/Browser/browser_tests.py [sqlite|postgresql] [part-of-a-test-name ...]
     (CPD=path/to/cpd; CPD_SCREENSHOTS=DIR keeps screenshots; CPD_PG_BIN=DIR the PostgreSQL programs)
"""
import datetime
import http.cookiejar
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webdriver import Driver, WebDriverError  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def find_cpd():
    if os.environ.get("CPD"):
        return os.environ["CPD"]
    for build in ("release", "debug"):
        path = os.path.join(ROOT, ".build", build, "cpd")
        if os.path.exists(path):
            return path
    raise SystemExit("error: no cpd build found (run 'swift build -c release')")


def axe_source():
    """axe-core from the axe-playwright-python wheel (installed with pip --no-deps)."""
    import importlib.util
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("error: axe-playwright-python is not installed (python3 -m pip install --no-deps axe-playwright-python)")
    with open(os.path.join(list(spec.submodule_search_locations)[0], "axe.min.js")) as f:
        source = f.read()
    version = re.match(r"/\*! axe v(\d+)\.", source)
    assert version and int(version.group(1)) == 4, "axe-core 4.x expected"
    return source


class Postgres:
    """A PostgreSQL 15 server of this run's own, as the Swift tests start theirs: initdb into a
    temporary folder, listening on a Unix socket in that folder only (no TCP), run as the
    postgres user when we are root; a database login that may create databases and roles but is
    neither superuser nor BYPASSRLS installs the store, and `cpd serve` connects as the store's
    gateway."""

    def __init__(self):
        self.bin = os.environ.get("CPD_PG_BIN", "/usr/lib/postgresql/15/bin")
        if not os.path.exists(os.path.join(self.bin, "initdb")):
            raise SystemExit(f"error: no PostgreSQL 15 server programs in {self.bin} (make test installs postgresql)")
        self.folder = tempfile.mkdtemp(prefix="cpd-browser-pg-")
        self.as_postgres = []
        if os.getuid() == 0:
            import pwd
            user = pwd.getpwnam("postgres")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            self.as_postgres = ["/usr/sbin/runuser", "-u", "postgres", "--"]
        self.started = False

    def run(self, *arguments):
        # The server pg_ctl starts keeps what it inherits open: it gets a file, never a pipe.
        with open(os.path.join(self.folder, "run.out"), "w") as out:
            done = subprocess.run(self.as_postgres + list(arguments), stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                  timeout=120)
        if done.returncode != 0:
            with open(os.path.join(self.folder, "run.out")) as f:
                raise SystemExit(f"error: {os.path.basename(arguments[0])} failed: {f.read()[-2000:]}")

    def start(self):
        data = os.path.join(self.folder, "data")
        self.run(os.path.join(self.bin, "initdb"), "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8")
        self.run(os.path.join(self.bin, "pg_ctl"), "-D", data, "-l", os.path.join(self.folder, "server.log"), "-w", "-o",
                 f"-k {self.folder} -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start")
        self.started = True
        self.run(os.path.join(self.bin, "psql"), "-h", self.folder, "-U", "postgres", "-d", "postgres", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                 "-c", "CREATE ROLE cpd_installer LOGIN CREATEDB CREATEROLE NOSUPERUSER NOBYPASSRLS;")

    def address(self, database, user, keys):
        return f"postgresql://{user}@/{database}?host={self.folder}&keys={keys}"

    def stop(self):
        if self.started:
            try:
                self.run(os.path.join(self.bin, "pg_ctl"), "-D", os.path.join(self.folder, "data"), "-m", "immediate", "-w", "stop")
            except SystemExit as error:
                print(error, file=sys.stderr)
        shutil.rmtree(self.folder, ignore_errors=True)


class Run:
    def __init__(self, backend="sqlite"):
        self.cpd = find_cpd()
        self.backend = backend
        self.tmp = tempfile.mkdtemp(prefix="cpd-browser-")
        self.postgres = Postgres() if backend == "postgresql" else None
        # The pages are the same over either store: axe runs over SQLite's, which keeps the second run short.
        self.axe_pages = backend == "sqlite"
        if self.postgres:
            keys = os.path.join(self.tmp, "keys")
            # The installer's address makes the store (and is the owner's, for `cpd certificate`); the server is the gateway.
            self.store = self.postgres.address("cpd_browser", "cpd_installer", keys)
            self.served = self.postgres.address("cpd_browser", "cpd_browser_gateway", keys)
        else:
            self.store = self.served = os.path.join(self.tmp, "demo.sqlite")
        self.shots = os.environ.get("CPD_SCREENSHOTS")
        if self.shots:
            os.makedirs(self.shots, exist_ok=True)
        self.axe = axe_source()
        self.axe_results = []
        self.today = datetime.date.today()
        self.server = None
        self.driver = None
        self.browser = None

    def start(self):
        if self.postgres:
            self.postgres.start()
        out = subprocess.run([self.cpd, "demo", "--practitioners", "300", "--store", self.store, "--out", self.tmp],
                             capture_output=True, text=True, cwd=ROOT, timeout=600)
        if out.returncode != 0:
            raise SystemExit("error: cpd demo failed: " + out.stderr[-2000:])
        self.logins = {}
        for line in out.stdout.splitlines():
            m = re.match(r"\s+([a-z-]+)(?: \(([^)]+)\))?: (\S+) / (\S+)$", line)
            if m:
                self.logins[m.group(1)] = {"person": m.group(2), "login": m.group(3), "password": m.group(4)}
        assert set(self.logins) == {"practitioner", "team-leader", "planner", "admin", "lms"}, out.stdout
        # Served where the demo says (on the network store, as its gateway).
        m = re.search(r"^Serve it: cpd serve --store '?(.+?)'?   \(", out.stdout, re.M)
        assert m and m.group(1) == self.served, (m and m.group(1), self.served)
        self.server = subprocess.Popen([self.cpd, "serve", "--store", self.served, "--listen", "127.0.0.1:0"],
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        line = self.server.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            raise SystemExit("error: cpd serve did not start: " + line + self.server.stderr.read()[-2000:])
        self.base = f"http://127.0.0.1:{m.group(1)}"
        self.driver = Driver.start()
        self.browser = self.driver.session()

    def stop(self):
        if self.browser:
            self.browser.quit()
        if self.driver:
            self.driver.stop()
        if self.server:
            self.server.terminate()
            try:
                self.server.wait(20)
            except subprocess.TimeoutExpired:
                self.server.kill()
        if self.postgres:
            self.postgres.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    # Helpers.

    def go(self, path, b=None):
        (b or self.browser).go(self.base + path)

    def lang(self, b=None):
        return (b or self.browser).run("return document.documentElement.lang")

    def sign_in(self, role, b=None):
        b = b or self.browser
        self.go("/sign-in", b)
        b.find("#login").type(self.logins[role]["login"])
        b.find("#password").type(self.logins[role]["password"])
        b.find("main form button[type=submit]").click()
        b.wait_for(lambda: "/sign-in" not in b.url, what=f"{role} to be signed in")

    def sign_out(self, b=None):
        b = b or self.browser
        b.find('header form[action="/sign-out"] button').click()
        b.wait_for(lambda: "/sign-in" in b.url, what="sign-out")

    def switch_language(self, to, b=None):
        b = b or self.browser
        if self.lang(b) == to:
            return
        b.link("Cymraeg" if to == "cy" else "English").click()
        b.wait_for(lambda: self.lang(b) == to, what=f"the page in {to}")

    def check(self, label, b=None):
        """axe-core on the page: no violations of the WCAG A and AA tags; a screenshot if asked."""
        b = b or self.browser
        assert "Cymraeg" in b.source or "English" in b.source, f"{label}: no language link"
        if not self.axe_pages:
            return
        if b.run("return typeof window.axe") == "undefined":
            b.run(self.axe + "\n;return true;")
        result = b.run_async("""
            var done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}}).then(function (r) {
              done({url: location.pathname, violations: r.violations.map(function (v) {
                return {id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map(function (n) { return n.target.join(' '); })};
              }), passes: r.passes.length});
            }).catch(function (e) { done({error: String(e)}); });
            """, TAGS)
        assert "error" not in result, f"{label}: axe failed: {result.get('error')}"
        result["label"] = f"{label} [{self.lang(b)}]"
        if os.environ.get("CPD_BROWSER_VERBOSE"):
            print(f"  {time.strftime('%H:%M:%S')} {result['label']}: {len(result['violations'])} violations", flush=True)
        self.axe_results.append(result)
        if self.shots:
            name = re.sub(r"[^a-z0-9]+", "-", result["label"].lower()).strip("-")
            b.screenshot(os.path.join(self.shots, name + ".png"))
        assert not result["violations"], f"{result['label']}: " + json.dumps(result["violations"], indent=1)[:3000]

    def check_both(self, label, b=None):
        b = b or self.browser
        self.check(label, b)
        self.switch_language("cy", b)
        self.check(label, b)
        self.switch_language("en", b)

    def check_linked(self, index, css, label):
        """The first page linked from an index page, checked in both languages."""
        self.go(index)
        self.browser.find(css).click()
        self.check_both(label)

    def fetch(self, path, b=None, form=None):
        """A download (a form posted, when given), with the browser's session cookie."""
        b = b or self.browser
        cookies = "; ".join(f"{k}={v}" for k, v in b.cookies().items())
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.base + path, data=data, headers={"Cookie": cookies})
        with urllib.request.urlopen(request, timeout=60) as reply:
            return reply.status, dict(reply.headers), reply.read()

    def issued(self, person):
        """Certificates in the store's register for the person."""
        out = subprocess.run([self.cpd, "certificate", "list", "--practitioner", person, "--format", "json", "--store", self.store],
                             capture_output=True, text=True, cwd=ROOT)
        assert out.returncode == 0, out.stderr
        return len(json.loads(out.stdout))

    def table(self, caption_start, b=None):
        """Rows of the table whose caption starts with `caption_start`, as lists of cell texts (and
        the first cell's link)."""
        return (b or self.browser).run("""
            var start = arguments[0], out = null;
            document.querySelectorAll('table').forEach(function (t) {
              if (t.caption && t.caption.textContent.trim().indexOf(start) === 0) {
                out = Array.from(t.tBodies[0].rows).map(function (r) {
                  var a = r.cells[0].querySelector('a');
                  return {cells: Array.from(r.cells).map(function (c) { return c.textContent.trim(); }), href: a ? a.getAttribute('href') : null};
                });
              }
            });
            return out;
            """, caption_start)

    def compliance(self):
        rows = self.table("Verified CPD against the policy")
        values = {r["cells"][0]: (float(r["cells"][1]), float(r["cells"][2]) if r["cells"][2][0].isdigit() else 0.0) for r in rows}
        return values

    def log_activity(self, title, kind, hours, date, competency=None, level=None, reflection="", evidence=None):
        b = self.browser
        self.go("/activities/new")
        b.find("#date").type(date)
        b.choose("#kind", kind)
        b.find("#hours").type(hours)
        b.find("#title").type(title)
        if competency:
            b.choose("#competency-1", competency)
            b.choose("#level-1", str(level))
        if reflection:
            b.find("#reflection").type(reflection)
        if evidence:
            b.find("#evidence").type(evidence)
        b.find("main form button[type=submit]").click()
        b.wait_for(lambda: "logged=" in b.url, what=f"'{title}' to be saved")
        return b.url.split("logged=")[1]


REFLECTION = " ".join(["I practised sharing information safely with partners and reflected on what I will change."] * 9)


def test_public_framework_pages(run):
    b = run.browser
    for path, label in [("/sign-in", "sign-in"), ("/framework", "framework"), ("/framework/roles", "role profiles"),
                        ("/framework/modules", "module catalogue"), ("/framework/standards", "standards")]:
        run.go(path)
        run.check_both(label)
    run.check_linked("/framework", "main a[href^='/framework/competencies/']", "competency")
    run.check_linked("/framework/roles", "main a[href^='/framework/roles/']", "role profile")
    run.check_linked("/framework/modules", "main a[href^='/framework/modules/']", "module")
    run.go("/no/such/page")
    run.check_both("not found")
    # The page the language link leads to without script: a form that switches, in the language chosen.
    run.go("/language?to=cy&back=/framework")
    assert run.lang() == "cy" and b.find_all("form#language-form input[name=csrf]")
    run.check("language switch")
    run.go("/language?to=en&back=/framework")
    run.check("language switch")
    run.go("/framework")
    run.switch_language("cy")
    assert "English" in b.source and "Cymwyseddau" in b.source
    run.switch_language("en")


def test_journey_log_verify_gap_hours_certificate(run):
    b = run.browser
    year = run.today.year
    # The practitioner: home, an activity with evidence that claims a missing competency.
    run.sign_in("practitioner")
    run.check_both("practitioner home")
    gaps = run.table("Open gaps")
    assert gaps, "the demo practitioner has open gaps"
    missing = [g for g in gaps if g["cells"][4] == "0"]
    assert missing, gaps
    competency = missing[0]["href"].rsplit("/", 1)[1]
    run.go(f"/certificate?period={year}")
    before = run.compliance()
    hours_before = before["CPD hours"][0]
    # An invalid form first: errors beside the fields and in a summary, nothing stored.
    run.go("/activities/new")
    run.check_both("log an activity")
    # In each language: the form posted with errors, then checked by axe.
    for language in ("en", "cy"):
        run.switch_language(language)
        run.go("/activities/new")
        b.find("#hours").type("lots")
        b.find("main form button[type=submit]").click()
        b.wait_for(lambda: b.find_all(".error-summary"), what="the error summary")
        for field in ("date", "hours", "title"):
            assert b.find_all(f'.error-summary a[href="#{field}"]'), field
            assert b.find(f"#{field}").attribute("aria-invalid") == "true", field
        summary = b.find(".error-summary").text
        assert ("There is a problem" in summary) == (language == "en") and ("Mae problem" in summary) == (language == "cy"), summary
        run.check("log an activity with errors")
    run.switch_language("en")
    evidence = os.path.join(run.tmp, "attendance-note.txt")
    with open(evidence, "w") as f:
        f.write("Attended the partnership information-sharing workshop.\n")
    first_date = (run.today - datetime.timedelta(days=1)).isoformat() if run.today.month > 1 or run.today.day > 1 else run.today.isoformat()
    titles = {}
    first = run.log_activity("Information-sharing workshop (browser test)", "workshop", "7.5", first_date,
                             competency=competency, level=1, reflection=REFLECTION, evidence=evidence)
    titles[first] = "Information-sharing workshop (browser test)"
    # Enough further CPD, with reflective accounts, to meet the policy for the year.
    need_hours = max(0.0, before["CPD hours"][1] - hours_before - 7.5)
    need_reflective = max(0, int(before["Reflective accounts"][1] - before["Reflective accounts"][0]) - 1)
    extra = max(math.ceil(need_hours / 7.5), need_reflective, 1)
    for i in range(extra):
        day = datetime.date(year, 1, 10) + datetime.timedelta(days=7 * i)
        if day >= run.today:
            day = run.today
        title = f"Partnership learning set {i + 1} (browser test)"
        titles[run.log_activity(title, "action-learning", "7.5", day.isoformat(), reflection=REFLECTION)] = title
    run.go("/activities")
    run.check_both("activities")
    statuses = {r["href"].rsplit("/", 1)[1]: r["cells"][4] for r in run.table("Your CPD log")}
    assert all(statuses[a] == "pending" for a in titles), statuses
    run.go(f"/activities/{first}")
    run.check_both("one activity")
    run.sign_out()

    # The team leader verifies each from the queue, one button beside each title.
    run.sign_in("team-leader")
    run.go("/sign-off")
    run.check_both("sign-off queue")
    section = b.find(f'section[aria-labelledby="title-{first}"]')
    link = section.find("a[href*='/evidence/']")
    status, headers, body = run.fetch(link.attribute("href"))
    assert status == 200 and body.startswith(b"Attended the partnership") and headers["Content-Disposition"].startswith("attachment")
    assert headers["X-Content-Type-Options"] == "nosniff"
    for activity, title in titles.items():
        section = b.find(f'section[aria-labelledby="title-{activity}"]')
        assert section.find("h2").text == title
        section.find('button[value="verify"]').click()
        # The address already says done=verified after the first; wait for the activity to leave the queue.
        b.wait_for(lambda: "done=verified" in b.url and not b.find_all(f'section[aria-labelledby="title-{activity}"]'),
                   what="the verification")
        assert b.find_all(".banner"), "the queue says what was done"
    team = run.logins["team-leader"]["person"]
    b.find("header nav a[href^='/reports/team/']").click()
    run.check_both("team report")
    b.find(f"nav.members a[href='/people/{run.logins['practitioner']['person']}']").click()
    run.check_both("a member's gap report")
    assert team
    run.sign_out()

    # The practitioner's gap and hours have changed.
    run.sign_in("practitioner")
    after_gaps = {g["href"].rsplit("/", 1)[1]: g["cells"] for g in run.table("Open gaps") or []}
    assert competency not in after_gaps or after_gaps[competency][4] != "0", after_gaps.get(competency)
    run.go(f"/certificate?period={year}")
    after = run.compliance()
    assert abs(after["CPD hours"][0] - (hours_before + 7.5 * len(titles))) < 0.01, (before, after)
    run.check_both("certificate")
    me = run.logins["practitioner"]["person"]
    assert run.issued(me) == 0, "looking at the certificate page issues nothing"
    # Each button issues one certificate, recorded in the register: printed in each language...
    for language in ("en", "cy"):
        run.switch_language(language)
        b.find('main form button[value="print"]').click()
        b.wait_for(lambda: b.find_all("main .report"), what="the printable certificate")
        run.check("printable certificate")
        run.go(f"/certificate?period={year}")
    run.switch_language("en")
    # ...and the signed credential, downloaded.
    csrf = b.find('main form[method="post"] input[name="csrf"]').attribute("value")
    status, headers, body = run.fetch("/certificate", form={"csrf": csrf, "period": str(year), "form": "json"})
    assert status == 200 and headers["Content-Disposition"].startswith("attachment")
    assert run.issued(me) == 3, run.issued(me)
    credential = os.path.join(run.tmp, "credential.json")
    with open(credential, "wb") as f:
        f.write(body)
    verified = subprocess.run([run.cpd, "certificate", "verify", credential, "--store", run.store], capture_output=True, text=True, cwd=ROOT)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    run.go(f"/people/{run.logins['practitioner']['person']}")
    run.check_both("own gap report")
    run.go("/assess")
    run.check_both("self-assessment")
    status, headers, body = run.fetch("/my-data")
    data = json.loads(body)
    assert data["practitioner"]["id"] == run.logins["practitioner"]["person"] and headers["Content-Disposition"].startswith("attachment")
    assert any(a["title"] == titles[first] for a in data["activities"])
    run.sign_out()


def test_scripts_typed_by_users_are_inert(run):
    b = run.browser
    run.sign_in("practitioner")
    title = 'Title <img src=x onerror="window.__xss=1">'
    activity = run.log_activity(title, "reading", "1", run.today.isoformat(),
                                reflection="Reflection <script>window.__xss=2</script> ends.")
    run.go(f"/activities/{activity}")
    assert b.run("return window.__xss === undefined")
    assert title in b.find("h1").text
    run.sign_out()
    run.sign_in("team-leader")
    run.go("/sign-off")
    assert b.run("return window.__xss === undefined")
    section = b.find(f'section[aria-labelledby="title-{activity}"]')
    assert section.find("h2").text == title
    section.find("textarea").type('Please redo <script>window.__xss=3</script>')
    section.find('button[value="reject"]').click()
    b.wait_for(lambda: "done=rejected" in b.url, what="the rejection")
    run.sign_out()
    run.sign_in("practitioner")
    run.go("/activities")
    assert b.run("return window.__xss === undefined")
    assert "Please redo <script>" in b.find("main table").text
    run.sign_out()


def test_planner_runs_a_plan(run):
    b = run.browser
    run.sign_in("planner")
    run.check_both("planner home")
    for path, label in [("/reports", "reports"), ("/reports/network", "network report")]:
        run.go(path)
        run.check_both(label)
    run.check_linked("/reports", "main a[href^='/reports/region/']", "region report")
    run.check_linked("/reports", "main a[href^='/reports/agency/cardiff-council']", "agency report")
    run.go("/plan")
    run.check_both("plan form")
    sessions = b.find("#sessions")
    sessions.clear()
    sessions.type("20")
    limit = b.find("#time-limit")
    limit.clear()
    limit.type("5")
    b.find("main form button[type=submit]").click()
    b.wait_for(lambda: "/plan/jobs/" in b.url, what="the plan job")
    b.wait_for(lambda: b.find_all("a[href$='/plan.csv']"), timeout=120, what="the plan")
    text = b.find("main").text
    assert "Upper bound" in text and "Gap to the bound" in text, text[:500]
    run.check("cohort plan")
    run.switch_language("cy")
    assert b.find("main .report h1").text == "Cynllun carfannau", "the plan is shown in the reader's language"
    run.check("cohort plan")
    run.switch_language("en")
    assert b.find("main .report h1").text == "Cohort plan"
    status, headers, body = run.fetch(b.find("a[href$='/plan.csv']").attribute("href"))
    assert status == 200 and headers["Content-Disposition"].startswith("attachment") and body.count(b"\n") > 1
    status, headers, body = run.fetch(b.find("a[href$='/plan.json']").attribute("href"))
    assert json.loads(body)["cohorts"]
    run.sign_out()


def test_admin_pages(run):
    b = run.browser
    run.sign_in("admin")
    run.check_both("admin home")
    run.go("/admin/people")
    b.find("#team").type("Cardiff")
    team = b.run("return document.querySelector('main table tbody td:nth-child(3)').textContent")
    b.find("#team").clear()
    b.find("#team").type(team)
    b.find("form.inline-form button").click()
    b.wait_for(lambda: "team=" in b.url, what="the team filter")
    run.check_both("practitioners")
    b.find("main table a[href^='/admin/people/']").click()
    run.check_both("a practitioner")
    run.go("/admin/logins")
    run.check_both("logins")
    run.sign_out()


def test_pages_work_without_javascript(run):
    """Sign in, log an activity and sign out with JavaScript turned off."""
    value = run.driver.call("POST", "/session", {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
        "binary": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        "prefs": {"profile.managed_default_content_settings.javascript": 2}}}}})
    from webdriver import Browser
    b = Browser(run.driver, value["sessionId"])
    try:
        run.sign_in("practitioner", b)
        run.go("/activities/new", b)
        b.find("#date").type(run.today.isoformat())
        b.find('#kind option[value="reading"]').click()
        b.find("#hours").type("0.5")
        b.find("#title").type("Read without JavaScript")
        b.find("main form button[type=submit]").click()
        b.wait_for(lambda: "logged=" in b.url, what="the activity without JavaScript")
        assert "Read without JavaScript" in b.source
        # The language link leads to a form; its button switches and leads back.
        b.link("Cymraeg").click()
        b.wait_for(lambda: "/language" in b.url, what="the language form")
        assert run.lang(b) == "cy", "the language form is in the language chosen"
        b.find("#language-form button").click()
        b.wait_for(lambda: "/activities" in b.url and run.lang(b) == "cy", what="the page in Welsh without JavaScript")
        b.link("English").click()
        b.wait_for(lambda: "/language" in b.url, what="the language form")
        b.find("#language-form button").click()
        b.wait_for(lambda: "/language" not in b.url and run.lang(b) == "en", what="the page in English without JavaScript")
        run.sign_out(b)
    finally:
        b.quit()


TESTS = [test_public_framework_pages, test_journey_log_verify_gap_hours_certificate, test_scripts_typed_by_users_are_inert,
         test_planner_runs_a_plan, test_admin_pages, test_pages_work_without_javascript]
# Over the network store (cpd serve as the PostgreSQL gateway, the database checking each request
# as the signed-in person): the whole journey (the pages are the same; axe checks them over SQLite).
POSTGRES_TESTS = [test_journey_log_verify_gap_hours_certificate]


def run_tests(backend, tests, names):
    """Runs the chosen tests on a fresh demo store of the backend; (passed, failed, axe results)."""
    run = Run(backend)
    passed = failed = 0
    try:
        run.start()
        chosen = [t for t in tests if not names or any(a in t.__name__ for a in names)]
        for test in chosen:
            t = time.time()
            try:
                test(run)
                passed += 1
                print(f"ok   {test.__name__} [{backend}] ({time.time() - t:.1f} s)", flush=True)
            except (AssertionError, WebDriverError, OSError) as error:
                failed += 1
                print(f"FAIL {test.__name__} [{backend}]: {error}", flush=True)
                traceback.print_exc()
                try:
                    run.browser.go(run.base + "/")
                    if run.browser.find_all('header form[action="/sign-out"] button'):
                        run.sign_out()
                except (WebDriverError, AssertionError):
                    pass
    finally:
        run.stop()
    return passed, failed, run.axe_results


def main():
    args = sys.argv[1:]
    backends = [a for a in args if a in ("sqlite", "postgresql")] or ["sqlite", "postgresql"]
    names = [a for a in args if a not in ("sqlite", "postgresql")]
    started = time.time()
    passed = failed = 0
    axe_results = []
    for backend in backends:
        p, f, results = run_tests(backend, TESTS if backend == "sqlite" else POSTGRES_TESTS, names)
        passed, failed, axe_results = passed + p, failed + f, axe_results + results
    pages = len(axe_results)
    violations = sum(len(r["violations"]) for r in axe_results)
    rules = sum(r["passes"] for r in axe_results)
    languages = {}
    for r in axe_results:
        name, _, language = r["label"].rpartition(" [")
        languages.setdefault(name, set()).add(language.rstrip("]"))
    both = sum(1 for v in languages.values() if {"en", "cy"} <= v)
    print(f"axe-core on {pages} page views ({len(languages)} pages, {both} of them in both English and Welsh), tags "
          f"{', '.join(TAGS)}: {violations} violations, {rules} rule checks passed")
    print(f"browser: {passed} passed, {failed} failed ({time.time() - started:.0f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
