#!/usr/bin/env python3
"""A real SMTP server on loopback for the mail tests (aiosmtpd).

Usage: smtp_sink.py PORT DIR
Each message received is stored as DIR/<n>.json with its envelope and decoded
headers and body; prints "ready" once listening; runs until killed.
"""
import json
import os
import sys
import time
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


def calendar_of(message):
    """The text of the message's text/calendar part with its method, or None."""
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            return {
                "method": part.get_param("method"),
                "text": part.get_content(),
            }
    return None


class Store:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.count += 1
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(message["From"]),
            "sender": str(message["Sender"]),
            "to": str(message["To"]),
            "cc": str(message["Cc"]),
            "subject": str(message["Subject"]),
            "message_id": str(message["Message-ID"]),
            # The text part (the message itself when it has one part); a multipart mail
            # (a meeting invitation) keeps its calendar part for the test to read.
            "body": message.get_body(preferencelist=("plain",)).get_content(),
            "calendar": calendar_of(message),
            "received_at": time.time(),
        }
        path = os.path.join(self.directory, "%04d.json" % self.count)
        with open(path + ".tmp", "w", encoding="utf-8") as handle:
            json.dump(record, handle, ensure_ascii=False)
        os.rename(path + ".tmp", path)
        return "250 Message accepted"


def main():
    port, directory = int(sys.argv[1]), sys.argv[2]
    os.makedirs(directory, exist_ok=True)
    controller = Controller(Store(directory), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
