"""A small W3C WebDriver client over HTTP (the standard library only), for driving headless
Chromium through chromedriver."""
import base64
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


class WebDriverError(Exception):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Driver:
    def __init__(self, port):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.process = None

    @classmethod
    def start(cls):
        port = free_port()
        driver = cls(port)
        driver.process = subprocess.Popen(
            [os.environ.get("CHROMEDRIVER", "chromedriver"), f"--port={port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if driver.call("GET", "/status")["ready"]:
                    return driver
            except (OSError, WebDriverError):
                pass
            time.sleep(0.2)
        driver.stop()
        raise WebDriverError("chromedriver did not start")

    def stop(self):
        if self.process:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.process = None

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=120) as reply:
                return json.loads(reply.read() or b"{}").get("value")
        except urllib.error.HTTPError as error:
            detail = json.loads(error.read() or b"{}").get("value", {})
            raise WebDriverError(f"{method} {path}: {detail.get('error')}: {detail.get('message', '')[:300]}")

    def session(self):
        options = {"binary": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                   "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--window-size=1280,1024", "--lang=en-GB"]}
        value = self.call("POST", "/session", {"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": options, "unhandledPromptBehavior": "ignore"}}})
        return Browser(self, value["sessionId"])


class Element:
    def __init__(self, browser, id):
        self.browser = browser
        self.id = id

    def _call(self, method, what, body=None):
        return self.browser._call(method, f"/element/{self.id}{what}", body)

    def click(self):
        self._call("POST", "/click", {})

    def type(self, text):
        self._call("POST", "/value", {"text": text})

    def clear(self):
        self._call("POST", "/clear", {})

    @property
    def text(self):
        return self._call("GET", "/text")

    def attribute(self, name):
        return self._call("GET", f"/attribute/{name}")

    def find(self, css):
        return Element(self.browser, self._call("POST", "/element", {"using": "css selector", "value": css})[ELEMENT])

    def find_all(self, css):
        return [Element(self.browser, e[ELEMENT]) for e in
                self._call("POST", "/elements", {"using": "css selector", "value": css})]


class Browser:
    def __init__(self, driver, id):
        self.driver = driver
        self.id = id
        self._call("POST", "/timeouts", {"script": 60000, "pageLoad": 60000, "implicit": 0})

    def _call(self, method, what, body=None):
        return self.driver.call(method, f"/session/{self.id}{what}", body)

    def quit(self):
        try:
            self._call("DELETE", "")
        except WebDriverError:
            pass

    def go(self, url):
        self._call("POST", "/url", {"url": url})

    @property
    def url(self):
        return self._call("GET", "/url")

    @property
    def source(self):
        return self._call("GET", "/source")

    def find(self, css):
        return Element(self, self._call("POST", "/element", {"using": "css selector", "value": css})[ELEMENT])

    def find_all(self, css):
        return [Element(self, e[ELEMENT]) for e in self._call("POST", "/elements", {"using": "css selector", "value": css})]

    def link(self, text):
        return Element(self, self._call("POST", "/element", {"using": "partial link text", "value": text})[ELEMENT])

    def run(self, script, *args):
        return self._call("POST", "/execute/sync", {"script": script, "args": list(args)})

    def run_async(self, script, *args):
        return self._call("POST", "/execute/async", {"script": script, "args": list(args)})

    def cookies(self):
        return {c["name"]: c["value"] for c in self._call("GET", "/cookie")}

    def screenshot(self, path):
        with open(path, "wb") as f:
            f.write(base64.b64decode(self._call("GET", "/screenshot")))

    def choose(self, select_css, value):
        self.find(f'{select_css} option[value="{value}"]').click()

    def wait_for(self, condition, timeout=60, what="the page"):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if condition():
                    return
            except WebDriverError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"timed out waiting for {what}")
