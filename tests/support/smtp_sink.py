"""A real SMTP server for the email tests (aiosmtpd on 127.0.0.1).

Usage: python3 smtp_sink.py PORT OUTDIR [USER PASSWORD]

Each accepted message is written to OUTDIR/N.json (envelope, headers, the
plain-text body, attachment names and sizes) and its attachments to
OUTDIR/N-<name>. A recipient starting with "reject" is refused with 550.
With USER and PASSWORD, AUTH LOGIN/PLAIN is required (no TLS: tests only).
Prints "ready" once listening.
"""
import json
import os
import sys
import time
from email import policy
from email.parser import BytesParser

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port, outdir = int(sys.argv[1]), sys.argv[2]
user = sys.argv[3] if len(sys.argv) > 4 else None
password = sys.argv[4] if len(sys.argv) > 4 else None
os.makedirs(outdir, exist_ok=True)
count = 0


class Sink:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("reject"):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        global count
        count += 1
        msg = BytesParser(policy=policy.default).parsebytes(envelope.content)
        body = msg.get_body(preferencelist=("plain",))
        atts = []
        for part in msg.iter_attachments():
            name = part.get_filename() or "attachment"
            data = part.get_content()
            path = os.path.join(outdir, "%d-%s" % (count, name))
            with open(path, "wb") as f:
                f.write(data if isinstance(data, bytes) else data.encode())
            atts.append({"filename": name, "content_type": part.get_content_type(), "size": len(data), "path": path})
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(msg["from"]),
            "to": str(msg["to"]),
            "subject": str(msg["subject"]),
            "message_id": str(msg["message-id"] or ""),
            "body": body.get_content() if body is not None else "",
            "attachments": atts,
        }
        tmp = os.path.join(outdir, "%d.json.tmp" % count)
        with open(tmp, "w") as f:
            json.dump(record, f)
        os.rename(tmp, os.path.join(outdir, "%d.json" % count))
        return "250 Message accepted for delivery"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
    return AuthResult(success=ok, handled=False)


kwargs = {}
if user:
    kwargs = dict(authenticator=authenticator, auth_required=True, auth_require_tls=False)
controller = Controller(Sink(), hostname="127.0.0.1", port=port, **kwargs)
controller.start()
print("ready", flush=True)
try:
    while True:
        time.sleep(3600)
except KeyboardInterrupt:
    pass
finally:
    controller.stop()
