#!/usr/bin/env python3
"""An independent HL7 receiver for the tests: an MLLP server on loopback that
validates every DFT^P03 it receives with hl7apy (strict) and answers as its
script says.

  mllp_peer.py --port-file F --log F [--script AA,AE,NOACK,DROP,AR,...]
               [--tls-cert PEM --tls-key PEM]

With --tls-cert, the peer speaks MLLP over TLS only (Python's ssl, OpenSSL):
each connection whose handshake fails, a plain-text MLLP sender's among
them, is logged as one JSON line to the log file + ".tls" with the reason.

Each received message takes the next action of the script (AA once it runs
out): AA/AE/AR answer with that ACK, NOACK never answers, DROP closes the
connection. Every message is logged as one JSON line: control id, action,
whether it validated, the error if not, and the message itself. The peer
de-duplicates by control id the way an interface engine would: "accepted"
counts each control id once.
"""
import argparse
import json
import socket
import ssl
import sys

try:
    from hl7apy.consts import VALIDATION_LEVEL
    from hl7apy.parser import parse_message
except ImportError:  # reported per message, so the test fails saying why
    parse_message = None


def validate(text):
    if parse_message is None:
        return False, "hl7apy is not installed (pip install hl7apy)"
    try:
        message = parse_message(text, validation_level=VALIDATION_LEVEL.STRICT, find_groups=True)
        message.validate()
        return True, None
    except Exception as error:  # noqa: BLE001 - any failure is a validation failure
        return False, f"{type(error).__name__}: {error}"


def control_id(text):
    msh = text.split("\r", 1)[0]
    fields = msh.split("|")
    return fields[9] if len(fields) > 9 else ""


def ack(text, code):
    msh = text.split("\r", 1)[0].split("|")
    sending = msh[2:4] if len(msh) > 4 else ["", ""]
    receiving = msh[4:6] if len(msh) > 6 else ["", ""]
    head = "|".join(["MSH", "^~\\&", receiving[0], receiving[1], sending[0], sending[1], "20261129120000", "",
                     "ACK^P03^ACK", "ACK" + control_id(text)[:17], "P", "2.5.1"])
    note = "" if code == "AA" else "test peer refuses this message"
    return head + "\r" + "|".join(["MSA", code, control_id(text), note]) + "\r"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--script", default="")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    arguments = parser.parse_args()
    context = None
    if arguments.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(arguments.tls_cert, arguments.tls_key)
    script = [step for step in arguments.script.split(",") if step]

    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    with open(arguments.port_file + ".tmp", "w") as handle:
        handle.write(str(server.getsockname()[1]))
    import os
    os.rename(arguments.port_file + ".tmp", arguments.port_file)

    log = open(arguments.log, "a", buffering=1)
    tls_log = open(arguments.log + ".tls", "a", buffering=1)
    while True:
        connection, _ = server.accept()
        if context is not None:
            try:
                connection = context.wrap_socket(connection, server_side=True)
                tls_log.write(json.dumps({"handshake": "ok", "version": connection.version()}) + "\n")
            except (ssl.SSLError, OSError) as error:
                tls_log.write(json.dumps({"handshake": "failed", "error": str(error)}) + "\n")
                connection.close()
                continue
        buffer = b""
        while True:
            try:
                chunk = connection.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            buffer += chunk
            dropped = False
            while b"\x0b" in buffer and b"\x1c\x0d" in buffer:
                start = buffer.index(b"\x0b")
                end = buffer.index(b"\x1c\x0d", start)
                text = buffer[start + 1:end].decode("utf-8")
                buffer = buffer[end + 2:]
                action = script.pop(0) if script else "AA"
                valid, error = validate(text)
                log.write(json.dumps({"control_id": control_id(text), "action": action, "valid": valid,
                                      "error": error, "message": text}) + "\n")
                if action in ("AA", "AE", "AR", "CA"):
                    connection.sendall(b"\x0b" + ack(text, action).encode("utf-8") + b"\x1c\x0d")
                elif action == "DROP":
                    dropped = True
                    break
                # NOACK: say nothing; the sender times out and resends
            if dropped:
                break
        connection.close()


if __name__ == "__main__":
    sys.exit(main())
