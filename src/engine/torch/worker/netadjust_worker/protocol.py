"""Newline-delimited JSON frames on stdin/stdout, the worker's only channel to the engine.

Parent → worker: requests {id, method, params}, and {method: "cancel", params: {id}} for a running request.
Worker → parent: responses {id, result} or {id, error: {type, message, file?}}, and notifications
{method: "progress", params: {id, ...}} while a request runs. Nothing else may reach stdout: __main__ points
file descriptor 1 at stderr before anything is imported, and frames go to a private duplicate of the real stdout.
A reader thread takes frames off stdin, so a cancel is seen while the main thread trains.
"""
import json
import math
import queue
import threading


class Cancelled(Exception):
    """The parent cancelled the running request (or went away)."""


class RequestError(Exception):
    """A request that cannot be carried out as asked; the message says why, for people (no traceback is logged)."""


def finite(value):
    """JSON has no NaN or infinities: send them as strings, which the TS side turns back into numbers."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


class Channel:
    def __init__(self, source, sink):
        self.sink = sink
        self.lock = threading.Lock()
        self.requests = queue.Queue()
        self.cancelled = set()
        self.closed = threading.Event()
        threading.Thread(target=self._read, args=(source,), daemon=True).start()

    def _read(self, source) -> None:
        for line in source:
            line = line.strip()
            if not line:
                continue
            message = json.loads(line)
            if message.get("method") == "cancel":
                self.cancelled.add(message["params"]["id"])
            else:
                self.requests.put(message)
        # The parent closed stdin (it exited or disposed of us): stop whatever runs, then leave.
        self.closed.set()
        self.requests.put(None)

    def send(self, message: dict) -> None:
        line = json.dumps(finite(message), separators=(",", ":"), allow_nan=False)
        with self.lock:
            self.sink.write(line + "\n")
            self.sink.flush()


class RequestContext:
    """What a handler may do while it runs: report progress, notice cancellation, use the runtime's options."""

    def __init__(self, channel: Channel, request_id, runtime):
        self.channel = channel
        self.id = request_id
        self.runtime = runtime

    @property
    def device(self):
        return self.runtime.device

    def check_cancelled(self, what: str) -> None:
        if self.id in self.channel.cancelled or self.channel.closed.is_set():
            raise Cancelled(f"{what} was cancelled")

    def progress(self, params: dict) -> None:
        self.channel.send({"method": "progress", "params": {"id": self.id, **params}})

    def autocast(self):
        return self.runtime.autocast()

    def grad_scaler(self):
        return self.runtime.grad_scaler()
