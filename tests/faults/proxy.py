"""A TCP fault proxy between terminal and platform, for fault tests and the upload benchmark.

Each accepted connection gets a fault from ``policy(conn_no) -> Fault``:

* ``ok``            forward both ways; with ``at`` > 0 the connection ends (is cut) after that many bytes
                    up, so that a keep-alive connection cannot carry the whole run past the faults
* ``cut_up``        forward, then cut both sides after ``at`` bytes terminal -> platform (mid-upload)
* ``cut_down``      cut after ``at`` bytes platform -> terminal (mid-answer)
* ``drop_response`` forward the request; when the platform starts answering (it has committed), close
* ``stall``         after ``at`` bytes up, forward nothing more for ``stall_s``, then close
* ``http_5xx``      answer 502/503/504 without reaching the platform
* ``garbage``       answer ``200 OK`` with random bytes as a JSON body, or random bytes with no HTTP at all

It counts the bytes it forwarded each way (``up_bytes``, ``down_bytes``) so a benchmark can measure
wire overhead.
"""

from __future__ import annotations

import contextlib
import dataclasses
import random
import socket
import threading
from collections.abc import Callable

FAULTS = ("ok", "cut_up", "cut_down", "drop_response", "stall", "http_5xx", "garbage")


@dataclasses.dataclass(frozen=True)
class Fault:
    kind: str = "ok"
    at: int = 0  # bytes before the fault strikes
    stall_s: float = 0.0
    seed: int = 0


def random_policy(
    seed: int, weights: dict[str, float], *, max_at: int = 2_000_000, stall_s: float = 2.0
) -> Callable[[int], Fault]:
    rng = random.Random(seed)
    kinds, w = zip(*weights.items(), strict=True)
    # Every kind once first, in a seeded order, then drawn by weight: a run that needs few connections
    # (a fast machine) still meets every fault, so a test can demand that each one really happened.
    first = list(kinds)
    rng.shuffle(first)

    def policy(_conn: int) -> Fault:
        kind = first.pop(0) if first else rng.choices(kinds, w)[0]
        if kind == "ok":
            at = rng.randint(max_at, 3 * max_at)
        elif kind == "cut_down":
            at = rng.randint(0, 3000)  # answers are small: cut within the first few of them
        else:
            at = rng.randint(0, max_at)
        return Fault(kind, at=at, stall_s=stall_s, seed=rng.randint(0, 2**31))

    return policy


class FaultProxy:
    def __init__(self, target: tuple[str, int], policy: Callable[[int], Fault] | None = None) -> None:
        self.target = target
        self.policy = policy or (lambda _n: Fault())
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self.up_bytes = 0
        self.down_bytes = 0
        self.connections = 0
        self.faults: dict[str, int] = {}
        self._thread = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._listener.close()

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.connections += 1
                fault = self.policy(self.connections)
                self.faults[fault.kind] = self.faults.get(fault.kind, 0) + 1
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._serve, args=(client, fault), daemon=True).start()

    def _count(self, up: int = 0, down: int = 0) -> None:
        with self._lock:
            self.up_bytes += up
            self.down_bytes += down

    def _serve(self, client: socket.socket, fault: Fault) -> None:
        try:
            if fault.kind in ("http_5xx", "garbage"):
                self._answer_falsely(client, fault)
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                return
            upstream.settimeout(None)
            upstream.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            done = threading.Event()
            up = threading.Thread(target=self._pump, args=(client, upstream, fault, True, done), daemon=True)
            up.start()
            self._pump(upstream, client, fault, False, done)
            up.join(fault.stall_s + 5)
            upstream.close()
        finally:
            client.close()

    def _pump(
        self, src: socket.socket, dst: socket.socket, fault: Fault, upward: bool, done: threading.Event
    ) -> None:
        sent = 0
        src.settimeout(0.2)
        try:
            while not done.is_set() and not self._stop.is_set():
                try:
                    data = src.recv(65536)
                except TimeoutError:
                    continue
                if not data:
                    break
                if not upward and fault.kind == "drop_response":
                    break  # the platform has answered, so it committed: lose the answer
                limit = (
                    fault.at
                    if (
                        upward
                        and fault.kind in ("cut_up", "stall")
                        or upward
                        and fault.kind == "ok"
                        and fault.at
                    )
                    or (not upward and fault.kind == "cut_down")
                    else None
                )
                if limit is not None and sent + len(data) >= limit:
                    part = data[: max(0, limit - sent)]
                    if part:
                        dst.sendall(part)
                        self._count(up=len(part)) if upward else self._count(down=len(part))
                    if fault.kind == "stall":
                        done.wait(fault.stall_s)
                    break
                dst.sendall(data)
                sent += len(data)
                self._count(up=len(data)) if upward else self._count(down=len(data))
        except OSError:
            pass
        finally:
            done.set()
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def _answer_falsely(self, client: socket.socket, fault: Fault) -> None:
        rng = random.Random(fault.seed)
        client.settimeout(2)
        try:
            client.recv(65536)  # let the request start, as a real broken proxy would
            if fault.kind == "http_5xx":
                status = rng.choice(["502 Bad Gateway", "503 Service Unavailable", "504 Gateway Timeout"])
                body = b"<html>upstream error</html>"
                client.sendall(
                    f"HTTP/1.1 {status}\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n"
                    f"Connection: close\r\n\r\n".encode()
                    + body
                )
            elif rng.random() < 0.5:
                body = rng.randbytes(rng.randint(0, 300))
                client.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nUpload-Offset: 7\r\n"
                    + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                    + body
                )
            else:
                client.sendall(rng.randbytes(rng.randint(1, 300)))
        except OSError:
            pass
