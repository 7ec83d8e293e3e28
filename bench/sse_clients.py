"""Holds N dashboards open on linli's Server-Sent Events: logs in once (POST /dash/login) unless
given the session cookie, then opens N streams GET /dash/events?chat=chat-I (I < N) with the session cookie on one asyncio loop,
as N phones left open on the overview would. Prints "connected N" once every stream has answered
200, then, on SIGTERM, "events E" (the events all streams received) and exits."""

import asyncio
import signal
import sys
import urllib.parse


async def login(port, name, password):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    form = urllib.parse.urlencode({"name": name, "password": password})
    writer.write(("POST /dash/login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                  "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s"
                  % (len(form), form)).encode())
    await writer.drain()
    head = (await reader.read()).decode(errors="replace")
    writer.close()
    for line in head.split("\r\n"):
        if line.lower().startswith("set-cookie:"):
            return line.split(":", 1)[1].strip().split(";")[0]
    raise SystemExit("login failed: " + head.split("\r\n")[0])


async def stream(port, cookie, chat, ready, counts, i):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(("GET /dash/events?chat=%s HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\n"
                  "Accept: text/event-stream\r\n\r\n" % (chat, cookie)).encode())
    await writer.drain()
    status = await reader.readline()
    if b" 200 " not in status:
        raise SystemExit("stream %s: %s" % (chat, status))
    ready.release()
    while True:
        line = await reader.readline()
        if not line:
            return
        if line.startswith(b"data:"):
            counts[i] += 1


async def main(port, n, cookie):
    cookie = cookie or await login(port, "bench", "bench password")
    ready = asyncio.Semaphore(0)
    counts = [0] * n
    tasks = [asyncio.create_task(stream(port, cookie, "chat-%d" % i, ready, counts, i))
             for i in range(n)]
    for _ in range(n):
        await ready.acquire()
    print("connected %d" % n, flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    print("events %d" % sum(counts), flush=True)
    for t in tasks:
        t.cancel()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else None))
