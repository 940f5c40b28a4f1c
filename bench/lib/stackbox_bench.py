"""Shared helpers for the benchmarks: a throwaway `stackbox serve`, tokens, JSON over HTTP."""
import glob
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Stackbox:
    """A `stackbox serve` on a fresh data directory, stopped and removed on exit; args are added to its command line
    (e.g. "--network-mode", "bridged")."""

    def __init__(self, *args):
        self.args = list(args)

    def __enter__(self):
        self.data_dir = tempfile.mkdtemp(prefix="stackbox-bench-")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, STACKBOX_SKIP_BUILD="1")
        # The log outlives the data directory, so that a failed run can be read afterwards.
        self.log = self.data_dir + ".log"
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen([os.path.join(ROOT, "stackbox"), "serve", "--data-dir", self.data_dir,
                                             "--listen", f"127.0.0.1:{self.port}"] + self.args, env=env,
                                            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                self.password = self._password()
                self.token = self.login()
                return self
            except (OSError, urllib.error.URLError, KeyError):
                time.sleep(0.1)
        raise RuntimeError("stackbox did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        # Guests outlive a stopped Stackbox (a restart finds them running); a bench's must not outlive the bench.
        for pid_file in glob.glob(os.path.join(self.data_dir, "servers", "*", "qemu.pid")):
            try:
                os.kill(int(open(pid_file).read().strip()), 9)
            except (OSError, ValueError):
                pass
        shutil.rmtree(self.data_dir, ignore_errors=True)
        if exc[0] is None:
            os.remove(self.log)
        else:
            print(f"Stackbox's log: {self.log}", file=sys.stderr)

    def _password(self):
        for line in open(os.path.join(self.data_dir, "openrc")):
            if line.startswith("export OS_PASSWORD="):
                return line.strip().split("=", 1)[1].strip("'")
        raise KeyError("OS_PASSWORD")

    def login(self):
        body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
            "name": "admin", "domain": {"id": "default"}, "password": self.password}}},
            "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}}
        request = urllib.request.Request(self.url + "/identity/v3/auth/tokens", data=json.dumps(body).encode(),
                                         method="POST", headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            if response.status != 201:
                raise OSError("login failed")
            self.project = json.load(response)["token"]["project"]["id"]
            return response.headers["X-Subject-Token"]

    def call(self, method, path, body=None, headers=None, data=None):
        all_headers = {"X-Auth-Token": self.token}
        if body is not None:
            data = json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json"
        all_headers.update(headers or {})
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=all_headers)
        with urllib.request.urlopen(request, timeout=600) as response:
            text = response.read()
            return json.loads(text) if text else None


def result(name, value, unit, baseline_name, baseline_value, target):
    ratio = value / baseline_value if baseline_value else float("nan")
    print(f"RESULT|{name}|{value:.3f}|{unit}|{baseline_name}|{baseline_value:.3f}|{ratio:.2f}|{target}", flush=True)


class Api:
    """JSON over one kept-alive HTTP connection, opened again when the server closed it."""

    def __init__(self, port):
        self.port = port
        self.connection = None

    def request(self, method, path, token=None, body=None, data=None, content_type="application/json", timeout=30,
                headers=None):
        headers = dict(headers or {})
        if token:
            headers["X-Auth-Token"] = token
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        elif data is not None:
            payload = data
            headers["Content-Type"] = content_type
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
            try:
                self.connection.request(method, path, body=payload, headers=headers)
                response = self.connection.getresponse()
                text = response.read()
                json_body = text and "json" in (response.headers.get("Content-Type") or "")
                return response.status, dict(response.headers), (json.loads(text) if json_body else text or None)
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise


def marker_disk(directory, marker):
    lib = os.path.join(ROOT, "server", "target", "lib")
    jar = glob.glob(os.path.join(lib, "stackbox-virt-qemu-*.jar"))[0]
    source = os.path.join(directory, "MarkerDisk.java")
    with open(source, "w") as out:
        out.write("""
import java.nio.file.*;
public class MarkerDisk { public static void main(String[] a) throws Exception {
  byte[] disk = new byte[1024 * 1024];
  System.arraycopy(org.stackbox.virt.qemu.MarkerBootSector.printing(a[1], false), 0, disk, 0, 512);
  Files.write(Path.of(a[0]), disk);
}}""")
    disk = os.path.join(directory, "marker.raw")
    subprocess.run(["java", "-cp", jar, source, disk, marker], check=True)
    return disk
