#!/usr/bin/env python3
"""Independent HTTP Digest cross-check of the whatwatt simulator.

Usage: python3 digest_requests.py BASE_URL PASSWORD

Uses only `requests` and `requests.auth.HTTPDigestAuth("", PASSWORD)` (the
device's username is the empty string) so the simulator's Digest
implementation (MD5-sess, qop=auth, nonce counting) is checked against a
third-party client rather than our own Rust code.

Prints one line per check (`ok NAME` / `FAIL NAME: detail`); exits 1 if any
check failed, 0 otherwise, 2 on bad usage.
"""

from __future__ import annotations

import re
import sys
from typing import Callable

import requests
from requests.auth import HTTPDigestAuth

TIMEOUT = 10  # seconds, on every request

DEVICE_ID_RE = re.compile(r"^[0-9A-F]{12}$")
NC_RE = re.compile(r"\bnc=([0-9a-fA-F]{8})\b")
NONCE_RE = re.compile(r'\bnonce="([^"]*)"')


class CheckFailed(Exception):
    pass


def snippet(resp: requests.Response, limit: int = 200) -> str:
    text = resp.text
    return text if len(text) <= limit else text[:limit] + "..."


def expect_status(resp: requests.Response, *wanted: int) -> None:
    if resp.status_code not in wanted:
        want = " or ".join(str(w) for w in wanted)
        raise CheckFailed(
            f"{resp.request.method} {resp.url}: expected {want}, got "
            f"{resp.status_code}: {snippet(resp)!r}"
        )


def json_of(resp: requests.Response) -> object:
    try:
        return resp.json()
    except ValueError as exc:
        raise CheckFailed(f"{resp.url}: body is not JSON ({exc}): {snippet(resp)!r}") from None


def dig(doc: object, *path: str) -> object:
    cur = doc
    for key in path:
        if not isinstance(cur, dict) or key not in cur:
            raise CheckFailed(f"missing field {'.'.join(path)} in {doc!r:.300}")
        cur = cur[key]
    return cur


def auth_param(resp: requests.Response, regex: re.Pattern[str]) -> str | None:
    header = resp.request.headers.get("Authorization", "")
    m = regex.search(header)
    return m.group(1) if m else None


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(f"usage: {argv[0]} BASE_URL PASSWORD", file=sys.stderr)
        return 2
    base = argv[1].rstrip("/")
    password = argv[2]

    session = requests.Session()
    auth = HTTPDigestAuth("", password)  # shared: its nonce count carries over
    state: dict[str, object] = {}
    failures = 0

    def run(name: str, fn: Callable[[], None]) -> None:
        nonlocal failures
        try:
            fn()
        except CheckFailed as exc:
            failures += 1
            print(f"FAIL {name}: {exc}", flush=True)
        except requests.RequestException as exc:
            failures += 1
            print(f"FAIL {name}: request error: {exc}", flush=True)
        except Exception as exc:  # noqa: BLE001 - report, keep checking
            failures += 1
            print(f"FAIL {name}: {type(exc).__name__}: {exc}", flush=True)
        else:
            print(f"ok {name}", flush=True)

    # (a) authenticated GET /api/v1/system -> 200, device.id is 12 uppercase hex
    def system() -> None:
        r = session.get(f"{base}/api/v1/system", auth=auth, timeout=TIMEOUT)
        expect_status(r, 200)
        dev_id = dig(json_of(r), "device", "id")
        if not isinstance(dev_id, str) or not DEVICE_ID_RE.match(dev_id):
            raise CheckFailed(f"device.id {dev_id!r} is not 12 uppercase hex chars")
        state["nonce"] = auth_param(r, NONCE_RE)
        state["nc"] = auth_param(r, NC_RE)

    # (b) same auth object again: requests answers preemptively with the
    #     previous nonce and nc=00000002; the server must accept that directly.
    def system_again() -> None:
        r = session.get(f"{base}/api/v1/system", auth=auth, timeout=TIMEOUT)
        expect_status(r, 200)
        rechallenged = any(h.status_code == 401 for h in r.history)
        nc, nonce = auth_param(r, NC_RE), auth_param(r, NONCE_RE)
        prev_nc = state.get("nc")
        if rechallenged or nc is None or (
            isinstance(prev_nc, str)
            and nonce == state.get("nonce")
            and int(nc, 16) <= int(prev_nc, 16)
        ):
            raise CheckFailed(
                "nonce count did not advance on the reused nonce "
                f"(first nc={prev_nc}, second nc={nc}, re-challenged={rechallenged})"
            )

    # (c) PUT settings, then read them back
    def settings_put() -> None:
        r = session.put(
            f"{base}/api/v1/settings",
            json={"system": {"name": "crosscheck"}},
            auth=auth,
            timeout=TIMEOUT,
        )
        expect_status(r, 200, 204)

    def settings_get() -> None:
        r = session.get(f"{base}/api/v1/settings", auth=auth, timeout=TIMEOUT)
        expect_status(r, 200)
        name = dig(json_of(r), "system", "name")
        if name != "crosscheck":
            raise CheckFailed(f"system.name is {name!r}, expected 'crosscheck'")

    # (d) wrong password -> 401 (requests retries the challenge once, then gives up)
    def wrong_password() -> None:
        r = requests.get(
            f"{base}/api/v1/system",
            auth=HTTPDigestAuth("", password + "x"),
            timeout=TIMEOUT,
        )
        expect_status(r, 401)

    # (e) no credentials -> 401 with a Digest MD5-sess / qop="auth" challenge
    def no_auth_challenge() -> None:
        r = requests.get(f"{base}/api/v1/system", timeout=TIMEOUT)
        expect_status(r, 401)
        www = r.headers.get("WWW-Authenticate")
        if www is None:
            raise CheckFailed("401 without a WWW-Authenticate header")
        problems = []
        if not www.startswith("Digest"):
            problems.append("does not start with 'Digest'")
        if not re.search(r"\balgorithm=(?i:MD5-sess)(?![\w-])", www):
            problems.append("no algorithm=MD5-sess")
        if 'qop="auth"' not in www:
            problems.append('no qop="auth"')
        if problems:
            raise CheckFailed(f"WWW-Authenticate {www!r}: {', '.join(problems)}")

    run("system", system)
    run("system-again", system_again)
    run("settings-put", settings_put)
    run("settings-get", settings_get)
    run("wrong-password", wrong_password)
    run("no-auth-challenge", no_auth_challenge)

    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
