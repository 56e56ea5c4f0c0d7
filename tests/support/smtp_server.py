"""A real SMTP server for the tests and the email benchmark (aiosmtpd).

    python3 tests/support/smtp_server.py PORT [MAILDIR]

Accepts every message and, with MAILDIR, writes each one there as N.eml.
Recipients whose address starts with "reject" are refused permanently (550),
those starting with "busy" temporarily (451), like a real server would; for
those starting with "slow" the server takes 5 seconds to answer RCPT TO.
Prints READY once it listens.
"""

import asyncio
import itertools
import os
import signal
import sys

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, maildir):
        self.maildir = maildir
        # A server started again on the same folder (a restart in a test) goes
        # on numbering after what it already holds instead of overwriting it.
        taken = [0]
        if maildir:
            for name in os.listdir(maildir):
                stem, dot, ext = name.partition(".")
                if ext == "eml" and stem.isdigit():
                    taken.append(int(stem))
        self.counter = itertools.count(max(taken) + 1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("reject"):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        if local.startswith("busy"):
            return "451 4.3.2 Mailbox busy, try again later"
        if local.startswith("slow"):
            await asyncio.sleep(5)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        number = next(self.counter)
        if self.maildir:
            path = os.path.join(self.maildir, "%d.eml" % number)
            with open(path + ".tmp", "wb") as out:
                out.write(envelope.original_content or envelope.content)
            os.replace(path + ".tmp", path)
        return "250 2.0.0 Ok: queued as test-%d" % number


def main():
    port = int(sys.argv[1])
    maildir = sys.argv[2] if len(sys.argv) > 2 else None
    if maildir:
        os.makedirs(maildir, exist_ok=True)
    controller = Controller(Handler(maildir), hostname="127.0.0.1", port=port)
    controller.start()
    print("READY", flush=True)
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
